// Cross-window coordination through files in the extension's global storage
// folder: a poller lease, the shared state (last snapshot, last error,
// threshold state), a focus marker and the history. Plain files work the same
// in desktop VS Code and in code-server, whose extension hosts are separate
// processes on one machine.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { anyLiveFocus, LEASE_TTL_MS, liveFocus, mayHoldLease, parseLease } from '../../core/refresh/lease';
import { checkHistoryFile, historyFileText, historyOf } from '../../core/money/samples';
import { focusFileBad, isSalt, leaseFileBad } from '../../core/refresh/fileShapes';
import { EMPTY_STATE, readSharedState, withoutFuture, type SharedState } from '../../core/refresh/sharedState';
import { stateText } from '../../core/refresh/stateText';
import type { HistoryPoint } from '../../core/types';
import { HISTORY_FILE, STATE_FILE } from '../../core/accounts/storageLayout';
import { readInto, readText, updateFile, withFileLock, writeAtomic } from './lockedFile';
import { setAside } from './setAside';

/** true in development builds only (scripts/build.mjs defines it; the integration suite runs one). */
declare const ORC_TEST_HOOKS: boolean;

/**
 * The state read is shared by every reader until the file changes: in the
 * test builds it is frozen, so that a reader changing it in place fails there
 * rather than changing what the next reader gets.
 */
function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function parseJson(text: string | undefined): unknown {
  try { return JSON.parse(text ?? '{}'); } catch { return {}; }
}

export class SharedStore implements vscode.Disposable {
  private readonly statePath: string;
  private readonly leasePath: string;
  private readonly focusPath: string;
  readonly historyPath: string;
  private readonly stateEmitter = new vscode.EventEmitter<SharedState>();
  private readonly focusEmitter = new vscode.EventEmitter<boolean>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidChangeFocus = this.focusEmitter.event;
  private lastSeenStateAt = 0;
  /** The state file's bytes as this window last read or wrote them, and the state they hold (checked, before withoutFuture()). */
  private lastRead?: { bytes: Buffer; state: SharedState };
  /** Where the state file is read into: a big account's file is read several times a refresh, and is mostly what this window wrote. */
  private readBuffer: Buffer = Buffer.alloc(0);
  private disposed = false;
  /** This window's focus as last written; the heartbeat rewrites it. */
  private myFocus?: boolean;
  /** The live windows' focus when the focus event last fired. */
  private lastFocusKey?: string;

  /** This store's state and history are in `stateDir` (an account's folder); the lease, the focus and the salt are the root's. */
  readonly stateDir: string;
  /** The root store (the lease, the focus, the salt); an account's store only reads and writes its state and history. */
  readonly isRoot: boolean;

  constructor(readonly dir: string, readonly windowId: string, private readonly log: vscode.LogOutputChannel, private readonly watchIntervalMs = 1000, stateDir?: string) {
    this.stateDir = stateDir ?? dir;
    this.isRoot = stateDir === undefined;
    this.statePath = path.join(this.stateDir, STATE_FILE);
    this.leasePath = path.join(dir, 'poller.lease');
    this.focusPath = path.join(dir, 'focus.json');
    this.historyPath = path.join(this.stateDir, HISTORY_FILE);
  }

  /** A store for an account's state and history in `stateDir`, sharing this root's lease, focus and salt. */
  forAccount(stateDir: string): SharedStore {
    const s = new SharedStore(this.dir, this.windowId, this.log, this.watchIntervalMs, stateDir);
    s.saltValue = this.salt;
    return s;
  }

  private saltValue?: string;

  /**
   * The installation's random salt for key fingerprints (core keyId()), kept
   * beside the shared files: the first window creates it exclusively, the
   * others read it. Without a writable folder, one per window.
   */
  get salt(): string {
    if (this.saltValue) return this.saltValue;
    const file = path.join(this.dir, 'salt');
    let salt = this.readSalt(file);
    if (!salt) {
      const mine = crypto.randomBytes(16).toString('hex');
      // Written aside, then linked into place: no window ever reads a half-written salt.
      const tmp = `${file}.${process.pid}.${mine.slice(0, 8)}.tmp`;
      try {
        fs.writeFileSync(tmp, mine, { mode: 0o600 });
        fs.linkSync(tmp, file);
        salt = mine;
      } catch {
        salt = this.readSalt(file) || mine; // another window created it first (or no folder: this window's own)
      } finally {
        try { fs.unlinkSync(tmp); } catch { /* not created */ }
      }
    }
    return (this.saltValue = salt);
  }

