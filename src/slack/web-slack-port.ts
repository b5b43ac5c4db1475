import type { WebClient } from '@slack/web-api';
import { CoworkerError } from '../errors.js';
import type { SlackPort } from '../slack-port.js';
import type { ChannelDirectory } from './channel-directory.js';
import type { UserNames } from './user-names.js';
import type { UsergroupDirectory } from './usergroup-directory.js';

/** The SlackPort over the Web API (retries of rate limits and 5xx are the client's own). */
export function createWebSlackPort(
  client: WebClient,
  channels: ChannelDirectory,
  usergroups: UsergroupDirectory,
  users: UserNames,
): SlackPort {
  return {
    async postMessage(m) {
      const response = await slackCall('chat.postMessage', () =>
        client.chat.postMessage({
          channel: m.channel,
          text: m.text,
          ...(m.blocks ? { blocks: m.blocks } : {}),
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
          unfurl_links: false,
        }),
      );
      return { channel: response.channel ?? m.channel, ts: response.ts ?? '' };
    },
    async updateMessage(m) {
      await slackCall('chat.update', () =>
        client.chat.update({ channel: m.channel, ts: m.ts, text: m.text, blocks: m.blocks ?? [] }),
      );
    },
    async postEphemeral(m) {
      await slackCall('chat.postEphemeral', () =>
        client.chat.postEphemeral({
          channel: m.channel,
          user: m.user,
          text: m.text,
          ...(m.blocks ? { blocks: m.blocks } : {}),
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        }),
      );
    },
    async uploadFile(f) {
      const file = {
        filename: f.filename,
        title: f.title,
        content: f.content,
        ...(f.comment ? { initial_comment: f.comment } : {}),
      };
      await slackCall('files.uploadV2', () =>
        f.threadTs
          ? client.files.uploadV2({ ...file, channel_id: f.channel, thread_ts: f.threadTs })
          : client.files.uploadV2({ ...file, channel_id: f.channel }),
      );
    },
    async openView(triggerId, view) {
      const response = await slackCall('views.open', () => client.views.open({ trigger_id: triggerId, view }));
      const viewId = response.view?.id;
      if (!viewId)
        throw new CoworkerError('slack_failed', 'Slack opened the form but did not say its view id.', {
          details: { method: 'views.open' },
        });
      return { viewId };
    },
    async publishHome(userId, view) {
      await slackCall('views.publish', () => client.views.publish({ user_id: userId, view }));
    },
    resolveChannel: (ref) => channels.resolve(ref),
    channelInfo: (id) => channels.info(id),
    async recentMessages(channel, limit) {
      const response = await slackCall('conversations.history', () =>
        client.conversations.history({ channel, limit: Math.min(limit, 999) }),
      );
      const messages = (response.messages ?? [])
        .filter((m) => !m.subtype || m.subtype === 'thread_broadcast')
        .slice(0, limit)
        .reverse();
      return Promise.all(
        messages.map(async (m) => ({
          user: m.user ? await users.nameOf(m.user) : (m.username ?? 'a bot'),
          text: m.text ?? '',
        })),
      );
    },
    userGroupMembers: (handle) => slackCall('usergroups.list', () => usergroups.membersOf(handle)),
    async openDirectMessage(userId) {
      const response = await slackCall('conversations.open', () => client.conversations.open({ users: userId }));
      const id = response.channel?.id;
      if (!id)
        throw new CoworkerError('slack_failed', 'Slack opened the direct message but did not say its channel.', {
          details: { method: 'conversations.open' },
        });
      return id;
    },
    async permalink(channel, ts) {
      const response = await slackCall('chat.getPermalink', () =>
        client.chat.getPermalink({ channel, message_ts: ts }),
      );
      if (!response.permalink)
        throw new CoworkerError('slack_failed', 'Slack did not give a link to the message.', {
          details: { method: 'chat.getPermalink' },
        });
      return response.permalink;
    },
  };
}

/** Runs one Web API call; a final refusal becomes CoworkerError(`slack_failed`) naming the method and Slack's error code. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const code = slackErrorCode(err);
    throw new CoworkerError('slack_failed', `Slack refused ${method} (${code}).`, {
      cause: err,
      details: { method, slackError: code },
    });
  }
}

function slackErrorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const data = (err as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
    const code = (err as { code?: unknown }).code;
    if (code === 'slack_webapi_rate_limited_error') return 'rate limited';
    if (err instanceof Error) return err.message;
  }
  return String(err);
}
