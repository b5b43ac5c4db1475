import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

/** Runs `task` once to warm up, then `repeat` times: the median milliseconds. */
export async function timeMedian(task: () => Promise<unknown>, repeat: number): Promise<number> {
  await task();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return median(times);
}
