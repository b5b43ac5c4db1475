import { expect } from 'vitest';
import type { SpecProblem } from '../../src/specs/load-specs.js';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { writeSpecDir, yaml } from './write-spec-dir.js';

/** A valid spec body with the given extra lines. */
export function spec(...extra: string[]): string {
  return yaml('channels: ["#sales"]', 'instructions: Do the job.', 'artifact: { type: message }', ...extra);
}

/** The problems of the only invalid file of `files`. */
export async function problemsOf(files: Record<string, string>): Promise<SpecProblem[]> {
  const result = await loadSpecs(await writeSpecDir(files), {});
  expect(result.invalid).toHaveLength(1);
  return result.invalid[0]?.problems ?? [];
}
