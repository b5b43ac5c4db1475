import { describe, expect, it } from 'vitest';
import { rememberAgentVersions, storedAgentVersions } from '../../src/db/agent-versions-repository.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const version = (i: number, hash = `hash-${i}`) => ({
  hash,
  name: `agent-${i}`,
  file: `/agents/agent-${i}.yaml`,
  spec: { name: `agent-${i}`, on_approve: [{ post: '#x' }] },
});

describe('rememberAgentVersions', () => {
  it('stores every version of a large workspace (more rows than one insert takes), once per hash', async () => {
    const versions = Array.from({ length: 2_345 }, (_, i) => version(i));
    await rememberAgentVersions(database.db, versions);
    // Known hashes are kept as first stored, a repeat within one call is no error.
    await rememberAgentVersions(database.db, [version(7, 'hash-0'), version(8, 'hash-new'), version(9, 'hash-new')]);
    const rows = await database.db.selectFrom('agent_versions').select(['hash', 'name', 'spec']).execute();
    expect(rows).toHaveLength(2_346);
    const first = rows.find((r) => r.hash === 'hash-0');
    expect(first?.name).toBe('agent-0');
    expect(first?.spec).toEqual({ name: 'agent-0', on_approve: [{ post: '#x' }] });
    expect(rows.find((r) => r.hash === 'hash-new')?.name).toBe('agent-8');
  });

  it('does nothing for no versions', async () => {
    await expect(rememberAgentVersions(database.db, [])).resolves.toBeUndefined();
  });
});

describe('storedAgentVersions', () => {
  it('tells which hashes are stored, over more hashes than one query takes', async () => {
    await rememberAgentVersions(
      database.db,
      Array.from({ length: 1_500 }, (_, i) => version(i, `known-${i}`)),
    );
    const asked = [...Array.from({ length: 1_500 }, (_, i) => `known-${i}`), 'unknown-1', 'unknown-2'];
    const stored = await storedAgentVersions(database.db, asked);
    expect(stored.size).toBe(1_500);
    expect(stored.has('known-1499')).toBe(true);
    expect(stored.has('unknown-1')).toBe(false);
    expect(await storedAgentVersions(database.db, [])).toEqual(new Set());
  });
});
