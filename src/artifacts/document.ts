import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { escapeMarkdown, oneLine } from '../block-kit/escape-mrkdwn.js';
import { estimateMarkdownBlocks, MARKDOWN_BLOCK_OVERHEAD } from '../block-kit/estimate-markdown-blocks.js';
import { fitEditParts } from '../block-kit/fit-edit-parts.js';
import {
  blockTextLength,
  fitBlocks,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_HEADER_TEXT,
  MAX_MARKDOWN_TEXT,
  MAX_MESSAGE_TEXT,
  REVIEW_SURFACE_TEXT,
  truncate,
} from '../block-kit/limits.js';
import { textField } from '../block-kit/text-field.js';
import type { ArtifactType } from './artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from './artifact-type.js';
import { compareProse } from './comparison.js';
import { editChange } from './edit-change.js';
import { DOCUMENT_TITLE_BLOCK, readDocumentEdit, sectionBlock } from './read-document-edit.js';

/** The spec's `artifact:` section for a document: no options beyond the type. */
export const DocumentOptions = z.object({ type: z.literal('document') });
export type DocumentOptions = z.infer<typeof DocumentOptions>;

/** A titled document in sections with Markdown bodies. */
export const DocumentContent = z
  .object({
    title: z.string().min(1).describe('The document title, short (one line).'),
    sections: z
      .array(
        z.object({
          heading: z.string().min(1).describe('The section heading, one line, without numbering or "#".'),
          body: z.string().describe('The section text in Markdown: paragraphs, lists, **bold**, links. No tables.'),
        }),
      )
      .min(1)
      .describe('The sections in reading order; reviewers refer to them as "section 1", "section 2", ...'),
  })
  .describe('A document: a title and numbered sections.');
export type DocumentContent = z.infer<typeof DocumentContent>;

// A section cut to fit is only worth showing when this much of it remains.
const MIN_PARTIAL_SECTION = 300;
// Likewise for the part of a line shown at the cut.
const MIN_PARTIAL_LINE = 100;

/** `document`: title + Markdown sections, reviewed as a header and numbered sections; targets `section N`. */
export const documentArtifact: ArtifactType<DocumentOptions, DocumentContent> = {
  type: 'document',
  options: DocumentOptions,

  contentSchema() {
    return DocumentContent;
  },

  guidance() {
    return 'Write a document with a short title and sections, each a heading and a Markdown body. Markdown tables are not shown in Slack: use lists.';
  },

  renderReview(content, _options, maxBlocks, maxChars = REVIEW_SURFACE_TEXT) {
    return renderDocument(content, { maxBlocks, maxChars, numbered: true });
  },

  toText(content) {
    const sections = content.sections.map(
      (section, i) => `## ${i + 1}. ${oneLine(section.heading)}\n\n${section.body.trim()}`,
    );
    return `${[`# ${oneLine(content.title)}`, ...sections].join('\n\n')}\n`;
  },

  renderPost(content) {
    const { blocks } = renderDocument(content, {
      maxBlocks: MAX_BLOCKS_PER_MESSAGE,
      maxChars: MAX_MESSAGE_TEXT,
      numbered: false,
    });
    return { text: truncate(oneLine(content.title), MAX_HEADER_TEXT), blocks };
  },

  approvedFiles() {
    return [];
  },

  targets(content) {
    return content.sections.map((_, i) => `section ${i + 1}`);
  },

  editForm(content, _options, maxBlocks = MAX_EDIT_FORM_BLOCKS) {
    return fitEditParts({
      lead: [textField({ blockId: DOCUMENT_TITLE_BLOCK, label: 'Title', value: content.title })],
      count: content.sections.length,
      part: (i) => {
        const section = content.sections[i] ?? { heading: '', body: '' };
        const n = i + 1;
        return [
          textField({ blockId: sectionBlock(n, 'heading'), label: `Section ${n} heading`, value: section.heading }),
          textField({
            blockId: sectionBlock(n, 'body'),
            label: `Section ${n} text`,
            value: section.body,
            multiline: true,
            optional: true,
            hint: i === 0 ? 'Markdown: **bold**, _italic_, lists with "- ", [links](https://example.com).' : undefined,
          }),
        ];
      },
      noun: ['section', 'sections'],
      maxBlocks,
    });
  },

  readEditForm(values, original) {
    return readDocumentEdit(values, original, DocumentContent);
  },

  describeEdit(before, after) {
    const changes =
      before.title === after.title ? [] : [editChange(null, `Title: ${before.title}`, `Title: ${after.title}`)];
    before.sections.forEach((section, i) => {
      const edited = after.sections[i];
      if (edited === undefined || (edited.heading === section.heading && edited.body === section.body)) return;
      changes.push(editChange(`section ${i + 1}`, sectionText(section), sectionText(edited)));
    });
    return changes;
  },
  compare(expected, actual, options, ctx) {
    return compareProse(documentArtifact.toText(expected, options), documentArtifact.toText(actual, options), ctx);
  },
};

function sectionText(section: DocumentContent['sections'][number]): string {
  return section.body.trim() === '' ? section.heading : `${section.heading}\n\n${section.body}`;
}

