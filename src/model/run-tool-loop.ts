import type {
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
  MessageParam,
  ToolResultBlockParam,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { z } from 'zod';
import { CoworkerError } from '../errors.js';
import { ARTIFACT_TOOL } from './build-request.js';
import { parseResponse } from './parse-response.js';
import { MAX_TOOL_RESULT, quoteToolResult } from './quote-tool-result.js';
import { callModel, OUTPUT_RETRIES, type RequestToolInputOptions } from './request-tool-input.js';
import { type QualifiedTool, qualifiedName, type ToolNameMap } from './tool-names.js';
import { untilAborted } from './until-aborted.js';

/** What a read call returned (the gateway's `ToolCallResult`). */
export interface ReadResult {
  isError: boolean;
  text: string;
  /**
   * How long the result was before it was cut, when `text` is already a cut one (a replay
   * serves the recorded text): the model is told of the cut as the original run's was.
   */
  totalChars?: number;
}

/** One tool call the model asked for during a run: the audit trail (DESIGN.md "Tools"). */
export interface ToolCallRecord {
  server: string;
  tool: string;
  arguments: unknown;
  /** 0 for a call that was not executed. */
  durationMs: number;
  /** Characters of the result (before the cut), 0 when not executed. */
  resultChars: number;
  /** Why the call failed or was refused; undefined for a successful call. */
  error?: string;
  /** True when the call was never executed: not a read tool of this run, or the limit was reached. */
  refused: boolean;
  /** The result text the model was given, cut at {@link MAX_TOOL_RESULT}; absent when not executed. */
  result?: string;
}

export interface ToolLoopOptions extends RequestToolInputOptions {
  /** The read tools offered, by the names the model sees; any other name is refused. */
  names: ToolNameMap;
  /** `limits.tool_calls`: tool calls the model may ask for before the artifact is forced. */
  maxToolCalls: number;
  /** Executes one read call (the gateway). May throw: a server that cannot be reached fails the run. */
  executeRead: (tool: QualifiedTool, args: Record<string, unknown>) => Promise<ReadResult>;
  /** Before a read call runs (progress in Slack). */
  onToolStart?: (tool: QualifiedTool) => Promise<void>;
  /** After each call the model asked for, executed or refused (stored on the run). */
  onToolCall?: (record: ToolCallRecord) => Promise<void>;
}

const REFUSED =
  'is not available during this run: only the read tools offered here can be called. Changes are proposed for people to review, never made during a run.';

/**
 * A run as a bounded tool loop: the model may call the read tools of `names` until it has asked
 * for `maxToolCalls` tool calls (refused ones count too), then only the artifact tool is
 * accepted (`tool_choice` forces it). Each read call is executed through `executeRead` and its
 * result given back as quoted, capped data (an error result as `is_error`). A call of any other
 * tool (a write tool, an invented name) is never executed: it gets an error result. An artifact
 * that fails `schema` gets the same one retry as `requestToolInput`. So the loop makes at most
 * `maxToolCalls + OUTPUT_RETRIES + 1` model calls; the caller's signal bounds its time.
 * @throws CoworkerError `model_failed`, `run_timeout`, `model_output_invalid`, or what `executeRead` throws
 */
export async function runToolLoop<C>(
  client: Parameters<typeof callModel>[0],
  request: MessageCreateParamsNonStreaming,
  schema: z.ZodType<C>,
  options: ToolLoopOptions,
): Promise<C> {
  const messages: MessageParam[] = [...request.messages];
  let toolCalls = 0;
  let failedAnswers = 0;
  let lastProblem = '';
  for (;;) {
    const forced = toolCalls >= options.maxToolCalls;
    const reply = await callModel(client, nextTurnRequest(request, messages, forced), options);
    const uses = reply.content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
    const submitted = uses.find((use) => use.name === ARTIFACT_TOOL);
    const results: ToolResultBlockParam[] = [];
    let retry: string | undefined;
    if (submitted !== undefined || uses.length === 0 || forced) {
      const parsed = parseResponse(reply, schema, ARTIFACT_TOOL);
      if (parsed.ok) return parsed.content;
      lastProblem = parsed.problem;
      failedAnswers += 1;
      if (failedAnswers > OUTPUT_RETRIES) throw outputInvalid(lastProblem);
      if (parsed.toolUseId !== undefined) {
        results.push(
          errorResult(parsed.toolUseId, `Invalid input: ${parsed.problem}. Call the tool again with corrected input.`),
        );
      } else {
        retry = `Your answer was not usable: ${parsed.problem}. Call the tool with the complete artifact.`;
      }
    }
    for (const use of uses) {
      if (use.name === ARTIFACT_TOOL) continue;
      toolCalls += 1;
      results.push(await runOne(use, toolCalls > options.maxToolCalls, options));
    }
    messages.push({ role: 'assistant', content: reply.content });
    const content: ContentBlockParam[] = results;
    if (retry !== undefined) content.push({ type: 'text', text: retry });
    messages.push({ role: 'user', content });
  }
}

/**
 * The request of the next turn: the same tools and system (the cached prefix), the conversation
 * so far with a cache breakpoint on its last block (each turn re-reads the previous ones from
 * the cache), and `tool_choice` forcing the artifact once the tool calls are used up. Pure.
 */
export function nextTurnRequest(
  request: MessageCreateParamsNonStreaming,
  messages: readonly MessageParam[],
  forceArtifact: boolean,
): MessageCreateParamsNonStreaming {
  const turns = messages.map((m, i) => (i === messages.length - 1 && i > 0 ? withCacheBreakpoint(m) : m));
  return {
    ...request,
    messages: turns,
    ...(forceArtifact ? { tool_choice: { type: 'tool', name: ARTIFACT_TOOL } } : {}),
  };
}

async function runOne(use: ToolUseBlock, overLimit: boolean, options: ToolLoopOptions): Promise<ToolResultBlockParam> {
  const tool = options.names.fromModel(use.name);
  const args = isRecord(use.input) ? use.input : {};
  if (tool === undefined || overLimit) {
    const shown = tool ? qualifiedName(tool) : use.name.replace('__', '.');
    const error = overLimit
      ? `not run: the limit of ${options.maxToolCalls} tool calls (limits.tool_calls) was reached.`
      : `${shown} ${REFUSED}`;
    // An invented name is recorded as the model wrote it (`crm__update_contact` as crm / update_contact).
    const [server = '', name = use.name] = tool
      ? [tool.server, tool.tool]
      : use.name.includes('__')
        ? use.name.split('__', 2)
        : ['', use.name];
    await options.onToolCall?.({
      server,
      tool: name,
      arguments: use.input,
      durationMs: 0,
      resultChars: 0,
      error,
      refused: true,
    });
    return errorResult(use.id, overLimit ? `${error} Call ${ARTIFACT_TOOL} now.` : error);
  }
  await options.onToolStart?.(tool);
  const started = Date.now();
  const result = await untilAborted(options.executeRead(tool, args), options.signal);
  const totalChars = result.totalChars ?? result.text.length;
  await options.onToolCall?.({
    server: tool.server,
    tool: tool.tool,
    arguments: use.input,
    durationMs: Date.now() - started,
    resultChars: totalChars,
    ...(result.isError ? { error: result.text.slice(0, 500) } : {}),
    refused: false,
    result: result.text.slice(0, MAX_TOOL_RESULT),
  });
  const quoted = quoteToolResult(qualifiedName(tool), result.text, totalChars);
  return result.isError ? errorResult(use.id, quoted) : { type: 'tool_result', tool_use_id: use.id, content: quoted };
}

function errorResult(toolUseId: string, text: string): ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: toolUseId, is_error: true, content: text };
}

function withCacheBreakpoint(message: MessageParam): MessageParam {
  // The last turn is always the user's (tool results, or the input).
  if (message.role !== 'user') return message;
  if (typeof message.content === 'string') {
    return { role: 'user', content: [{ type: 'text', text: message.content, cache_control: { type: 'ephemeral' } }] };
  }
  const blocks: ContentBlockParam[] = [...message.content];
  const last = blocks[blocks.length - 1];
  if (last !== undefined && last.type !== 'thinking' && last.type !== 'redacted_thinking') {
    blocks[blocks.length - 1] = { ...last, cache_control: { type: 'ephemeral' } };
  }
  return { role: 'user', content: blocks };
}

function outputInvalid(problem: string): CoworkerError {
  return new CoworkerError(
    'model_output_invalid',
    `Claude's answer did not fit the expected format, twice (${problem}).`,
    { details: { problem } },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
