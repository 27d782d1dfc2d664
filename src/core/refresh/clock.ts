// Time source for the credits core. Production code uses `systemClock`; tests
// and the soak test use `FakeClock`, whose time only moves when told to.
// Two readings: the wall clock (`now`, epoch ms: what is shown and stored),
// which jumps when the user or NTP sets the system clock, and a monotonic one
// (`monotonic`), which never does: waits are measured on it, like the timers.
// No `vscode` import here.

export interface Clock {
  /** Epoch ms (wall time): for what is shown and stored. Jumps when the system clock is set. */
  now(): number;
  /** Ms since an arbitrary origin, never set back or forward: for measuring waits. */
  monotonic(): number;
  /** Schedules `fn` after `ms` milliseconds; returns an opaque handle. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a handle returned by `setTimeout` (unknown handles are ignored). */
  clearTimeout(h: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: h => {
    if (h !== undefined && h !== null) clearTimeout(h as ReturnType<typeof setTimeout>);
  },
};

interface FakeTimer {
  id: number;
  when: number;
  seq: number;
  fn: () => void;
}

/** Lets every pending promise job (microtask) run, by waiting one macrotask turn. */
export function flushPromises(): Promise<void> {
  return new Promise<void>(resolve => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/**
 * A manual clock. Timers run only inside `advance`/`advanceTo`/`advanceAsync`,
 * in order of due time (ties: order of scheduling). Timers scheduled while
 * advancing run in the same call when they fall due before its target time.
 * Time moves both readings alike; `setWall` sets the wall clock alone (as a
 * user or NTP would), leaving the monotonic reading and the timers be.
 */
export class FakeClock implements Clock {
  /** The monotonic reading; timers are due on it. */
  private t: number;
  /** Wall time minus monotonic time (0 until setWall()). */
  private wallOffset = 0;
  private seq = 0;
  private nextId = 1;
  /** Sorted by (when, seq). Small in practice (the scheduler keeps at most one). */
  private timers: FakeTimer[] = [];
  /** Total timers that have run (for tests / diagnostics). */
  firedCount = 0;

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t + this.wallOffset;
  }

  monotonic(): number {
    return this.t;
  }

  /** Sets the wall clock to `epochMs` (back or forward), as a user or NTP would; no timer runs. */
  setWall(epochMs: number): void {
    this.wallOffset = epochMs - this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: FakeTimer = { id: this.nextId++, when: this.t + delay, seq: this.seq++, fn };
    // Binary search for the insertion point keeping (when, seq) order.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timers[mid].when <= timer.when) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return timer.id;
  }

  clearTimeout(h: unknown): void {
    const i = this.timers.findIndex(x => x.id === h);
    if (i >= 0) this.timers.splice(i, 1);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Due time of the next timer (monotonic), if any. */
  nextTimerAt(): number | undefined {
    return this.timers[0]?.when;
  }

  /** Moves time forward by `ms`, running due timers synchronously. Returns how many ran. */
  advance(ms: number): number {
    return this.advanceTo(this.t + Math.max(0, ms));
  }

  /** Moves monotonic time forward to `target` (never backwards), running due timers synchronously. */
  advanceTo(target: number): number {
    let ran = 0;
    for (const timer of this.due(target)) {
      ran++;
      timer.fn();
    }
    if (target > this.t) this.t = target;
    return ran;
  }

  /** The timers due by `target`, in order, each taken off the queue with the clock moved to it. */
  private *due(target: number): Generator<{ fn: () => void }> {
    let ran = 0;
    while (this.timers.length > 0 && this.timers[0].when <= target) {
      if (++ran > 10_000_000) throw new Error('FakeClock: runaway timers');
      const timer = this.timers.shift()!;
      if (timer.when > this.t) this.t = timer.when;
      this.firedCount++;
      yield timer;
    }
  }

  /**
   * Like `advance`, but lets promise jobs settle before and after every timer,
   * so that async work started by a timer (e.g. a scheduler's task) completes
   * at the simulated time it was started. Returns how many timers ran.
   */
  async advanceAsync(ms: number): Promise<number> {
    const target = this.t + Math.max(0, ms);
    let ran = 0;
    await flushPromises();
    for (const timer of this.due(target)) {
      ran++;
      timer.fn();
      await flushPromises();
    }
    if (target > this.t) this.t = target;
    return ran;
  }
}
