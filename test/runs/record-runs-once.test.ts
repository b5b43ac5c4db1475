import { describe, expect, it } from 'vitest';
import { insertRunOfDelivery } from '../../src/db/runs-repository.js';
import { newRun, type RunRequest } from '../../src/runs/record-run.js';
import { recordRunsOnce } from '../../src/runs/record-runs-once.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const agent = {
  spec: AgentSpec.parse({ name: 'drafter', channels: ['C1'], instructions: 'Draft.', artifact: { type: 'message' } }),
  file: '/agents/drafter.yaml',
  hash: 'h1',
};
const request = (input: string): RunRequest => ({
  agent,
  trigger: { kind: 'command', userId: 'U1', detail: input },
  input,
  channelId: 'C1',
  instanceId: 'i1',
});
const count = async (table: 'runs' | 'slack_commands' | 'slack_events') =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('recordRunsOnce: the runs of a delivery, once per delivery', () => {
  it('records a command once per trigger_id, with every column of the run as given', async () => {
    const [run] = await recordRunsOnce(database.db, { kind: 'command', triggerId: 't-1' }, [request('hello')]);
    expect(run).toMatchObject({
      agent: 'drafter',
      spec_hash: 'h1',
      status: 'queued',
      input: 'hello',
      channel_id: 'C1',
    });
    expect(run?.thread_ts).toBeNull();
    expect(run?.created_at).toBeInstanceOf(Date);
    expect(await recordRunsOnce(database.db, { kind: 'command', triggerId: 't-1' }, [request('hello')])).toEqual([]);
    expect(await count('runs')).toBe(1);
    expect(await count('slack_commands')).toBe(1); // the file's first test: nothing else is stored yet
  });

  it('records an event once per event id, also when it starts several runs', async () => {
    const before = await count('runs');
    const key = { kind: 'event', eventId: 'Ev1' } as const;
    expect(await recordRunsOnce(database.db, key, [request('a')])).toHaveLength(1);
    expect(await recordRunsOnce(database.db, key, [request('a')])).toEqual([]);
    const two = { kind: 'event', eventId: 'Ev2' } as const;
    expect(await recordRunsOnce(database.db, two, [request('b'), request('c')])).toHaveLength(2);
    expect(await recordRunsOnce(database.db, two, [request('b'), request('c')])).toEqual([]);
    // Without an id there is nothing to dedupe on: every delivery counts.
    expect(await recordRunsOnce(database.db, { kind: 'event', eventId: undefined }, [request('d')])).toHaveLength(1);
    expect(await count('runs')).toBe(before + 4);
  });

  it('leaves the delivery unseen when its run cannot be recorded, so that Slack’s retry is not thrown away', async () => {
    const first = newRun(request('x'));
    await insertRunOfDelivery(database.db, first, { kind: 'command', triggerId: 't-a' });
    // The same run id again: the insert fails, and with it the remembering of t-b.
    await expect(insertRunOfDelivery(database.db, first, { kind: 'command', triggerId: 't-b' })).rejects.toThrow();
    const seen = await database.db
      .selectFrom('slack_commands')
      .select('trigger_id')
      .where('trigger_id', 'in', ['t-a', 't-b'])
      .execute();
    expect(seen.map((row) => row.trigger_id)).toEqual(['t-a']);
  });

  it('keeps the attached files of a run recorded in one statement, as references a retry can read', async () => {
    const attachments = [
      {
        id: 'F1',
        name: 'invoice.pdf',
        mimetype: 'application/pdf',
        filetype: 'pdf',
        size: 123,
        url: 'https://files.slack.com/a',
      },
    ];
    const [run] = await recordRunsOnce(database.db, { kind: 'event', eventId: 'Ev-files' }, [
      { ...request('invoice'), attachments },
    ]);
    expect(run?.attachments).toEqual(attachments);
    const [plain] = await recordRunsOnce(database.db, { kind: 'event', eventId: 'Ev-nofiles' }, [request('none')]);
    expect(plain?.attachments).toBeNull();
  });
});
