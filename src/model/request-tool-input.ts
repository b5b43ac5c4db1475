import type {
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { z } from 'zod';
import type { TokenUsage } from '../config/models.js';
import { CoworkerError } from '../errors.js';
import { describeModelError, type ModelClient, usageOf } from './model-client.js';
import { parseResponse } from './parse-response.js';

/** Model answers that fail the schema get this many more chances, with the validation error. */
export const OUTPUT_RETRIES = 1;

export interface RequestToolInputOptions {
  signal: AbortSignal;
  timeoutMs: number;
  /** Called after every model call, successful or not, so usage is never lost. */
  onUsage: (usage: TokenUsage) => Promise<void>;
}

/**
 * Calls the model, forced to use the request's one tool, until the tool input passes `schema`:
 * one retry that shows the model its validation error, then a `model_output_invalid` failure.
 * Used for artifacts and for correction extraction alike.
 * @throws CoworkerError `model_failed`, `run_timeout` or `model_output_invalid`
 */
export async function requestToolInput<C>(
  client: ModelClient,
  request: MessageCreateParamsNonStreaming,
  schema: z.ZodType<C>,
  options: RequestToolInputOptions,
): Promise<C> {
  const toolName = request.tool_choice?.type === 'tool' ? request.tool_choice.name : undefined;
  if (toolName === undefined) throw new CoworkerError('internal', 'a structured model request must force one tool.');
  const messages: MessageParam[] = [...request.messages];
  let lastProblem = '';
  for (let attempt = 0; attempt <= OUTPUT_RETRIES; attempt++) {
    const reply = await callModel(client, { ...request, messages }, options);
    const parsed = parseResponse(reply, schema, toolName);
    if (parsed.ok) return parsed.content;
    lastProblem = parsed.problem;
    messages.push({ role: 'assistant', content: reply.content });
    messages.push({
      role: 'user',
      content: parsed.toolUseId
        ? [
            {
              type: 'tool_result',
              tool_use_id: parsed.toolUseId,
              is_error: true,
              content: `Invalid input: ${parsed.problem}. Call the tool again with corrected input.`,
            },
          ]
        : `Your answer was not usable: ${parsed.problem}. Call the tool with the complete artifact.`,
    });
  }
  throw new CoworkerError(
    'model_output_invalid',
    `Claude's answer did not fit the expected format, twice (${lastProblem}).`,
    {
      details: { problem: lastProblem },
    },
  );
}

/**
 * One model call within a run's deadline: its usage reported through `onUsage` as soon as it is
 * known, whatever the answer. @throws CoworkerError `model_failed` or `run_timeout`
 */
export async function callModel(
  client: ModelClient,
  request: MessageCreateParamsNonStreaming,
  options: RequestToolInputOptions,
): Promise<Message> {
  let reply: Message;
  try {
    reply = await client.createMessage(request, { signal: options.signal });
  } catch (err) {
    throw describeModelError(options.signal.aborted ? (options.signal.reason ?? err) : err, options.timeoutMs);
  }
  await options.onUsage(usageOf(reply));
  return reply;
}
