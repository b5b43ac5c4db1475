import type { Kysely, KyselyPlugin, QueryId, RootOperationNode } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/**
 * `db` with every statement it executes recorded as its SQL, in the order their answers came
 * back (a statement inside a transaction included; begin and commit are not statements here).
 * With `loseAnswer`, the first statement it matches is executed and committed, and then its
 * answer is lost as to a connection reset: what a retry after a lost commit meets.
 */
export function statementLog(
  db: Kysely<Database>,
  options: { loseAnswer?: (sql: string) => boolean } = {},
): { db: Kysely<Database>; statements: string[] } {
  const statements: string[] = [];
  const nodes = new Map<string, RootOperationNode>();
  let lost = false;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      nodes.set(queryId.queryId, node);
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      const text = sqlOf(queryId);
      statements.push(text);
      if (!lost && options.loseAnswer?.(text)) {
        lost = true;
        throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      }
      return result;
    },
  };
  const logged = db.withPlugin(plugin);
  function sqlOf(queryId: QueryId): string {
    const node = nodes.get(queryId.queryId);
    return node ? logged.getExecutor().compileQuery(node, queryId).sql : '(unknown)';
  }
  return { db: logged, statements };
}
