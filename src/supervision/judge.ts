import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import type { CompareContext, JudgeOutcome } from '../artifacts/comparison.js';
import { costOf } from '../config/models.js';
import { toCoworkerError } from '../errors.js';
import type { ModelClient } from '../model/model-client.js';
import { callModel } from '../model/request-tool-input.js';
import {
  type ApprovedAs,
  buildJudgeRequest,
  buildRulesRequest,
  parseJudgeReply,
  parseRulesReply,
  type Rubric,
} from './judge-request.js';

/** A judge model for one eval: compares prose answers and checks answers against the corrections. */
export interface Judge {
  model: string;
  /** For `CompareContext.judge`: the two versions in random order, the score mapped back. */
  compare: NonNullable<CompareContext['judge']>;
  /** The corrections (numbered from 1) an answer breaks, or why the judge could not tell. */
  checkRules(answer: string): Promise<{ ok: true; broken: number[] } | { ok: false; problem: string }>;
  /** What judging cost so far (null once a model without a price was used). */
  readonly spent: { calls: number; costUsd: number | null };
}

/**
 * A judge over `client`. Each call is one forced tool call (no retry: a judge answer that does
 * not fit leaves that case unscored, saying why); a failed call is a problem, never a throw.
 * `random` picks which position the approved version takes (Math.random unless given).
 */
export function createJudge(deps: {
  client: ModelClient;
  model: string;
  rubric: Rubric;
  timeoutMs: number;
  random?: () => number;
}): Judge {
  const random = deps.random ?? Math.random;
  const rules = deps.rubric.corrections.length;
  const spent = { calls: 0, costUsd: 0 as number | null };
  const ask = async (request: MessageCreateParamsNonStreaming) => {
    spent.calls += 1;
    return callModel(deps.client, request, {
      signal: AbortSignal.timeout(deps.timeoutMs),
      timeoutMs: deps.timeoutMs,
      onUsage: async (usage) => {
        const cost = costOf(deps.model, usage);
        spent.costUsd = spent.costUsd === null || cost === null ? null : spent.costUsd + cost;
      },
    });
  };
  return {
    model: deps.model,
    spent,
    async compare(versions): Promise<JudgeOutcome> {
      const approvedAs: ApprovedAs = random() < 0.5 ? 'A' : 'B';
      try {
        const reply = await ask(buildJudgeRequest(deps.model, deps.rubric, versions, approvedAs));
        return parseJudgeReply(reply, rules, approvedAs);
      } catch (err) {
        return { ok: false, problem: `the judge could not answer (${toCoworkerError(err).message})` };
      }
    },
    async checkRules(answer) {
      try {
        return parseRulesReply(await ask(buildRulesRequest(deps.model, deps.rubric, answer)), rules);
      } catch (err) {
        return { ok: false, problem: `the judge could not answer (${toCoworkerError(err).message})` };
      }
    },
  };
}
