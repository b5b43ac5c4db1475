/**
 * Envelope payloads for {@link FakeSocketMode.sendEnvelope}: the same bodies `slack-requests.ts`
 * signs and POSTs in HTTP mode, as the JSON objects Slack puts in a Socket Mode envelope.
 *
 * ```ts
 * await socket.sendEnvelope('slash_commands', slashCommandPayload({ text: 'help', user_id: 'U1', channel_id: 'C0SUPPORT01' }));
 * await socket.sendEnvelope('interactive', blockActionPayload({ user: 'U2', channel, message_ts, action: findButton(blocks, 'Approve') }));
 * await socket.sendEnvelope('events_api', eventCallbackPayload(appMentionEvent({ channel, text: 'hi' })));
 * ```
 */
export { blockActionPayload, eventCallbackPayload, slashCommandPayload } from './slack-requests.js';
