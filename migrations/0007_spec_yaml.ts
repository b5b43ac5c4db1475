import { type Kysely, sql } from 'kysely';

/**
 * What spec files' YAML converted to, by content hash and reader (the YAML library's version and
 * the app's way of reading), so a start with many unchanged specs does not parse their YAML
 * again. The files' own text only: `${VAR}` values are never stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spec_yaml')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('reader', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('spec_yaml_pk', ['hash', 'reader'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('spec_yaml').execute();
}
