import type { WebClient } from '@slack/web-api';

/** Display names of user IDs (users.info), cached for the process's life: names rarely change. */
export class UserNames {
  private readonly names = new Map<string, Promise<string>>();

  constructor(private readonly client: WebClient) {}

  nameOf(userId: string): Promise<string> {
    let name = this.names.get(userId);
    if (!name) {
      name = this.client.users.info({ user: userId }).then(
        (r) => r.user?.profile?.display_name || r.user?.real_name || r.user?.name || userId,
        () => userId, // unknown to us (another workspace, deactivated): the ID still identifies them
      );
      this.names.set(userId, name);
    }
    return name;
  }
}
