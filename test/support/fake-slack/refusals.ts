import type { BlockKitViolation } from '../block-kit-checker.js';
import { formatViolation } from '../block-kit-checker.js';

/** The violations Slack refuses a payload for (the checker's stricter rules are for unit tests). */
export function slackRefuses(violations: BlockKitViolation[]): BlockKitViolation[] {
  return violations.filter((v) => v.kind === 'slack');
}

/** The fields Slack adds to a refusal: the problems, and `response_metadata.messages` as `[ERROR] …` lines. */
export function refusalDetails(refused: BlockKitViolation[]): Record<string, unknown> {
  const problems = refused.map(formatViolation);
  return { errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
}
