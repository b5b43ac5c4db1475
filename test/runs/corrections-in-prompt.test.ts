import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { artifactTypeFor } from '../../src/artifacts/index.js';
import { insertCorrection, retireCorrection } from '../../src/db/corrections-repository.js';
import { claimRunReadingCorrections, getRun } from '../../src/db/runs-repository.js';
import type { CorrectionKind } from '../../src/db/schema.js';
import { buildRequest } from '../../src/model/build-request.js';
import { correctionsForRun } from '../../src/runs/corrections-for-run.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const base = Date.now() - 60 * 60_000;

/** Stores `instructions` as corrections of `agent`, oldest first, one second apart. */
async function seed(
  agent: string,
  corrections: Array<{ instruction: string; kind?: CorrectionKind; target?: string | null; retired?: boolean }>,
  offset = 0,
) {
  const run = await seedRun(database.db, { agent });
  const { id: artifactId } = await seedArtifact(database.db, run, {
    type: 'table',
    options: JSON.stringify({ type: 'table' }),
    content: JSON.stringify({ rows: [] }),
    status: 'approved',
    message_ts: null,
  });
  for (const [i, c] of corrections.entries()) {
    const row = await insertCorrection(database.db, {
      id: randomUUID(),
      agent,
      run_id: run.id,
      artifact_id: artifactId,
      author: 'U2',
      source: 'reply',
      text: c.instruction,
      target: c.target ?? null,
      kind: c.kind ?? 'fact',
      before: null,
      after: null,
      instruction: c.instruction,
      extraction: 'done',
      status: 'active',
      channel_id: 'C1',
      thread_ts: '1.0',
      message_ts: randomUUID(),
      ack_ts: null,
      retired_by: null,
      retired_at: null,
      created_at: new Date(base + (offset + i) * 1000),
    });
    if (c.retired && row) await retireCorrection(database.db, row.id, 'U3');
  }
}

