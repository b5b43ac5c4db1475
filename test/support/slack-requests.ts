/**
 * Send requests to the app exactly as Slack does: signed (HMAC-SHA256 over `v0:${ts}:${rawBody}`)
 * POSTs to `${appUrl}/slack/events` carrying slash commands (form), interactivity (form
 * `payload=<json>`) and Events API callbacks (JSON).
 *
 * The parts live in `slack-requests/`: `signed-request.ts` (signing and sending, ids),
 * `commands.ts`, `interactivity.ts` (block actions, view submissions), `view-state.ts` and
 * `events.ts` (Events API callbacks and the events inside them).
 *
 * ```ts
 * const res = await sendCommand(appUrl, secret, { text: 'run triage hello', user_id: 'U1', channel_id: 'C0SUPPORT01',
 *   response_url: slack.responseUrl('cmd1') });
 * expect(res.status).toBe(200);
 * ```
 */
export type { CommandInput } from './slack-requests/commands.js';
export { sendCommand, slashCommandPayload } from './slack-requests/commands.js';
export type { EventOptions, MessageEventInput, SlackEventResponse } from './slack-requests/events.js';
export {
  appHomeOpenedEvent,
  appMentionEvent,
  eventCallbackPayload,
  messageEvent,
  sendEvent,
  sendUrlVerification,
} from './slack-requests/events.js';
export type { ActionInput, BlockActionInput, ViewSubmissionInput } from './slack-requests/interactivity.js';
export { blockActionPayload, sendBlockAction, sendViewSubmission } from './slack-requests/interactivity.js';
export type { SendOptions, SlackHttpResponse, SlackSignatureHeaders } from './slack-requests/signed-request.js';
export { SLACK_DEFAULTS, sendSignedRequest, signSlackRequest, slackTs } from './slack-requests/signed-request.js';
export { viewStateFromView } from './slack-requests/view-state.js';
