import type { AppServices } from './app-services.js';
import { forgetClosedEditViews } from './db/edit-views-repository.js';
import { heartbeat, markInstanceStopped } from './db/instances-repository.js';
import { forgetOldEvents } from './db/slack-events-repository.js';
import { every } from './periodic.js';
import { expireOverdueReviews } from './reviews/expire-reviews.js';
import { finishFollowUps } from './reviews/finish-follow-ups.js';
import { reportInterruptedSteps } from './reviews/report-interrupted-steps.js';
import { recoverRunsOfDeadInstances } from './runs/recover-runs.js';

/** Slack retries a delivery for minutes, not days: a day of event ids is plenty for dedupe. */
const EVENT_RETENTION_MS = 24 * 3_600_000;

/**
 * The periodic work every replica does: heartbeat its instance id, expire overdue reviews,
 * report the runs and apply steps of instances that went silent, finish interrupted follow-ups
 * of decisions. All of it is safe on every replica at once (conditional updates decide who
 * acts). @returns a function that stops it all
 */
export async function startMaintenance(services: AppServices): Promise<() => Promise<void>> {
  const { db, instanceId, logger, config } = services;
  await heartbeat(db, instanceId);
  const stops = [
    every(config.timing.heartbeatMs, () => heartbeat(db, instanceId), (err) => logger.error('heartbeat failed', err)),
    every(config.timing.sweepMs, () => expireOverdueReviews(services), (err) => logger.error('expiring reviews failed', err)),
    every(config.timing.sweepMs, () => recoverRunsOfDeadInstances(services, config.timing.instanceTimeoutMs), (err) => logger.error('recovering runs of dead instances failed', err)),
    every(
      config.timing.sweepMs,
      () => reportInterruptedSteps(services, { silentForMs: config.timing.instanceTimeoutMs }),
      (err) => logger.error('reporting interrupted apply steps failed', err),
    ),
    every(config.timing.sweepMs, () => finishFollowUps(services, 2 * config.timing.sweepMs), (err) => logger.error('finishing interrupted follow-ups failed', err)),
    every(EVENT_RETENTION_MS / 24, () => forgetOldEvents(db, EVENT_RETENTION_MS), (err) => logger.error('forgetting old Slack event ids failed', err)),
    every(EVENT_RETENTION_MS / 24, () => forgetClosedEditViews(db), (err) => logger.error('forgetting closed Edit views failed', err)),
  ];
  return async () => {
    for (const stop of stops) stop();
    await markInstanceStopped(db, instanceId).catch((err: unknown) => logger.warn('could not mark this instance stopped', err));
  };
}
