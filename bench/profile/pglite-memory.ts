/**
 * Child program: opens the embedded database in `argv[2]` the way Coworker does (openDatabase,
 * then migrations) and prints, as JSON, the process's RSS and high-water mark after each step.
 * Run it on an empty folder (initdb) and again on the same folder (a later start) to see what
 * creating the database costs in memory. Needs `--expose-gc` for the last step.
 */
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { readProcessMemory } from '../proc-memory.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pglite-memory.ts <data dir>');
const steps: Array<{ step: string; rssMiB: number; peakMiB: number }> = [];
const mark = (step: string) => steps.push({ step, ...readProcessMemory(process.pid) });

mark('modules loaded');
const database = await openDatabase({ dataDir });
mark('database open');
await migrateToLatest(database.db);
mark('migrated');
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 500));
mark('after a full GC');
await database.close();
mark('database closed');
console.log(JSON.stringify(steps));
