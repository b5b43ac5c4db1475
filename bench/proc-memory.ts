import { readFileSync } from 'node:fs';

/** A process's resident memory now (VmRSS) and its high-water mark (VmHWM), in MiB, from /proc (Linux). */
export interface ProcessMemory {
  rssMiB: number;
  peakMiB: number;
}

/** Reads /proc/<pid>/status. @throws when the process is gone or /proc is not there */
export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]);
  };
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}
