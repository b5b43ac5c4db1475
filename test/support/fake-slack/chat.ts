import type { BlockKitViolation } from '../block-kit-checker.js';
import { checkBlocks } from '../block-kit-checker.js';
import type { FakeSlackCore } from './core.js';
import { fail } from './core.js';
import { publicMessage } from './message-store.js';
import { int, str, truthy } from './params.js';
import { refusalDetails, slackRefuses } from './refusals.js';
import type { FakeSlackState } from './state.js';
import type { FakeSlackMessage } from './types.js';

/** auth.test and the chat.* methods: posting, updating and deleting messages, kept in the state. */
export function registerChatMethods(core: FakeSlackCore): void {
  const { state } = core;
  core.method('auth.test', () => ({
    ok: true,
    url: 'https://team.slack.com/',
    team: 'Team',
    user: 'coworker',
    team_id: state.teamId,
    user_id: state.botUserId,
    bot_id: state.botId,
    is_enterprise_install: false,
  }));
  core.method('chat.postMessage', (params) => postMessage(state, params));
  core.method('chat.update', (params) => updateMessage(state, params));
  core.method('chat.delete', (params) => {
    const channel = state.requireChannel(params);
    const ts = str(params.ts) ?? '';
    if (!state.messages.remove(channel, ts)) fail('message_not_found');
    return { ok: true, channel, ts };
  });
  core.method('chat.postEphemeral', (params) => {
    state.requireChannel(params);
    if (str(params.user) === undefined) fail('user_not_in_channel');
    requireContent(params);
    checkMessage(state, params);
    return { ok: true, message_ts: state.nextTs() };
  });
  core.method('chat.getPermalink', (params) => {
    const channel = state.requireChannel(params);
    const ts = str(params.message_ts) ?? '';
    return { ok: true, channel, permalink: `https://team.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
  });
  core.method('chat.scheduleMessage', (params) => ({
    ok: true,
    channel: state.requireChannel(params),
    scheduled_message_id: state.nextId('Q'),
    post_at: int(params.post_at, Math.floor(Date.now() / 1000)),
  }));
}

function postMessage(state: FakeSlackState, params: Record<string, unknown>): Record<string, unknown> {
  const channel = state.requireChannel(params);
  requireContent(params);
  checkMessage(state, params);
  const ts = state.nextTs();
  const message: FakeSlackMessage = {
    type: 'message',
    channel,
    ts,
    text: str(params.text) ?? '',
    user: state.botUserId,
    bot_id: state.botId,
    app_id: 'A1',
    team: state.teamId,
  };
  copyContent(message, params);
  const threadTs = str(params.thread_ts);
  if (threadTs !== undefined && threadTs !== '') {
    message.thread_ts = threadTs;
    message.parent_user_id = state.messages.find(channel, threadTs)?.user;
    if (truthy(params.reply_broadcast)) message.subtype = 'thread_broadcast';
  }
  state.messages.insert(message);
  return { ok: true, channel, ts, message: publicMessage(message) };
}

function updateMessage(state: FakeSlackState, params: Record<string, unknown>): Record<string, unknown> {
  const channel = state.requireChannel(params);
  const ts = str(params.ts);
  if (ts === undefined) fail('message_not_found');
  checkMessage(state, params);
  const message = state.messages.find(channel, ts);
  if (!message) fail('message_not_found');
  if (params.text !== undefined) message.text = str(params.text) ?? '';
  copyContent(message, params);
  message.edited = { user: state.botUserId, ts: state.nextTs() };
  return { ok: true, channel, ts, text: message.text ?? '', message: publicMessage(message) };
}

function requireContent(params: Record<string, unknown>): void {
  if (params.text === undefined && params.blocks === undefined && params.attachments === undefined) fail('no_text');
}

function copyContent(message: FakeSlackMessage, params: Record<string, unknown>): void {
  if (Array.isArray(params.blocks)) message.blocks = params.blocks;
  if (Array.isArray(params.attachments)) message.attachments = params.attachments;
  if (params.metadata !== undefined) message.metadata = params.metadata;
}

/** Refuses a message's blocks and text as Slack does (unless the fake was started with `validateBlocks: false`). */
function checkMessage(state: FakeSlackState, params: Record<string, unknown>): void {
  if (params.blocks !== undefined && !Array.isArray(params.blocks)) fail('invalid_blocks_format');
  if (params.attachments !== undefined && !Array.isArray(params.attachments)) fail('invalid_attachments');
  if (!state.validateBlocks) return;
  const text = str(params.text);
  const blocks: unknown[] = Array.isArray(params.blocks) ? params.blocks : [];
  const refused = slackRefuses(checkBlocks(blocks, text === undefined ? {} : { text }));
  if (refused.length > 0) fail(messageError(refused), refusalDetails(refused));
}

/** The error Slack answers for a message it refuses: a second table and a too long text have their own. */
function messageError(refused: BlockKitViolation[]): string {
  if (refused.some((v) => v.slackError === 'invalid_attachments')) return 'invalid_attachments';
  if (refused.every((v) => v.slackError === 'msg_too_long')) return 'msg_too_long';
  return 'invalid_blocks';
}
