/** The bundle's entry (a file path) when dist/ is up to date with the sources under `root`, else undefined. */
export function freshBundle(root: string): string | undefined;
