// One poller across windows: this window polls while it holds the lease in
// the shared folder, and follows the poller otherwise. It also tracks focus:
// while no VS Code window is focused, polling is 4× slower. The scheduler
// waits on the clock's monotonic reading (performance.now()), so a system clock
// set back or forward moves no poll; wall time is only what is stored.
import * as vscode from 'vscode';
import { isCreditsError } from '../../core/openrouter/errors';
import { systemClock, type Clock } from '../../core/refresh/clock';
import { LEASE_RENEW_MS } from '../../core/refresh/lease';
import { RefreshScheduler } from '../../core/refresh/scheduler';
import { firstPollDelayMs, slowFactor } from '../../core/refresh/interval';
import { retryWaitMs, type RetryState } from '../../core/refresh/sharedState';
import type { SharedStore } from './sharedStore';

export interface PollerOptions {
  store: SharedStore;
  log: vscode.LogOutputChannel;
  intervalMs: number;
  /** When any window last polled (epoch ms; 0 = never), to take over where it left off. */
  lastPollAt(): number;
  /** The back-off in force in the shared state, if refreshes are failing (see SharedState.retry). */
  retry(): RetryState | undefined;
  /** Records this window's back-off (undefined after a success) for a window that takes over. */
  recordRetry(retry: RetryState | undefined): void;
  /** One refresh; throws a CreditsError to back off. */
  task(): Promise<unknown>;
  /** Whether this window may poll (it has a key); otherwise it never holds the lease. */
  canPoll?(): boolean;
  /** Wall and monotonic time, and the timers; the system's by default. */
  clock?: Clock;
}

export class Poller implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The role or the focus changed. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private scheduler?: RefreshScheduler<unknown>;
  private leaseTimer?: ReturnType<typeof setInterval>;
  private intervalMs: number;
  private readonly clock: Clock;
  private disposed = false;
  /** This window polls for all windows. */
  isPoller = false;
  /** This window is focused. */
  focused = vscode.window.state.focused;
  /** Some VS Code window is focused. */
  anyFocused = this.focused;

  constructor(private readonly opts: PollerOptions) {
    this.intervalMs = opts.intervalMs;
    this.clock = opts.clock ?? systemClock;
    this.disposables.push(
      opts.store.onDidChangeFocus(any => this.onFocus(any)),
      vscode.window.onDidChangeWindowState(e => this.setFocused(e.focused)),
    );
  }

  /** This window gained or lost focus (the window-state event; the extension's tests call it too). */
  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.opts.store.writeFocus(focused);
    this.onFocus();
  }

  start(): void {
    this.opts.store.writeFocus(this.focused);
    this.anyFocused = this.focused || this.opts.store.anyWindowFocused();
    this.leaseTick();
    this.leaseTimer = setInterval(() => this.leaseTick(), LEASE_RENEW_MS);
  }

  setIntervalMs(ms: number): void {
    this.intervalMs = ms;
    this.scheduler?.setIntervalMs(ms);
  }

  /** Refreshes now through the scheduler, joining a poll in flight; undefined in a follower. */
  refresh(): Promise<unknown> | undefined {
    return this.scheduler?.refresh();
  }

  private leaseTick(): void {
    if (this.disposed) return;
    this.opts.store.touchFocus(); // heartbeat: a window that stops renewing its focus record stops counting
    let holds = false;
    if (this.opts.canPoll?.() ?? true) holds = this.opts.store.tryLease();
    else if (this.isPoller) this.opts.store.releaseLease();
    if (holds === this.isPoller) return;
    this.isPoller = holds;
    if (holds) {
      this.opts.log.info('This window now polls OpenRouter for all windows.');
      this.startScheduler();
    } else {
      this.opts.log.info('Another window polls OpenRouter now; following it.');
      this.scheduler?.dispose();
      this.scheduler = undefined;
    }
    this.emitter.fire();
  }

  private startScheduler(): void {
    this.scheduler = new RefreshScheduler<unknown>({
      clock: this.clock,
      intervalMs: this.intervalMs,
      task: () => this.opts.task(),
      onError: (e, nextDelayMs, attempt) => {
        const kind = isCreditsError(e) ? e.kind : 'error';
        if (kind !== 'noKey') this.opts.log.warn(`Refresh failed (${kind}, attempt ${attempt}); next try in ${Math.round(nextDelayMs / 1000)} s.`);
        this.opts.recordRetry({ at: this.clock.now() + nextDelayMs, failures: attempt, delayMs: nextDelayMs });
      },
      onResult: () => { if (this.opts.retry()) this.opts.recordRetry(undefined); },
    });
    this.scheduler.setSlowFactor(slowFactor(this.anyFocused));
    const retry = this.opts.retry();
    const now = this.clock.now();
    if (retry) {
      // Refreshes were failing in the window that polled before: keep its back-off or Retry-After.
      const wait = retryWaitMs(retry, now);
      this.opts.log.info(`Taking over after ${retry.failures} failed refresh(es); next try in ${Math.round(wait / 1000)} s.`);
      this.scheduler.resume(retry.failures, wait);
      return;
    }
    // The next poll is due one interval after the last one, in whichever window that was.
    this.scheduler.start(firstPollDelayMs(this.opts.lastPollAt(), this.intervalMs, now));
  }

  /** `anyInFile`: what the focus file says, when the change came from it (no need to read it again). */
  private onFocus(anyInFile?: boolean): void {
    this.anyFocused = this.focused || (anyInFile ?? this.opts.store.anyWindowFocused());
    this.scheduler?.setSlowFactor(slowFactor(this.anyFocused));
    if (this.anyFocused) void this.scheduler?.refreshIfStale(this.intervalMs);
    this.emitter.fire();
  }

  dispose(): void {
    this.disposed = true;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.scheduler?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
