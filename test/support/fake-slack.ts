/**
 * A small, stateful fake of the Slack Web API for integration tests.
 *
 * It listens on 127.0.0.1 and answers `POST /api/<method>` the way `@slack/web-api` 8 expects
 * (form-urlencoded bodies with JSON-string fields, JSON bodies, multipart bodies), records every
 * call, keeps posted messages so history/replies work, serves the `files.uploadV2` flow
 * (getUploadURLExternal -> upload URL on this server -> completeUploadExternal) and offers
 * `response_url` endpoints for slash commands and actions. Messages and views that break Block
 * Kit limits are refused as Slack refuses them, by the tests' one checker (`block-kit-checker.ts`).
 *
 * The parts live in `fake-slack/`: the core (`core.ts`: the registry of methods and routes,
 * `state.ts`, `recorder.ts`: calls, overrides, waiting) and one module per Slack API area, each
 * registering its methods into the core: `chat.ts` (and auth.test), `conversations.ts`,
 * `users.ts` (users and usergroups), `views.ts`, `files.ts` (the upload flow), `shared-files.ts`
 * (files people shared, served at their `url_private` to the bot token), `response-url.ts`,
 * with `api-route.ts` serving `/api/<method>`, `params.ts` and `pagination.ts`.
 *
 * ```ts
 * const slack = await startFakeSlack({ channels: [{ id: 'C0SUPPORT01', name: 'support' }] });
 * const app = new App({ token: 'xoxb-test', signingSecret, clientOptions: { slackApiUrl: slack.url } });
 * // ...
 * const call = await slack.waitForCall('chat.postMessage', (p) => p.channel === 'C0SUPPORT01');
 * slack.on('chat.update', () => slackRateLimited(1)); // 429 + retry-after: 1
 * ```
 */

export { SLACK_JSON_FIELDS } from './fake-slack/params.js';
export type { FakeSlackHandler, FakeSlackHandlerContext, FakeSlackReply } from './fake-slack/replies.js';
export { slackError, slackRateLimited } from './fake-slack/replies.js';
export { RESPONSE_URL_METHOD } from './fake-slack/response-url.js';
export type { FakeSlack } from './fake-slack/server.js';
export { startFakeSlack } from './fake-slack/server.js';
export type {
  FakeSlackChannel,
  FakeSlackMessage,
  FakeSlackOptions,
  FakeSlackUpload,
  FakeSlackUser,
  FakeSlackUsergroup,
  FileDownload,
  ResponseUrlPost,
  SeedMessage,
  SharedFileInput,
  SlackCall,
} from './fake-slack/types.js';
