import { fail } from './core.js';
import { int, str } from './params.js';

/**
 * One page of `items` as Slack's cursor pagination serves it: `cursor` and `limit` from the
 * call's parameters, at most `cap` items whatever `limit` asks for (Slack may return fewer),
 * and the `next_cursor` (empty on the last page). An unreadable cursor fails `invalid_cursor`.
 */
export function paginate<T>(
  items: readonly T[],
  params: Record<string, unknown>,
  defaultLimit: number,
  cap: number,
): { page: T[]; next_cursor: string } {
  const offset = decodeCursor(params.cursor);
  const size = Math.min(int(params.limit, defaultLimit), cap);
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodeCursor(offset + size) : '';
  return { page, next_cursor: next };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeCursor(cursor: unknown): number {
  const raw = str(cursor);
  if (raw === undefined || raw === '') return 0;
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  const match = /^offset:(\d+)$/.exec(decoded);
  if (!match?.[1]) fail('invalid_cursor');
  return Number(match[1]);
}
