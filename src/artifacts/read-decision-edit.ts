import type { z } from 'zod';
import type { EditFormValues } from '../block-kit/edit-form-values.js';
import { truncate } from '../block-kit/limits.js';
import { readInput, readTextField } from '../block-kit/read-input.js';
import type { EditResult } from './artifact-type.js';
import { checkEdited, failed } from './check-edited.js';
import { decisionBlocks, formatConfidence } from './decision-edit-form.js';

// An error is read next to one input: a list of a hundred labels is cut.
const MAX_ERROR = 500;

interface Decision {
  label: string;
  confidence: number;
  reasons: string[];
}

/**
 * Reads a decision's submitted edit form (see `ArtifactType.readEditForm`): the label must be
 * one of `labels`, the confidence a number from 0 to 1, and there must be at least one reason
 * (one a line, blank lines dropped). Inputs not in the form keep the original's values.
 */
export function readDecisionEdit<C extends Decision>(
  values: EditFormValues,
  original: C,
  labels: readonly string[],
  schema: z.ZodType<C>,
): EditResult<C> {
  const errors: Record<string, string> = {};

  const chosen = readInput(values, decisionBlocks.label)?.trim() ?? original.label;
  if (!labels.includes(chosen))
    errors[decisionBlocks.label] = truncate(`Choose one of the decisions: ${labels.join(', ')}.`, MAX_ERROR);

  const confidence = readConfidence(readInput(values, decisionBlocks.confidence), original.confidence);
  if (confidence === undefined)
    errors[decisionBlocks.confidence] = 'The confidence is a number from 0 (a guess) to 1 (certain), e.g. 0.8.';

  const before = original.reasons.join('\n');
  const text = readTextField(values, decisionBlocks.reasons, before);
  const reasons =
    text === before
      ? original.reasons
      : text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '');
  if (reasons.length === 0) errors[decisionBlocks.reasons] = 'Give at least one reason, one per line.';

  const content = { label: chosen, confidence: confidence ?? original.confidence, reasons };
  return (
    failed(errors) ??
    checkEdited(schema, content, values, ([key]) =>
      key === 'label' || key === 'confidence' || key === 'reasons' ? decisionBlocks[key] : undefined,
    )
  );
}

/** The submitted confidence: the original when absent or unchanged; undefined when it is not a number in 0..1. */
function readConfidence(raw: string | undefined, original: number): number | undefined {
  if (raw === undefined || raw.trim() === formatConfidence(original)) return original;
  if (raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}
