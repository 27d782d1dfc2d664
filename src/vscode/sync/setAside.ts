// A shared file of the wrong shape (an older window's, a torn copy, an edit by
// hand) is set aside, never a crash and never a wrong figure: renamed to
// `<file>.bad-<time>` for whoever wants to look at it, with what was valid in
// it written in its place. No `vscode` import here: unit tests use it directly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readText, withFileLock, writeAtomic } from './lockedFile';

/** How many set-aside copies of one file are kept (the newest): a window that keeps writing a bad file fills no disk. */
export const MAX_SET_ASIDE = 3;

/** Files already reported in this process: each is logged once. */
const reported = new Set<string>();

export interface SetAsideOptions {
  /** What was valid in it, to write in its place (undefined: nothing; it is rebuilt by the next write). */
  rebuilt?: string;
  /** What was wrong, for the log. */
  problem: string;
  log: { warn(message: string): void };
  /** The caller holds the file's lock already. */
  locked?: boolean;
}

/**
 * Renames `file` aside while it still holds `bad` (another window may have
 * rewritten it since it was read), under the file's lock; writes `rebuilt` in
 * its place. Returns the aside's path, or undefined when nothing was moved.
 * Never throws: when the lock is busy, the next read tries again.
 */
export function setAside(file: string, bad: string, opts: SetAsideOptions): string | undefined {
  const run = (): string | undefined => {
    if (readText(file) !== bad) return undefined;
    const aside = `${file}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, aside);
    if (opts.rebuilt !== undefined) writeAtomic(file, opts.rebuilt);
    prune(file);
    if (!reported.has(file)) {
      reported.add(file);
      opts.log.warn(`${path.basename(file)} had the wrong shape (${opts.problem}): set aside as ${path.basename(aside)}${opts.rebuilt === undefined ? '' : ', its valid parts kept'}.`);
    }
    return aside;
  };
  try {
    return opts.locked ? run() : withFileLock(file, run, { timeoutMs: 50 });
  } catch {
    return undefined;
  }
}

function prune(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.bad-`;
  const copies = fs.readdirSync(dir).filter(n => n.startsWith(prefix)).sort();
  for (const n of copies.slice(0, Math.max(0, copies.length - MAX_SET_ASIDE))) {
    try { fs.unlinkSync(path.join(dir, n)); } catch { /* gone */ }
  }
}
