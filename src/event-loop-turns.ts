import { performance } from 'node:perf_hooks';

/** The longest stretch of synchronous work in a loop (reading files, parsing specs) before the event loop gets a turn. */
const SLICE_MS = 5;
let sliceStart = performance.now();

/**
 * Gives the event loop a turn (Slack's requests waiting for their ack) once SLICE_MS went by since
 * the last turn given here, by any caller; else resolves at once. Awaited before each piece of
 * synchronous work that a caller may repeat many times, so that no loop over many files, however
 * large or hostile the folder, holds up an ack.
 */
export async function giveEventLoopTurn(): Promise<void> {
  if (performance.now() - sliceStart <= SLICE_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
