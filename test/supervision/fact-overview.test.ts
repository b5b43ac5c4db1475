import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertCorrection } from '../../src/db/corrections-repository.js';
import { recordFactCheck, recordRunFacts, storeFactVersions } from '../../src/db/facts-repository.js';
import type { Fact } from '../../src/knowledge/fact.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { collectFactOverview } from '../../src/supervision/fact-overview.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const DAY = 86_400_000;
const DIR = '/srv/team/knowledge';

function fact(id: string, overrides: Partial<Fact> = {}): Fact {
  return {
    id,
    file: path.join(DIR, `${id}.md`),
    title: id,
    owner: '@support-leads',
    verifyEveryMs: 90 * DAY,
    body: `${id} body`,
    hash: `${id}-hash`,
    ...overrides,
  };
}

function agent(name: string, knowledge: string[]) {
  return {
    spec: AgentSpec.parse({
      name,
      channels: ['#support'],
      instructions: 'x',
      artifact: { type: 'message' },
      context: { knowledge },
    }),
    file: `/a/${name}.yaml`,
    hash: name,
  };
}

describe('collectFactOverview', () => {
  it('gives each fact its status, the agents naming it and its runs of 30 days; and the invalid files as lines', async () => {
    // Ids of their own, so this file's rows do not meet another test's.
    const [refund, prices, sop] = [`refund-${randomUUID()}`, `prices-${randomUUID()}`, `sop-${randomUUID()}`];
    const facts = [fact(refund, { verifyEveryMs: 1000 }), fact(prices, { owner: 'U0CAROL' }), fact(sop)];
    const versions = await storeFactVersions(database.db, facts);
    const base = new KnowledgeBase(
      DIR,
      facts.map((f) => ({ ...f, ...versions.get(f.id)! })),
      [{ file: path.join(DIR, 'bad.md'), problems: [{ path: 'owner', line: 3, message: 'is not an owner' }] }],
    );
    await recordFactCheck(database.db, {
      id: randomUUID(),
      factId: refund,
      version: 1,
      result: 'verified',
      userId: 'U0BOB',
    });
    await recordFactCheck(database.db, {
      id: randomUUID(),
      factId: prices,
      version: 1,
      result: 'needs_change',
      userId: 'U0DAN',
      note: 'Team is $31 now',
    });
    const run = await seedRun(database.db, { agent: 'support-reply' });
    await recordRunFacts(database.db, run.id, [{ id: refund, version: 1 }]);
    const artifact = await seedArtifact(database.db, run);
    await insertCorrection(database.db, {
      id: randomUUID(),
      agent: 'support-reply',
      run_id: run.id,
      artifact_id: artifact.id,
      author: 'U0EVE',
      source: 'reply',
      text: 'refunds are 60 days',
      target: null,
      kind: 'fact',
      before: null,
      after: null,
      instruction: 'Refunds are possible within 60 days.',
      extraction: 'done',
      status: 'disputed',
      channel_id: null,
      thread_ts: null,
      message_ts: null,
      ack_ts: null,
      retired_by: null,
      retired_at: null,
      disputed_fact: refund,
      disputed_version: 1,
    });
    const registry = new AgentRegistry({
      agents: [agent('support-reply', [refund, prices]), agent('ticket-triage', [refund])],
      invalid: [],
    });

    const overview = await collectFactOverview(
      { db: database.db, knowledge: () => base, agents: () => registry },
      { usage: true, cwd: '/srv/team', now: new Date(Date.now() + 5000) },
    );
    expect(overview.dir).toBe('knowledge');
    expect(overview.problems).toEqual(['knowledge/bad.md:3: owner: is not an owner']);
    const byId = new Map(overview.facts.map((f) => [f.id, f]));
    expect(byId.get(refund)).toMatchObject({
      owner: '@support-leads',
      version: 1,
      verifiedBy: 'U0BOB',
      due: true,
      openDisputes: 1,
      agents: ['support-reply', 'ticket-triage'],
      runs: 1,
    });
    expect(byId.get(prices)).toMatchObject({
      owner: 'U0CAROL',
      needsChange: { by: 'U0DAN', note: 'Team is $31 now' },
      openDisputes: 0,
      agents: ['support-reply'],
      runs: 0,
    });
    expect(byId.get(prices)?.verifiedBy).toBeUndefined();
    expect(byId.get(sop)).toMatchObject({ agents: [], runs: 0, openDisputes: 0 });
    expect(byId.get(sop)?.needsChange).toBeUndefined();

    // App Home does not count runs.
    const home = await collectFactOverview(
      { db: database.db, knowledge: () => base, agents: () => registry },
      { usage: false, cwd: '/srv/team' },
    );
    expect(home.facts.find((f) => f.id === refund)).toMatchObject({ verifiedBy: 'U0BOB', openDisputes: 1 });
    expect(home.facts.every((f) => f.runs === undefined)).toBe(true);
  });
});
