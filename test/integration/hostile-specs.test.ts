import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promptText } from '../support/fake-anthropic.js';
import { blocksText } from '../support/find-button.js';
import { appHomeOpenedEvent, sendEvent } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

/** Slack gives up on an answer after 3 s: every command must be acknowledged within it. */
const SLACK_ACK_LIMIT_MS = 3_000;

const REPLY = 'channels: ["#support"]\ninstructions: Draft a reply.\nartifact: { type: message }\n';
const digest = (instructions: string) =>
  `channels: ["#support"]\ninstructions: ${instructions}\nartifact: { type: message }\ntriggers: { command: digest }\n`;

/** A spec with `count` unknown keys (about 9 bytes each). */
function unknownKeys(count: number): string {
  return `${REPLY}${Array.from({ length: count }, (_, i) => `k${i}: 1`).join('\n')}\n`;
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'support-reply.yaml': REPLY,
      'keys.yaml': unknownKeys(50_000),
      'near-cap.yaml': unknownKeys(25_000),
      'z-old.yaml': digest('The old digest.'),
    },
  });
  // 20 MB of unknown keys, the file that once froze the app.
  await writeFile(path.join(t.agentsDir, 'huge.yaml'), unknownKeys(2_200_000));
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => ({ text: 'Done.' });
});

function replyText(response: { json?: unknown }): string {
  const body = response.json as { text?: unknown } | undefined;
  return typeof body?.text === 'string' ? body.text : '';
}

/** `/coworker help`, its answer, and how long Slack waited for it. */
async function timedHelp(): Promise<{ status: number; text: string; ms: number }> {
  const started = Date.now();
  const response = await t.command('help');
  return { status: response.status, text: replyText(response), ms: Date.now() - started };
}

describe('hostile spec files', () => {
  it('answers /coworker help quickly with huge and problem-laden files in the folder, also while new ones are loaded', async () => {
    await expect
      .poll(async () => replyText(await t.command('status')), { timeout: 10_000 })
      .toMatch(/3 spec file\(s\) are invalid/);
    const idle = await timedHelp();
    expect(idle.status).toBe(200);
    expect(idle.text).toContain('/coworker');
    expect(idle.ms).toBeLessThan(SLACK_ACK_LIMIT_MS);

    // Files arriving while the app runs are parsed by a reload; commands keep being answered meanwhile.
    for (let i = 0; i < 4; i += 1) await t.writeAgent(`late-${i}.yaml`, unknownKeys(25_000 + i));
    const during: number[] = [];
    const deadline = Date.now() + 15_000;
    while (!/7 spec file\(s\) are invalid/.test(replyText(await t.command('status')))) {
      if (Date.now() > deadline) throw new Error('the new files were not loaded in time');
      const help = await timedHelp();
      expect(help.status).toBe(200);
      during.push(help.ms);
    }
    expect(Math.max(...during, (await timedHelp()).ms)).toBeLessThan(SLACK_ACK_LIMIT_MS);
  });

  it('never loads a spec symlinked from outside the folder', async () => {
    await symlink('/etc/hostname', path.join(t.agentsDir, 'escape.yaml'));
    await expect
      .poll(async () => replyText(await t.command('status')), { timeout: 10_000 })
      .toMatch(/8 spec file\(s\) are invalid/);
    expect(replyText(await t.command('run escape hi'))).toMatch(/`escape` has an invalid spec/);
  });

  it('keeps the agent already loaded when a newer file takes its command', async () => {
    // `a-new.yaml` sorts first: on a first load it would win; here z-old.yaml was loaded before it.
    await t.writeAgent('a-new.yaml', digest('The new digest.'));
    await expect
      .poll(async () => replyText(await t.command('run a-new hi')), { timeout: 10_000 })
      .toMatch(/`a-new` has an invalid spec/);
    await t.command('digest weekly numbers');
    const [request] = await t.model.waitForRequests(1);
    expect(promptText(request!)).toContain('The old digest.');
    expect(promptText(request!)).not.toContain('The new digest.');

    // App Home tells both sides: the switched-off file and the one that keeps working.
    await sendEvent(t.url, SIGNING_SECRET, appHomeOpenedEvent('U0ANYONE'));
    const published = await t.slack.waitForCall('views.publish', (p) => p.user_id === 'U0ANYONE');
    const home = blocksText((published.params.view as { blocks: unknown[] }).blocks);
    expect(home).toMatch(/a-new\.yaml:\d+: triggers\.command: .*z-old\.yaml/);
    expect(home).toMatch(/z-old\.yaml:\d+: triggers\.command: .*a-new\.yaml/);
  });
});
