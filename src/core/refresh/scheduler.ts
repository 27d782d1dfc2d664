// Periodic refresh with back-off, Retry-After, focus slow-down and request
// coalescing. No `vscode` import here.
//
// Timing rules (all measured from the moment a request settles):
// - success: the next run is one effective interval later
//   (effective interval = intervalMs × slowFactor);
// - retryable error (`error.retryable === true`), n-th failure in a row:
//   effective/4 × 2^(n-1), times a jitter factor in [1 - jitter, 1 + jitter),
//   at least `minRetryDelayMs`, at most maxBackoffFactor × effective interval.
//   So a blip is retried soon (¼, ½, 1, 2, 4, 8 × interval) and an outage
//   settles at the cap;
// - an error carrying `retryAfterMs` (Retry-After): that delay wins, exactly
//   (no jitter), clamped to [minRetryDelayMs, max(cap, maxRetryAfterMs)];
// - any other (non-retryable) error, e.g. 401: the normal effective interval,
//   so it neither hammers nor stops. The caller may stop() from onError.
// A success resets the failure count. Errors are read structurally, so any
// error object with `retryable` / `retryAfterMs` fields works.
//
// Every wait is measured on the clock's monotonic reading, as the timers are:
// a system clock set back 6 h neither holds the next run up for 6 h nor, set
// forward, brings it on early. Wall time is only reported (lastSuccessAt,
// nextRunAt).
//
// No single timer is longer than MAX_DELAY_MS: a longer wait (the 24 h
// interval × 4 unfocused × 8 back-off is 768 h, past setTimeout's 2^31 − 1 ms,
// after which Node fires at once, in a loop) is a chain of hops that each
// re-check the clock, so the run still happens at its due time, not earlier.

import { Clock, systemClock } from './clock';

export interface RefreshSchedulerOptions<T> {
  /** Defaults to the system clock. */
  clock?: Clock;
  intervalMs: number;
  task: () => Promise<T>;
  /** Back-off never exceeds this many effective intervals. Default 8. */
  maxBackoffFactor?: number;
  /** Relative jitter of back-off delays, 0..1. Default 0.2 (±20 %). */
  jitter?: number;
  /** Random source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Floor for back-off and Retry-After delays. Default 1000 ms. */
  minRetryDelayMs?: number;
  /** Ceiling for Retry-After (the back-off cap is used when larger). Default 1 h. */
  maxRetryAfterMs?: number;
  onResult?(r: T): void;
  onError?(e: unknown, nextDelayMs: number, attempt: number): void;
}

type Plan =
  | { kind: 'interval' }
  | { kind: 'backoff'; failures: number; jitterFactor: number }
  | { kind: 'fixed'; delayMs: number };

interface Flight<T> {
  gen: number;
  promise: Promise<T | undefined>;
}

/** The longest single timer (1 h, far under setTimeout's 2^31 − 1 ms). */
export const MAX_DELAY_MS = 3_600_000;
/** resume() waits at most this long: a due time further away comes from a wrong clock. */
export const MAX_RESUME_DELAY_MS = 24 * MAX_DELAY_MS;

function retryAfterOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const v = (e as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

function isRetryable(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { retryable?: unknown }).retryable === true;
}