interface DocumentLayout {
  /** Blocks as Slack counts them, i.e. after it has expanded the `markdown` block. */
  maxBlocks: number;
  maxChars: number;
  /** Review numbers the sections so corrections can say "section 2"; the clean post does not. */
  numbered: boolean;
}

/**
 * Header, one `markdown` block with the sections that fit, and a note for those that did not.
 * Sections are added while the markdown stays within 12,000 characters, the text budget (each
 * block Slack will make of it charged {@link MARKDOWN_BLOCK_OVERHEAD} on top) and the blocks
 * left (as {@link estimateMarkdownBlocks} counts them).
 */
function renderDocument(
  content: DocumentContent,
  layout: DocumentLayout,
): { blocks: KnownBlock[]; truncated: boolean } {
  const header: KnownBlock = {
    type: 'header',
    text: { type: 'plain_text', text: truncate(oneLine(content.title), MAX_HEADER_TEXT) },
  };
  const total = content.sections.length;
  const note = (hidden: number): KnownBlock => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `_…${hidden} more ${hidden === 1 ? 'section' : 'sections'} not shown_` }],
  });
  const maxChars = layout.maxChars - blockTextLength(header) - blockTextLength(note(total));
  const maxBlocks = layout.maxBlocks - 2;

  const parts: string[] = [];
  let chars = 0;
  let cost = 0;
  let blocks = 0;
  let cut = false;
  for (const [i, section] of content.sections.entries()) {
    // The heading is a bold line, not a Markdown heading: Slack would make each a block of its own.
    const heading = `**${layout.numbered ? `${i + 1}. ` : ''}${escapeInline(oneLine(section.heading))}**`;
    const body = section.body.trim();
    const part = closeCodeFence(body === '' ? heading : `${heading}\n${escapeMarkdown(body)}`);
    const separator = parts.length > 0 ? 2 : 0;
    const partBlocks = estimateMarkdownBlocks(part);
    const partCost = separator + part.length + partBlocks * MARKDOWN_BLOCK_OVERHEAD;
    if (
      chars + separator + part.length <= MAX_MARKDOWN_TEXT &&
      cost + partCost <= maxChars &&
      blocks + partBlocks <= maxBlocks
    ) {
      parts.push(part);
      chars += separator + part.length;
      cost += partCost;
      blocks += partBlocks;
      continue;
    }
    // Show the start of this section when enough room is left; its first paragraph is one block.
    const left = Math.min(MAX_MARKDOWN_TEXT - chars, maxChars - cost) - separator;
    if (left >= MIN_PARTIAL_SECTION && blocks < maxBlocks) {
      const start = startOf(part, maxBlocks - blocks, left);
      if (start !== undefined) {
        parts.push(start);
        cut = true;
      }
    }
    break;
  }

  const hidden = total - parts.length;
  const out: KnownBlock[] = [header];
  if (parts.length > 0) out.push({ type: 'markdown', text: parts.join('\n\n') });
  if (hidden > 0) out.push(note(hidden));
  const fitted = fitBlocks(out, { maxBlocks: layout.maxBlocks, maxChars: layout.maxChars });
  return { blocks: fitted.blocks, truncated: cut || hidden > 0 || fitted.truncated };
}

/**
 * The longest start of `part` (whole lines, then as much of the next line as fits), marked with
 * "…", that Slack makes into at most `maxBlocks` blocks and whose text plus block overhead stays
 * within `maxCost`; undefined when not even part of a line fits.
 */
function startOf(part: string, maxBlocks: number, maxCost: number): string | undefined {
  const fits = (text: string) => {
    const blocks = estimateMarkdownBlocks(text);
    return blocks <= maxBlocks && text.length + blocks * MARKDOWN_BLOCK_OVERHEAD <= maxCost;
  };
  const lines = part.split('\n');
  const withLines = (n: number) => closeCodeFence(`${lines.slice(0, n).join('\n')} …`);
  // Only lines that could fit are candidates, which keeps the search cheap on a huge section.
  let high = 0;
  for (let length = 0; high < lines.length && length <= maxCost; high += 1) length += (lines[high]?.length ?? 0) + 1;
  let low = 0;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(withLines(mid))) low = mid;
    else high = mid - 1;
  }
  // Then as much of the next line as fits, so that a long paragraph is not reduced to nothing.
  const base = lines.slice(0, low).join('\n');
  const next = lines[low];
  if (next !== undefined) {
    const room =
      maxCost - base.length - 1 - (estimateMarkdownBlocks(base) + 1) * MARKDOWN_BLOCK_OVERHEAD - '\n```'.length;
    if (room >= MIN_PARTIAL_LINE) {
      const text = closeCodeFence(low > 0 ? `${base}\n${truncate(next, room)}` : truncate(next, room));
      if (fits(text)) return text;
    }
  }
  return low > 0 ? withLines(low) : undefined;
}

/** Markdown emphasis characters in a one-line heading shown in bold: escaped, so they cannot end the bold. */
function escapeInline(text: string): string {
  return escapeMarkdown(text).replace(/([\\*_~`])/g, '\\$1');
}

/** A cut inside a fenced code block would leave the rest of the message as code: close it. */
function closeCodeFence(text: string): string {
  const fences = text.match(/^ {0,3}(```|~~~)/gm)?.length ?? 0;
  return fences % 2 === 1 ? `${text}\n\`\`\`` : text;
}
