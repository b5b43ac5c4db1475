import type { FakeSlackCore } from './core.js';
import { fail } from './core.js';
import { paginate } from './pagination.js';
import { str, truthy } from './params.js';
import type { FakeSlackState } from './state.js';

/** users.info / users.list (unknown ids get a derived profile) and usergroups.list / usergroups.users.list. */
export function registerUserMethods(core: FakeSlackCore): void {
  const { state } = core;
  core.method('users.info', (params) => {
    const id = str(params.user);
    if (id === undefined || id === '') fail('user_not_found');
    return { ok: true, user: userObject(state, id) };
  });
  core.method('users.list', (params) => {
    const { page, next_cursor } = paginate(state.users, params, 100, state.pageSize);
    return { ok: true, members: page.map((u) => userObject(state, u.id)), response_metadata: { next_cursor } };
  });
  core.method('usergroups.list', (params) => {
    const includeUsers = truthy(params.include_users);
    return {
      ok: true,
      usergroups: state.usergroups.map((g) => ({
        id: g.id,
        team_id: state.teamId,
        is_usergroup: true,
        name: g.name ?? g.handle,
        handle: g.handle,
        description: '',
        date_delete: 0,
        user_count: g.users.length,
        ...(includeUsers ? { users: [...g.users] } : {}),
      })),
    };
  });
  core.method('usergroups.users.list', (params) => {
    const id = str(params.usergroup);
    const group = state.usergroups.find((g) => g.id === id);
    if (!group) fail('no_such_subteam');
    return { ok: true, users: [...group.users] };
  });
}

/** A user as users.info returns it: the configured one, the bot, or a profile derived from the id. */
function userObject(state: FakeSlackState, id: string): Record<string, unknown> {
  const known = state.users.find((u) => u.id === id);
  const isBotUser = id === state.botUserId;
  const name = known?.name ?? (isBotUser ? 'coworker' : id.toLowerCase());
  const realName = known?.real_name ?? (isBotUser ? 'Coworker' : `User ${id}`);
  const displayName = known?.display_name ?? name;
  return {
    id,
    team_id: state.teamId,
    name,
    real_name: realName,
    deleted: false,
    is_bot: isBotUser || Boolean(known?.is_bot),
    is_app_user: false,
    is_admin: false,
    tz: known?.tz ?? 'Europe/Berlin',
    tz_offset: 3600,
    profile: {
      real_name: realName,
      display_name: displayName,
      real_name_normalized: realName,
      display_name_normalized: displayName,
      team: state.teamId,
    },
  };
}
