import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { factNoticeSubject, getFactNotice } from '../../src/db/fact-notices-repository.js';
import { storeFactVersions } from '../../src/db/facts-repository.js';
import { heartbeat } from '../../src/db/instances-repository.js';
import { ownerCardsOf } from '../../src/db/owner-cards-repository.js';
import { CoworkerError } from '../../src/errors.js';
import type { Fact, VersionedFact } from '../../src/knowledge/fact.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { notifyDueFacts } from '../../src/knowledge/notify-due-facts.js';
import type { OutgoingMessage, SlackPort } from '../../src/slack-port.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { listButtons } from '../support/find-button.js';
import { recordingLogger } from '../support/recording-logger.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const OPTIONS = { retryAfterMs: 60_000, silentMs: 15_000 };

async function versioned(owner: string, count = 1): Promise<VersionedFact[]> {
  const facts: Fact[] = Array.from({ length: count }, (_, i) => ({
    id: `fact-${randomUUID().slice(0, 8)}-${i}`,
    file: '/knowledge/x.md',
    title: `Fact ${i}`,
    owner,
    verifyEveryMs: 1000,
    body: 'It is so.',
    hash: randomUUID(),
  }));
  const versions = await storeFactVersions(database.db, facts);
  return facts.map((f) => ({ ...f, ...versions.get(f.id)! }));
}

/** A Slack that records the DMs it posts; `refuse` says which users it refuses. */
function dmSlack(groups: Record<string, string[]>, refuse: (user: string) => boolean = () => false) {
  const posts: Array<OutgoingMessage> = [];
  const slack: SlackPort = stubSlackPort({
    userGroupMembers: async (handle) => groups[handle],
    openDirectMessage: async (userId) => {
      if (refuse(userId)) throw new CoworkerError('slack_failed', 'Slack refused conversations.open (ratelimited).');
      return `D${userId.replace(/^U/, '')}`;
    },
    postMessage: async (m) => {
      posts.push(m);
      return { channel: m.channel, ts: `3.${posts.length}` };
    },
  });
  return { slack, posts };
}

async function depsFor(facts: VersionedFact[], slack: SlackPort) {
  const instanceId = `inst-${randomUUID()}`;
  await heartbeat(database.db, instanceId);
  const { logger, lines } = recordingLogger();
  return {
    deps: {
      db: database.db,
      slack,
      knowledge: () => new KnowledgeBase('/knowledge', facts),
      agents: () => new AgentRegistry({ agents: [], invalid: [] }),
      instanceId,
      logger,
    },
    lines,
  };
}

const later = () => new Date(Date.now() + 10_000);

function keyOf(fact: VersionedFact) {
  return { factId: fact.id, version: fact.version, dueAt: new Date(fact.versionAt.getTime() + fact.verifyEveryMs) };
}

async function ageClaim(fact: VersionedFact) {
  await sql`update fact_notices set claimed_at = now() - interval '2 minutes' where fact_id = ${fact.id}`.execute(
    database.db,
  );
}

describe('notifyDueFacts', () => {
  it('asks each member of the owning group once per period, with the buttons, and nothing before it is due', async () => {
    const [fact] = await versioned('@leads');
    const { slack, posts } = dmSlack({ leads: ['U0ANN', 'U0BOB'] });
    const { deps } = await depsFor([fact!], slack);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: new Date() })).toBe(0);
    expect(posts).toHaveLength(0);

    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(1);
    expect(posts.map((p) => p.channel)).toEqual(['D0ANN', 'D0BOB']);
    expect(listButtons(posts[0]!.blocks).map((b) => b.label)).toEqual(['Verify', 'Needs a change']);
    expect((await getFactNotice(database.db, keyOf(fact!)))?.sentAt).toBeInstanceOf(Date);
    const cards = await ownerCardsOf(database.db, factNoticeSubject(keyOf(fact!)));
    expect(cards.map((c) => c.userId)).toEqual(['U0ANN', 'U0BOB']);

    await ageClaim(fact!);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(0);
    expect(posts).toHaveLength(2);
  });

  it('tries an owner Slack refused again later, without sending again to those it reached', async () => {
    const [fact] = await versioned('@leads');
    let refuseBob = true;
    const { slack, posts } = dmSlack({ leads: ['U0ANN', 'U0BOB'] }, (u) => u === 'U0BOB' && refuseBob);
    const { deps, lines } = await depsFor([fact!], slack);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(0);
    expect(posts.map((p) => p.channel)).toEqual(['D0ANN']);
    expect(lines.some(([level, text]) => level === 'warn' && text.includes('U0BOB will be tried again'))).toBe(true);

    refuseBob = false;
    // Not before its retry time...
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(0);
    expect(posts).toHaveLength(1);
    // ... and then only Bob.
    await ageClaim(fact!);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(1);
    expect(posts.map((p) => p.channel)).toEqual(['D0ANN', 'D0BOB']);
  });

  it('warns about an owner group Slack does not know, goes on with the others, and tries it again later', async () => {
    const [unknown] = await versioned('@nobody');
    const [known] = await versioned('U0CAROL');
    const groups: Record<string, string[]> = {};
    const { slack, posts } = dmSlack(groups);
    const { deps, lines } = await depsFor([unknown!, known!], slack);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(1);
    expect(posts.map((p) => p.channel)).toEqual(['D0CAROL']);
    expect(lines.filter(([level]) => level === 'warn').map(([, text]) => text)).toEqual([
      expect.stringMatching(
        /could not ask @nobody to verify the fact .*names nobody Slack knows.*trying again in 60 s/,
      ),
    ]);
    groups.nobody = ['U0DAN'];
    await ageClaim(unknown!);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(1);
    expect(posts.map((p) => p.channel)).toEqual(['D0CAROL', 'D0DAN']);
  });

  it('sends at most maxPerSweep requests a sweep, the longest due first, the rest in the next ones', async () => {
    const facts = await versioned('U0ERIN', 3);
    const { slack, posts } = dmSlack({});
    const { deps } = await depsFor(facts, slack);
    expect(await notifyDueFacts(deps, { ...OPTIONS, maxPerSweep: 2, now: later() })).toBe(2);
    expect(await notifyDueFacts(deps, { ...OPTIONS, maxPerSweep: 2, now: later() })).toBe(1);
    expect(await notifyDueFacts(deps, { ...OPTIONS, maxPerSweep: 2, now: later() })).toBe(0);
    expect(posts).toHaveLength(3);
  });

  it('makes a changed fact a new period: its new version is not due until verify_every after the change', async () => {
    const [fact] = await versioned('U0FAY');
    const { slack, posts } = dmSlack({});
    const { deps } = await depsFor([fact!], slack);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: later() })).toBe(1);
    const changed = { ...fact!, hash: randomUUID(), body: 'It is otherwise.' };
    const stored = (await storeFactVersions(database.db, [changed])).get(fact!.id)!;
    expect(stored.version).toBe(2);
    deps.knowledge = () => new KnowledgeBase('/knowledge', [{ ...changed, ...stored }]);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: new Date(stored.versionAt.getTime() + 500) })).toBe(0);
    expect(await notifyDueFacts(deps, { ...OPTIONS, now: new Date(stored.versionAt.getTime() + 1500) })).toBe(1);
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]!.blocks)).toContain('It is otherwise.');
  });
});
