// Cross-window coordination through files in the extension's global storage
// folder: a poller lease, the shared state (last snapshot, last error,
// threshold state), a focus marker and the history. Plain files work the same
// in desktop VS Code and in code-server, whose extension hosts are separate
// processes on one machine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LEASE_TTL_MS, mayHoldLease, parseLease } from '../core/lease';
import { mergePoints } from '../core/samples';
import { EMPTY_STATE, parseSharedState, type SharedState } from '../core/sharedState';
import type { HistoryPoint } from '../core/types';
import { readText, updateFile, writeAtomic } from './lockedFile';

/** Focus of every open window, by window id. */
export type FocusMap = Record<string, { focused: boolean; at: number }>;

function parseArray(text: string | undefined): unknown[] {
  try {
    const v = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch { return []; }
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
  private disposed = false;

  constructor(readonly dir: string, readonly windowId: string, private readonly log: vscode.LogOutputChannel, private readonly watchIntervalMs = 1000) {
    this.statePath = path.join(dir, 'state.json');
    this.leasePath = path.join(dir, 'poller.lease');
    this.focusPath = path.join(dir, 'focus.json');
    this.historyPath = path.join(dir, 'history.json');
  }

  /** Creates the folder and starts watching the other windows' writes (not during activation). */
  start(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    // fs.watchFile polls stat(): reliable for files replaced by rename, on every platform.
    fs.watchFile(this.statePath, { interval: this.watchIntervalMs, persistent: false }, () => this.checkState());
    fs.watchFile(this.focusPath, { interval: this.watchIntervalMs, persistent: false }, () => {
      if (!this.disposed) this.focusEmitter.fire(this.anyWindowFocused());
    });
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
    const text = readText(this.statePath);
    if (!text) return undefined;
    try {
      return parseSharedState(text);
    } catch {
      this.log.warn('Shared state file is unreadable; starting fresh.');
      return undefined;
    }
  }

  /**
   * Read-modify-write of the shared state. `fn` sees what is on disk now and may
   * return undefined to write nothing. Returns the state on disk afterwards.
   */
  update(fn: (s: SharedState) => SharedState | undefined): SharedState {
    const cur = this.readState() ?? EMPTY_STATE;
    const changed = fn(cur);
    if (!changed) return cur;
    const next = { ...changed, v: 1 as const, writer: this.windowId, updatedAt: Math.max(Date.now(), cur.updatedAt + 1) };
    try {
      writeAtomic(this.statePath, JSON.stringify(next));
    } catch (e) {
      this.log.error(`Could not write the shared state: ${(e as Error).message}`);
    }
    this.lastSeenStateAt = next.updatedAt;
    return next;
  }

  /** Takes or renews the poller lease. True when this window holds it. */
  tryLease(now = Date.now()): boolean {
    const cur = parseLease(readText(this.leasePath));
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

  private readFocusMap(): FocusMap {
    try {
      const v = JSON.parse(readText(this.focusPath) ?? '{}');
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as FocusMap) : {};
    } catch { return {}; }
  }

  /** Records this window's focus (undefined: the window is closing). */
  writeFocus(focused: boolean | undefined): void {
    const map = this.readFocusMap();
    if (focused === undefined) delete map[this.windowId];
    else map[this.windowId] = { focused, at: Date.now() };
    try { writeAtomic(this.focusPath, JSON.stringify(map)); } catch { /* best effort */ }
  }

  /** Whether any VS Code window is focused (one record per window, so the order of blur and focus does not matter). */
  anyWindowFocused(): boolean {
    return Object.values(this.readFocusMap()).some(r => r && r.focused === true);
  }

  loadHistory(): HistoryPoint[] {
    return parseArray(readText(this.historyPath)) as HistoryPoint[];
  }

  /**
   * Merges `points` into the history file by time, under the file's lock, so
   * a window never drops points another window wrote meanwhile. An empty list
   * is History.clear() (a key change): it empties the file.
   */
  saveHistory(points: HistoryPoint[]): void {
    try {
      updateFile(this.historyPath, text => JSON.stringify(points.length ? mergePoints(parseArray(text), points) : []));
    } catch (e) {
      this.log.error(`Could not write the history: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    fs.unwatchFile(this.statePath);
    fs.unwatchFile(this.focusPath);
    this.writeFocus(undefined);
    this.releaseLease();
    this.stateEmitter.dispose();
    this.focusEmitter.dispose();
  }
}