describe(`correctionsForRun on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('gives an agent only its own active corrections, newest first, at most `limit`', async () => {
    const agent = `digest-${randomUUID().slice(0, 8)}`;
    const other = `reply-${randomUUID().slice(0, 8)}`;
    await seed(agent, [
      { instruction: 'Oldest rule.' },
      { instruction: 'Retired rule.', retired: true },
      { instruction: 'Middle rule.', kind: 'format', target: 'row 2' },
      { instruction: 'Newest rule.', kind: 'tone' },
    ]);
    // Another agent's correction, newer than all of them.
    await seed(other, [{ instruction: 'Not for digest.' }], 100);

    const all = await correctionsForRun(database.db, agent, 20);
    expect(all.prompt).toEqual([
      { kind: 'tone', target: null, instruction: 'Newest rule.' },
      { kind: 'format', target: 'row 2', instruction: 'Middle rule.' },
      { kind: 'fact', target: null, instruction: 'Oldest rule.' },
    ]);
    expect(all.rows.map((r) => r.instruction)).toEqual(['Newest rule.', 'Middle rule.', 'Oldest rule.']);
    expect(all.rows.every((r) => r.agent === agent && r.status === 'active')).toBe(true);

    const two = await correctionsForRun(database.db, agent, 2);
    expect(two.prompt.map((c) => c.instruction)).toEqual(['Newest rule.', 'Middle rule.']);
    expect(two.rows).toHaveLength(2);

    expect(await correctionsForRun(database.db, agent, 0)).toEqual({ rows: [], prompt: [] });
    expect((await correctionsForRun(database.db, other, 20)).prompt.map((c) => c.instruction)).toEqual([
      'Not for digest.',
    ]);
    expect(await correctionsForRun(database.db, 'nobody', 20)).toEqual({ rows: [], prompt: [] });
  });

  it('are read in the statement that claims the run: the same rows, whether or not it claimed it', async () => {
    const agent = `digest-${randomUUID().slice(0, 8)}`;
    const other = `reply-${randomUUID().slice(0, 8)}`;
    await seed(agent, [
      { instruction: 'Oldest rule.' },
      { instruction: 'Retired rule.', retired: true },
      { instruction: 'Newest rule.', kind: 'tone' },
    ]);
    await seed(other, [{ instruction: 'Not for digest.' }], 100);
    const run = await seedRun(database.db, { agent, status: 'queued' });
    const claim = { id: run.id, instanceId: 'i1', model: 'm', statusTs: '5.1' };

    // Two processes at once: one claims it, both are given the same corrections.
    const [a, b] = await Promise.all([
      claimRunReadingCorrections(database.db, claim, { agent, limit: 20 }),
      claimRunReadingCorrections(database.db, { ...claim, instanceId: 'i2' }, { agent, limit: 20 }),
    ]);
    expect([a?.claimed, b?.claimed].sort()).toEqual([false, true]);
    for (const read of [a, b]) {
      expect(read?.corrections).toEqual((await correctionsForRun(database.db, agent, 20)).rows);
      expect(read?.corrections.map((c) => c.instruction)).toEqual(['Newest rule.', 'Oldest rule.']);
    }
    expect(await getRun(database.db, run.id)).toMatchObject({ status: 'running', status_ts: '5.1', model: 'm' });

    // No corrections wanted, or none there: the claim still says whether it took the run.
    const next = await seedRun(database.db, { agent, status: 'queued' });
    expect(await claimRunReadingCorrections(database.db, { ...claim, id: next.id }, { agent, limit: 0 })).toEqual({
      claimed: true,
      corrections: [],
    });
    const lone = await seedRun(database.db, { agent: 'nobody', status: 'queued' });
    expect(
      await claimRunReadingCorrections(database.db, { ...claim, id: lone.id }, { agent: 'nobody', limit: 20 }),
    ).toEqual({ claimed: true, corrections: [] });
  });

  it('puts them after the cached system prefix, in that order', async () => {
    const agent = `digest-${randomUUID().slice(0, 8)}`;
    await seed(agent, [
      { instruction: 'Score leads 1-5.', target: 'row 1' },
      { instruction: 'Drop the greeting.', kind: 'extra' },
    ]);
    const spec = AgentSpec.parse({
      name: agent,
      channels: ['#sales'],
      instructions: 'Summarise leads.',
      artifact: { type: 'table', columns: ['company', 'score'] },
    });
    const { prompt } = await correctionsForRun(database.db, agent, spec.context.corrections);
    const request = buildRequest({
      spec,
      model: 'claude-haiku-4-5',
      artifactType: artifactTypeFor('table'),
      input: 'this week',
      context: { files: [], history: [], corrections: prompt },
    });
    const system = request.system as Array<{ type: string; text: string; cache_control?: unknown }>;

    expect(system).toHaveLength(2);
    expect(system[0]?.cache_control).toEqual({ type: 'ephemeral' });
    expect(system[0]?.text).toContain('Summarise leads.');
    expect(system[0]?.text).not.toContain('Drop the greeting.');
    expect(system[1]?.cache_control).toBeUndefined();
    const corrections = system[1]?.text ?? '';
    expect(corrections).toContain('<correction n="1" kind="extra">Drop the greeting.</correction>');
    expect(corrections).toContain('<correction n="2" kind="fact" about="row 1">Score leads 1-5.</correction>');
    expect(corrections.indexOf('Drop the greeting.')).toBeLessThan(corrections.indexOf('Score leads 1-5.'));
    // Never in the user message.
    expect(request.messages[0]?.content).not.toContain('Score leads');

    // No corrections: no corrections block, and the prefix is unchanged.
    const bare = buildRequest({
      spec,
      model: 'claude-haiku-4-5',
      artifactType: artifactTypeFor('table'),
      input: 'this week',
      context: { files: [], history: [], corrections: [] },
    });
    const bareSystem = bare.system as Array<{ text: string }>;
    expect(bareSystem).toHaveLength(1);
    expect(bareSystem[0]?.text).toBe(system[0]?.text);
  });
});
