import type { FactCheckState } from '../db/facts-repository.js';

/** Where a fact version stands: when it was last verified, whether it is due, whether it is disputed. */
export interface FactStatus {
  /** Its last Verify, or when this content was first seen (a change verifies it), whichever is later. */
  verifiedAt: Date;
  /** Who verified it (absent: verified by its change). */
  verifiedBy?: string;
  /** When it falls (or fell) due. */
  dueAt: Date;
  due: boolean;
  /** The newest word on it was "needs a change". */
  needsChange?: FactCheckState['needsChange'];
  /** Corrections contradicting it that wait for its owner. */
  openDisputes: number;
  disputed: boolean;
}

/** The status of one fact version from what is stored of it. Pure. */
export function factStatus(
  version: { versionAt: Date; verifyEveryMs: number },
  checks: FactCheckState | undefined,
  openDisputes: number,
  now: Date,
): FactStatus {
  const verified = checks?.verifiedAt && checks.verifiedAt > version.versionAt ? checks.verifiedAt : version.versionAt;
  const dueAt = new Date(verified.getTime() + version.verifyEveryMs);
  return {
    verifiedAt: verified,
    ...(checks?.verifiedBy && verified === checks.verifiedAt ? { verifiedBy: checks.verifiedBy } : {}),
    dueAt,
    due: dueAt <= now,
    ...(checks?.needsChange ? { needsChange: checks.needsChange } : {}),
    openDisputes,
    disputed: checks?.needsChange !== undefined || openDisputes > 0,
  };
}
