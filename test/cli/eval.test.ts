import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import {
  type FakeAnthropic,
  messagesText,
  type RecordedModelRequest,
  startFakeAnthropic,
} from '../support/fake-anthropic.js';
import { cliEnv, runCli } from '../support/run-cli.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// `coworker eval` as people run it (the bin), against the fake Anthropic API answering per model,
// on approved work seeded in the database.
const SONNET = 'claude-sonnet-4-6';
const HAIKU = 'claude-haiku-4-5';

let model: FakeAnthropic;
let database: TestDatabase;
let agentsDir: string;

/** What the reviewers approved, by the run's input. */
const REPLIES: Record<string, string> = {
  'Where is order A-1?': 'Order A-1 shipped with DHL, tracking JD0142.',
  'Where is order B-2?': 'Order B-2 shipped with UPS, tracking 1Z999.',
};
const WRONG_REPLY = 'Your order will arrive by Friday.';
/** The decisions people approved, by input. */
const DECISIONS: Record<string, string> = { 'Parcel arrived broken': 'refund', 'Changed my mind': 'decline' };

beforeAll(async () => {
  [model, database] = await Promise.all([startFakeAnthropic(), createTestDatabase()]);
  agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-eval-'));
  await writeFile(
    path.join(agentsDir, 'support-reply.yaml'),
    'channels: ["#support"]\ninstructions: Draft a reply that names the carrier.\nartifact: { type: message }\n',
  );
  await writeFile(
    path.join(agentsDir, 'new-agent.yaml'),
    'channels: ["#support"]\ninstructions: Not yet reviewed.\nartifact: { type: message }\n',
  );
  await writeFile(
    path.join(agentsDir, 'refund-check.yaml'),
    'channels: ["#support"]\ninstructions: Decide on the refund.\nartifact: { type: decision, labels: [refund, decline] }\n',
  );
  const db = await database.open();
  try {
    for (const [input, text] of Object.entries(REPLIES)) {
      const run = await seedRun(db, { agent: 'support-reply', input, cost_usd: 0.01, model: SONNET });
      await seedArtifact(db, run, { content: JSON.stringify({ text }), status: 'approved', decided_at: new Date() });
    }
    await seedCorrection(db, 'support-reply', 'Never promise a delivery date.');
    for (const [input, label] of Object.entries({ ...DECISIONS, 'Wrong size': 'refund' })) {
      const run = await seedRun(db, { agent: 'refund-check', input, cost_usd: 0.02, model: SONNET });
      await seedArtifact(db, run, {
        type: 'decision',
        options: JSON.stringify({ type: 'decision', labels: ['refund', 'decline'] }),
        content: JSON.stringify({ label, confidence: 0.9, reasons: ['As the policy says.'] }),
        status: 'approved',
        decided_at: new Date(),
      });
    }
  } finally {
    await db.destroy();
  }
});
afterAll(async () => {
  await Promise.all([model?.close(), database?.cleanup()]);
  await rm(agentsDir, { recursive: true, force: true });
});
beforeEach(() => {
  model.reset();
  model.toolInput = answer;
});

/**
 * The fake model: Sonnet gives what people approved, Haiku promises a date (and always refunds);
 * the judge scores 1 for the same text, 0.2 otherwise, and finds correction 1 broken by an answer
 * that promises a date, wherever that answer is shown.
 */
function answer(request: RecordedModelRequest, tool: { name: string }): unknown {
  const text = messagesText(request);
  if (tool.name === 'judge_answer') {
    const [a = '', b = ''] = ['A', 'B'].map(
      (label) => new RegExp(`<answer label="${label}">\\n([\\s\\S]*?)\\n</answer>`).exec(text)?.[1],
    );
    return {
      score: a === b ? 1 : 0.2,
      reason: a === b ? 'The same.' : 'Different.',
      a_breaks: a.includes('Friday') ? [1] : [],
      b_breaks: b.includes('Friday') ? [1] : [],
    };
  }
  const input = Object.keys({ ...REPLIES, ...DECISIONS, 'Wrong size': '' }).find((i) => text.includes(i)) ?? '';
  const sonnet = request.body.model === SONNET;
  if (request.body.tools?.some((t) => t.name === 'submit_artifact' && JSON.stringify(t).includes('"refund"'))) {
    return { label: sonnet ? (DECISIONS[input] ?? 'refund') : 'refund', confidence: 0.7, reasons: ['Policy.'] };
  }
  return { text: sonnet ? REPLIES[input] : WRONG_REPLY };
}

