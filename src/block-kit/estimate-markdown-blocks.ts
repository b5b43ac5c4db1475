/**
 * Slack turns a `markdown` block into blocks of its own (a header per heading, a block per code
 * fence, table and rule, rich text for the prose), and those count towards the message's 50
 * blocks: a message over them is refused with `msg_blocks_too_long`. Each also costs about 100
 * characters of the message's total size beyond its text (measured by others against
 * chat.postMessage; Slack documents neither).
 */
export const MARKDOWN_BLOCK_OVERHEAD = 100;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(\s|$)/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_ROW = /^\s*\|/;

/**
 * An upper estimate of the blocks Slack makes of `markdown`: one per heading, fenced code block,
 * rule and table, and one per paragraph (a run of other lines up to a blank line), which
 * over-counts prose that Slack keeps in one rich text block. Pure; linear in the text.
 */
export function estimateMarkdownBlocks(markdown: string): number {
  let blocks = 0;
  let fence: string | undefined;
  let inParagraph = false;
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence)) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    const table = TABLE_ROW.test(line);
    if (open || HEADING.test(line) || RULE.test(line) || (table && !inTable)) blocks += 1;
    if (open) fence = open[1];
    inTable = table;
    if (open || HEADING.test(line) || RULE.test(line) || table || line.trim() === '') {
      inParagraph = false;
      continue;
    }
    if (!inParagraph) blocks += 1;
    inParagraph = true;
  }
  return blocks;
}
