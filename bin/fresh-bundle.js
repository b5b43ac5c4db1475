// Whether dist/ (bin/build.js) still matches the sources: every source that went into it exists
// and was last modified before the build started. A checkout whose sources changed since runs
// them through tsx instead, so an edit is never shadowed by an old bundle.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The bundle's entry (a file path) when it is up to date, else undefined. */
export function freshBundle(root) {
  let info;
  try {
    info = JSON.parse(readFileSync(path.join(root, 'dist', 'build-info.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof info?.builtAt !== 'number' || typeof info.entry !== 'string' || !Array.isArray(info.inputs))
    return undefined;
  for (const input of info.inputs) {
    const stat = statSync(path.join(root, input), { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs >= info.builtAt) return undefined;
  }
  return path.join(root, 'dist', info.entry);
}
