import { fail } from './core.js';
import { MessageStore } from './message-store.js';
import { str } from './params.js';
import type {
  FakeSlackChannel,
  FakeSlackOptions,
  FakeSlackUpload,
  FakeSlackUser,
  FakeSlackUsergroup,
  PendingUpload,
  ResponseUrlPost,
} from './types.js';

/**
 * What the fake Slack workspace holds: the configured channels, users and groups, the bot's
 * identity, and what the app made (messages, views, uploads, response_url posts). The method
 * areas read and change it; {@link FakeSlackState.clear} forgets what the app made.
 */
export class FakeSlackState {
  readonly channels: FakeSlackChannel[];
  readonly users: FakeSlackUser[];
  readonly usergroups: FakeSlackUsergroup[];
  /** Largest page conversations.list and users.list return. */
  readonly pageSize: number;
  /** Refuse messages and views that break Block Kit limits, as Slack does. */
  readonly validateBlocks: boolean;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  origin = '';
  readonly messages = new MessageStore();
  /** Modals by view id. */
  readonly views = new Map<string, Record<string, unknown>>();
  /** The App Home view last published, by user id. */
  readonly homeViews = new Map<string, Record<string, unknown>>();
  readonly pendingUploads = new Map<string, PendingUpload>();
  readonly uploads: FakeSlackUpload[] = [];
  readonly responses: ResponseUrlPost[] = [];
  private tsCounter = 0;
  private idCounter = 0;

  constructor(options: FakeSlackOptions) {
    this.channels = [...(options.channels ?? [])];
    this.users = [...(options.users ?? [])];
    this.usergroups = [...(options.usergroups ?? [])];
    this.pageSize = options.pageSize ?? 2;
    this.validateBlocks = options.validateBlocks ?? true;
    this.botUserId = options.botUserId ?? 'UBOT';
    this.botId = options.botId ?? 'BBOT';
    this.teamId = options.teamId ?? 'T1';
  }

  /** The next message ts (increasing), e.g. `1700000000.000100`. */
  nextTs(): string {
    this.tsCounter += 1;
    const micros = this.tsCounter * 100;
    const seconds = 1_700_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** A fresh id with a Slack-like prefix, e.g. `V00000001`. */
  nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(8, '0')}`;
  }

  /** Resolves a channel id or `#name`/name to the configured id (or returns the input). */
  channelId(nameOrId: string): string {
    const bare = nameOrId.replace(/^#/, '').toLowerCase();
    const found = this.channels.find((c) => c.id === nameOrId || c.name.toLowerCase() === bare);
    return found?.id ?? nameOrId;
  }

  /** The channel a call names in `field` (an id or `#name`); fails `channel_not_found` when it names none. */
  requireChannel(params: Record<string, unknown>, field = 'channel'): string {
    const value = str(params[field]);
    if (value === undefined || value === '') fail('channel_not_found');
    return this.channelId(value);
  }

  /** Forgets uploads and response_url posts; with `everything` also messages, views and pending uploads. */
  clear(everything: boolean): void {
    this.uploads.length = 0;
    this.responses.length = 0;
    if (!everything) return;
    this.messages.clear();
    this.views.clear();
    this.homeViews.clear();
    this.pendingUploads.clear();
  }
}
