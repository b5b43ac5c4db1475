import type { FakeSlackCore } from './core.js';
import { fail } from './core.js';
import { publicMessage } from './message-store.js';
import { paginate } from './pagination.js';
import { str, truthy } from './params.js';
import type { FakeSlackState } from './state.js';
import type { FakeSlackChannel, FakeSlackMessage } from './types.js';

/** The conversations.* methods: the configured channels, DMs, and the history and threads of stored messages. */
export function registerConversationMethods(core: FakeSlackCore): void {
  const { state } = core;
  core.method('conversations.list', (params) => {
    const types = (str(params.types) ?? 'public_channel').split(',').map((t) => t.trim());
    const excludeArchived = truthy(params.exclude_archived);
    const visible = state.channels.filter(
      (c) =>
        (c.is_private ? types.includes('private_channel') : types.includes('public_channel')) &&
        !(excludeArchived && c.is_archived),
    );
    const { page, next_cursor } = paginate(visible, params, 100, state.pageSize);
    return { ok: true, channels: page.map((c) => channelObject(state, c)), response_metadata: { next_cursor } };
  });
  core.method('conversations.info', (params) => {
    const id = state.requireChannel(params);
    const found = state.channels.find((c) => c.id === id);
    if (found) return { ok: true, channel: channelObject(state, found) };
    if (id.startsWith('D')) return { ok: true, channel: { id, is_im: true, user: id.slice(1), is_member: true } };
    fail('channel_not_found');
  });
  core.method('conversations.open', (params) => {
    const first = (str(params.users) ?? '').split(',')[0] ?? '';
    return { ok: true, channel: { id: `D${first.replace(/^U/, '')}`, is_im: true, user: first } };
  });
  core.method('conversations.join', (params) => {
    const id = state.requireChannel(params);
    const found = state.channels.find((c) => c.id === id);
    return { ok: true, channel: found ? channelObject(state, found) : { id } };
  });
  core.method('conversations.history', (params) => history(state, params));
  core.method('conversations.replies', (params) => {
    const channel = state.requireChannel(params);
    const ts = str(params.ts) ?? '';
    if (!state.messages.find(channel, ts)) fail('thread_not_found');
    const thread = state.messages.in(channel).filter((m) => m.ts === ts || (m.thread_ts === ts && m.ts !== ts));
    return messagePage(thread, params, 1000, 1000);
  });
}

/** A channel's top-level messages (and broadcast replies) between `oldest` and `latest`, newest first. */
function history(state: FakeSlackState, params: Record<string, unknown>): Record<string, unknown> {
  const channel = state.requireChannel(params);
  const oldest = Number(str(params.oldest) ?? '0');
  const latest = params.latest === undefined ? Number.POSITIVE_INFINITY : Number(str(params.latest));
  const inclusive = truthy(params.inclusive);
  const all = state.messages
    .in(channel)
    .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast')
    .filter((m) => {
      const t = Number(m.ts);
      return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
    })
    .reverse();
  return { ...messagePage(all, params, 100, 999), pin_count: 0 };
}

function messagePage(
  messages: readonly FakeSlackMessage[],
  params: Record<string, unknown>,
  defaultLimit: number,
  cap: number,
): Record<string, unknown> {
  const { page, next_cursor } = paginate(messages, params, defaultLimit, cap);
  return {
    ok: true,
    messages: page.map(publicMessage),
    has_more: next_cursor !== '',
    response_metadata: { next_cursor },
  };
}

/** A channel as conversations.list / conversations.info return it. */
function channelObject(state: FakeSlackState, c: FakeSlackChannel): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.is_private,
    is_group: Boolean(c.is_private),
    is_im: false,
    is_mpim: false,
    is_private: Boolean(c.is_private),
    is_archived: Boolean(c.is_archived),
    is_general: false,
    is_member: c.is_member ?? true,
    is_ext_shared: false,
    is_org_shared: false,
    is_shared: false,
    context_team_id: state.teamId,
    created: 1_600_000_000,
    creator: 'U0ADMIN',
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
  };
}
