import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertArtifact } from '../../src/db/artifacts-repository.js';
import {
  activeCorrections,
  insertCorrection,
  listActiveCorrections,
  recordCorrectionUses,
  retireCorrection,
} from '../../src/db/corrections-repository.js';
import type { NewCorrection } from '../../src/db/schema.js';
import { useTestDatabase } from '../support/test-database.js';
import { artifactValues, databaseLabel as label, MINUTE, newRun } from './scale-rows.js';

const database = useTestDatabase();

describe(`corrections repository on ${label}`, () => {
  async function fixture(agent: string) {
    const run = await newRun(database.db, { agent });
    const artifact = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    return { run, artifact };
  }

  function correction(
    f: { runId: string; artifactId: string },
    o: Partial<NewCorrection> & { agent: string },
  ): NewCorrection {
    return {
      id: randomUUID(),
      run_id: f.runId,
      artifact_id: f.artifactId,
      author: 'U2',
      source: 'reply',
      text: 'Use EUR',
      target: null,
      kind: 'fact',
      before: null,
      after: null,
      instruction: 'Quote prices in EUR.',
      extraction: 'done',
      status: 'active',
      channel_id: 'C1',
      thread_ts: '100.000',
      message_ts: `${Math.random()}`,
      ack_ts: null,
      retired_by: null,
      retired_at: null,
      ...o,
    };
  }

  it('records one correction per Slack message, however often it is delivered', async () => {
    const agent = `agent-${randomUUID()}`;
    const { run, artifact } = await fixture(agent);
    const f = { runId: run.id, artifactId: artifact.id };
    const first = await insertCorrection(
      database.db,
      correction(f, { agent, channel_id: 'C1', message_ts: '200.001' }),
    );
    expect(first).toMatchObject({ agent, text: 'Use EUR', status: 'active' });
    expect(first?.created_at).toBeInstanceOf(Date);
    expect(
      await insertCorrection(
        database.db,
        correction(f, { agent, channel_id: 'C1', message_ts: '200.001', text: 'again' }),
      ),
    ).toBeUndefined();
    // The same ts in another channel is another message.
    expect(
      await insertCorrection(database.db, correction(f, { agent, channel_id: 'C2', message_ts: '200.001' })),
    ).toBeDefined();
    // Edits have no message: each is kept.
    expect(
      await insertCorrection(
        database.db,
        correction(f, { agent, source: 'edit', kind: 'edit', channel_id: 'C1', message_ts: null }),
      ),
    ).toBeDefined();
    expect(
      await insertCorrection(
        database.db,
        correction(f, { agent, source: 'edit', kind: 'edit', channel_id: 'C1', message_ts: null }),
      ),
    ).toBeDefined();
    const rows = await database.db.selectFrom('corrections').select(['text']).where('agent', '=', agent).execute();
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.text)).not.toContain('again');
  });

  it('gives the agent its own active corrections, newest first, at most `limit`', async () => {
    const agent = `agent-${randomUUID()}`;
    const other = `agent-${randomUUID()}`;
    const mine = await fixture(agent);
    const theirs = await fixture(other);
    const f = { runId: mine.run.id, artifactId: mine.artifact.id };
    const base = Date.now() - 10 * MINUTE;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const row = await insertCorrection(
        database.db,
        correction(f, { agent, instruction: `rule ${i}`, created_at: new Date(base + i * 1000) }),
      );
      ids.push(row?.id ?? '');
    }
    await insertCorrection(
      database.db,
      correction(
        { runId: theirs.run.id, artifactId: theirs.artifact.id },
        { agent: other, instruction: 'not yours', created_at: new Date(base + 10_000) },
      ),
    );
    const retired = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'retired', created_at: new Date(base + 20_000) }),
    );
    expect(await retireCorrection(database.db, retired?.id ?? '', 'U9')).toBeDefined();

    expect((await activeCorrections(database.db, agent, 10)).map((c) => c.instruction)).toEqual([
      'rule 3',
      'rule 2',
      'rule 1',
      'rule 0',
    ]);
    expect((await activeCorrections(database.db, agent, 2)).map((c) => c.id)).toEqual([ids[3], ids[2]]);
    expect(await activeCorrections(database.db, agent, 0)).toEqual([]);
    expect((await activeCorrections(database.db, other, 10)).map((c) => c.instruction)).toEqual(['not yours']);
  });

  it('counts the distinct runs each active correction was used in', async () => {
    const agent = `agent-${randomUUID()}`;
    const { run, artifact } = await fixture(agent);
    const f = { runId: run.id, artifactId: artifact.id };
    const base = Date.now() - 10 * MINUTE;
    const a = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'a', created_at: new Date(base) }),
    );
    const b = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'b', created_at: new Date(base + 1000) }),
    );
    const c = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'c', created_at: new Date(base + 2000) }),
    );
    const [r1, r2, r3] = [
      await newRun(database.db, { agent }),
      await newRun(database.db, { agent }),
      await newRun(database.db, { agent }),
    ];
    await recordCorrectionUses(database.db, r1.id, [a?.id ?? '', b?.id ?? '']);
    await recordCorrectionUses(database.db, r2.id, [a?.id ?? '']);
    // The same run recorded twice (a retried delivery) counts once.
    await recordCorrectionUses(database.db, r2.id, [a?.id ?? '']);
    await recordCorrectionUses(database.db, r3.id, [a?.id ?? '', b?.id ?? '']);
    await recordCorrectionUses(database.db, r3.id, []);

    const listed = await listActiveCorrections(database.db, agent);
    expect(listed.map((x) => [x.instruction, x.times_used])).toEqual([
      ['c', 0],
      ['b', 2],
      ['a', 3],
    ]);
    expect(typeof listed[0]?.times_used).toBe('number');
    expect((await listActiveCorrections(database.db, agent, 1)).map((x) => x.instruction)).toEqual(['c']);

    await retireCorrection(database.db, b?.id ?? '', 'U9');
    expect((await listActiveCorrections(database.db, agent)).map((x) => x.instruction)).toEqual(['c', 'a']);
    expect(c).toBeDefined();
  });

  it('retires a correction only once, recording who did it', async () => {
    const agent = `agent-${randomUUID()}`;
    const { run, artifact } = await fixture(agent);
    const row = await insertCorrection(database.db, correction({ runId: run.id, artifactId: artifact.id }, { agent }));
    const id = row?.id ?? '';
    const [first, second] = await Promise.all([
      retireCorrection(database.db, id, 'U7'),
      retireCorrection(database.db, id, 'U8'),
    ]);
    expect([first, second].filter((r) => r !== undefined)).toHaveLength(1);
    const winner = first ?? second;
    expect(winner).toMatchObject({ id, status: 'retired' });
    expect(winner?.retired_at).toBeInstanceOf(Date);
    expect(await retireCorrection(database.db, id, 'U9')).toBeUndefined();
    const stored = await database.db
      .selectFrom('corrections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.retired_by).toBe(winner?.retired_by);
    expect(['U7', 'U8']).toContain(stored.retired_by);
    expect(await retireCorrection(database.db, randomUUID(), 'U9')).toBeUndefined();
  });
});
