import type { ChannelInfo } from '../slack-port.js';
import { channelMatches } from '../spec-fields/channel-ref.js';
import type { AgentSpec, ScheduleEntry } from './agent-spec.js';
import type { LoadedAgent, SpecLoadResult } from './loaded-agent.js';
import type { InvalidSpec } from './spec-problem.js';

/** One schedule of one agent, as the scheduler needs it. */
export interface ScheduledAgent {
  agent: LoadedAgent;
  schedule: ScheduleEntry;
  /** Position in `triggers.schedule`: with the agent name, identifies the schedule. */
  index: number;
  /** Where the run posts: the entry's `channel`, else the agent's first channel. */
  channel: string;
}

/**
 * The agents of one load, looked up by name, channel and trigger. Immutable: a reload builds a
 * new registry, so a lookup never sees half of an old set and half of a new one. Lists keep the
 * load order (file-name order).
 */
export class AgentRegistry {
  readonly #agents: readonly LoadedAgent[];
  readonly #invalid: readonly InvalidSpec[];
  readonly #warnings: readonly InvalidSpec[];
  readonly #byName: ReadonlyMap<string, LoadedAgent>;

  /** `warnings` may be left out (none). */
  constructor(result: Omit<SpecLoadResult, 'warnings'> & Partial<Pick<SpecLoadResult, 'warnings'>>) {
    this.#agents = Object.freeze([...result.agents]);
    this.#invalid = Object.freeze([...result.invalid]);
    this.#warnings = Object.freeze([...(result.warnings ?? [])]);
    // The loader guarantees unique names; the first one wins should a caller pass duplicates.
    const byName = new Map<string, LoadedAgent>();
    for (const agent of this.#agents) if (!byName.has(agent.spec.name)) byName.set(agent.spec.name, agent);
    this.#byName = byName;
  }

  /** Every valid agent. */
  all(): readonly LoadedAgent[] {
    return this.#agents;
  }

  /** Every spec file that could not be used, with its problems. */
  invalid(): readonly InvalidSpec[] {
    return this.#invalid;
  }

  /** Problems of files whose agent still works (the kept side of a name or command conflict). */
  warnings(): readonly InvalidSpec[] {
    return this.#warnings;
  }

  /** The agent named `name`, or undefined. */
  get(name: string): LoadedAgent | undefined {
    return this.#byName.get(name);
  }

  /** The agents bound to `channel` (by ID, or by normalised name when the channel's name is known). */
  inChannel(channel: ChannelInfo): LoadedAgent[] {
    return this.#agents.filter((agent) => this.isBound(agent, channel));
  }

  /** True when `agent` lists `channel` among its `channels`. */
  isBound(agent: LoadedAgent | AgentSpec, channel: ChannelInfo): boolean {
    const spec = 'spec' in agent ? agent.spec : agent;
    return spec.channels.some((ref) => channelMatches(ref, channel));
  }

  /** The agent bound to `channel` whose `triggers.command` is `command` (unique per channel by load rules). */
  byCommand(command: string, channel: ChannelInfo): LoadedAgent | undefined {
    return this.inChannel(channel).find((agent) => agent.spec.triggers.command === command);
  }

  /** The agents bound to `channel` with `triggers.mention: true`. */
  mentionAgents(channel: ChannelInfo): LoadedAgent[] {
    return this.inChannel(channel).filter((agent) => agent.spec.triggers.mention);
  }

  /** The agents bound to `channel` with a `triggers.message` pattern. */
  messageAgents(channel: ChannelInfo): LoadedAgent[] {
    return this.inChannel(channel).filter((agent) => agent.spec.triggers.message !== undefined);
  }

  /** Every schedule entry of every agent, in load order then entry order. */
  scheduled(): ScheduledAgent[] {
    return this.#agents.flatMap((agent) =>
      agent.spec.triggers.schedule.map((schedule, index) => ({
        agent,
        schedule,
        index,
        // `channels` is never empty in a valid spec.
        channel: schedule.channel ?? agent.spec.channels[0] ?? '',
      })),
    );
  }
}
