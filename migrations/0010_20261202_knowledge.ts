import { type Kysely, sql } from 'kysely';

/**
 * Team knowledge (DESIGN.md "Team knowledge"): each content of a fact file is a version; people
 * verify a version or say it needs a change; a due fact's owners are told once per period; the
 * messages sent to owners are kept to update them; a run records the versions it was given; a
 * correction that contradicts a fact is held as disputed until the fact's owner settles it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fact_versions')
    .addColumn('fact_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('verify_every_s', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('fact_versions_pkey', ['fact_id', 'version'])
    .execute();
  await db.schema
    .createTable('fact_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fact_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('correction_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('fact_checks_fact')
    .on('fact_checks')
    .columns(['fact_id', 'version', 'created_at'])
    .execute();
  await db.schema
    .createTable('fact_notices')
    .addColumn('fact_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addPrimaryKeyConstraint('fact_notices_pkey', ['fact_id', 'version', 'due_at'])
    .execute();
  await db.schema
    .createTable('owner_cards')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('owner_cards_pkey', ['subject', 'user_id'])
    .execute();
  await db.schema
    .createTable('run_facts')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('fact_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('run_facts_pkey', ['run_id', 'fact_id'])
    .execute();
  await db.schema.createIndex('run_facts_fact').on('run_facts').columns(['fact_id', 'created_at']).execute();
  await db.schema
    .alterTable('artifacts')
    .addColumn('facts_used', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('corrections').addColumn('disputed_fact', 'text').execute();
  await db.schema.alterTable('corrections').addColumn('disputed_version', 'integer').execute();
  await db.schema.alterTable('corrections').addColumn('dispute_reason', 'text').execute();
  await db.schema.alterTable('corrections').addColumn('settlement', 'text').execute();
  await db.schema.alterTable('corrections').addColumn('settled_by', 'text').execute();
  await db.schema.alterTable('corrections').addColumn('settled_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'settled_at',
    'settled_by',
    'settlement',
    'dispute_reason',
    'disputed_version',
    'disputed_fact',
  ]) {
    await db.schema.alterTable('corrections').dropColumn(column).execute();
  }
  await db.schema.alterTable('artifacts').dropColumn('facts_used').execute();
  for (const table of ['run_facts', 'owner_cards', 'fact_notices', 'fact_checks', 'fact_versions']) {
    await db.schema.dropTable(table).execute();
  }
}