  /** The salt file's salt; one of the wrong shape is set aside (a new one is made: the keys' fingerprints change once). */
  private readSalt(file: string): string | undefined {
    const text = readText(file);
    if (text === undefined || isSalt(text)) return text?.trim();
    setAside(file, text, { problem: 'not 32 hex digits', log: this.log });
    return undefined;
  }

  /** Creates the folder and starts watching the other windows' writes (not during activation). */
  private watching = false;

  start(): void {
    fs.mkdirSync(this.stateDir, { recursive: true });
    if (this.watching) return;
    this.watching = true;
    // fs.watchFile polls stat(): reliable for files replaced by rename, on every platform.
    fs.watchFile(this.statePath, { interval: this.watchIntervalMs, persistent: false }, () => this.checkState());
    if (this.isRoot) fs.watchFile(this.focusPath, { interval: this.watchIntervalMs, persistent: false }, () => this.checkFocus());
  }

  /** Fires when a window's focus changed or its record came or went (expired), not on a mere heartbeat. */
  private checkFocus(): void {
    if (this.disposed) return;
    const live = liveFocus(this.readFocus(readText(this.focusPath)), Date.now());
    const key = JSON.stringify(Object.keys(live).sort().map(id => [id, live[id].focused]));
    if (key === this.lastFocusKey) return;
    this.lastFocusKey = key;
    this.focusEmitter.fire(Object.values(live).some(r => r.focused));
  }

  private checkState(): void {
    if (this.disposed) return;
    const s = this.readState();
    if (s && s.updatedAt > this.lastSeenStateAt && s.writer !== this.windowId) {
      this.lastSeenStateAt = s.updatedAt;
      this.stateEmitter.fire(s);
    }
  }

  readState(): SharedState | undefined {
    return this.readStateFile(false);
  }

  /**
   * The state file, checked by shape: one that fails is set aside with its
   * valid parts written in its place. The same bytes as last read or written
   * are not decoded, parsed and checked again (a big account's state is 600 KB, read
   * several times a refresh); no time in the future holds anything up, on
   * every read (withoutFuture()).
   */
  private readStateFile(locked: boolean): SharedState | undefined {
    const bytes = this.readStateBytes();
    if (bytes === undefined) {
      this.lastRead = undefined;
      return undefined;
    }
    const now = Date.now();
    if (this.lastRead?.bytes.equals(bytes)) return withoutFuture(this.lastRead.state, now);
    let text: string;
    try { text = bytes.toString('utf8'); } catch { this.lastRead = undefined; return undefined; } // longer than a string can be: unreadable, as readFileSync had it
    const { state, problems } = readSharedState(text);
    const current = state && withoutFuture(state, now);
    if (problems.length) setAside(this.statePath, text, { rebuilt: current && JSON.stringify(current), problem: problems.join(', '), log: this.log, locked });
    this.lastRead = state && !problems.length ? { bytes: Buffer.from(bytes), state: ORC_TEST_HOOKS ? deepFreeze(state) : state } : undefined;
    return current;
  }

  /** The state file's bytes, read into this store's buffer (valid until its next read), or undefined when it cannot be read. */
  private readStateBytes(): Buffer | undefined {
    const got = readInto(this.statePath, this.readBuffer);
    if (got) this.readBuffer = got.buffer;
    return got?.bytes;
  }

  /** focus.json's content; a file of the wrong shape is set aside (the heartbeats rebuild it). */
  private readFocus(text: string | undefined, locked = false): unknown {
    if (focusFileBad(text)) setAside(this.focusPath, text!, { problem: 'not focus records', log: this.log, locked });
    return parseJson(text);
  }

  /**
   * Read-modify-write of the shared state, under the file's lock, so that two
   * windows never both act on what they read (an alert is taken once). `fn`
   * sees what is on disk now and may return undefined to write nothing.
   * Returns the state on disk afterwards.
   */
  update(fn: (s: SharedState) => SharedState | undefined, opts: { lockedOnly?: boolean } = {}): SharedState {
    let ran = false;
    try {
      return withFileLock(this.statePath, () => { ran = true; return this.readModifyWrite(fn); });
    } catch (e) {
      if (ran) throw e;
      // Taking a queued alert must be exclusive: without the lock, leave it for the next try.
      if (opts.lockedOnly) return this.readState() ?? EMPTY_STATE;
      // No lock (it stayed busy: a hung window; or no folder): this window's result is not lost.
      this.log.warn(`Writing the shared state without its lock: ${(e as Error).message}`);
      return this.readModifyWrite(fn, false);
    }
  }

