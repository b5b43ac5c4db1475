import { randomUUID } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { disputeSubject } from '../../src/corrections/dispute-view.js';
import { announceSettlement, settleDispute } from '../../src/corrections/settle-dispute.js';
import { getCorrection, insertCorrection, saveDisputedExtraction } from '../../src/db/corrections-repository.js';
import { factCheckStates, factKey, storeFactVersions } from '../../src/db/facts-repository.js';
import { insertOwnerCard } from '../../src/db/owner-cards-repository.js';
import type { Settlement } from '../../src/db/schema.js';
import { CoworkerError } from '../../src/errors.js';
import { correctionsForRun } from '../../src/runs/corrections-for-run.js';
import type { OutgoingMessage } from '../../src/slack-port.js';
import { blocksText, listButtons } from '../support/find-button.js';
import { recordingLogger } from '../support/recording-logger.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const OWNERS = ['U0LEAD', 'U0LEAD2'];

/** A correction of a fresh agent disputed against a fresh fact owned by @leads, with a card sent to each owner. */
async function seedDispute() {
  const agent = `support-${randomUUID().slice(0, 8)}`;
  const factId = `policy-${randomUUID().slice(0, 8)}`;
  await storeFactVersions(database.db, [
    {
      id: factId,
      hash: randomUUID(),
      title: 'Refund policy',
      owner: '@leads',
      verifyEveryMs: 86_400_000,
      body: '30 days.',
    },
  ]);
  const run = await seedRun(database.db, { agent });
  const artifact = await seedArtifact(database.db, run, { message_ts: '5.5', thread_ts: '5.5' });
  const raw = await insertCorrection(database.db, {
    id: randomUUID(),
    agent,
    run_id: run.id,
    artifact_id: artifact.id,
    author: 'U0BOB',
    source: 'reply',
    text: 'No, 60 days.',
    target: null,
    kind: 'other',
    before: null,
    after: null,
    instruction: 'No, 60 days.',
    extraction: 'pending',
    status: 'active',
    channel_id: 'C1',
    thread_ts: '5.5',
    message_ts: randomUUID(),
    ack_ts: '6.6',
    retired_by: null,
    retired_at: null,
  });
  const disputed = await saveDisputedExtraction(database.db, raw!.id, {
    target: null,
    kind: 'fact',
    instruction: 'Say refunds are possible within 60 days.',
    fact: factId,
    version: 1,
    reason: 'The policy says 30 days.',
  });
  for (const [i, userId] of OWNERS.entries())
    await insertOwnerCard(database.db, disputeSubject(raw!.id), { userId, channelId: `D${i}`, ts: `9.${i}` });
  return { agent, factId, correction: disputed! };
}

function recordingDeps() {
  const posted: OutgoingMessage[] = [];
  const updated: Array<OutgoingMessage & { ts: string }> = [];
  const slack = stubSlackPort({
    userGroupMembers: async (handle) => (handle === 'leads' ? OWNERS : undefined),
    postMessage: async (m) => {
      posted.push(m);
      return { channel: m.channel, ts: `7.${posted.length}` };
    },
    updateMessage: async (m) => {
      updated.push(m);
    },
  });
  return { deps: { db: database.db, slack, logger: recordingLogger().logger }, posted, updated };
}

const onCard = (i = 0) => ({ channelId: `D${i}`, messageTs: `9.${i}`, ephemeral: false });

async function refusal(promise: Promise<unknown>): Promise<CoworkerError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoworkerError);
  return err as CoworkerError;
}

/** Settles as the listener does: recorded, then told to Slack; what the settlement recorded. */
async function settleAndAnnounce(
  deps: Parameters<typeof settleDispute>[0],
  input: Parameters<typeof settleDispute>[1],
) {
  const settled = await settleDispute(deps, input);
  await announceSettlement(deps, settled);
  return settled.correction;
}

