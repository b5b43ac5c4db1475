/*
 * Untrusted text (input, channel messages, files, reviewers' replies) goes into prompts inside
 * XML-like tags. These keep it data: quoted text holds no `<` or `>` at all, so no spelling of
 * a tag (spaces, case, line breaks, attributes) can close or open one, and attribute values
 * cannot break out of their quotes.
 */

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text placed between tags: `&`, `<` and `>` become entities. `&` is escaped too, so text that
 * already spells `&lt;/input&gt;` stays distinguishable from an escaped tag.
 */
export function quoteData(text: string): string {
  return text.replace(/[&<>]/g, (c) => TEXT_ENTITIES[c] ?? c);
}

/** Text placed in a tag attribute. */
export function quoteAttribute(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