  private readModifyWrite(fn: (s: SharedState) => SharedState | undefined, locked = true): SharedState {
    const cur = this.readStateFile(locked) ?? EMPTY_STATE;
    // Another window wrote since this one last looked: its change is news here too, even when this write carries it along.
    const absorbed = cur.writer !== this.windowId && cur.updatedAt > this.lastSeenStateAt;
    if (absorbed) queueMicrotask(() => { const now = this.readState(); if (now && !this.disposed) this.stateEmitter.fire(now); });
    const changed = fn(cur);
    if (!changed) return cur;
    const next = { ...changed, v: 1 as const, writer: this.windowId, updatedAt: Math.max(Date.now(), cur.updatedAt + 1) };
    try {
      // What this window wrote is what the next read of the same text would parse: it is kept with the text.
      const bytes = Buffer.from(stateText(next), 'utf8');
      writeAtomic(this.statePath, bytes);
      this.lastRead = { bytes, state: ORC_TEST_HOOKS ? deepFreeze(next) : next };
    } catch (e) {
      this.lastRead = undefined;
      this.log.error(`Could not write the shared state: ${(e as Error).message}`);
    }
    this.lastSeenStateAt = next.updatedAt;
    return next;
  }

  /** Takes or renews the poller lease. True when this window holds it. */
  tryLease(now = Date.now()): boolean {
    const text = readText(this.leasePath);
    if (leaseFileBad(text)) setAside(this.leasePath, text!, { problem: 'not a lease', log: this.log });
    const cur = parseLease(text);
    if (!mayHoldLease(cur, this.windowId, now)) return false;
    try {
      writeAtomic(this.leasePath, JSON.stringify({ owner: this.windowId, until: now + LEASE_TTL_MS }));
    } catch (e) {
      this.log.error(`Could not write the poller lease: ${(e as Error).message}`);
      return true; // without shared storage, poll alone
    }
    // Two windows may have written at once: the file's last writer wins.
    return parseLease(readText(this.leasePath))?.owner === this.windowId;
  }

  releaseLease(): void {
    const cur = parseLease(readText(this.leasePath));
    if (cur?.owner === this.windowId) {
      try { fs.unlinkSync(this.leasePath); } catch { /* already gone */ }
    }
  }

  /**
   * Records this window's focus (undefined: the window is closing), under the
   * file's lock; expired records of other windows are dropped on the way.
   */
  writeFocus(focused: boolean | undefined): void {
    this.myFocus = focused;
    try {
      updateFile(this.focusPath, text => {
        const now = Date.now();
        const map = liveFocus(this.readFocus(text, true), now);
        if (focused === undefined) delete map[this.windowId];
        else map[this.windowId] = { focused, at: now };
        return JSON.stringify(map);
      });
    } catch { /* best effort: the next heartbeat writes it again */ }
  }

  /** The heartbeat: rewrites this window's focus record so that it does not expire. */
  touchFocus(): void {
    if (this.myFocus !== undefined && !this.disposed) this.writeFocus(this.myFocus);
  }

  /**
   * Whether any VS Code window is focused (one record per window, so the order
   * of blur and focus does not matter). Records past FOCUS_TTL_MS are ignored:
   * a window that crashed while focused stops counting.
   */
  anyWindowFocused(): boolean {
    return anyLiveFocus(this.readFocus(readText(this.focusPath)), Date.now());
  }

  /** The history of the key with this keyId() (another key's reads as empty). */
  loadHistory(keyId: string): HistoryPoint[] {
    const text = readText(this.historyPath);
    this.checkHistory(text, false);
    return historyOf(text, keyId) as HistoryPoint[];
  }

  /** A history file of the wrong shape is set aside, its valid points written in its place. */
  private checkHistory(text: string | undefined, locked: boolean): void {
    const { bad, rebuilt } = checkHistoryFile(text);
    if (bad) setAside(this.historyPath, text!, { rebuilt, problem: 'not a history of valid points', log: this.log, locked });
  }

  /**
   * Merges `points` into this key's history by time, under the file's lock,
   * so a window never drops points another window wrote meanwhile; another
   * key's history is replaced. An empty list is History.clear(): it empties it.
   */
  saveHistory(keyId: string, points: HistoryPoint[]): void {
    try {
      updateFile(this.historyPath, text => {
        this.checkHistory(text, true);
        return historyFileText(text, keyId, points, Date.now());
      });
    } catch (e) {
      this.log.error(`Could not write the history: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    fs.unwatchFile(this.statePath);
    if (this.isRoot) {
      fs.unwatchFile(this.focusPath);
      this.writeFocus(undefined);
      this.releaseLease();
    }
    this.stateEmitter.dispose();
    this.focusEmitter.dispose();
  }
}
