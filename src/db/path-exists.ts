import { access } from 'node:fs/promises';

/** True when `file` (a file or a folder) exists. */
export function pathExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
