import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readEnvironment } from '../../src/config/config.js';
import { CoworkerError } from '../../src/errors.js';

function failure(fn: () => unknown): CoworkerError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CoworkerError) return err;
    throw err;
  }
  throw new Error('expected a CoworkerError');
}

describe('loadConfig', () => {
  it('applies the runtime contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      dataDir: './.coworker',
      agentsDir: './agents',
      port: 3000,
      databaseUrl: undefined,
      model: 'claude-sonnet-4-6',
    });
    expect(config.slack.socketMode).toBe(false);
    expect(Object.isFrozen(config.slack)).toBe(true);
  });

  it('chooses Socket Mode when SLACK_APP_TOKEN is set, and then needs no signing secret', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'x', SLACK_APP_TOKEN: 'y', ANTHROPIC_API_KEY: 'k' }, [
      'slack',
      'model',
    ]);
    expect(config.slack.socketMode).toBe(true);
  });

  it('names the missing variable and what to set', () => {
    const noToken = failure(() => loadConfig({ SLACK_SIGNING_SECRET: 's', ANTHROPIC_API_KEY: 'k' }, ['slack']));
    expect(noToken.code).toBe('config_invalid');
    expect(noToken.message).toMatch(/^SLACK_BOT_TOKEN is not set/);
    const noSecret = failure(() => loadConfig({ SLACK_BOT_TOKEN: 'x' }, ['slack']));
    expect(noSecret.message).toMatch(/^SLACK_SIGNING_SECRET is not set.*SLACK_APP_TOKEN/);
    const noKey = failure(() => loadConfig({}, ['model']));
    expect(noKey.message).toMatch(/^ANTHROPIC_API_KEY is not set/);
  });

  it('rejects malformed values, naming the variable', () => {
    expect(failure(() => loadConfig({ PORT: 'eighty' })).message).toMatch(/^PORT is invalid/);
    expect(failure(() => loadConfig({ SLACK_API_URL: 'not a url' })).message).toMatch(/^SLACK_API_URL is invalid/);
  });

  it('takes the digest settings, with Monday 09:00 UTC by default, and refuses an unknown zone or a bad cron', () => {
    expect(loadConfig({}).digest).toEqual({ channel: undefined, timezone: 'UTC', cron: '0 9 * * 1' });
    expect(loadConfig({ COWORKER_OWNERS_CHANNEL: '#owners', COWORKER_TIMEZONE: 'Europe/Berlin' }).digest).toEqual({
      channel: '#owners',
      timezone: 'Europe/Berlin',
      cron: '0 9 * * 1',
    });
    expect(failure(() => loadConfig({ COWORKER_TIMEZONE: 'Mars/Olympus' })).message).toMatch(
      /^COWORKER_TIMEZONE is invalid: it must be an IANA time zone/,
    );
    expect(failure(() => loadConfig({ COWORKER_DIGEST_CRON: 'every monday' })).message).toMatch(
      /^COWORKER_DIGEST_CRON is invalid: it must be a cron expression/,
    );
  });

  it('accepts only a PostgreSQL DATABASE_URL, naming the variable and never echoing its value', () => {
    for (const url of ['postgres://u:p@db:5432/coworker', 'postgresql://db/coworker', 'POSTGRES://db/x']) {
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    }
    for (const url of ['mysql://root:hunter2@db/coworker', 'db.internal:5432/coworker', 'sqlite:///tmp/x.db']) {
      const error = failure(() => loadConfig({ DATABASE_URL: url }));
      expect(error.code).toBe('config_invalid');
      expect(error.details).toEqual({ variable: 'DATABASE_URL' });
      expect(error.message).toMatch(/^DATABASE_URL is invalid: .*postgres:\/\/ or postgresql:\/\//);
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('\n');
    }
  });

  it('warns when DATABASE_URL and COWORKER_DATA_DIR are both set (the folder is ignored)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', COWORKER_DATA_DIR: './data' }).warnings).toEqual([
      expect.stringMatching(/DATABASE_URL.*COWORKER_DATA_DIR is ignored/),
    ]);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).warnings).toEqual([]);
    expect(loadConfig({ COWORKER_DATA_DIR: './data' }).warnings).toEqual([]);
  });

  it('waits 10 s for an unreachable database by default, configurable', () => {
    expect(loadConfig({}).timing.databaseWaitMs).toBe(10_000);
    expect(loadConfig({ COWORKER_DATABASE_WAIT_MS: '1500' }).timing.databaseWaitMs).toBe(1_500);
    expect(failure(() => loadConfig({ COWORKER_DATABASE_WAIT_MS: 'soon' })).message).toMatch(
      /^COWORKER_DATABASE_WAIT_MS is invalid/,
    );
  });

  it('never checks the shape of tokens', () => {
    expect(() =>
      loadConfig({ SLACK_BOT_TOKEN: 'anything', SLACK_SIGNING_SECRET: '1', ANTHROPIC_API_KEY: '?' }, [
        'slack',
        'model',
      ]),
    ).not.toThrow();
  });
});

describe('readEnvironment', () => {
  it('reads .env under the real environment', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-env-'));
    await writeFile(path.join(dir, '.env'), 'PORT=4000\nAGENTS_DIR=./from-file\n');
    const env = readEnvironment({ PORT: '5000' }, dir);
    expect(env.PORT).toBe('5000');
    expect(env.AGENTS_DIR).toBe('./from-file');
  });

  it('works without a .env', () => {
    expect(readEnvironment({ PORT: '1' }, os.tmpdir()).PORT).toBe('1');
  });
});
