import { z } from 'zod';
import { escapeMrkdwn } from '../blocks/escape-mrkdwn.js';
import { MAX_BLOCKS_PER_MESSAGE, MAX_MESSAGE_TEXT, MAX_TOP_LEVEL_TEXT, REVIEW_SURFACE_TEXT, truncate } from '../blocks/limits.js';
import { packLines } from '../blocks/pack-lines.js';
import type { ArtifactType } from './artifact-type.js';

/** The spec's `artifact:` section for a message: no options beyond the type. */
export const MessageOptions = z.object({ type: z.literal('message') });
export type MessageOptions = z.infer<typeof MessageOptions>;

/** A draft Slack message, e.g. a reply to a customer. */
export const MessageContent = z
  .object({
    text: z
      .string()
      .min(1)
      .describe('The message exactly as it should be posted. Slack mrkdwn (*bold*, _italic_, bullet lines) is allowed.'),
  })
  .describe('A draft Slack message for a person to review before it is posted.');
export type MessageContent = z.infer<typeof MessageContent>;

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
};
