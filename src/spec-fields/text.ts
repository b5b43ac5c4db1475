import { z } from 'zod';

/** A non-empty string (a blank one is almost always a mistake or an unset variable). */
export const Text = z.string().refine((s) => s.trim() !== '', { error: 'must not be empty' });

/** An absolute http(s) URL with a host. */
export const HttpUrl = z.string().refine(isHttpUrl, {
  error: (issue) => `"${String(issue.input)}" is not an http(s) URL`,
});

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
