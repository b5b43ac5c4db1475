/**
 * Escapes text for a Slack `mrkdwn` text object: `&`, `<` and `>` become entities, so content
 * written by a model or a user shows literally and can never become a live `<!channel>`, a
 * mention or a disguised link. Slack decodes the entities for display. Formatting characters
 * (`*`, `_`, `~`, backticks) are left alone: Slack has no escape for them.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes text for a `markdown` block. Slack still parses its own `<…>` tokens there (mentions,
 * `<!here>`, labelled links), so `<` becomes `&lt;`, which Slack shows as the literal character.
 * `>` stays, so Markdown block quotes keep working; `&` stays, so link destinations with query
 * strings are not corrupted.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/</g, '&lt;');
}

/** Collapses all whitespace (newlines included) to single spaces: for one-line labels and headings. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A mention of a Slack user: `<@U123ABC>` for a well-formed user id (`U…`/`W…`), otherwise the
 * escaped text, so a malformed id can never inject mrkdwn.
 */
export function mentionUser(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** A fact's or a policy's `owner` as people read it: a mention of a user, a group's handle as text. */
export function mentionOwner(owner: string): string {
  return owner.startsWith('@') ? escapeMrkdwn(owner) : mentionUser(owner);
}
