/**
 * A table row as a reviewer edits it: one line per column, `column: value`, in column order; an
 * empty value is the bare `column:`. A value with line breaks runs over several lines: a line
 * that does not start with a column name continues the value above it.
 */
export function tableRowText(row: Readonly<Record<string, string>>, columns: readonly string[]): string {
  return columns.map((column) => cellLine(column, row[column] ?? '')).join('\n');
}

/** One `column: value` line (`column:` when the value is empty). */
export function cellLine(column: string, value: string): string {
  return value === '' ? `${column}:` : `${column}: ${value}`;
}

/**
 * Reads {@link tableRowText} back into a row with exactly `columns` as keys, or says in plain
 * words what is wrong (a column missing or given twice, text before the first column). Values
 * are trimmed, and one that equals `original`'s but for surrounding whitespace is `original`'s.
 */
export function parseTableRowText(
  text: string,
  columns: readonly string[],
  original: Readonly<Record<string, string>>,
): { ok: true; row: Record<string, string> } | { ok: false; error: string } {
  // Longest first, so that a column named "due date" wins over one named "due".
  const byLength = [...columns].sort((a, b) => b.length - a.length);
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const [i, line] of text.split('\n').entries()) {
    const start = columnAt(line, byLength);
    if (start === undefined) {
      if (current !== undefined) current.push(line);
      else if (line.trim() !== '')
        return {
          ok: false,
          error: `Line ${i + 1} does not start with a column name. Write each value as "column: value".`,
        };
      continue;
    }
    if (found.has(start.column))
      return { ok: false, error: `The column "${start.column}" is there twice: give each column once.` };
    current = [start.rest];
    found.set(start.column, current);
  }
  const missing = columns.filter((column) => !found.has(column));
  if (missing.length > 0) {
    const names = missing.map((c) => `"${c}"`).join(', ');
    return {
      ok: false,
      error: `${missing.length === 1 ? 'The column' : 'The columns'} ${names} ${missing.length === 1 ? 'is' : 'are'} missing: a row has one line per column (${columns.join(', ')}).`,
    };
  }
  const row: Record<string, string> = {};
  for (const column of columns) {
    const value = (found.get(column) ?? []).join('\n').trim();
    const before = original[column] ?? '';
    row[column] = value === before.trim() ? before : value;
  }
  return { ok: true, row };
}

/** The column a line starts with (`name:` exactly, else ignoring case and leading spaces) and the rest of the line; `columns` longest first. */
function columnAt(line: string, columns: readonly string[]): { column: string; rest: string } | undefined {
  const exact = columns.find((column) => line.startsWith(`${column}:`));
  if (exact !== undefined) return { column: exact, rest: line.slice(exact.length + 1) };
  const loose = line.trimStart();
  const column = columns.find(
    (c) => loose.charAt(c.length) === ':' && loose.slice(0, c.length).toLowerCase() === c.toLowerCase(),
  );
  return column === undefined ? undefined : { column, rest: loose.slice(column.length + 1) };
}
