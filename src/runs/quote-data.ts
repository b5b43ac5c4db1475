/**
 * Untrusted text (input, channel messages, files, reviewers' replies) goes into prompts inside
 * XML-like tags. These keep it data: quoted text cannot close the tag it sits in, and attribute
 * values cannot break out of their quotes.
 */
const CLOSING_TAGS = /<\/(input|channel_history|message|file|reply|artifact|agent|correction)>/gi;

/** Text placed between tags. */
export function quoteData(text: string): string {
  return text.replace(CLOSING_TAGS, '<\\/$1>');
}

/** Text placed in a tag attribute. */
export function quoteAttribute(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
