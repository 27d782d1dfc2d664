// Files shared by several processes (the windows' extension hosts): atomic
// replacement (a temp file, then rename) and a read-modify-write under a lock
// file created with O_EXCL. Synchronous, because the critical section is one
// small read and one write and the callers are synchronous. No `vscode` import
// here: unit tests and their child processes use this module directly.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

export interface LockOptions {
  /** A lock file older than this belongs to a holder that died: it is broken. Default 5 s. */
  staleMs?: number;
  /** Give up (throw) after waiting this long for the lock. Default 1 s. */
  timeoutMs?: number;
  /** Wait between two attempts (plus up to as much again, random). Default 2 ms. */
  retryMs?: number;
}

/**
 * Test hooks (test/unit/lockedFile.test.ts): called at the steps of breaking a
 * stale lock, so that a test can hold a process between two of them.
 * 'stale': a lock was judged stale; 'removed': it was taken off its path;
 * 'broken': the break attempt is over; 'busy': the lock is held by a live holder.
 */
export const lockSteps: { on?: (step: 'stale' | 'removed' | 'broken' | 'busy') => void } = {};

const DEFAULT_STALE_MS = 5_000;
const DEFAULT_TIMEOUT_MS = 1_000;
const DEFAULT_RETRY_MS = 2;

export function readText(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}

/**
 * Reads `file` whole into `into`, or into a bigger buffer when it does not
 * fit: `buffer` is the one to reuse next time, `bytes` a view of it valid
 * until then. Undefined when the file cannot be read. A file read often and
 * mostly unchanged (the shared state) is compared as bytes, not decoded anew.
 */
export function readInto(file: string, into: Buffer): { bytes: Buffer; buffer: Buffer } | undefined {
  let fd: number;
  try { fd = fs.openSync(file, 'r'); } catch { return undefined; }
  let buffer = into;
  try {
    let size = 0;
    for (;;) {
      if (size === buffer.length) {
        const bigger = Buffer.alloc(Math.max(64 * 1024, fs.fstatSync(fd).size + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, size);
        buffer = bigger;
      }
      const n = fs.readSync(fd, buffer, size, buffer.length - size, null);
      if (n === 0) return { bytes: buffer.subarray(0, size), buffer };
      size += n;
    }
  } catch {
    return undefined;
  } finally {
    try { fs.closeSync(fd); } catch { /* read already */ }
  }
}

/** Replaces `file` whole: readers see the old or the new content, never a torn one. */
export function writeAtomic(file: string, text: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* not created */ }
    throw e;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  try {
    Atomics.wait(sleeper, 0, 0, ms);
  } catch {
    const until = Date.now() + ms; // Atomics.wait not allowed on this thread
    while (Date.now() < until) { /* spin */ }
  }
}

function errCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
}

/** A lock file as one open file showed it: its holder's token, its inode and its age. */
interface LockSeen { text: string; ino: number; mtimeMs: number }

function seeLock(lockPath: string): LockSeen | undefined {
  let fd: number;
  try { fd = fs.openSync(lockPath, 'r'); } catch { return undefined; }
  try {
    const st = fs.fstatSync(fd);
    return { text: fs.readFileSync(fd, 'utf8'), ino: st.ino, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  } finally {
    try { fs.closeSync(fd); } catch { /* read already */ }
  }
}

const MAX_BREAKERS = 4;

/**
 * The right to break the lock: `${lockPath}.break<n>`, created with O_EXCL,
 * so one process breaks at a time. A marker older than staleMs belongs to a
 * breaker that died (breaking takes microseconds): the next n is tried.
 */
function takeBreaker(lockPath: string, staleMs: number): string | undefined {
  for (let n = 0; n < MAX_BREAKERS; n++) {
    const marker = `${lockPath}.break${n}`;
    try {
      fs.closeSync(fs.openSync(marker, 'wx', 0o600));
      return marker;
    } catch (e) {
      if (errCode(e) !== 'EEXIST') return undefined;
    }
    try {
      if (Date.now() - fs.statSync(marker).mtimeMs < staleMs) return undefined; // a live breaker
    } catch { return undefined; } // just released: try again later
  }
  return undefined;
}

/** Removes the breaker's marker, and the dead breakers' before it (still stale), so that they do not pile up. */
function dropMarkers(marker: string, staleMs: number): void {
  const n = Number(marker.slice(marker.lastIndexOf('.break') + 6));
  for (let k = 0; k < n; k++) {
    const dead = marker.slice(0, marker.lastIndexOf('.break') + 6) + k;
    try { if (Date.now() - fs.statSync(dead).mtimeMs >= staleMs) fs.unlinkSync(dead); } catch { /* gone */ }
  }
  try { fs.unlinkSync(marker); } catch { /* gone */ }
}

/**
 * Removes the lock if it is older than staleMs, and only the lock judged
 * stale: under the breaker's marker, it is removed when the file on the path
 * is still that one (same token, inode and time). Another process may have
 * broken it and taken a fresh lock meanwhile; that one stays. (Renaming the
 * lock aside and linking it back, as before, could move a fresh lock away
 * while a third process took the free path: two holders.)
 */
function breakIfStale(lockPath: string, staleMs: number): void {
  const seen = seeLock(lockPath);
  if (!seen) return;
  if (Date.now() - seen.mtimeMs < staleMs) { lockSteps.on?.('busy'); return; }
  lockSteps.on?.('stale');
  const marker = takeBreaker(lockPath, staleMs);
  if (!marker) return;
  try {
    const now = seeLock(lockPath);
    if (now && now.text === seen.text && now.ino === seen.ino && now.mtimeMs === seen.mtimeMs) {
      fs.unlinkSync(lockPath);
      lockSteps.on?.('removed');
    }
  } catch { /* gone */ } finally {
    dropMarkers(marker, staleMs);
  }
  lockSteps.on?.('broken');
}

/** Runs `fn` while holding `${file}.lock`; throws when the lock stays busy past timeoutMs. */
export function withFileLock<T>(file: string, fn: () => T, opts: LockOptions = {}): T {
  const lockPath = `${file}.lock`;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const retryMs = opts.retryMs ?? DEFAULT_RETRY_MS;
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const token = `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      try { fs.writeSync(fd, token); } finally { fs.closeSync(fd); }
      break;
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw e;
    }
    breakIfStale(lockPath, staleMs);
    if (Date.now() >= deadline) throw new Error(`${lockPath} is held by another process`);
    sleepSync(retryMs + Math.random() * retryMs);
  }
  try {
    return fn();
  } finally {
    // Only our own lock: had we been judged stale, the file may be another holder's now.
    if (readText(lockPath) === token) {
      try { fs.unlinkSync(lockPath); } catch { /* gone */ }
    }
  }
}

/**
 * Read-modify-write of `file` under its lock: `fn` gets the content on disk
 * now (undefined when there is none) and returns the new content, or
 * undefined to write nothing. The write is atomic.
 */
export function updateFile(file: string, fn: (text: string | undefined) => string | undefined, opts?: LockOptions): void {
  withFileLock(file, () => {
    const next = fn(readText(file));
    if (next !== undefined) writeAtomic(file, next);
  }, opts);
}
