import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './support/run-cli.js';

describe('manifest.yml', () => {
  it('asks for every scope the app uses, each event with the scope it needs', async () => {
    const manifest = parse(await readFile(path.join(ROOT, 'manifest.yml'), 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
      settings: { event_subscriptions: { bot_events: string[] } };
    };
    const scopes = manifest.oauth_config.scopes.bot;
    // files:read: attached files are downloaded from url_private with the bot token.
    for (const scope of ['files:read', 'files:write', 'chat:write', 'commands', 'app_mentions:read'])
      expect(scopes).toContain(scope);
    const needs: Record<string, string> = {
      app_mention: 'app_mentions:read',
      'message.channels': 'channels:history',
      'message.groups': 'groups:history',
    };
    for (const event of manifest.settings.event_subscriptions.bot_events)
      if (needs[event]) expect(scopes).toContain(needs[event]);
  });
});
