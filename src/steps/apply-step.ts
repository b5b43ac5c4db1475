import type { z } from 'zod';
import type { ArtifactRow } from '../db/schema.js';
import type { SlackPort } from '../slack-port.js';
import type { WebhookPolicy } from './deliver-webhook.js';

/** What a step may use while it runs. */
export interface StepDeps {
  slack: Pick<SlackPort, 'resolveChannel' | 'postMessage'>;
  webhook: WebhookPolicy;
}

/** Recorded with the step's outcome (`apply_steps.result`); `attempts` is how many tries it took. */
export type StepResult = { attempts?: number } & Record<string, unknown>;

/** A channel a step names, and the field under the step's key that names it (e.g. `post`). */
export interface StepChannel {
  field: string;
  ref: string;
}

/**
 * One kind of `on_approve` step (`post`, `webhook`). A spec writes a step as a mapping with one
 * key, the kind (`- post: "#sales"`); `spec` parses the value under that key into the step, a
 * variant of the `OnApproveStep` union discriminated on `kind`. Methods (not function properties)
 * keep the interface bivariant, so each module is assignable to {@link AnyStepKind} in the
 * registry, like artifact types.
 */
export interface StepKind<S extends { kind: string }> {
  readonly kind: S['kind'];
  /** The value under the step's key, parsed into the step. */
  readonly spec: z.ZodType<S>;
  /** How the spec writes it in an error message, e.g. "`post: <channel>`". */
  readonly usage: string;
  /** The value under the key as it may be stored or shown: secrets replaced by `[redacted]`. */
  written(step: S): unknown;
  /** What the step does, for the thread: "post it to #sales-pipeline". */
  describe(step: S): string;
  /** The channels it names, checked when specs load (a name Slack does not know is a spec problem). */
  channels(step: S): readonly StepChannel[];
  /**
   * Does it, once: the caller claimed it in the database first and records the outcome.
   * `deliveryId` is stable for this step of this artifact, for receivers that dedupe.
   * @throws CoworkerError (`apply_failed`) when it did not happen
   */
  perform(deps: StepDeps, artifact: ArtifactRow, step: S, deliveryId: string): Promise<StepResult>;
}

export type AnyStepKind = StepKind<{ kind: string }>;

/** What replaces a secret wherever a spec is stored or shown. */
export const REDACTED = '[redacted]';
