import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

// Two or three parameters a row: well under PostgreSQL's 65,535 parameters a statement.
const ROWS_PER_STATEMENT = 1000;

/** The stored YAML values of these content hashes, read by `reader`. */
export async function storedSpecYaml(
  db: Kysely<Database>,
  reader: string,
  hashes: readonly string[],
): Promise<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  for (let start = 0; start < hashes.length; start += ROWS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('spec_yaml')
      .select(['hash', 'value'])
      .where('reader', '=', reader)
      .where('hash', 'in', hashes.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
    for (const row of rows) values.set(row.hash, JSON.parse(row.value));
  }
  return values;
}

/**
 * Stores YAML values by content hash (a hash stored already keeps its value: the same bytes
 * convert to the same value), and forgets those of other readers (an older app or YAML library).
 */
export async function storeSpecYaml(
  db: Kysely<Database>,
  reader: string,
  entries: ReadonlyArray<{ hash: string; value: unknown }>,
): Promise<void> {
  await db.deleteFrom('spec_yaml').where('reader', '<>', reader).execute();
  for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
    await db
      .insertInto('spec_yaml')
      .values(
        entries
          .slice(start, start + ROWS_PER_STATEMENT)
          .map((entry) => ({ hash: entry.hash, reader, value: JSON.stringify(entry.value) })),
      )
      .onConflict((oc) => oc.columns(['hash', 'reader']).doNothing())
      .execute();
  }
}
