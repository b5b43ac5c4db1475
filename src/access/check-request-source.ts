import type { Kysely } from 'kysely';
import { findEditView } from '../db/edit-views-repository.js';
import type { ArtifactRow, Database } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { type ClickOrigin, checkClickOrigin, reviewHome } from './check-click-origin.js';

/** What a request to decide or edit a review came through. */
export type RequestSource =
  /** A review button (Approve, Reject, Edit), pressed on the message named by `origin`. */
  | { kind: 'button'; origin: ClickOrigin | undefined }
  /** The submission of the Edit modal with this view id. */
  | { kind: 'edit-view'; viewId: string };

/**
 * Checks that a request acts only on what its sender was shown: a button pressed on this
 * artifact's own review message, or an Edit modal this app opened for this very version and
 * this person (recorded when views.open answered).
 * @throws CoworkerError `request_mismatch` saying nothing was changed
 */
export async function checkRequestSource(
  db: Kysely<Database>,
  artifact: ArtifactRow,
  userId: string,
  source: RequestSource,
): Promise<void> {
  switch (source.kind) {
    case 'button':
      return checkClickOrigin(source.origin, reviewHome(artifact));
    case 'edit-view': {
      const view = await findEditView(db, source.viewId);
      if (view?.artifact_id === artifact.id && view.version === artifact.version && view.user_id === userId) return;
      const message =
        'This form was not opened by Coworker for you for this version, so nothing was changed. ' +
        'Press Edit on the review to open a new one.';
      throw new CoworkerError('request_mismatch', message, {
        details: { viewId: source.viewId, artifactId: artifact.id },
      });
    }
    default: {
      const unknown: never = source;
      throw new Error(`unknown request source ${JSON.stringify(unknown)}`);
    }
  }
}
