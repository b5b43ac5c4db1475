/**
 * The one independent Block Kit checker of the tests: unit tests assert the product's blocks and
 * views with it (see `block-kit-assertions.ts`), and the fake Slack server refuses with it what
 * Slack would refuse. It never imports the product's own limits from `src/`: it is the check of them.
 *
 * Each violation says whether Slack refuses the payload for it (`kind: 'slack'`, what the fake
 * enforces) or only the unit tests' stricter rules do (`kind: 'strict'`: our own text budgets,
 * the estimate of how Slack expands markdown, types the checker does not know).
 *
 * ```ts
 * blockKitViolations([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]);
 * // ['blocks[0].text.text: 151 characters > 150']
 * checkBlocks(blocks).filter((v) => v.kind === 'slack'); // what Slack would answer invalid_blocks for
 * ```
 */
import { checkBlockList } from './block-kit-checker/blocks.js';
import type { BlockKitViolation } from './block-kit-checker/findings.js';
import { Findings, formatViolation } from './block-kit-checker/findings.js';
import { BUDGET, SLACK } from './block-kit-checker/limits.js';
import type { ViewCheck } from './block-kit-checker/views.js';
import { checkViewInto } from './block-kit-checker/views.js';

export type { BlockKitViolation, ViolationKind } from './block-kit-checker/findings.js';
export { formatViolation } from './block-kit-checker/findings.js';
export type { ViewCheck } from './block-kit-checker/views.js';

/** Options for {@link checkBlocks}. */
export interface BlockKitCheck {
  /** Blocks allowed: 50 for a message (default), 100 for a modal or Home tab. */
  maxBlocks?: number;
  /** The top-level `text` sent with the blocks, when there is one: 1..3000 characters (Slack refuses 40,000). */
  text?: string;
  /** The total text budget of the blocks (default 10,000). */
  maxTotalText?: number;
}

/**
 * Every Block Kit limit a list of blocks (and the `text` sent with them) breaks, Slack's and the
 * stricter ones, in payload order; empty when they are all within limits. Unknown block types
 * break the stricter rules: teach the checker a new type before rendering it.
 */
export function checkBlocks(blocks: readonly unknown[], check: BlockKitCheck = {}): BlockKitViolation[] {
  const findings = new Findings();
  if (check.text !== undefined) {
    findings.length('text', check.text, 1, BUDGET.fallbackText, 'strict');
    if (check.text.length > SLACK.messageText)
      findings.slack('text', `${check.text.length} characters > ${SLACK.messageText}`, 'msg_too_long');
  }
  checkBlockList(findings, blocks, {
    maxBlocks: check.maxBlocks ?? SLACK.blocksPerMessage,
    maxTotalText: check.maxTotalText ?? BUDGET.messageText,
  });
  return findings.all;
}

/** Every limit a modal or App Home view breaks (see {@link ViewCheck}); block paths start with `view.`. */
export function checkView(view: unknown, check: ViewCheck = {}): BlockKitViolation[] {
  const findings = new Findings();
  checkViewInto(findings, view, check);
  return findings.all;
}

/** {@link checkBlocks} as readable lines, e.g. `blocks[3].text.text: 3001 characters > 3000`. */
export function blockKitViolations(blocks: readonly unknown[], check: BlockKitCheck = {}): string[] {
  return checkBlocks(blocks, check).map(formatViolation);
}

/**
 * Every limit a modal view breaks, as readable lines. Slack documents no total text limit for a
 * view, so none is checked unless `maxTotalText` is given.
 */
export function modalViolations(view: unknown, check: { maxTotalText?: number } = {}): string[] {
  return checkView(view, { ...check, type: 'modal' }).map(formatViolation);
}
