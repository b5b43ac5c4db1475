import { z } from 'zod';
import { MAX_BUTTON_VALUE } from '../block-kit/limits.js';
import { CoworkerError } from '../errors.js';

/** The `action_id` of every button the app posts; listeners register on these. */
export const actionIds = {
  reviewApprove: 'review_approve',
  reviewReject: 'review_reject',
  reviewEdit: 'review_edit',
  reviewRerun: 'review_rerun',
  runRetry: 'run_retry',
  correctionRevise: 'correction_revise',
  correctionRetire: 'correction_retire',
  homePrevious: 'home_previous',
  homeNext: 'home_next',
  homeChannel: 'home_channel',
  factVerify: 'fact_verify',
  factNeedsChange: 'fact_needs_change',
  disputeKeepFact: 'dispute_keep_fact',
  disputeCorrectionRight: 'dispute_correction_right',
  disputeBothTrue: 'dispute_both_true',
} as const;
/** One of {@link actionIds}. */
export type ActionId = (typeof actionIds)[keyof typeof actionIds];

/** What a review button points at: one version of one artifact (never "whatever is pending now"). */
export const ReviewRef = z.strictObject({
  artifactId: z.string().min(1),
  version: z.number().int().positive(),
});
export type ReviewRef = z.infer<typeof ReviewRef>;

const RunRef = z.strictObject({ runId: z.string().min(1) });

/**
 * The button `value` for a review button: compact JSON of `ref`. Throws a system
 * `CoworkerError` (`internal`) if it would exceed Slack's 2000 characters, which only an
 * absurd id can cause.
 */
export function encodeReviewRef(ref: ReviewRef): string {
  return fitValue(JSON.stringify({ artifactId: ref.artifactId, version: ref.version }));
}

/** The reference in a review button's `value`, or `undefined` for anything that is not one (never throws). */
export function decodeReviewRef(value: string): ReviewRef | undefined {
  const parsed = ReviewRef.safeParse(parseJson(value));
  return parsed.success ? parsed.data : undefined;
}

/** The button `value` for a run button (Retry). Throws like {@link encodeReviewRef}. */
export function encodeRunRef(runId: string): string {
  return fitValue(JSON.stringify({ runId }));
}

/** The run id in a run button's `value`, or `undefined` for anything that is not one (never throws). */
export function decodeRunRef(value: string): string | undefined {
  const parsed = RunRef.safeParse(parseJson(value));
  return parsed.success ? parsed.data.runId : undefined;
}

/** What a fact card's buttons point at: one version of one team fact (a changed file is another). */
export const FactRef = z.strictObject({
  fact: z.string().min(1).max(200),
  version: z.number().int().positive(),
});
export type FactRef = z.infer<typeof FactRef>;

/** The button `value` for a fact card's buttons (Verify, Needs a change). Throws like {@link encodeReviewRef}. */
export function encodeFactRef(ref: FactRef): string {
  return fitValue(JSON.stringify({ fact: ref.fact, version: ref.version }));
}

/** The reference in a fact card button's `value`, or `undefined` for anything that is not one (never throws). */
export function decodeFactRef(value: string): FactRef | undefined {
  const parsed = FactRef.safeParse(parseJson(value));
  return parsed.success ? parsed.data : undefined;
}

function fitValue(value: string): string {
  if (value.length > MAX_BUTTON_VALUE) {
    throw new CoworkerError('internal', 'A button reference is too long for Slack.', {
      details: { length: value.length },
    });
  }
  return value;
}

/** A button value comes from a Slack payload: garbage is expected, and means "no reference". */
function parseJson(value: string): unknown {
  if (value.length > MAX_BUTTON_VALUE) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    // Not JSON, so not one of ours: the decoders' contract is to answer undefined.
    return undefined;
  }
}
