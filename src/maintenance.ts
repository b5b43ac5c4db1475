import type { AppServices } from './app-services.js';
import { forgetClosedEditViews } from './db/edit-views-repository.js';
import { heartbeat, markInstanceStopped } from './db/instances-repository.js';
import { forgetOldEvents } from './db/slack-events-repository.js';
import { notifyDueFacts } from './knowledge/notify-due-facts.js';
import { logLoopFailure } from './logger.js';
import { recoverOrphanedRuns, recoverRunsOfDeadInstances } from './orchestration/recover-runs.js';
import { every } from './periodic.js';
import { expireOverdueReviews } from './reviews/expire-reviews.js';
import { finishFollowUps } from './reviews/finish-follow-ups.js';
import { reportInterruptedSteps } from './reviews/report-interrupted-steps.js';

/** Slack retries a delivery for minutes, not days: a day of event ids is plenty for dedupe. */
const EVENT_RETENTION_MS = 24 * 3_600_000;

/**
 * The periodic work every replica does: heartbeat its instance id, expire overdue reviews,
 * report the runs and claimed apply steps of instances that went silent and its own runs whose
 * end could not be recorded, finish interrupted follow-ups of decisions, ask owners to verify
 * their due facts. All of it is safe to
 * run on every replica at once (conditional updates decide who acts). Every loop outlives its
 * errors (a database outage): it logs and tries again next time. @returns a function that stops it all
 */
export async function startMaintenance(services: AppServices): Promise<() => Promise<void>> {
  const { db, instanceId, logger, config } = services;
  const { instanceTimeoutMs } = config.timing;
  await heartbeat(db, instanceId);
  // Since when this instance's heartbeats get through. After an outage every replica's heartbeat
  // is old: others are judged dead only once they had an instance timeout to heartbeat again.
  let heartbeatingSince: number | undefined = Date.now();
  const beat = async () => {
    try {
      await heartbeat(db, instanceId);
      heartbeatingSince ??= Date.now();
    } catch (err) {
      heartbeatingSince = undefined;
      throw err;
    }
  };
  const recoverDead = async () => {
    if (heartbeatingSince === undefined || Date.now() - heartbeatingSince < instanceTimeoutMs) return;
    await recoverRunsOfDeadInstances(services, instanceTimeoutMs);
    await reportInterruptedSteps(services, { silentForMs: instanceTimeoutMs });
  };
  const stops = [
    every(config.timing.heartbeatMs, beat, logLoopFailure(logger, 'heartbeat')),
    every(config.timing.sweepMs, () => expireOverdueReviews(services), logLoopFailure(logger, 'expiring reviews')),
    every(
      config.timing.sweepMs,
      recoverDead,
      logLoopFailure(logger, 'recovering runs and apply steps of dead instances'),
    ),
    every(
      config.timing.sweepMs,
      () => recoverOrphanedRuns(services, instanceTimeoutMs),
      logLoopFailure(logger, 'recovering unrecorded run ends'),
    ),
    every(
      config.timing.sweepMs,
      () => finishFollowUps(services, 2 * config.timing.sweepMs),
      logLoopFailure(logger, 'finishing interrupted follow-ups'),
    ),
    every(
      config.timing.sweepMs,
      // A request that could not reach its owners is tried again a dozen sweeps later (a minute by default).
      () => notifyDueFacts(services, { retryAfterMs: 12 * config.timing.sweepMs, silentMs: instanceTimeoutMs }),
      logLoopFailure(logger, 'asking owners to verify due facts'),
    ),
    every(
      EVENT_RETENTION_MS / 24,
      () => forgetOldEvents(db, EVENT_RETENTION_MS),
      logLoopFailure(logger, 'forgetting old Slack event ids'),
    ),
    every(
      EVENT_RETENTION_MS / 24,
      () => forgetClosedEditViews(db),
      logLoopFailure(logger, 'forgetting closed Edit views'),
    ),
  ];
  return async () => {
    for (const stop of stops) stop();
    await markInstanceStopped(db, instanceId).catch((err: unknown) =>
      logger.warn('could not mark this instance stopped', err),
    );
  };
}
