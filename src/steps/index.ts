import { z } from 'zod';
import type { AnyStepKind, StepKind } from './apply-step.js';
import { postStep } from './post.js';
import { webhookStep } from './webhook.js';

/**
 * Every `on_approve` step kind. Adding a kind is its module plus one line here: the spec's
 * `OnApproveStep` schema, the union type and the lookup are all derived from this list.
 */
const registered = [postStep, webhookStep] as const;

type StepOf<K> = K extends StepKind<infer S> ? S : never;
/** One parsed `on_approve` step, discriminated on `kind`. */
export type OnApproveStep = StepOf<(typeof registered)[number]>;
export type OnApproveStepKind = OnApproveStep['kind'];

/** The registry: step kind -> its module. */
export const stepKinds: ReadonlyMap<string, AnyStepKind> = new Map(registered.map((kind) => [kind.kind, kind]));

/** The module of a parsed step (always there: a step is only ever parsed by a registered kind). */
export function stepKindOf(step: OnApproveStep): AnyStepKind {
  const kind = stepKinds.get(step.kind);
  if (kind === undefined) throw new Error(`no on_approve step kind "${step.kind}" is registered`);
  return kind;
}

const usages = registered.map((kind) => kind.usage);
const oneOf =
  usages.length <= 2 ? `either ${usages.join(' or ')}` : `one of ${usages.slice(0, -1).join(', ')} or ${usages.at(-1)}`;

// Every kind's key, optional: parsed as one strict object (not a union) so that a typo or a wrong
// type is reported at its field rather than as "no match".
const shape: Record<string, z.ZodOptional<z.ZodType<OnApproveStep>>> = Object.fromEntries(
  registered.map((kind) => [kind.kind, kind.spec.optional()]),
);

/** One `on_approve` step as a spec writes it: a mapping with exactly one key, the step's kind. */
export const OnApproveStep = z.strictObject(shape).transform((step, ctx): OnApproveStep => {
  const given = Object.values(step).filter((value) => value !== undefined);
  const [only] = given;
  if (only === undefined || given.length > 1) {
    ctx.addIssue({ code: 'custom', message: `each on_approve step is ${oneOf}` });
    return z.NEVER;
  }
  return only;
});

/** A step as the spec wrote it (`{ post: '#x' }`), secrets redacted: what is stored with the agent's version. */
export function writtenStep(step: OnApproveStep): Record<string, unknown> {
  return { [step.kind]: stepKindOf(step).written(step) };
}

export type { AnyStepKind, StepChannel, StepDeps, StepKind, StepResult } from './apply-step.js';