describe(`settleDispute on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('a disputed correction is given to no run', async () => {
    const { agent } = await seedDispute();
    expect((await correctionsForRun(database.db, agent, 10)).rows).toEqual([]);
  });

  it('refuses anyone but an owner, and a click from another message, changing nothing', async () => {
    const { correction } = await seedDispute();
    const { deps, posted, updated } = recordingDeps();
    const input = { correctionId: correction.id, settlement: 'keep_fact' as const };
    const notOwner = await refusal(settleDispute(deps, { ...input, userId: 'U0BOB', origin: onCard() }));
    expect(notOwner.code).toBe('not_authorised');
    expect(notOwner.message).toContain('Only the owner of *Refund policy*, @leads, can settle');
    const elsewhere = await refusal(
      settleDispute(deps, {
        ...input,
        userId: 'U0LEAD',
        origin: { channelId: 'C1', messageTs: '6.6', ephemeral: false },
      }),
    );
    expect(elsewhere.code).toBe('request_mismatch');
    expect((await getCorrection(database.db, correction.id))?.status).toBe('disputed');
    expect([...posted, ...updated]).toEqual([]);
  });

  it('Keep the fact retires it, recorded with who and when; the cards, the acknowledgement and the thread say so', async () => {
    const { correction } = await seedDispute();
    const { deps, posted, updated } = recordingDeps();
    const settled = await settleAndAnnounce(deps, {
      correctionId: correction.id,
      userId: 'U0LEAD2',
      settlement: 'keep_fact',
      origin: onCard(1),
    });
    expect(settled).toMatchObject({
      status: 'retired',
      settlement: 'keep_fact',
      settled_by: 'U0LEAD2',
      retired_by: 'U0LEAD2',
    });
    expect(settled.settled_at).toBeInstanceOf(Date);
    // Both owners' cards, then the acknowledgement.
    expect(updated.map((u) => [u.channel, u.ts])).toEqual([
      ['D0', '9.0'],
      ['D1', '9.1'],
      ['C1', '6.6'],
    ]);
    for (const u of updated) expect(listButtons(u.blocks as KnownBlock[])).toEqual([]);
    expect(blocksText(updated[0]?.blocks)).toContain('<@U0LEAD2> kept the fact');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: 'C1', threadTs: '5.5' });
    expect(posted[0]?.text).toMatch(/^<@U0BOB>: <@U0LEAD2> kept \*Refund policy\*/);
  });

  it('The correction is right makes it active and marks the fact version as needing a change', async () => {
    const { agent, factId, correction } = await seedDispute();
    const { deps } = recordingDeps();
    await settleAndAnnounce(deps, {
      correctionId: correction.id,
      userId: 'U0LEAD',
      settlement: 'correction_right',
      origin: onCard(),
    });
    const states = await factCheckStates(database.db, [{ id: factId, version: 1 }]);
    expect(states.get(factKey(factId, 1))?.needsChange).toMatchObject({ by: 'U0LEAD' });
    const given = await correctionsForRun(database.db, agent, 10);
    expect(given.prompt).toEqual([
      {
        kind: 'fact',
        target: null,
        instruction: 'Say refunds are possible within 60 days.',
        settledAgainst: { fact: factId, as: 'right' },
      },
    ]);
  });

  it('Both true makes it active as an exception to the fact', async () => {
    const { agent, factId, correction } = await seedDispute();
    const { deps, updated } = recordingDeps();
    await settleAndAnnounce(deps, {
      correctionId: correction.id,
      userId: 'U0LEAD',
      settlement: 'both_true',
      origin: onCard(),
    });
    expect((await correctionsForRun(database.db, agent, 10)).prompt[0]?.settledAgainst).toEqual({
      fact: factId,
      as: 'exception',
    });
    expect(blocksText(updated[0]?.blocks)).toContain('as an exception to *Refund policy*');
    expect((await factCheckStates(database.db, [{ id: factId, version: 1 }])).size).toBe(0);
  });

  it('settles once when two owners press at once; the other is told who settled it how', async () => {
    const { correction } = await seedDispute();
    const { deps, posted } = recordingDeps();
    const press = (userId: string, settlement: Settlement, i: number) =>
      settleAndAnnounce(deps, { correctionId: correction.id, userId, settlement, origin: onCard(i) });
    const results = await Promise.allSettled([press('U0LEAD', 'keep_fact', 0), press('U0LEAD2', 'both_true', 1)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as CoworkerError] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.code).toBe('review_stale');
    const stored = await getCorrection(database.db, correction.id);
    expect(lost[0]?.message).toContain(`<@${stored?.settled_by}> chose`);
    expect(posted).toHaveLength(1);
  });
});
