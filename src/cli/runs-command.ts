import type { Config } from '../config/config.js';
import { auditedAgentNames, listAuditTrail } from '../db/audit-trail-repository.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { CoworkerError } from '../errors.js';
import { parseDuration } from '../specs/duration.js';
import { parseCliArgs } from './parse-cli-args.js';
import { renderRunsTable, toAuditEntry } from './runs-report.js';

export const RUNS_USAGE = 'Usage: coworker runs [--agent A] [--since 7d] [--limit 50] [--json]';
const DEFAULT_SINCE = '7d';
const DEFAULT_LIMIT = 50;
/** The date forms `--since` takes besides a duration: a day, or a time (UTC unless it names a zone). */
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `coworker runs [--agent A] [--since 7d] [--limit 50] [--json]`: the audit trail, newest first:
 * each run's trigger and who, spec version, model, tokens, cost, tool calls, outcome, decision and
 * who decided when, as a table, or with `--json` as an array of objects (tool calls with their
 * arguments, every person's decision). Reads the same database as the app (PGlite in
 * COWORKER_DATA_DIR, or DATABASE_URL).
 * @returns 0 (also when no run matches)
 * @throws CoworkerError `usage` for a bad flag or an agent the audit trail does not know
 */
export async function runsCommand(
  config: Config,
  args: string[],
  write: (line: string) => void,
  now: Date = new Date(),
): Promise<number> {
  const options = parseRunsArgs(args, now);
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const trail = await listAuditTrail(database.db, options);
    if (trail.length === 0 && options.agent !== undefined) {
      const known = await auditedAgentNames(database.db);
      if (!known.includes(options.agent))
        throw new CoworkerError(
          'usage',
          `no agent called "${options.agent}" has run or been loaded here. Agents: ${known.join(', ') || 'none'}.`,
        );
    }
    const entries = trail.map(toAuditEntry);
    if (options.json) {
      write(JSON.stringify(entries, null, 2));
      return 0;
    }
    const of = options.agent === undefined ? '' : ` of ${options.agent}`;
    const since = `${options.since.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    if (entries.length === 0) {
      write(`No runs${of} since ${since}.`);
      return 0;
    }
    for (const line of renderRunsTable(entries)) write(line);
    write(
      entries.length === options.limit
        ? `The newest ${entries.length} runs${of} since ${since}; --limit shows more, --since goes further back.`
        : `${entries.length} run${entries.length === 1 ? '' : 's'}${of} since ${since}.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

export interface RunsOptions {
  agent: string | undefined;
  since: Date;
  limit: number;
  json: boolean;
}

/**
 * Reads the flags of `coworker runs`. `--since` is a duration back from `now` (`30m`, `48h`,
 * `7d`) or a date or time (`2026-11-01`, `2026-11-01T09:00`, UTC unless it names a zone).
 * @throws CoworkerError `usage` naming the flag that is wrong and what it takes
 */
export function parseRunsArgs(args: string[], now: Date): RunsOptions {
  const { values } = parseCliArgs(
    {
      args,
      allowPositionals: false,
      options: {
        agent: { type: 'string' },
        since: { type: 'string', default: DEFAULT_SINCE },
        limit: { type: 'string', default: String(DEFAULT_LIMIT) },
        json: { type: 'boolean', default: false },
      },
    },
    RUNS_USAGE,
  );
  const since = parseSince(values.since ?? DEFAULT_SINCE, now);
  if (since === undefined)
    throw new CoworkerError(
      'usage',
      `--since ${values.since} is neither a duration (30m, 48h, 7d) nor a date (2026-11-01, 2026-11-01T09:00).`,
    );
  const limit = Number(values.limit);
  if (!Number.isSafeInteger(limit) || limit < 1 || !/^\d+$/.test(values.limit ?? ''))
    throw new CoworkerError('usage', `--limit ${values.limit} is not a whole number of runs, 1 or more.`);
  if (values.agent !== undefined && values.agent.trim() === '')
    throw new CoworkerError('usage', `--agent needs an agent's name. ${RUNS_USAGE}`);
  return { agent: values.agent, since, limit, json: values.json ?? false };
}

/** `7d` back from `now`, or the moment a date names (UTC unless it has a zone); undefined for anything else. Pure. */
export function parseSince(text: string, now: Date): Date | undefined {
  const trimmed = text.trim();
  const ms = parseDuration(trimmed);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  if (!DATE_PATTERN.test(trimmed) || !isCalendarDay(trimmed.slice(0, 10))) return undefined;
  const withT = trimmed.replace(' ', 'T');
  // A day or a time without a zone is UTC (Date would take a time without one as local).
  const zoned = /T/.test(withT) ? (/(Z|[+-]\d{2}:?\d{2})$/.test(withT) ? withT : `${withT}Z`) : `${withT}T00:00Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-02-30` is not a day (Date would roll it over into March). */
function isCalendarDay(day: string): boolean {
  const [y = 0, m = 0, d = 0] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
