import { type Kysely, sql } from 'kysely';

/**
 * Apply steps cut off by a crash: a step whose process died moves from `claimed` to
 * `interrupted` and is reported once in the review's thread. `description` says in words what
 * the step was doing (kept from its claim, so a changed spec cannot change the report);
 * `report_claimed_by` is the instance posting the report (since `report_claimed_at`);
 * `reported_at` is set once it is posted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('apply_steps')
    .addColumn('description', 'text')
    .addColumn('report_claimed_by', 'text')
    .addColumn('report_claimed_at', 'timestamptz')
    .addColumn('reported_at', 'timestamptz')
    .execute();
  // The sweeps look only at unresolved steps: a small partial index however long the history.
  await db.schema
    .createIndex('apply_steps_unresolved')
    .on('apply_steps')
    .column('status')
    .where(sql<boolean>`status in ('claimed', 'interrupted')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('apply_steps_unresolved').execute();
  await db.schema
    .alterTable('apply_steps')
    .dropColumn('reported_at')
    .dropColumn('report_claimed_at')
    .dropColumn('report_claimed_by')
    .dropColumn('description')
    .execute();
}
