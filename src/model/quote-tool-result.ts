import { quoteAttribute, quoteData } from './quote-data.js';

/** How much of one tool result the model is given (DESIGN.md "Tools"). */
export const MAX_TOOL_RESULT = 20_000;

/**
 * A tool result as the model reads it: untrusted data inside a `<tool_result>` tag, quoted like
 * channel history (no tag can be closed or opened from inside), cut at {@link MAX_TOOL_RESULT}
 * characters with a line saying so. `totalChars` is the result's length before any cut (a
 * recorded result was cut already: it is told of as the original was). Pure.
 */
export function quoteToolResult(tool: string, text: string, totalChars = text.length): string {
  const cut = totalChars > MAX_TOOL_RESULT;
  const shown = text.length > MAX_TOOL_RESULT ? text.slice(0, MAX_TOOL_RESULT) : text;
  const note = cut
    ? `\n[The result was cut: it had ${totalChars.toLocaleString('en-US')} characters; only the first ${MAX_TOOL_RESULT.toLocaleString('en-US')} are shown.]`
    : '';
  return `<tool_result tool="${quoteAttribute(tool)}">\n${quoteData(shown)}\n</tool_result>${note}`;
}
