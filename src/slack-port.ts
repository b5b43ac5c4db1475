import type { HomeView, KnownBlock, View } from '@slack/types';

/** A Slack conversation as the runtime knows it: always an ID, a name when resolved. */
export interface ChannelInfo {
  id: string;
  name?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface OutgoingMessage {
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  threadTs?: string | null;
}

/**
 * What the services need from Slack, and nothing more. Owned by the services (they are written
 * against it); implemented over the Web API in `slack/web-slack-port.ts`, and by tests and the
 * CLI as they see fit. Methods throw CoworkerError(`slack_failed`) when Slack finally refuses.
 */
export interface SlackPort {
  postMessage(message: OutgoingMessage): Promise<PostedMessage>;
  updateMessage(message: OutgoingMessage & { ts: string }): Promise<void>;
  /** A message only `user` sees (refusals, usage help). */
  postEphemeral(message: {
    channel: string;
    user: string;
    text: string;
    blocks?: KnownBlock[];
    threadTs?: string | null;
  }): Promise<void>;
  /** A file in a channel or thread (full versions of truncated content, CSVs). */
  uploadFile(file: {
    channel: string;
    threadTs?: string | null;
    filename: string;
    title: string;
    content: string;
    comment?: string;
  }): Promise<void>;
  /** Opens a modal. @returns the id Slack gave the view (its submission carries it). */
  openView(triggerId: string, view: View): Promise<{ viewId: string }>;
  /** Shows `view` as `userId`'s App Home. */
  publishHome(userId: string, view: HomeView): Promise<void>;
  /** ID and name of a channel reference (`#sales`, `sales`, `C0123…`); undefined when unknown. */
  resolveChannel(ref: string): Promise<ChannelInfo | undefined>;
  /** The channel's name for an ID (cached); the ID alone when Slack does not tell us. */
  channelInfo(id: string): Promise<ChannelInfo>;
  /** The channel's last `limit` top-level messages, oldest first, with the authors' names. */
  recentMessages(channel: string, limit: number): Promise<Array<{ user: string; text: string }>>;
  /** Member IDs of the user group `@handle` (cached); undefined when there is no such group. */
  userGroupMembers(handle: string): Promise<string[] | undefined>;
  /** The direct-message conversation between the app and `userId` (opened if need be). @returns its channel ID */
  openDirectMessage(userId: string): Promise<string>;
  /** A link to the message `ts` in `channel` (chat.getPermalink). */
  permalink(channel: string, ts: string): Promise<string>;
}
