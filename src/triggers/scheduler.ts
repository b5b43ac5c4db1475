import type { Logger } from '@slack/logger';
import { createTask, type ScheduledTask } from 'node-cron';
import type { BackgroundWork } from '../background-work.js';
import type { RunServices } from '../orchestration/execute-run.js';
import { continueRun } from '../orchestration/start-run.js';
import { recordRunsOnce } from '../runs/record-runs-once.js';
import type { AgentRegistry, ScheduledAgent } from '../specs/agent-registry.js';

export type SchedulerServices = RunServices & { work: BackgroundWork; logger: Logger };

interface Entry {
  task: ScheduledTask;
  /** What the task was built from; a changed spec rebuilds it. */
  signature: string;
}

/**
 * The spec's `triggers.schedule`, as node-cron tasks in this process. Every replica runs the
 * same tasks; a firing runs only after its slot (job, scheduled time) is claimed in the
 * database, in the same transaction that records the run, so each slot runs exactly once
 * across replicas and a crash cannot leave a claimed slot without its run.
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly services: SchedulerServices) {}

  /** Brings the tasks in line with `registry` (called at start and after every spec reload). */
  sync(registry: AgentRegistry): void {
    const wanted = new Map(registry.scheduled().map((s) => [jobName(s), s]));
    for (const [job, entry] of this.entries) {
      const next = wanted.get(job);
      if (!next || signatureOf(next) !== entry.signature) {
        void entry.task.destroy();
        this.entries.delete(job);
      }
    }
    for (const [job, scheduled] of wanted) {
      if (this.entries.has(job)) continue;
      const task = createTask(scheduled.schedule.cron, (context) => this.fire(job, scheduled, context.date), {
        name: job,
        ...(scheduled.schedule.timezone ? { timezone: scheduled.schedule.timezone } : {}),
        unref: true,
      });
      void task.start();
      this.entries.set(job, { task, signature: signatureOf(scheduled) });
    }
  }

  /** When `agent`'s schedule number `index` fires next, if it is scheduled here. */
  nextRun(agent: string, index: number): Date | null {
    return this.entries.get(`${agent}#${index}`)?.task.getNextRun() ?? null;
  }

  stop(): void {
    for (const entry of this.entries.values()) void entry.task.destroy();
    this.entries.clear();
  }

  private async fire(job: string, scheduled: ScheduledAgent, at: Date): Promise<void> {
    const { services } = this;
    const slot = new Date(Math.floor(at.getTime() / 1000) * 1000);
    try {
      const channel = await services.slack.resolveChannel(scheduled.channel);
      if (!channel) {
        services.logger.error(
          `schedule ${job} skipped at ${slot.toISOString()}: channel ${scheduled.channel} is unknown (is the app in it?)`,
        );
        return;
      }
      const [run] = await recordRunsOnce(
        services.db,
        { kind: 'schedule', job, slot, instanceId: services.instanceId },
        [
          {
            instanceId: services.instanceId,
            agent: scheduled.agent,
            trigger: {
              kind: 'schedule',
              detail: `${scheduled.schedule.cron}${scheduled.schedule.timezone ? ` ${scheduled.schedule.timezone}` : ''}`,
            },
            input: scheduled.schedule.input ?? '',
            channelId: channel.id,
          },
        ],
      );
      if (run) continueRun(services, run);
    } catch (err) {
      services.logger.error(`schedule ${job} failed to start at ${slot.toISOString()}`, err);
    }
  }
}

function jobName(s: ScheduledAgent): string {
  return `${s.agent.spec.name}#${s.index}`;
}

function signatureOf(s: ScheduledAgent): string {
  return JSON.stringify([s.agent.hash, s.schedule, s.channel]);
}
