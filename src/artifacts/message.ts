import { z } from 'zod';
import { escapeMrkdwn } from '../block-kit/escape-mrkdwn.js';
import {
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MESSAGE_TEXT,
  MAX_TOP_LEVEL_TEXT,
  REVIEW_SURFACE_TEXT,
  truncate,
} from '../block-kit/limits.js';
import { packLines } from '../block-kit/pack-lines.js';
import { readTextField, wasEmptied } from '../block-kit/read-input.js';
import { textField } from '../block-kit/text-field.js';
import type { ArtifactType } from './artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from './artifact-type.js';
import { checkEdited, failed } from './check-edited.js';
import { compareProse } from './comparison.js';
import { editChange } from './edit-change.js';

/** The spec's `artifact:` section for a message: no options beyond the type. */
export const MessageOptions = z.object({ type: z.literal('message') });
export type MessageOptions = z.infer<typeof MessageOptions>;

/** A draft Slack message, e.g. a reply to a customer. */
export const MessageContent = z
  .object({
    text: z
      .string()
      .min(1)
      .describe(
        'The message exactly as it should be posted. Slack mrkdwn (*bold*, _italic_, bullet lines) is allowed.',
      ),
  })
  .describe('A draft Slack message for a person to review before it is posted.');
export type MessageContent = z.infer<typeof MessageContent>;

// The block id of the message's one input in the Edit modal.
const TEXT_BLOCK = 'message_text';

/** `message`: a draft Slack message, reviewed as a quoted preview; corrections target the whole. */
export const messageArtifact: ArtifactType<MessageOptions, MessageContent> = {
  type: 'message',
  options: MessageOptions,

  contentSchema() {
    return MessageContent;
  },

  guidance() {
    return 'Write one Slack message, ready to post as it is: no preamble, no notes to the reviewer.';
  },

  renderReview(content, _options, maxBlocks, maxChars = REVIEW_SURFACE_TEXT) {
    // Quoted line by line, escaped: the preview shows what will be posted and pings no one.
    const lines = escapeMrkdwn(content.text)
      .split('\n')
      .map((line) => `>${line}`);
    const packed = packLines(lines, { maxBlocks, maxChars, more: (hidden) => `_…${hidden} more lines not shown_` });
    return { blocks: packed.blocks, truncated: packed.truncated };
  },

  toText(content) {
    return content.text;
  },

  renderPost(content) {
    // Posted as written: a person approved exactly this text, mentions included.
    const packed = packLines(content.text.split('\n'), {
      maxBlocks: MAX_BLOCKS_PER_MESSAGE,
      maxChars: MAX_MESSAGE_TEXT,
      more: (hidden) => `_…${hidden} more lines were cut to fit Slack_`,
    });
    return { text: truncate(content.text, MAX_TOP_LEVEL_TEXT), blocks: packed.blocks };
  },

  approvedFiles() {
    return [];
  },

  targets() {
    return [];
  },

  editForm(content, _options, maxBlocks = MAX_EDIT_FORM_BLOCKS) {
    return [
      textField({
        blockId: TEXT_BLOCK,
        label: 'Message',
        name: 'The message',
        value: content.text,
        multiline: true,
        hint: 'Posted exactly as written: Slack formatting (*bold*, _italic_, lists) works as in any message.',
      }),
    ].slice(0, maxBlocks);
  },

  readEditForm(values, original) {
    const text = readTextField(values, TEXT_BLOCK, original.text);
    return (
      failed(wasEmptied(text, original.text) ? { [TEXT_BLOCK]: 'The message cannot be empty.' } : {}) ??
      checkEdited(MessageContent, { text }, values, () => TEXT_BLOCK)
    );
  },

  describeEdit(before, after) {
    return before.text === after.text ? [] : [editChange(null, before.text, after.text)];
  },
  compare(expected, actual, _options, ctx) {
    return compareProse(expected.text, actual.text, ctx);
  },
};
