/** The `/coworker` subcommands; a command trigger may not take one of these names. */
export const SUBCOMMANDS = ['help', 'list', 'run', 'status', 'corrections', 'knowledge'] as const;
/** One `/coworker` subcommand. */
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** True when `word` is a reserved `/coworker` subcommand. */
export function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}
