import { createTask, type ScheduledTask } from 'node-cron';
import { type DigestDeps, postWeeklyDigest } from './weekly-digest.js';

/**
 * The weekly digest's cron task in this process (every replica runs one; the slot claim makes
 * one post). Started only when COWORKER_OWNERS_CHANNEL is set. @returns a function that stops it
 */
export function scheduleWeeklyDigest(
  deps: DigestDeps,
  settings: { channel: string; timezone: string; cron: string },
): () => void {
  const task: ScheduledTask = createTask(
    settings.cron,
    (context) => {
      const slot = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
      return postWeeklyDigest(deps, settings, slot).then(
        () => undefined,
        (err: unknown) => deps.logger.error(`the weekly digest of ${slot.toISOString()} failed`, err),
      );
    },
    { name: 'weekly-digest', timezone: settings.timezone, unref: true },
  );
  void task.start();
  return () => void task.destroy();
}
