/**
 * Start-up and idle memory, alternating Coworker and the same-work app in each round: Coworker's
 * first start on a new database, two starts with many specs (the first one meets them new) and a
 * later start with one spec (all on that database), then the same-work app. The last round's later start and same-work app stay
 * up for the load phase.
 */
import type { BenchDatabases } from './databases.js';
import type { BenchFakes } from './fakes.js';
import { type BenchProcess, startBoltProcess, startCoworkerProcess } from './processes.js';
import { boltEnv, coworkerEnv, writeSpecFolder } from './setup.js';
import type { BenchSizes } from './sizes.js';
import { median } from './stats.js';
import type { Row, Target } from './table.js';

export interface StartupResult {
  rows: Row[];
  /** Coworker after a later start with one spec, still running. */
  coworker: BenchProcess;
  /** The same-work app, still running. */
  sameWork: BenchProcess;
  /** Removes the spec folder the running Coworker reads (once it stopped). */
  removeSpecs(): Promise<void>;
}

interface Sample {
  ms: number;
  rssMiB: number;
}

export async function measureStartups(
  fakes: BenchFakes,
  databases: BenchDatabases,
  sizes: BenchSizes,
  log: (line: string) => void,
): Promise<StartupResult> {
  const one = await writeSpecFolder(1);
  const many = await writeSpecFolder(sizes.manySpecs);
  const samples = {
    first: [] as Sample[],
    manyFirst: [] as Sample[],
    many: [] as Sample[],
    later: [] as Sample[],
    sameWork: [] as Sample[],
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, sizes.idleSettleMs));
  const sample = async (app: BenchProcess, into: Sample[], keep: boolean) => {
    await settle();
    into.push({ ms: app.startupMs, rssMiB: app.memory().rssMiB });
    if (!keep) await app.stop();
    return app;
  };
  let kept: { coworker: BenchProcess; sameWork: BenchProcess } | undefined;
  try {
    for (let round = 1; round <= sizes.startupRounds; round++) {
      const last = round === sizes.startupRounds;
      log(`${databases.label}: start-up round ${round} of ${sizes.startupRounds}`);
      const database = await databases.fresh();
      await sample(await startCoworkerProcess(coworkerEnv(fakes, one.dir, database)), samples.first, false);
      // The many specs twice: first seen by this database (every spec parsed and stored), then again.
      await sample(await startCoworkerProcess(coworkerEnv(fakes, many.dir, database)), samples.manyFirst, false);
      await sample(await startCoworkerProcess(coworkerEnv(fakes, many.dir, database)), samples.many, false);
      const coworker = await sample(
        await startCoworkerProcess(coworkerEnv(fakes, one.dir, database)),
        samples.later,
        last,
      );
      const sameWork = await sample(await startBoltProcess('same-work-app', boltEnv(fakes)), samples.sameWork, last);
      if (last) kept = { coworker, sameWork };
    }
  } catch (err) {
    await one.remove();
    throw err;
  } finally {
    await many.remove();
  }
  if (!kept) throw new Error('startupRounds must be at least 1');

  const db = databases.label;
  const ms = (list: Sample[]) => median(list.map((s) => s.ms));
  const rss = (list: Sample[]) => median(list.map((s) => s.rssMiB));
  const idleTarget: Target = databases.kind === 'pglite' ? { kind: 'below', value: 400 } : { kind: 'ratio', max: 1.5 };
  const specs = sizes.manySpecs.toLocaleString('en');
  const vsSameWork = { database: db, baselineName: 'same-work app' };
  const rows: Row[] = [
    {
      id: 'startup-1',
      figure: 'start-up to /healthz 200, 1 spec',
      ...vsSameWork,
      coworker: ms(samples.later),
      baseline: ms(samples.sameWork),
      unit: 'ms',
      target: { kind: 'ratio', max: 1.5 },
    },
    {
      id: 'startup-many',
      figure: `start-up to /healthz 200, ${specs} specs`,
      ...vsSameWork,
      coworker: ms(samples.many),
      baseline: ms(samples.sameWork),
      unit: 'ms',
      target: { kind: 'ratio', max: 2 },
    },
    {
      id: 'startup-many-first',
      figure: `start-up to /healthz 200, ${specs} specs new to the database`,
      ...vsSameWork,
      coworker: ms(samples.manyFirst),
      baseline: ms(samples.sameWork),
      unit: 'ms',
      target: { kind: 'ratio', max: 2 },
    },
    {
      id: 'first-start',
      figure: 'first start on a new database, 1 spec',
      database: db,
      baselineName: 'later start',
      coworker: ms(samples.first),
      baseline: ms(samples.later),
      unit: 'ms',
      target: { kind: 'ratio', max: 2 },
    },
    {
      id: 'rss-idle',
      figure: 'idle RSS after a later start, 1 spec',
      ...vsSameWork,
      coworker: rss(samples.later),
      baseline: rss(samples.sameWork),
      unit: 'MiB',
      target: idleTarget,
    },
    {
      id: 'rss-idle-first',
      figure: 'idle RSS after a first start, 1 spec',
      ...vsSameWork,
      coworker: rss(samples.first),
      baseline: rss(samples.sameWork),
      unit: 'MiB',
      target: idleTarget,
    },
    {
      id: 'rss-idle-many',
      figure: `idle RSS after a start with ${specs} specs`,
      ...vsSameWork,
      coworker: rss(samples.many),
      baseline: rss(samples.sameWork),
      unit: 'MiB',
      target: idleTarget,
    },
  ];
  return { rows, ...kept, removeSpecs: one.remove };
}
