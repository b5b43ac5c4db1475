import { isSubcommand } from '../specs/subcommands.js';

/** What `/coworker <text>` asks for. */
export type CoworkerCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'status' }
  | { kind: 'corrections'; agent: string | undefined }
  | { kind: 'knowledge' }
  | { kind: 'run'; agent: string | undefined; input: string }
  /** A spec's `triggers.command` word (or an unknown word, which the caller reports). */
  | { kind: 'trigger'; command: string; input: string };

/**
 * Parses the text after `/coworker`. Pure. The first word picks the subcommand; everything
 * after the agent name is the input, kept verbatim (line breaks included).
 */
export function parseCommand(text: string): CoworkerCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'help' };
  const [word = '', rest] = splitFirstWord(trimmed);
  const verb = word.toLowerCase();
  if (!isSubcommand(verb)) return { kind: 'trigger', command: verb, input: rest };
  switch (verb) {
    case 'help':
      return { kind: 'help' };
    case 'list':
      return { kind: 'list' };
    case 'status':
      return { kind: 'status' };
    case 'knowledge':
      return { kind: 'knowledge' };
    case 'corrections': {
      const [agent] = splitFirstWord(rest);
      return { kind: 'corrections', agent: agent || undefined };
    }
    case 'run': {
      const [agent, input] = splitFirstWord(rest);
      return { kind: 'run', agent: agent ? agent.toLowerCase() : undefined, input };
    }
    default: {
      const unknown: never = verb;
      throw new Error(`unhandled subcommand ${String(unknown)}`);
    }
  }
}

/** `"run  foo bar\nbaz"` -> `["run", "foo bar\nbaz"]`. */
export function splitFirstWord(text: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return match ? [match[1] ?? '', (match[2] ?? '').trim()] : ['', ''];
}
