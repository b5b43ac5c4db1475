import type { WebClient } from '@slack/web-api';

/**
 * User-group handles (`@sales-leads`) -> member user IDs, from one `usergroups.list` call with
 * `include_users`, cached for `ttlMs`. Approver checks run on every click; Slack's user-group
 * API is rate-limited (tier 2), so membership changes take effect within the TTL.
 */
export class UsergroupDirectory {
  private members = new Map<string, string[]>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Members of the group with this handle (with or without `@`); undefined when no such group exists. */
  async membersOf(handle: string): Promise<string[] | undefined> {
    if (this.now() - this.loadedAt >= this.ttlMs) {
      this.loading ??= this.load().finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
    return this.members.get(handle.replace(/^@/, '').toLowerCase());
  }

  private async load(): Promise<void> {
    const response = await this.client.usergroups.list({ include_users: true, include_disabled: false });
    const members = new Map<string, string[]>();
    for (const group of response.usergroups ?? []) {
      if (group.handle) members.set(group.handle.toLowerCase(), group.users ?? []);
    }
    this.members = members;
    this.loadedAt = this.now();
  }
}
