import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText } from '../support/find-button.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'drafter.yaml': `
channels: ["#support"]
instructions: Draft.
artifact: { type: message }
`,
    },
    env: {
      COWORKER_OWNERS_CHANNEL: '#ops',
      // Every second instead of Monday 09:00: each second is a slot of its own.
      COWORKER_DIGEST_CRON: '* * * * * *',
      COWORKER_TIMEZONE: 'Europe/Berlin',
    },
  });
});
afterAll(async () => t?.close());

describe('the weekly digest', () => {
  it("posts the week's runs per agent to COWORKER_OWNERS_CHANNEL on its schedule", async () => {
    t.model.toolInput = () => ({ text: 'Draft.' });
    await t.runAgent('drafter');
    const digest = await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.channel === 'C0OPS000001' && blocksText(p.blocks).includes('*drafter*: 1 runs'),
      5_000,
    );
    expect(String(digest.params.text)).toMatch(/^Weekly digest /);
    expect(blocksText(digest.params.blocks)).toContain('*1* runs');
  });
});
