import { checkView } from '../block-kit-checker.js';
import { isRecord } from '../http-util.js';
import type { FakeSlackCore } from './core.js';
import { fail } from './core.js';
import { str } from './params.js';
import { refusalDetails, slackRefuses } from './refusals.js';
import type { FakeSlackState } from './state.js';

/** The views.* methods: modals by view id (or external id) and App Home views by user. */
export function registerViewMethods(core: FakeSlackCore): void {
  const { state } = core;
  core.method('views.open', (params) => {
    if (str(params.trigger_id) === undefined && str(params.interactivity_pointer) === undefined) {
      fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
    }
    const view = requireView(state, params.view);
    return { ok: true, view: storeView(state, view, state.nextId('V')) };
  });
  core.method('views.push', (params) => {
    const view = requireView(state, params.view);
    return { ok: true, view: storeView(state, view, state.nextId('V')) };
  });
  core.method('views.update', (params) => {
    const view = requireView(state, params.view);
    const externalId = str(params.external_id);
    let id = str(params.view_id);
    if (id === undefined && externalId !== undefined) {
      id = [...state.views.values()].find((v) => v.external_id === externalId)?.id as string | undefined;
    }
    if (id === undefined || !state.views.has(id)) fail('not_found');
    return { ok: true, view: storeView(state, view, id, state.views.get(id)) };
  });
  core.method('views.publish', (params) => {
    const userId = str(params.user_id);
    if (userId === undefined) fail('invalid_arguments');
    const view = requireView(state, params.view);
    const stored = storeView(state, view, state.nextId('V'));
    state.homeViews.set(userId, stored);
    return { ok: true, view: stored };
  });
}

/** The call's view, refused as Slack does when it breaks Block Kit limits. */
function requireView(state: FakeSlackState, view: unknown): Record<string, unknown> {
  if (!isRecord(view)) fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] view is required'] } });
  const refused = state.validateBlocks ? slackRefuses(checkView(view)) : [];
  if (refused.length > 0) fail('invalid_arguments', refusalDetails(refused));
  return view;
}

/** Stores a view under `id` with the fields Slack adds (`previous`: the view it replaces). */
function storeView(
  state: FakeSlackState,
  view: Record<string, unknown>,
  id: string,
  previous?: Record<string, unknown>,
): Record<string, unknown> {
  const stored: Record<string, unknown> = {
    ...view,
    id,
    team_id: state.teamId,
    app_id: 'A1',
    bot_id: state.botId,
    state: { values: {} },
    hash: `${Date.now()}.${state.nextId('h')}`,
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    external_id: view.external_id ?? previous?.external_id ?? '',
    root_view_id: previous?.root_view_id ?? id,
    previous_view_id: null,
  };
  state.views.set(id, stored);
  return stored;
}
