import path from 'node:path';
import { normalizeChannelRef } from '../spec-fields/channel-ref.js';
import type { LocateLine } from './describe-issues.js';
import type { ValuePath } from './interpolate.js';
import type { LoadedAgent } from './loaded-agent.js';
import type { SpecProblem } from './spec-problem.js';

/** A spec valid on its own, waiting for the rules between agents. */
export interface Candidate {
  agent: LoadedAgent;
  namedByFile: boolean;
  locate: LocateLine;
}

/** The outcome of the rules: who is kept, and the problems of each file (switched off or kept). */
export interface CrossAgentOutcome {
  accepted: Candidate[];
  /** Problems of the files switched off, by file. */
  rejected: Map<string, SpecProblem[]>;
  /** Problems of kept files about the files they were preferred to, by file. */
  warnings: Map<string, SpecProblem[]>;
}

/**
 * Names are unique, and a command trigger is unique within each channel (channels compared
 * normalised, `#Sales` == `sales`; IDs compared as they are). In a conflict the agent that was
 * already loaded (`loaded` holds their files) keeps working and the newcomer is switched off;
 * among newcomers, or on a first load, the earlier file name wins. Both sides are told, each
 * naming the other file and line. `candidates` come in file-name order.
 */
export function applyCrossAgentRules(candidates: readonly Candidate[], loaded: ReadonlySet<string>): CrossAgentOutcome {
  const ordered = [
    ...candidates.filter((c) => loaded.has(c.agent.file)),
    ...candidates.filter((c) => !loaded.has(c.agent.file)),
  ];
  const outcome: CrossAgentOutcome = { accepted: [], rejected: new Map(), warnings: new Map() };
  const byName = new Map<string, Candidate>();
  const byCommand = new Map<string, Candidate[]>();
  const add = (map: Map<string, SpecProblem[]>, file: string, problem: SpecProblem) =>
    map.set(file, [...(map.get(file) ?? []), problem]);

  for (const candidate of ordered) {
    const { spec, file } = candidate.agent;
    let conflicts = 0;
    const namesake = byName.get(spec.name);
    if (namesake !== undefined) {
      conflicts += 1;
      const theirs = where(namesake, ['name']);
      const ours = where(candidate, ['name']);
      add(
        outcome.rejected,
        file,
        at(
          candidate,
          ['name'],
          `another agent is already named "${spec.name}" (${theirs}); agent names must be unique`,
        ),
      );
      add(
        outcome.warnings,
        namesake.agent.file,
        at(namesake, ['name'], `${ours} is also named "${spec.name}" and is switched off until the names differ`),
      );
    }
    const command = spec.triggers.command;
    for (const other of command === undefined ? [] : (byCommand.get(command) ?? [])) {
      const theirs = new Set(other.agent.spec.channels.map(normalizeChannelRef));
      const shared = spec.channels.filter((ref) => theirs.has(normalizeChannelRef(ref)));
      if (shared.length === 0) continue;
      conflicts += 1;
      const field: ValuePath = ['triggers', 'command'];
      const channels = shared.join(', ');
      const taken = `"${command}" is already the command of agent "${other.agent.spec.name}" (${where(other, field)}) in ${channels}`;
      add(outcome.rejected, file, at(candidate, field, `${taken}; a command must be unique in each channel`));
      const also = `"${command}" is also the command of agent "${spec.name}" (${where(candidate, field)}) in ${channels}`;
      add(
        outcome.warnings,
        other.agent.file,
        at(other, field, `${also}, which is switched off until the commands differ`),
      );
    }
    if (conflicts > 0) continue;
    outcome.accepted.push(candidate);
    byName.set(spec.name, candidate);
    if (command !== undefined) byCommand.set(command, [...(byCommand.get(command) ?? []), candidate]);
  }
  return outcome;
}

/** The line of a field, left out for a name taken from the file name (it is on no line). */
function lineOf(candidate: Candidate, field: ValuePath): number | undefined {
  return candidate.namedByFile && field[0] === 'name' ? undefined : candidate.locate(field);
}

function at(candidate: Candidate, field: ValuePath, message: string): SpecProblem {
  const line = lineOf(candidate, field);
  return { path: field.join('.'), ...(line === undefined ? {} : { line }), message };
}

/** `a.yaml:4`, or `a.yaml` when the field is on no line. */
function where(candidate: Candidate, field: ValuePath): string {
  const line = lineOf(candidate, field);
  const name = path.basename(candidate.agent.file);
  return line === undefined ? name : `${name}:${line}`;
}
