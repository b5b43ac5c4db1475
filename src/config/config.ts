import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { CoworkerError } from '../errors.js';
import { DEFAULT_MODEL, DEFAULT_SMALL_MODEL } from './models.js';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const millis = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable the app reads. Only presence and consistency are checked, never token shapes. */
const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_AUTH_TOKEN: optionalText,
  ANTHROPIC_BASE_URL: optionalText.pipe(z.url().optional()),
  COWORKER_MODEL: optionalText.transform((v) => v ?? DEFAULT_MODEL),
  COWORKER_SMALL_MODEL: optionalText.transform((v) => v ?? DEFAULT_SMALL_MODEL),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//i.test(v), {
    // Never echoes the value: it may hold a password.
    message:
      'it must be a PostgreSQL connection string starting with postgres:// or postgresql:// (unset it to use the embedded database)',
  }),
  COWORKER_DATA_DIR: optionalText.transform((v) => v ?? './.coworker'),
  AGENTS_DIR: optionalText.transform((v) => v ?? './agents'),
  KNOWLEDGE_DIR: optionalText.transform((v) => v ?? './knowledge'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  COWORKER_INSTANCE_ID: optionalText,
  COWORKER_MODEL_MAX_RETRIES: z.coerce.number().int().min(0).default(2),
  COWORKER_CHANNEL_CACHE_MS: millis(5 * 60_000),
  COWORKER_SLACK_RETRIES: z.coerce.number().int().min(0).default(5),
  COWORKER_RELOAD_MS: millis(5_000),
  COWORKER_DRAIN_MS: millis(15_000),
  COWORKER_SWEEP_MS: millis(5_000),
  COWORKER_HEARTBEAT_MS: millis(5_000),
  COWORKER_INSTANCE_TIMEOUT_MS: millis(15_000),
  COWORKER_STARTUP_RETRY_MS: millis(2_000),
  COWORKER_DATABASE_WAIT_MS: millis(10_000),
  COWORKER_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).default(4),
  COWORKER_WEBHOOK_BACKOFF_MS: millis(1_000),
  COWORKER_WEBHOOK_TIMEOUT_MS: millis(10_000),
  COWORKER_OWNERS_CHANNEL: optionalText,
  COWORKER_TIMEZONE: optionalText
    .transform((v) => v ?? 'UTC')
    .refine(isTimeZone, { message: 'it must be an IANA time zone such as UTC or Europe/Berlin' }),
  /** When the weekly digest is posted (node-cron syntax, in COWORKER_TIMEZONE); DESIGN.md: Monday 09:00. */
  COWORKER_DIGEST_CRON: optionalText
    .transform((v) => v ?? '0 9 * * 1')
    .refine((v) => validateCron(v), { message: 'it must be a cron expression (5 or 6 fields, node-cron syntax)' }),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false; // RangeError: not a zone this runtime knows
  }
}

export type Env = Record<string, string | undefined>;

/** The validated, frozen configuration; the only place that knows variable names. */
export interface Config {
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
    /** Socket Mode when an app-level token is set, HTTP mode otherwise. */
    socketMode: boolean;
    channelCacheMs: number;
    /** Retries of a Web API call on rate limits, 5xx and network errors. */
    retries: number;
  };
  anthropic: {
    apiKey: string | undefined;
    authToken: string | undefined;
    baseUrl: string | undefined;
    maxRetries: number;
  };
  model: string;
  smallModel: string;
  databaseUrl: string | undefined;
  dataDir: string;
  agentsDir: string;
  /** Team knowledge: Markdown facts with owners (DESIGN.md "Team knowledge"). */
  knowledgeDir: string;
  port: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  instanceId: string | undefined;
  /** Every interval and timeout, configurable so tests can shorten them. */
  timing: {
    /** How often AGENTS_DIR is re-read. */
    reloadMs: number;
    /** How long SIGTERM waits for runs in flight. */
    drainMs: number;
    /** How often overdue reviews are expired and dead instances' runs recovered. */
    sweepMs: number;
    /** How often this process says it is alive. */
    heartbeatMs: number;
    /** An instance silent this long is dead; its unfinished runs are reported. */
    instanceTimeoutMs: number;
    /** First pause before asking an unreachable Slack again at start-up (it doubles, up to 30 s). */
    startupRetryMs: number;
    /** How long start-up, and a write that must not be lost (a run's result, an apply step's outcome), wait for an unreachable database. */
    databaseWaitMs: number;
  };
  webhook: { attempts: number; backoffMs: number; timeoutMs: number };
  /** The weekly digest to the owners' channel (DESIGN.md "Supervision at scale"); off without a channel. */
  digest: { channel: string | undefined; timezone: string; cron: string };
  /** Spec variables (`${VAR}`) are read from here. */
  env: Readonly<Env>;
  /** Settings that are valid but probably not what was meant; logged at start. */
  warnings: readonly string[];
}

