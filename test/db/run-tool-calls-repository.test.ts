import { describe, expect, it } from 'vitest';
import { runContextsOf } from '../../src/db/run-contexts-repository.js';
import { insertToolCall, listToolCalls } from '../../src/db/run-tool-calls-repository.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

describe(`run_tool_calls and run_contexts on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('keeps each call of a run in order with its arguments, duration, result size and error; a repeated write keeps the first', async () => {
    const run = await seedRun(database.db, { agent: 'support-reply', status: 'running' });
    const other = await seedRun(database.db, { agent: 'support-reply', status: 'running' });
    await insertToolCall(database.db, run.id, 2, {
      server: 'crm',
      tool: 'update_contact',
      arguments: { id: 'C-1', email: 'x@evil.example' },
      durationMs: 0,
      resultChars: 0,
      error: 'not available during this run',
      refused: true,
    });
    await insertToolCall(database.db, run.id, 1, {
      server: 'crm',
      tool: 'search_contacts',
      arguments: { query: 'Ada', nested: [1, { deep: true }] },
      durationMs: 12.6,
      resultChars: 1234,
      refused: false,
      result: 'Ada Lovelace <ada@analytical.example>',
    });
    await insertToolCall(database.db, run.id, 1, {
      server: 'crm',
      tool: 'retried',
      arguments: {},
      durationMs: 1,
      resultChars: 1,
      refused: false,
    });
    await insertToolCall(database.db, other.id, 1, {
      server: 'docs',
      tool: 'fetch',
      arguments: {},
      durationMs: 1,
      resultChars: 1,
      refused: false,
    });
    const calls = await listToolCalls(database.db, run.id);
    expect(
      calls.map(({ n, server, tool, arguments: args, duration_ms, result_chars, error, refused, result }) => ({
        n,
        server,
        tool,
        args,
        duration_ms,
        result_chars,
        error,
        refused,
        result,
      })),
    ).toEqual([
      {
        n: 1,
        server: 'crm',
        tool: 'search_contacts',
        args: { query: 'Ada', nested: [1, { deep: true }] },
        duration_ms: 13,
        result_chars: 1234,
        error: null,
        refused: false,
        result: 'Ada Lovelace <ada@analytical.example>',
      },
      {
        n: 2,
        server: 'crm',
        tool: 'update_contact',
        args: { id: 'C-1', email: 'x@evil.example' },
        duration_ms: 0,
        result_chars: 0,
        error: 'not available during this run',
        refused: true,
        result: null,
      },
    ]);
    expect(calls[0]?.called_at).toBeInstanceOf(Date);
  });

  it('keeps what a run was given with its artifact, once (a repeated write keeps the first), and nothing for a run without it', async () => {
    const run = await seedRun(database.db, { agent: 'support-reply', status: 'running' });
    const given = {
      history: [{ user: 'Bob', text: 'Ada "phoned" \\ yesterday' }],
      attachments: [{ kind: 'pdf', name: 'a.pdf', mediaType: 'application/pdf', bytes: 3, sha256: 'ab' }],
      readTools: [{ server: 'crm', tool: 'search', inputSchema: { type: 'object', properties: {} } }],
    };
    await seedArtifact(database.db, run, {}, given);
    await seedArtifact(database.db, run, {}, { history: [], attachments: [], readTools: [] });
    expect((await runContextsOf(database.db, [run.id])).get(run.id)).toMatchObject({
      run_id: run.id,
      history: given.history,
      attachments: given.attachments,
      read_tools: given.readTools,
    });
    const other = await seedRun(database.db, { agent: 'support-reply' });
    await seedArtifact(database.db, other);
    expect((await runContextsOf(database.db, [run.id, other.id])).has(other.id)).toBe(false);
  });
});
