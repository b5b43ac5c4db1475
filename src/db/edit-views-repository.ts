import type { Kysely, Transaction } from 'kysely';
import type { Database, EditViewRow } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Remembers an Edit modal that views.open showed `userId` for one artifact version. */
export async function recordEditView(
  db: Db,
  view: { viewId: string; artifactId: string; version: number; userId: string },
): Promise<void> {
  await db
    .insertInto('edit_views')
    .values({ view_id: view.viewId, artifact_id: view.artifactId, version: view.version, user_id: view.userId })
    .onConflict((oc) => oc.column('view_id').doNothing())
    .execute();
}

/** The Edit modal the app opened under this view id, or undefined when it never opened one. */
export async function findEditView(db: Db, viewId: string): Promise<EditViewRow | undefined> {
  return db.selectFrom('edit_views').selectAll().where('view_id', '=', viewId).executeTakeFirst();
}

/**
 * Forgets the modals of versions no longer pending: their submission is refused as stale anyway.
 * @returns how many were forgotten
 */
export async function forgetClosedEditViews(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('edit_views')
    .where((eb) => {
      const pending = eb
        .selectFrom('artifacts')
        .select('artifacts.id')
        .whereRef('artifacts.id', '=', 'edit_views.artifact_id')
        .where('artifacts.status', '=', 'pending');
      return eb.not(eb.exists(pending));
    })
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
