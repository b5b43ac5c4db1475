import type { WebClient } from '@slack/web-api';
import type { ChannelInfo } from '../slack-port.js';
import { isChannelId, normalizeChannelRef } from '../spec-fields/channel-ref.js';

/**
 * Channel names <-> IDs, from `conversations.list` (every page), cached for `ttlMs`.
 * Specs name channels by name or ID; Slack requests carry IDs. A miss refreshes the cache at
 * most once per `ttlMs / 10`, so a typo in a spec cannot turn into a request storm.
 */
export class ChannelDirectory {
  private byName = new Map<string, ChannelInfo>();
  private byId = new Map<string, ChannelInfo>();
  /** When the directory was last listed successfully, and when a listing was last tried. */
  private loadedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly ttlMs: number,
    /** A failed listing is reported here and the last good directory kept: lookups never throw. */
    private readonly onError: (err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(ref: string): Promise<ChannelInfo | undefined> {
    if (isChannelId(ref)) return this.info(ref);
    const name = normalizeChannelRef(ref);
    await this.ensureFresh();
    const hit = this.byName.get(name);
    if (hit || !this.mayRefreshOnMiss()) return hit;
    await this.refresh();
    return this.byName.get(name);
  }

  async info(id: string): Promise<ChannelInfo> {
    await this.ensureFresh();
    const hit = this.byId.get(id);
    if (hit) return hit;
    try {
      const response = await this.client.conversations.info({ channel: id });
      const name = response.channel?.name;
      const info: ChannelInfo = name ? { id, name } : { id };
      if (name) this.remember(info);
      return info;
    } catch {
      // Not visible to the app (private, DM): the ID alone still identifies it.
      return { id };
    }
  }

  private async ensureFresh(): Promise<void> {
    if (this.now() - this.loadedAt < this.ttlMs || !this.mayRefreshOnMiss()) return;
    await this.refresh();
  }

  /** At most one listing per tenth of the TTL, whether lookups miss or listings fail. */
  private mayRefreshOnMiss(): boolean {
    return this.now() - this.attemptedAt >= this.ttlMs / 10;
  }

  private refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    this.attemptedAt = this.now();
    try {
      await this.list();
    } catch (err) {
      this.onError(err); // keep what we knew
    }
  }

  private async list(): Promise<void> {
    const byName = new Map<string, ChannelInfo>();
    const byId = new Map<string, ChannelInfo>();
    for await (const page of this.client.paginate('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
    })) {
      const channels = (page as { channels?: Array<{ id?: string; name?: string }> }).channels ?? [];
      for (const c of channels) {
        if (!c.id || !c.name) continue;
        const info = { id: c.id, name: c.name };
        byName.set(normalizeChannelRef(c.name), info);
        byId.set(c.id, info);
      }
    }
    this.byName = byName;
    this.byId = byId;
    this.loadedAt = this.now();
  }

  private remember(info: ChannelInfo): void {
    this.byId.set(info.id, info);
    if (info.name) this.byName.set(normalizeChannelRef(info.name), info);
  }
}