function checkPositive(name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number`);
  return v;
}

export class RefreshScheduler<T> {
  private readonly clock: Clock;
  private readonly task: () => Promise<T>;
  private intervalMsValue: number;
  private slowFactor = 1;
  private readonly maxBackoffFactor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private readonly minRetryDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly onResult?: (r: T) => void;
  private readonly onError?: (e: unknown, nextDelayMs: number, attempt: number) => void;

  private running = false;
  private disposed = false;
  /** Bumped by stop()/dispose(): results of older flights are ignored. */
  private gen = 0;
  private flight?: Flight<T>;
  private timer: unknown = undefined;
  private hasTimer = false;
  private plan?: Plan;
  /** When the current plan's delay started counting (the last settle time; monotonic). */
  private planBase?: number;

  /** Wall time of the last success (reported); its monotonic time (for ages). */
  private lastSuccessAtValue?: number;
  private lastSuccessMono?: number;
  private lastResultValue?: T;
  private lastErrorValue?: unknown;
  /** Monotonic due time of the pending timer. */
  private nextRunAtValue?: number;
  private failures = 0;

  constructor(opts: RefreshSchedulerOptions<T>) {
    this.clock = opts.clock ?? systemClock;
    this.task = opts.task;
    this.intervalMsValue = checkPositive('intervalMs', opts.intervalMs);
    this.maxBackoffFactor = Math.max(1, opts.maxBackoffFactor ?? 8);
    this.jitter = Math.min(1, Math.max(0, opts.jitter ?? 0.2));
    this.random = opts.random ?? Math.random;
    this.minRetryDelayMs = Math.max(0, opts.minRetryDelayMs ?? 1000);
    this.maxRetryAfterMs = Math.max(0, opts.maxRetryAfterMs ?? 3_600_000);
    this.onResult = opts.onResult;
    this.onError = opts.onError;
  }

  // --- state --------------------------------------------------------------

  get intervalMs(): number {
    return this.intervalMsValue;
  }
  /** intervalMs × slow factor. */
  get effectiveIntervalMs(): number {
    return this.intervalMsValue * this.slowFactor;
  }
  get lastSuccessAt(): number | undefined {
    return this.lastSuccessAtValue;
  }
  get lastResult(): T | undefined {
    return this.lastResultValue;
  }
  /** The error of the last failed run; cleared by a success. */
  get lastError(): unknown {
    return this.lastErrorValue;
  }
  /** When the pending timer fires, in wall time as of now; undefined when none is pending. */
  get nextRunAt(): number | undefined {
    if (!this.hasTimer || this.nextRunAtValue === undefined) return undefined;
    return this.nextRunAtValue - this.clock.monotonic() + this.clock.now();
  }
  get inFlight(): boolean {
    return this.flight !== undefined;
  }
  get consecutiveFailures(): number {
    return this.failures;
  }
  get isRunning(): boolean {
    return this.running;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  // --- control ------------------------------------------------------------

  /**
   * Starts periodic refreshing. The first run happens after `firstDelayMs`,
   * which defaults to one effective interval (the caller decides whether an
   * immediate refresh() is due); pass 0 to run at once. No-op when running
   * or disposed.
   */
  start(firstDelayMs?: number): void {
    if (this.disposed || this.running) return;
    this.running = true;
    const f = this.flight;
    if (!f) return this.begin(firstDelayMs);
    // A request of this generation (manual refresh) schedules the next run when it settles.
    if (f.gen === this.gen) return;
    // A request from before stop() is still out: begin once it has settled (no overlap).
    const gen = this.gen;
    void f.promise.then(() => {
      if (this.running && this.gen === gen && !this.flight && !this.hasTimer) this.begin(firstDelayMs);
    });
  }

  /**
   * start() where another scheduler left off (a window that polled and
   * closed): `failures` consecutive failures so far, so the back-off goes on
   * growing from there, and the first run at `firstDelayMs` (a back-off or a
   * Retry-After still running), which an interval change does not shorten.
   */
  resume(failures: number, firstDelayMs: number): void {
    if (this.disposed || this.running) return;
    this.failures = Number.isFinite(failures) ? Math.max(0, Math.floor(failures)) : 0;
    this.start(Math.max(0, Math.min(MAX_RESUME_DELAY_MS, firstDelayMs)));
  }

  private begin(firstDelayMs: number | undefined): void {
    const delay = firstDelayMs === undefined ? this.effectiveIntervalMs : Math.max(0, firstDelayMs);
    this.planBase = undefined;
    if (delay === 0) void this.refresh();
    else this.setTimer(delay, firstDelayMs === undefined ? { kind: 'interval' } : { kind: 'fixed', delayMs: delay });
  }

  /** Stops periodic refreshing. A request in flight completes but its result is ignored. */
  stop(): void {
    this.running = false;
    this.gen++;
    this.clearTimer();
    this.plan = undefined;
    this.planBase = undefined;
  }

  /** stop() for good: no timers are left, refresh() does nothing afterwards. */
  dispose(): void {
    this.stop();
    this.disposed = true;
  }

  /**
   * Runs the task now, or joins the request in flight. Resolves to the result,
   * or undefined when the run failed (reported through onError) or its result
   * was ignored (stop/dispose meanwhile). Never rejects. While running, the
   * next periodic run is scheduled from the moment this one settles.
   */
  refresh(): Promise<T | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    const f = this.flight;
    if (f) {
      if (f.gen === this.gen) return f.promise;
      // A flight from before stop() is still out: no overlap, run after it.
      return f.promise.then(() => this.refresh());
    }
    return this.launch();
  }

  /**
   * refresh() unless the last success is younger than `maxAgeMs`, in which
   * case the last result is returned. Joins a request in flight. Does not
   * override a pending Retry-After wait (resolves to the last result then).
   */
  refreshIfStale(maxAgeMs: number): Promise<T | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    if (this.flight && this.flight.gen === this.gen) return this.flight.promise;
    const now = this.clock.monotonic();
    if (this.lastSuccessMono !== undefined && now - this.lastSuccessMono < maxAgeMs) {
      return Promise.resolve(this.lastResultValue);
    }
    if (this.hasTimer && this.plan?.kind === 'fixed' && this.failures > 0) return Promise.resolve(this.lastResultValue);
    return this.refresh();
  }

  /** Changes the interval; a pending timer is re-planned from the last settle time (due now → runs at once). */
  setIntervalMs(ms: number): void {
    this.intervalMsValue = checkPositive('intervalMs', ms);
    this.reschedule();
  }

  /** Multiplies the interval (e.g. 4 while no window is focused); 1 = normal. */
  setSlowFactor(f: number): void {
    this.slowFactor = checkPositive('slowFactor', f);
    this.reschedule();
  }

  // --- internals ----------------------------------------------------------

  private backoffDelay(failures: number, jitterFactor: number): number {
    const eff = this.effectiveIntervalMs;
    const cap = this.maxBackoffFactor * eff;
    const raw = (eff / 4) * Math.pow(2, Math.max(0, failures - 1)) * jitterFactor;
    return Math.min(cap, Math.max(this.minRetryDelayMs, raw));
  }

  private delayFor(plan: Plan): number {
    switch (plan.kind) {
      case 'interval':
        return this.effectiveIntervalMs;
      case 'backoff':
        return this.backoffDelay(plan.failures, plan.jitterFactor);
      case 'fixed':
        return plan.delayMs;
    }
  }

  private launch(): Promise<T | undefined> {
    this.clearTimer();
    const flight: Flight<T> = { gen: this.gen, promise: undefined as unknown as Promise<T | undefined> };
    this.flight = flight;
    flight.promise = this.execute(flight);
    return flight.promise;
  }

  private async execute(flight: Flight<T>): Promise<T | undefined> {
    let ok = false;
    let value: T | undefined;
    let error: unknown;
    try {
      value = await this.task();
      ok = true;
    } catch (e) {
      error = e;
    }
    if (this.flight === flight) this.flight = undefined;
    if (flight.gen !== this.gen || this.disposed) return undefined;

    const now = this.clock.monotonic();
    if (ok) {
      this.failures = 0;
      this.lastSuccessAtValue = this.clock.now();
      this.lastSuccessMono = now;
      this.lastResultValue = value;
      this.lastErrorValue = undefined;
      if (this.running) this.schedulePlan({ kind: 'interval' }, now);
      try {
        this.onResult?.(value as T);
      } catch {
        /* a listener's bug must not stop the polling */
      }
      return value;
    }

    this.failures++;
    this.lastErrorValue = error;
    const retryAfter = retryAfterOf(error);
    let plan: Plan;
    if (retryAfter !== undefined) {
      const ceiling = Math.max(this.maxBackoffFactor * this.effectiveIntervalMs, this.maxRetryAfterMs);
      plan = { kind: 'fixed', delayMs: Math.min(ceiling, Math.max(this.minRetryDelayMs, retryAfter)) };
    } else if (isRetryable(error)) {
      const jitterFactor = 1 + this.jitter * (2 * this.random() - 1);
      plan = { kind: 'backoff', failures: this.failures, jitterFactor };
    } else {
      plan = { kind: 'interval' };
    }
    const delay = this.delayFor(plan);
    if (this.running) this.schedulePlan(plan, now);
    try {
      this.onError?.(error, delay, this.failures);
    } catch {
      /* see above */
    }
    return undefined;
  }

  private schedulePlan(plan: Plan, base: number): void {
    this.plan = plan;
    this.planBase = base;
    this.setTimer(this.delayFor(plan), plan);
  }

  private reschedule(): void {
    if (!this.hasTimer || !this.plan || this.planBase === undefined) return;
    if (this.plan.kind === 'fixed') return; // Retry-After / explicit first delay: keep
    const due = this.planBase + this.delayFor(this.plan);
    this.setTimer(Math.max(0, due - this.clock.monotonic()), this.plan);
  }

  private setTimer(delayMs: number, plan: Plan): void {
    this.clearTimer();
    this.plan = plan;
    if (this.planBase === undefined) this.planBase = this.clock.monotonic();
    const due = this.clock.monotonic() + Math.max(0, delayMs);
    this.nextRunAtValue = due;
    this.hasTimer = true;
    this.armHop(due);
  }

  /** One timer of at most MAX_DELAY_MS towards `due` (monotonic); runs the task once due is reached. */
  private armHop(due: number): void {
    const wait = Math.min(MAX_DELAY_MS, Math.max(0, due - this.clock.monotonic()));
    const handle = this.clock.setTimeout(() => {
      if (!this.hasTimer || this.timer !== handle) return;
      if (this.clock.monotonic() < due) return this.armHop(due);
      this.hasTimer = false;
      this.timer = undefined;
      this.nextRunAtValue = undefined;
      void this.refresh();
    }, wait);
    this.timer = handle;
  }

  private clearTimer(): void {
    if (this.hasTimer) this.clock.clearTimeout(this.timer);
    this.hasTimer = false;
    this.timer = undefined;
    this.nextRunAtValue = undefined;
  }
}
