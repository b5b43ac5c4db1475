/**
 * Renders rows as RFC 4180 CSV: a header line of `columns`, then one line per row with the
 * values of those columns in that order (missing values are empty). A field is quoted when it
 * holds a comma, a double quote, CR or LF, with inner quotes doubled; lines end with CRLF,
 * the last one included.
 */
export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, string>>[]): string {
  const lines = [columns, ...rows.map((row) => columns.map((column) => row[column] ?? ''))];
  return lines.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
