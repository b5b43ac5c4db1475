import { canonicalJson } from '../artifacts/comparison.js';
import type { RunToolCallRow } from '../db/schema.js';
import type { ReadResult } from '../model/run-tool-loop.js';
import { type QualifiedTool, qualifiedName } from '../model/tool-names.js';

/** What a replay's read tools did: served from the record, or told the model the call was not recorded. */
export interface RecordedToolsUse {
  served: number;
  unrecorded: string[];
}

/**
 * The read tools of a replay: each call is answered with the result its run recorded for the
 * same `server.tool` and the same arguments (keys in any order), as the model was given it then
 * (cut where it was cut); several recorded calls alike are served in their order, the last again
 * after that. Any other call gets an error result saying it was not recorded. So a replay calls
 * no tool server, and never gives the model today's data as if it were the run's.
 */
export function recordedTools(calls: readonly RunToolCallRow[]): {
  execute: (tool: QualifiedTool, args: Record<string, unknown>) => Promise<ReadResult>;
  use: RecordedToolsUse;
} {
  const byCall = new Map<string, RunToolCallRow[]>();
  for (const call of calls) {
    if (call.refused || call.result === null) continue;
    const key = keyOf({ server: call.server, tool: call.tool }, call.arguments);
    byCall.set(key, [...(byCall.get(key) ?? []), call]);
  }
  const use: RecordedToolsUse = { served: 0, unrecorded: [] };
  return {
    use,
    async execute(tool, args) {
      const queue = byCall.get(keyOf(tool, args));
      const call = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      if (call === undefined || call.result === null) {
        use.unrecorded.push(qualifiedName(tool));
        return {
          isError: true,
          text: `Not recorded: the run being replayed did not make this call (${qualifiedName(tool)} with these arguments), and a replay calls no tool server. Answer with what you have.`,
        };
      }
      use.served += 1;
      return { isError: call.error !== null, text: call.result, totalChars: call.result_chars };
    },
  };
}

function keyOf(tool: QualifiedTool, args: unknown): string {
  return `${qualifiedName(tool)} ${canonicalJson(args ?? {})}`;
}