function env(): Record<string, string> {
  return cliEnv(agentsDir, model, database);
}

function judgeRequests(): RecordedModelRequest[] {
  return model.requests.filter((r) => r.body.tool_choice?.name === 'judge_answer');
}

describe('coworker eval --models', () => {
  it('prints one table for several models, a verdict line each, and judges messages by a forced tool call', async () => {
    const result = await runCli(['eval', 'support-reply', '--models', `${SONNET},${HAIKU}`], env());
    expect(result.code).toBe(0);
    console.log(result.stdout);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      `support-reply: 2 approved cases replayed against 2 models (judge: ${SONNET}; a case passes at 80%)`,
    );
    expect(lines).toContainEqual(expect.stringMatching(/^model +agreement +passed +violations +cost +median latency$/));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${SONNET} +100% +2/2 +0 +\\$0\\.\\d{4} +\\d+ (ms|s)$`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${HAIKU} +20% +0/2 +2 +\\$0\\.\\d{4} +\\d+ (ms|s)$`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${SONNET} agrees on 2 of 2 cases \\(100%\\) at \\d+% of the cost$`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${HAIKU} agrees on 0 of 2 cases \\(0%\\) at \\d+% of the cost$`)),
    );
    expect(result.stdout).toContain('breaks correction 1 ("Never promise a delivery date.")');
    expect(result.stdout).toContain('The original runs of these cases cost $0.0200 (claude-sonnet-4-6).');
    // Progress on stderr, one line per case and model.
    expect(result.stderr.trim().split('\n')).toEqual([
      `eval: model 1/2 (${SONNET}), case 1/2`,
      `eval: model 1/2 (${SONNET}), case 2/2`,
      `eval: model 2/2 (${HAIKU}), case 1/2`,
      `eval: model 2/2 (${HAIKU}), case 2/2`,
    ]);

    // Each model was asked once per case; the judge once per case and model, forced, with both versions.
    const replays = model.requests.filter((r) => r.body.tool_choice?.name === 'submit_artifact');
    expect(replays.map((r) => r.body.model)).toEqual([SONNET, SONNET, HAIKU, HAIKU]);
    const judged = judgeRequests();
    expect(judged).toHaveLength(4);
    for (const request of judged) {
      expect(request.body.model).toBe(SONNET);
      expect(request.body.tools?.map((t) => t.name)).toEqual(['judge_answer']);
      const text = messagesText(request);
      expect(text).toMatch(/<answer label="A">[\s\S]*<answer label="B">/);
      expect(text).toContain('Draft a reply that names the carrier.');
      expect(text).toContain('Never promise a delivery date.');
    }
    const haikuJudged = messagesText(judged[2] as RecordedModelRequest);
    expect(haikuJudged).toContain(WRONG_REPLY);
    expect(Object.values(REPLIES).some((reply) => haikuJudged.includes(reply))).toBe(true);
  });

  it('--min-agreement exits 1 when any named model misses it, 0 when none does', async () => {
    const missed = await runCli(
      ['eval', 'support-reply', '--models', `${SONNET},${HAIKU}`, '--min-agreement', '0.9'],
      env(),
    );
    expect(missed.code).toBe(1);
    expect(missed.stdout).toContain(`${HAIKU}: agreement 20% is below --min-agreement 90%.`);
    expect(missed.stdout).not.toContain(`${SONNET}: agreement`);

    const met = await runCli(['eval', 'support-reply', '--model', SONNET, '--min-agreement', '0.9'], env());
    expect(met.code).toBe(0);
    expect(met.stdout).toContain(`${SONNET} agrees on 2 of 2 cases (100%)`);
  });

  it('--json prints the same report as JSON on stdout, progress staying on stderr', async () => {
    const result = await runCli(
      ['eval', 'support-reply', '--models', `${SONNET},${HAIKU}`, '--json', '--min-agreement', '0.5'],
      env(),
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      cases: number;
      judge: { model: string; calls: number };
      rules: string[];
      missed: string[];
      originalCostUsd: number;
      models: Array<{ model: string; agreement: number; passed: number; violations: number; costUsd: number }>;
    };
    expect(report.cases).toBe(2);
    expect(report.judge).toMatchObject({ model: SONNET, calls: 4 });
    expect(report.rules).toEqual(['Never promise a delivery date.']);
    expect(report.missed).toEqual([HAIKU]);
    expect(report.originalCostUsd).toBeCloseTo(0.02, 10);
    expect(report.models.map((m) => [m.model, m.agreement, m.passed, m.violations])).toEqual([
      [SONNET, 1, 2, 0],
      [HAIKU, 0.2, 0, 2],
    ]);
    expect(report.models.every((m) => m.costUsd > 0)).toBe(true);
    expect(result.stderr).toContain(`eval: model 2/2 (${HAIKU}), case 2/2`);
  });

  it('a judge answer that does not fit leaves the case unscored, saying why, and the eval goes on', async () => {
    model.toolInput = (request, tool) =>
      tool.name === 'judge_answer' ? { score: 7, reason: 'Off the scale.' } : answer(request, tool);
    const result = await runCli(['eval', 'support-reply', '--model', SONNET, '--min-agreement', '0.5'], env());
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.stdout).toMatch(new RegExp(`^${SONNET} +— +0/2 +— +`, 'm'));
    expect(result.stdout).toMatch(/not scored: the judge's answer was not usable \(score: /);
    expect(result.stdout).toContain(`${SONNET} agrees on 0 of 2 cases (0%) (2 could not be scored)`);
    // No case could be scored: that is not evidence of agreement.
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${SONNET}: agreement unknown (no case could be scored) is below --min-agreement 50%.`,
    );
  });

  it('--judge none scores prose by text overlap, asks no judge and does not check rules', async () => {
    const result = await runCli(['eval', 'support-reply', '--models', `${SONNET},${HAIKU}`, '--judge', 'none'], env());
    expect(result.code).toBe(0);
    expect(judgeRequests()).toEqual([]);
    expect(result.stdout).toContain('(no judge: prose by text overlap; a case passes at 80%)');
    expect(result.stdout).toMatch(new RegExp(`^${SONNET} +100% +2/2 +— +`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^${HAIKU} +\\d+% +0/2 +— +`, 'm'));
    expect(result.stdout).toContain('Corrections were not checked as rules (--judge none).');
  });

  it('scores a decision agent by its labels and prints the confusion table', async () => {
    const result = await runCli(['eval', 'refund-check', '--models', `${SONNET},${HAIKU}`], env());
    console.log(result.stdout);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${SONNET} +100% +3/3 +0 +`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^${HAIKU} +67% +2/3 +0 +`, 'm'));
    expect(result.stdout).toContain(
      [
        `Decisions of ${HAIKU} (rows: the approved label, columns: its label):`,
        '           refund  decline',
        '  refund        2        0',
        '  decline       1        0',
      ].join('\n'),
    );
    // No corrections: nothing to check, so the judge is never asked.
    expect(result.stdout).toContain('The agent has no active corrections to check as rules.');
    expect(model.requests.every((r) => r.body.tool_choice?.name === 'submit_artifact')).toBe(true);
  });

  it('says when an agent has nothing approved to replay, and a --min-agreement gate is not met by no evidence', async () => {
    const before = model.requests.length;
    const plain = await runCli(['eval', 'new-agent'], env());
    expect([plain.code, plain.stdout]).toEqual([0, 'new-agent has no approved artifacts to replay yet.\n']);
    const gated = await runCli(['eval', 'new-agent', '--min-agreement', '0.8'], env());
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain('With no case to replay, --min-agreement 80% is not met.');
    expect(model.requests.length).toBe(before);
  });

  it('usage errors exit 2 and say what is wrong', async () => {
    for (const [args, message] of [
      [['--min-agreement', '2'], /--min-agreement must be between 0 and 1/],
      [['--models', 'a', '--model', 'b'], /give --models a,b or --model M, not both/],
      [['--models', 'a,,b'], /--models takes model ids separated by commas/],
      [['--limit', '0'], /--limit must be a whole number/],
      [['--bogus'], /Unknown option '--bogus'/],
    ] as const) {
      const result = await runCli(['eval', 'support-reply', ...args], env());
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(model.requests).toEqual([]);
  });
});

async function seedCorrection(db: Kysely<Database>, agent: string, instruction: string): Promise<void> {
  const run = await seedRun(db, { agent });
  const corrected = await seedArtifact(db, run, { status: 'rejected', decided_at: new Date(0) });
  await db
    .insertInto('corrections')
    .values({
      id: randomUUID(),
      agent,
      run_id: run.id,
      artifact_id: corrected.id,
      author: 'U2',
      source: 'reply',
      text: instruction,
      target: null,
      kind: 'tone',
      before: null,
      after: null,
      instruction,
      extraction: 'done',
      status: 'active',
      channel_id: 'C1',
      thread_ts: null,
      message_ts: null,
      ack_ts: null,
      retired_by: null,
      retired_at: null,
    })
    .execute();
}
