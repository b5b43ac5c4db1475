import type { BigIntStats } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { giveEventLoopTurn } from '../event-loop-turns.js';

// Synchronous system calls behind asynchronous signatures: a folder of a thousand specs is read at
// start-up and checked again on every reload, and each asynchronous call costs the main thread a
// hand-over to libuv's thread pool (~30 µs on these machines, four per file: ~120 ms of a start
// with 1,000 specs, against ~15 ms). No call here can wait long: the files are local, capped in
// size and checked to be regular before they are read (a FIFO is opened without waiting on it).
// Each call first gives the event loop its turn when one is due (`giveEventLoopTurn`), so a
// caller's loop over many files (specs, their context files, facts) never holds up an ack.

/** Why a file cannot be used: `code` is the system error code for `missing` and `unreadable`. */
export type ContainedFileFailure =
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'unreadable'; code: string }
  | { ok: false; reason: 'outside' }
  | { ok: false; reason: 'not_a_file' }
  | { ok: false; reason: 'too_large'; size: number };

/** A regular file inside the root, within the size cap. */
export interface ContainedFile {
  ok: true;
  /** The file's real path (symlinks resolved). */
  realPath: string;
  /** Identity, size and times (nanoseconds): with `realPath`, tells whether the file changed. */
  stats: BigIntStats;
}

// O_NOFOLLOW: the final component may not have become a symlink since realpath; O_NONBLOCK: a
// FIFO swapped in is opened without waiting for a writer (and then refused as not a file).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Path, identity, size and times of a file: equal keys mean it cannot have changed (a stat tells, no read). */
export function fileIdentity(file: ContainedFile): string {
  const { dev, ino, size, mtimeNs, ctimeNs } = file.stats;
  return [file.realPath, dev, ino, size, mtimeNs, ctimeNs].join(':');
}

/**
 * Resolves `file` by its real path and checks, without reading it, that it lies inside `root`
 * (itself a real path: pass the result of `realpath`), is a regular file and holds at most
 * `maxBytes`. A symlink leading out of `root` is `outside` whatever it points at. Never throws.
 *
 * `knownRealPath` saves resolving a path the caller already knows to be real: a folder entry
 * listed as a regular file (not a symlink) in a folder whose real path is known. Should it have
 * become a symlink since, the read refuses it (the file is opened without following one).
 */
export async function inspectContainedFile(
  file: string,
  root: string,
  maxBytes: number,
  knownRealPath?: string,
): Promise<ContainedFile | ContainedFileFailure> {
  await giveEventLoopTurn();
  let realPath: string;
  let stats: BigIntStats;
  try {
    realPath = knownRealPath ?? realpathSync.native(file);
    if (!isInside(root, realPath)) return { ok: false, reason: 'outside' };
    stats = statSync(realPath, { bigint: true });
  } catch (err) {
    return failureOf(err);
  }
  return checkStats(realPath, stats, maxBytes);
}

/**
 * `inspectContainedFile`, then reads the file through a handle that is checked again (type and
 * size with fstat), so a file swapped or grown between the check and the read is still refused;
 * at most `maxBytes` are ever read. With `knownRealPath` (a folder entry listed as a regular
 * file) the handle's checks are the only ones: the open follows no symlink and waits on no FIFO,
 * and fstat refuses anything but a regular file within the cap. Never throws.
 */
export async function readContainedFile(
  file: string,
  root: string,
  maxBytes: number,
  knownRealPath?: string,
): Promise<(ContainedFile & { bytes: Buffer }) | ContainedFileFailure> {
  await giveEventLoopTurn();
  let realPath: string;
  if (knownRealPath !== undefined) {
    if (!isInside(root, knownRealPath)) return { ok: false, reason: 'outside' };
    realPath = knownRealPath;
  } else {
    const inspected = await inspectContainedFile(file, root, maxBytes);
    if (!inspected.ok) return inspected;
    realPath = inspected.realPath;
  }
  let fd: number;
  try {
    fd = openSync(realPath, OPEN_FLAGS);
  } catch (err) {
    return failureOf(err);
  }
  try {
    const checked = checkStats(realPath, fstatSync(fd, { bigint: true }), maxBytes);
    if (!checked.ok) return checked;
    const size = Number(checked.stats.size);
    // Sized by fstat, with one byte to spare to see the end; a file that grew since gets room up
    // to one byte more than allowed, so one grown past the cap is refused, not cut.
    let buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      length += bytesRead;
      // The end: nothing more, or a short read once all fstat promised is in (no second read).
      if (bytesRead === 0 || (length < buffer.length && length >= size)) break;
      if (length < buffer.length) continue;
      if (buffer.length > maxBytes) break;
      const larger = Buffer.allocUnsafe(maxBytes + 1);
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    if (length > maxBytes) return { ok: false, reason: 'too_large', size: length };
    return { ...checked, bytes: buffer.subarray(0, length) };
  } catch (err) {
    return failureOf(err);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing was written: a failed close loses nothing
    }
  }
}

/** True when `candidate` (a real path) is strictly inside the folder `root` (a real path). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function checkStats(realPath: string, stats: BigIntStats, maxBytes: number): ContainedFile | ContainedFileFailure {
  if (!stats.isFile()) return { ok: false, reason: 'not_a_file' };
  if (stats.size > BigInt(maxBytes)) return { ok: false, reason: 'too_large', size: Number(stats.size) };
  return { ok: true, realPath, stats };
}

function failureOf(err: unknown): ContainedFileFailure {
  const code =
    typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
  // ELOOP: the final component became a symlink after realpath (O_NOFOLLOW), or a symlink loop.
  return { ok: false, reason: 'unreadable', code: code ?? (err instanceof Error ? err.message : String(err)) };
}
