/** Where the suite's migrated template lives; made once by global-setup.ts. */
export type DatabaseTemplate = { kind: 'pglite'; file: string } | { kind: 'postgres'; name: string };

export const POSTGRES_ADMIN_URL = process.env.COWORKER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The admin URL with another database name. */
export function postgresUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate;
  }
}
