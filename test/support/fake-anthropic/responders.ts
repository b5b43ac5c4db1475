import { forcedToolName } from './prompt-text.js';
import { modelError, modelText, modelToolUse } from './replies.js';
import type { FakeAnthropic, FakeModelReply, FakeModelResponder, RecordedModelRequest } from './types.js';

/** What the default answer reads from the test: the fake's `toolInput`, `textReply` and `errors`. */
type Settings = Pick<FakeAnthropic, 'toolInput' | 'textReply' | 'errors'>;

/**
 * Chooses the reply to a request: the next queued one-shot reply, then the persistent responder,
 * then the default answer from the test's `toolInput` / `textReply` (a 400 naming what to set
 * when the needed one is missing, recorded in `errors`).
 */
export class Responders {
  readonly queue: FakeModelResponder[] = [];
  persistent: FakeModelResponder | undefined;

  constructor(private readonly settings: Settings) {}

  async resolve(request: RecordedModelRequest): Promise<FakeModelReply> {
    const candidates: FakeModelResponder[] = [];
    const queued = this.queue.shift();
    if (queued !== undefined) candidates.push(queued);
    if (this.persistent !== undefined) candidates.push(this.persistent);
    for (const responder of candidates) {
      const reply = typeof responder === 'function' ? await responder(request) : responder;
      if (reply === undefined) continue;
      if (reply.delayMs === Number.POSITIVE_INFINITY) return reply;
      if (reply.message === undefined && reply.body === undefined && (reply.status ?? 200) === 200) {
        // e.g. modelDelay(ms) without a reply: delay the default answer.
        return { ...(await this.defaultReply(request)), ...reply };
      }
      return reply;
    }
    return this.defaultReply(request);
  }

  /** A 400 telling the test what it forgot, recorded in `errors`. */
  configError(message: string): FakeModelReply {
    this.settings.errors.push(message);
    return modelError(400, 'invalid_request_error', message);
  }

  reset(): void {
    this.queue.length = 0;
    this.persistent = undefined;
  }

  private async defaultReply(request: RecordedModelRequest): Promise<FakeModelReply> {
    const { toolInput, textReply } = this.settings;
    const forced = forcedToolName(request);
    const format = request.body.output_config?.format;
    if (forced !== undefined) {
      const schema = request.body.tools?.find((t) => t.name === forced)?.input_schema;
      if (!toolInput) {
        return this.configError(
          `FakeAnthropic: request #${request.n} forces tool '${forced}' but no toolInput is set; set fake.toolInput = (request, tool) => ({...}) in the test (or enqueue a reply)`,
        );
      }
      return modelToolUse(forced, await toolInput(request, { name: forced, schema, via: 'tool_choice' }));
    }
    if (format?.type === 'json_schema') {
      if (!toolInput) {
        return this.configError(
          `FakeAnthropic: request #${request.n} asks for structured output (output_config json_schema) but no toolInput is set; set fake.toolInput in the test (or enqueue a reply)`,
        );
      }
      const value = await toolInput(request, { name: 'output_config', schema: format.schema, via: 'output_config' });
      return modelText(JSON.stringify(value));
    }
    if (!textReply) {
      return this.configError(
        `FakeAnthropic: request #${request.n} is a plain request (no forced tool) and no textReply is set; set fake.textReply = (request) => '...' in the test (or enqueue a reply)`,
      );
    }
    return modelText(await textReply(request));
  }
}
