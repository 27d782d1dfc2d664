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

const DEFAULT_STALE_MS = 5_000;
const DEFAULT_TIMEOUT_MS = 1_000;
const DEFAULT_RETRY_MS = 2;

export function readText(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}

/** Replaces `file` whole: readers see the old or the new content, never a torn one. */
export function writeAtomic(file: string, text: string): void {
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

/**
 * Removes the lock if it is older than staleMs. It is moved aside first
 * (rename is atomic, so of two processes that judge it stale only one gets
 * it); if what was moved is not the file judged stale (another process broke
 * it and took a fresh lock meanwhile), it is put back.
 */
function breakIfStale(lockPath: string, staleMs: number, token: string): void {
  let st: fs.Stats;
  try { st = fs.statSync(lockPath); } catch { return; }
  if (Date.now() - st.mtimeMs < staleMs) return;
  const aside = `${lockPath}.${token}.stale`;
  try { fs.renameSync(lockPath, aside); } catch { return; }
  try {
    const moved = fs.statSync(aside);
    if (moved.ino !== st.ino || Date.now() - moved.mtimeMs < staleMs) {
      try { fs.linkSync(aside, lockPath); } catch { /* a new lock exists: leave it */ }
    }
  } catch { /* gone */ }
  try { fs.unlinkSync(aside); } catch { /* gone */ }
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
    breakIfStale(lockPath, staleMs, token);
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
