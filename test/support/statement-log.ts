import type { Kysely, KyselyPlugin, QueryId, RootOperationNode } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/**
 * `db` with every statement it executes recorded as its SQL, in the order their answers came
 * back (a statement inside a transaction included; begin and commit are not statements here).
 * With `fail`, a statement for which it returns an error is executed (and, outside a
 * transaction, committed), and then that error is thrown instead of its answer. `timeline` says
 * when each was sent too (`sent: …`, `answered: …`), to tell statements in flight together.
 */
export function statementLog(
  db: Kysely<Database>,
  options: { fail?: (sql: string) => Error | undefined } = {},
): { db: Kysely<Database>; statements: string[]; timeline: string[] } {
  const statements: string[] = [];
  const timeline: string[] = [];
  const nodes = new Map<string, RootOperationNode>();
  const plugin: KyselyPlugin = {
    // Called as a statement is executed (again for the same one: counted once).
    transformQuery: ({ node, queryId }) => {
      if (!nodes.has(queryId.queryId)) {
        nodes.set(queryId.queryId, node);
        timeline.push(`sent: ${sqlOf(queryId)}`);
      }
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      const text = sqlOf(queryId);
      statements.push(text);
      timeline.push(`answered: ${text}`);
      const error = options.fail?.(text);
      if (error) throw error;
      return result;
    },
  };
  const logged = db.withPlugin(plugin);
  function sqlOf(queryId: QueryId): string {
    const node = nodes.get(queryId.queryId);
    return node ? logged.getExecutor().compileQuery(node, queryId).sql : '(unknown)';
  }
  return { db: logged, statements, timeline };
}

/** For `statementLog`'s `fail`: the first answer to a statement that `matches` is lost, as to a connection reset. */
export function answerLostOnce(matches: (sql: string) => boolean): (sql: string) => Error | undefined {
  let lost = false;
  return (sql) => {
    if (lost || !matches(sql)) return undefined;
    lost = true;
    return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  };
}
