/**
 * Child program: `pglite-memory.ts <initdb|open> <data dir>` opens the embedded database and
 * prints, as JSON, the process's RSS and high-water mark after each step. `open` does what
 * Coworker does (openDatabase: a new folder is a copy of the template, an existing one is
 * reopened; then migrations); `initdb` creates the database in this process (openEmbedded on an
 * empty folder, what the template's maker does). Needs `--expose-gc` for the GC step.
 */
import path from 'node:path';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { openEmbedded } from '../../src/db/open-embedded.js';
import { readProcessMemory } from '../proc-memory.js';

const [mode, dataDir] = process.argv.slice(2);
if ((mode !== 'initdb' && mode !== 'open') || !dataDir) throw new Error('usage: pglite-memory.ts <initdb|open> <dir>');
const steps: Array<{ step: string; rssMiB: number; peakMiB: number }> = [];
const mark = (step: string) => steps.push({ step, ...readProcessMemory(process.pid) });

mark('modules loaded');
const database = mode === 'initdb' ? await openEmbedded(path.join(dataDir, 'pgdata')) : await openDatabase({ dataDir });
mark('database open');
await migrateToLatest(database.db);
mark('migrated');
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 500));
mark('after a full GC');
await database.close();
mark('database closed');
console.log(JSON.stringify(steps));
