import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import {
  blockTextLength,
  fitBlocks,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MESSAGE_TEXT,
  MAX_SECTION_TEXT,
  MAX_TOP_LEVEL_TEXT,
  REVIEW_SURFACE_TEXT,
  truncate,
} from '../block-kit/limits.js';
import { packLines } from '../block-kit/pack-lines.js';
import { percent } from '../figures.js';
import type { ArtifactType } from './artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from './artifact-type.js';
import { decisionEditForm } from './decision-edit-form.js';
import { editChange } from './edit-change.js';
import { readDecisionEdit } from './read-decision-edit.js';

/** The spec's `artifact:` section for a decision: the labels it chooses from. */
export const DecisionOptions = z.object({
  type: z.literal('decision'),
  /** The declared set the model must choose its label from. */
  labels: z.array(z.string().min(1)).min(2),
});
export type DecisionOptions = z.infer<typeof DecisionOptions>;

/** A call among the spec's labels, with a confidence and the reasons for it. */
export interface DecisionContent {
  label: string;
  /** 0..1 */
  confidence: number;
  reasons: string[];
}

/** The content schema for these labels: `label` must be one of them. Throws when `labels` is empty (the options schema forbids it). */
export function decisionContentSchema(options: DecisionOptions): z.ZodType<DecisionContent> {
  const [first, ...rest] = options.labels;
  if (first === undefined) throw new TypeError('A decision needs at least one label.');
  return z
    .object({
      label: z.enum([first, ...rest]).describe('The decision: exactly one of the allowed labels.'),
      confidence: z.number().min(0).max(1).describe('How sure you are, from 0 (a guess) to 1 (certain).'),
      reasons: z
        .array(z.string().min(1))
        .min(1)
        .describe('The reasons for the decision, most important first, one sentence each.'),
    })
    .describe(`A decision: one of ${options.labels.join(', ')}, with confidence and reasons.`);
}

// A label is a short name; anything longer is cut in the headline.
const MAX_LABEL = 200;

/** `decision`: a label from a declared set, reviewed as the call, its confidence and the reasons; targets the whole. */
export const decisionArtifact: ArtifactType<DecisionOptions, DecisionContent> = {
  type: 'decision',
  options: DecisionOptions,

  contentSchema(options) {
    return decisionContentSchema(options);
  },

  guidance(options) {
    return `Decide: choose exactly one label of ${options.labels.map((l) => `"${l}"`).join(', ')}, say how confident you are (0 to 1) and give the reasons.`;
  },

  renderReview(content, _options, maxBlocks, maxChars = REVIEW_SURFACE_TEXT) {
    return renderDecision(
      content,
      maxBlocks,
      maxChars,
      (hidden) => `_…${hidden} more ${hidden === 1 ? 'reason' : 'reasons'} not shown_`,
    );
  },

  toText(content) {
    const reasons = content.reasons.map((reason) => `- ${oneLine(reason)}\n`).join('');
    return `Decision: ${oneLine(content.label)} (confidence ${percent(content.confidence)})\n\nReasons:\n${reasons}`;
  },

  renderPost(content) {
    const { blocks } = renderDecision(
      content,
      MAX_BLOCKS_PER_MESSAGE,
      MAX_MESSAGE_TEXT,
      (hidden) => `_…${hidden} more reasons were cut to fit Slack_`,
    );
    return {
      text: truncate(
        `Decision: ${oneLine(content.label)} (confidence ${percent(content.confidence)})`,
        MAX_TOP_LEVEL_TEXT,
      ),
      blocks,
    };
  },

  approvedFiles() {
    return [];
  },

  targets() {
    return [];
  },

  editForm(content, options, maxBlocks = MAX_EDIT_FORM_BLOCKS) {
    return decisionEditForm(content, options.labels).slice(0, maxBlocks);
  },

  readEditForm(values, original, options) {
    return readDecisionEdit(values, original, options.labels, decisionContentSchema(options));
  },

  describeEdit(before, after) {
    const same =
      before.label === after.label &&
      before.confidence === after.confidence &&
      before.reasons.length === after.reasons.length &&
      before.reasons.every((reason, i) => reason === after.reasons[i]);
    return same ? [] : [editChange(null, describeDecision(before), describeDecision(after))];
  },
  async compare(expected, actual) {
    // The label is the decision: the same call in other words agrees, another call does not.
    const same = expected.label === actual.label;
    return {
      scored: true,
      score: same ? 1 : 0,
      detail: same ? `the same label (${actual.label})` : `${actual.label}, not ${expected.label}`,
      labels: { expected: expected.label, actual: actual.label },
    };
  },
};

/** A decision for a change description: the call, the exact confidence, the reasons. */
function describeDecision(content: DecisionContent): string {
  return `${content.label} (confidence ${content.confidence})\nReasons:\n${content.reasons.map((reason) => `- ${reason}`).join('\n')}`;
}

/** 0.824 -> "82%". */
function renderDecision(
  content: DecisionContent,
  maxBlocks: number,
  maxChars: number,
  more: (hidden: number) => string,
) {
  const label = truncate(escapeMrkdwn(oneLine(truncate(content.label, MAX_LABEL))), MAX_LABEL);
  const headline: KnownBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: `*Decision:* ${label}\n*Confidence:* ${percent(content.confidence)}\n*Reasons:*` },
  };
  const reasons = packLines(
    content.reasons.map((reason) => `• ${escapeMrkdwn(oneLine(truncate(reason, MAX_SECTION_TEXT)))}`),
    { maxBlocks: maxBlocks - 1, maxChars: maxChars - blockTextLength(headline), more },
  );
  const fitted = fitBlocks([headline, ...reasons.blocks], { maxBlocks, maxChars });
  return { blocks: fitted.blocks, truncated: reasons.truncated || fitted.truncated };
}
