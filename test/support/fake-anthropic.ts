/**
 * A fake Anthropic Messages API on 127.0.0.1 for tests, good enough for `@anthropic-ai/sdk` 1.14.
 *
 * Point the SDK at it with `new Anthropic({ apiKey: 'test', baseURL: fake.url })` or
 * `ANTHROPIC_BASE_URL=fake.url` (no `/v1`: the SDK posts to `${base}/v1/messages`).
 *
 * How a request is answered, in order:
 * 1. the next one-shot reply queued with {@link FakeAnthropic.enqueue};
 * 2. the persistent responder set with {@link FakeAnthropic.respondWith};
 * 3. the default: a forced tool (`tool_choice: {type:'tool', name}`, or `any` with one tool)
 *    gets a `tool_use` block whose input comes from {@link FakeAnthropic.toolInput}; a structured
 *    output request (`output_config.format.type === 'json_schema'`) gets a text block holding
 *    `JSON.stringify(toolInput(...))`; anything else gets {@link FakeAnthropic.textReply}'s text.
 *    When the needed function is not set the fake answers 400 with a message naming what to set,
 *    and records that message in {@link FakeAnthropic.errors}.
 *
 * A function responder may return `undefined` to fall through to the next step.
 *
 * The parts live in `fake-anthropic/`: `types.ts`, `replies.ts` (the reply helpers),
 * `prompt-text.ts` (reading a request), `responders.ts` (choosing the reply), `wire.ts` (the
 * message and its server-sent events) and `server.ts`.
 *
 * ```ts
 * const model = await startFakeAnthropic();
 * model.toolInput = () => ({ text: 'Hello!' });
 * model.enqueue(modelError(500));            // first call fails, the next one uses toolInput
 * model.enqueue(modelDelay(10_000));         // or: hangs for 10 s (timeout tests)
 * ```
 */
export { forcedToolName, messagesText, promptText, systemText } from './fake-anthropic/prompt-text.js';
export { modelDelay, modelError, modelHang, modelMessage, modelText, modelToolUse } from './fake-anthropic/replies.js';
export { startFakeAnthropic } from './fake-anthropic/server.js';
export type {
  FakeAnthropic,
  FakeModelReply,
  FakeModelResponder,
  ModelContentBlock,
  ModelMessageSpec,
  ModelRequestBody,
  ModelUsageOverride,
  RecordedModelRequest,
  TextReplyFn,
  ToolInputFn,
  ToolRequestInfo,
} from './fake-anthropic/types.js';
