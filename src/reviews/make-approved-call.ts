import type { Kysely } from 'kysely';
import type { ApprovedCall } from '../artifacts/index.js';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { truncate } from '../block-kit/limits.js';
import { getApplyStep } from '../db/apply-steps-repository.js';
import type { ArtifactRow, Database } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { formatSeconds } from '../model/model-client.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import type { ToolCallResult, ToolGateway } from '../tools/tool-gateway.js';

export interface CallDeps {
  db: Kysely<Database>;
  agents: () => AgentRegistry;
  /** The agents' tool servers; absent: this process has none, so no call can be made. */
  tools?: ToolGateway;
}

// What the thread and the step's record keep of a server's answer.
const MAX_REPORTED_TEXT = 300;
const MAX_RECORDED_TEXT = 2000;

/** `crm.update_contact`: how people read a call's tool. */
export function callName(call: ApprovedCall): string {
  return `${call.server}.${call.tool}`;
}

/** What the step does, for the thread and its record: "call `crm.update_contact` (action 2)". */
export function describeCall(call: ApprovedCall, n: number): string {
  return `call \`${escapeMrkdwn(callName(call))}\` (action ${n})`;
}

/** The thread's line for a call that went through, quoting the start of what the server answered. */
export function calledLine(call: ApprovedCall, n: number, result: Record<string, unknown>): string {
  const answer = typeof result.text === 'string' ? oneLine(result.text) : '';
  const quoted = answer === '' ? '' : `: ${escapeMrkdwn(truncate(answer, MAX_REPORTED_TEXT))}`;
  return `:white_check_mark: Action ${n}: called \`${escapeMrkdwn(callName(call))}\`${quoted}`;
}

/**
 * Makes approved call number `n` (1-based; its apply step is `n`), which the caller has claimed:
 * only when the call before it went through (a later call may depend on an earlier one), only
 * while the tool is still one of the agent's write tools, with the arguments as approved, within
 * the agent's `limits.timeout`.
 * @throws CoworkerError (`apply_failed`) when it was not made or the server answered with an error; the gateway's own when a server cannot be reached
 */
export async function makeApprovedCall(
  deps: CallDeps,
  artifact: ArtifactRow,
  call: ApprovedCall,
  n: number,
): Promise<{ text: string }> {
  const name = escapeMrkdwn(callName(call));
  if (n > 1) {
    const previous = await getApplyStep(deps.db, artifact.id, n - 1);
    if (previous?.status !== 'done')
      throw new CoworkerError('apply_failed', `it was not made, because action ${n - 1} did not go through.`);
  }
  const agent = deps.agents().get(artifact.agent);
  if (agent === undefined) {
    throw new CoworkerError(
      'apply_failed',
      `the agent \`${artifact.agent}\` is no longer loaded (its spec was removed or is invalid), so its tool servers are unknown.`,
    );
  }
  const { tools } = deps;
  if (tools === undefined)
    throw new CoworkerError('apply_failed', 'this Coworker has no tool servers, so no call can be made.');
  const offered = (await tools.listTools(agent)).find((t) => t.server === call.server && t.name === call.tool);
  if (offered?.permission !== 'write') {
    throw new CoworkerError(
      'apply_failed',
      `\`${name}\` is no longer one of this agent's write tools (\`tools.${escapeMrkdwn(call.server)}.write\`), so it was not called.`,
    );
  }
  const args = { server: call.server, tool: call.tool, arguments: call.arguments };
  const result = await answerWithin(agent.spec.limits.timeout, name, (signal) =>
    tools.callTool(agent, args, { signal }),
  );
  if (result.isError) {
    const said = escapeMrkdwn(truncate(oneLine(result.text), MAX_REPORTED_TEXT));
    throw new CoworkerError('apply_failed', `the server answered with an error: ${said === '' ? '(no text)' : said}.`);
  }
  return { text: truncate(result.text, MAX_RECORDED_TEXT) };
}

/**
 * The call's answer, bounded like a run of the agent (`limits.timeout`): a server that never
 * answers must not hold the apply, and its claim, for ever. Raced here as well as signalled, so a
 * gateway that ignores the signal cannot hold it either.
 */
async function answerWithin(
  timeoutMs: number,
  name: string,
  call: (signal: AbortSignal) => Promise<ToolCallResult>,
): Promise<ToolCallResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      const within = `${formatSeconds(timeoutMs)} (limits.timeout)`;
      reject(
        new CoworkerError(
          'apply_failed',
          `\`${name}\` gave no answer within ${within}, so it may or may not have been made.`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