/** What a command needs from the environment; checked before anything starts. */
export type Requirement = 'slack' | 'model';

/**
 * `.env` in `cwd`, when present, under the real environment (variables already set win).
 * Not written into process.env: the returned record is passed down instead.
 */
export function readEnvironment(processEnv: Env, cwd: string): Env {
  let fromFile: Env = {};
  try {
    fromFile = parseEnv(readFileSync(path.join(cwd, '.env'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return { ...fromFile, ...processEnv };
}

/** The configuration of this process: its environment and `.env` in its working directory. */
export function configOfProcess(requirements: Requirement[] = []): Config {
  return loadConfig(readEnvironment(process.env, process.cwd()), requirements);
}

/**
 * Parses the environment once into a frozen Config.
 * @throws CoworkerError(`config_invalid`) naming the variable and what to set.
 */
export function loadConfig(env: Env, requirements: Requirement[] = []): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new CoworkerError(
      'config_invalid',
      `${name} is invalid: ${issue?.message ?? 'bad value'}. Fix it in the environment or .env.`,
      {
        details: { variable: name },
      },
    );
  }
  const e = parsed.data;
  const config: Config = {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      socketMode: e.SLACK_APP_TOKEN !== undefined,
      channelCacheMs: e.COWORKER_CHANNEL_CACHE_MS,
      retries: e.COWORKER_SLACK_RETRIES,
    },
    anthropic: {
      apiKey: e.ANTHROPIC_API_KEY,
      authToken: e.ANTHROPIC_AUTH_TOKEN,
      baseUrl: e.ANTHROPIC_BASE_URL,
      maxRetries: e.COWORKER_MODEL_MAX_RETRIES,
    },
    model: e.COWORKER_MODEL,
    smallModel: e.COWORKER_SMALL_MODEL,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.COWORKER_DATA_DIR,
    agentsDir: e.AGENTS_DIR,
    knowledgeDir: e.KNOWLEDGE_DIR,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    instanceId: e.COWORKER_INSTANCE_ID,
    timing: {
      reloadMs: e.COWORKER_RELOAD_MS,
      drainMs: e.COWORKER_DRAIN_MS,
      sweepMs: e.COWORKER_SWEEP_MS,
      heartbeatMs: e.COWORKER_HEARTBEAT_MS,
      instanceTimeoutMs: e.COWORKER_INSTANCE_TIMEOUT_MS,
      startupRetryMs: e.COWORKER_STARTUP_RETRY_MS,
      databaseWaitMs: e.COWORKER_DATABASE_WAIT_MS,
    },
    webhook: {
      attempts: e.COWORKER_WEBHOOK_ATTEMPTS,
      backoffMs: e.COWORKER_WEBHOOK_BACKOFF_MS,
      timeoutMs: e.COWORKER_WEBHOOK_TIMEOUT_MS,
    },
    digest: {
      channel: e.COWORKER_OWNERS_CHANNEL,
      timezone: e.COWORKER_TIMEZONE,
      cron: e.COWORKER_DIGEST_CRON,
    },
    env: Object.freeze({ ...env }),
    warnings: warningsFor(env, e.DATABASE_URL),
  };
  for (const requirement of requirements) checkRequirement(config, requirement);
  return deepFreeze(config);
}

function warningsFor(env: Env, databaseUrl: string | undefined): string[] {
  const warnings: string[] = [];
  if (databaseUrl !== undefined && env.COWORKER_DATA_DIR?.trim()) {
    warnings.push(
      'Both DATABASE_URL and COWORKER_DATA_DIR are set: PostgreSQL (DATABASE_URL) is used and COWORKER_DATA_DIR is ignored. Unset one of them.',
    );
  }
  return warnings;
}

function checkRequirement(config: Config, requirement: Requirement): void {
  const missing = (variable: string, what: string): never => {
    throw new CoworkerError('config_invalid', `${variable} is not set: ${what}`, { details: { variable } });
  };
  switch (requirement) {
    case 'slack':
      if (!config.slack.botToken)
        missing('SLACK_BOT_TOKEN', "set it to the app's Bot User OAuth Token (OAuth & Permissions).");
      if (!config.slack.socketMode && !config.slack.signingSecret) {
        missing(
          'SLACK_SIGNING_SECRET',
          "set it to the app's Signing Secret (Basic Information → App Credentials) for HTTP mode, or set SLACK_APP_TOKEN to use Socket Mode.",
        );
      }
      return;
    case 'model':
      if (!config.anthropic.apiKey && !config.anthropic.authToken) {
        missing('ANTHROPIC_API_KEY', 'set it to an Anthropic API key so agents can call Claude.');
      }
      return;
    default: {
      const unknown: never = requirement;
      throw new Error(`unknown requirement ${String(unknown)}`);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
