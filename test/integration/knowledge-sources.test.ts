import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { factFile } from '../support/fact-file.js';
import { systemText } from '../support/fake-anthropic.js';
import { blocksText } from '../support/find-button.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const POLICY = (body: string, verify = '90d') => factFile('Refund policy', '@support-leads', verify, body);

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'support-reply.yaml': `
channels: ["#support"]
instructions: Draft a reply to the customer.
context: { knowledge: [refund-policy] }
artifact: { type: message }
`,
      'no-facts.yaml': `
channels: ["#support"]
instructions: Draft something.
artifact: { type: message }
`,
    },
    facts: { 'refund-policy.md': POLICY('Refunds are possible within 30 days of purchase.') },
  });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => ({ text: 'You can get a refund within 30 days.' });
});

function artifactRequests() {
  return t.model.requests.filter((r) => JSON.stringify(r.body.tool_choice ?? {}).includes('submit_artifact'));
}

describe('team knowledge in runs', () => {
  it('gives the fact to the run in the cached part of the prompt and names it as a source on the review', async () => {
    const review = await t.runAgent('support-reply');
    const [request] = artifactRequests();
    const system = request?.body.system as Array<{ text: string; cache_control?: unknown }>;
    expect(system[0]?.cache_control).toEqual({ type: 'ephemeral' });
    expect(system[0]?.text).toContain('<fact id="refund-policy" title="Refund policy" version="1">');
    expect(system[0]?.text).toContain('Refunds are possible within 30 days of purchase.');
    expect(blocksText(review.params.blocks)).toContain('Sources: Refund policy (verified today)');
  });

  it('names no sources for an agent that uses no facts', async () => {
    const review = await t.runAgent('no-facts');
    expect(blocksText(review.params.blocks)).not.toContain('Sources:');
    expect(systemText(artifactRequests()[0]!)).not.toContain('Team knowledge');
  });

  it('takes a changed fact file as a new version without a restart, and marks a due fact ⚠', async () => {
    await t.writeFact('refund-policy.md', POLICY('Refunds are possible within 14 days of purchase.', '1s'));
    const changedAt = Date.now();
    // Runs until one is given the new version (the folder is re-read every 200 ms).
    let review = await t.runAgent('support-reply');
    while (!systemText(artifactRequests().at(-1)!).includes('version="2"') && Date.now() < changedAt + 5_000) {
      review = await t.runAgent('support-reply');
    }
    expect(systemText(artifactRequests().at(-1)!)).toContain('version="2">\nRefunds are possible within 14 days');
    expect(blocksText(review.params.blocks)).toContain('Sources: ');
    // verify_every 1s: within moments of being stored the same version is due (its time is the
    // database's, so the runs go on until one shows it rather than guessing a wait).
    const dueBy = Date.now() + 5_000;
    while (!blocksText(review.params.blocks).includes('⚠ Refund policy') && Date.now() < dueBy) {
      await new Promise((r) => setTimeout(r, 200));
      review = await t.runAgent('support-reply');
    }
    expect(blocksText(review.params.blocks)).toContain('⚠ Refund policy (due, verified today)');
  });
});
