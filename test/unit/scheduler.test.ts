import * as assert from 'node:assert/strict';
import { FakeClock, flushPromises } from '../../src/core/refresh/clock';
import { MAX_DELAY_MS, RefreshScheduler, RefreshSchedulerOptions } from '../../src/core/refresh/scheduler';

const SEC = 1000;
const MIN = 60 * SEC;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A task whose calls are settled by the test; counts calls and overlap. */
class ControlledTask {
  calls: Deferred<number>[] = [];
  active = 0;
  maxActive = 0;
  readonly fn = (): Promise<number> => {
    const d = deferred<number>();
    this.calls.push(d);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    return d.promise.finally(() => {
      this.active--;
    });
  };
  get last(): Deferred<number> {
    return this.calls[this.calls.length - 1];
  }
  async resolve(v = 1): Promise<void> {
    this.last.resolve(v);
    await flushPromises();
  }
  async reject(e: unknown): Promise<void> {
    this.last.reject(e);
    await flushPromises();
  }
}

const retryable = (extra: Record<string, unknown> = {}) => Object.assign(new Error('network'), { retryable: true }, extra);
const fatal = (extra: Record<string, unknown> = {}) => Object.assign(new Error('invalid key'), { retryable: false, status: 401 }, extra);

function setup(opts: Partial<RefreshSchedulerOptions<number>> = {}) {
  const clock = new FakeClock(1_700_000_000_000);
  const task = new ControlledTask();
  const results: number[] = [];
  const errors: { e: unknown; delay: number; attempt: number }[] = [];
  const s = new RefreshScheduler<number>({
    clock,
    intervalMs: MIN,
    task: task.fn,
    random: () => 0.5, // jitter factor exactly 1
    onResult: r => results.push(r),
    onError: (e, delay, attempt) => errors.push({ e, delay, attempt }),
    ...opts,
  });
  return { clock, task, results, errors, s };
}

describe('RefreshScheduler', () => {
  it('start() waits one interval by default; start(0) runs at once', async () => {
    const a = setup();
    a.s.start();
    assert.equal(a.task.calls.length, 0);
    assert.equal(a.s.nextRunAt, a.clock.now() + MIN);
    assert.equal(a.clock.pendingTimers(), 1);
    a.clock.advance(MIN - 1);
    assert.equal(a.task.calls.length, 0);
    a.clock.advance(1);
    assert.equal(a.task.calls.length, 1);
    assert.equal(a.s.inFlight, true);
    assert.equal(a.clock.pendingTimers(), 0, 'no timer while a request is in flight');

    const b = setup();
    b.s.start(0);
    assert.equal(b.task.calls.length, 1);
    a.s.dispose();
    b.s.dispose();
  });

  it('refreshes at a fixed interval measured from completion', async () => {
    const { clock, task, s, results } = setup();
    s.start(0);
    const t0 = clock.now();
    clock.advance(5 * SEC); // the request takes 5 s
    await task.resolve(7);
    assert.deepEqual(results, [7]);
    assert.equal(s.lastSuccessAt, t0 + 5 * SEC);
    assert.equal(s.nextRunAt, t0 + 5 * SEC + MIN);
    for (let i = 0; i < 5; i++) {
      clock.advance(MIN);
      assert.equal(task.calls.length, i + 2);
      await task.resolve(i);
      assert.equal(clock.pendingTimers(), 1);
    }
    s.dispose();
    assert.equal(clock.pendingTimers(), 0);
  });

  it('backs off exponentially on retryable errors: interval/4 × 2^(n-1), capped at 8× interval', async () => {
    const { clock, task, s, errors } = setup();
    s.start(0);
    const expected = [15, 30, 60, 120, 240, 480, 480, 480].map(x => x * SEC);
    for (let i = 0; i < expected.length; i++) {
      const before = clock.now();
      await task.reject(retryable());
      assert.equal(errors[i].delay, expected[i], `failure ${i + 1}`);
      assert.equal(errors[i].attempt, i + 1);
      assert.equal(s.consecutiveFailures, i + 1);
      assert.equal(s.nextRunAt, before + expected[i]);
      clock.advance(expected[i] - 1);
      assert.equal(task.calls.length, i + 1, 'not before the delay');
      clock.advance(1);
      assert.equal(task.calls.length, i + 2);
    }
    s.dispose();
  });

  it('resume(): a window taking over keeps the back-off running and grows it from there, never polling early', async () => {
    const { clock, task, s, errors } = setup();
    // The closed poller had failed 3 times; its next try was due in 50 s.
    s.resume(3, 50 * SEC);
    assert.equal(s.consecutiveFailures, 3);
    s.setIntervalMs(MIN / 2); // an interval change does not shorten a running wait
    s.setSlowFactor(1);
    clock.advance(50 * SEC - 1);
    assert.equal(task.calls.length, 0, 'not before the inherited due time');
    clock.advance(1);
    assert.equal(task.calls.length, 1);
    await task.reject(retryable());
    assert.equal(errors[0].attempt, 4);
    assert.equal(errors[0].delay, (MIN / 2 / 4) * 2 ** 3, 'the 4th failure backs off as the 4th');
    s.dispose();
  });

  it('resume() with a Retry-After still running waits it out, then a success resets the count', async () => {
    const { clock, task, s } = setup();
    s.resume(1, 90 * SEC);
    clock.advance(90 * SEC);
    assert.equal(task.calls.length, 1);
    await task.resolve(5);
    assert.equal(s.consecutiveFailures, 0);
    assert.equal(s.nextRunAt, clock.now() + MIN);
    // A due time in the past runs at once; an absurd one is capped.
    const b = setup();
    b.s.resume(2, -5);
    assert.equal(b.task.calls.length, 1);
    const c = setup();
    c.s.resume(2, Number.MAX_SAFE_INTEGER);
    assert.ok(c.s.nextRunAt! - c.clock.now() <= 24 * MAX_DELAY_MS);
    s.dispose(); b.s.dispose(); c.s.dispose();
  });

  it('keeps jitter within ±20 % and never exceeds the cap', async () => {
    let k = 0;
    const seq = [0, 0.999999, 0.25, 0.75, 0.1, 0.9, 0.5, 0, 0.999999, 0.3, 0.6, 0.999999];
    const { clock, task, s, errors } = setup({ random: () => seq[k++ % seq.length] });
    s.start(0);
    for (let i = 0; i < 40; i++) {
      await task.reject(retryable());
      clock.advance(errors[i].delay);
    }
    const base = (n: number) => Math.min(8 * MIN, (MIN / 4) * 2 ** (n - 1));
    let sawLow = false;
    let sawHigh = false;
    for (const { delay, attempt } of errors) {
      const b = base(attempt);
      assert.ok(delay <= 8 * MIN, `delay ${delay} over the cap`);
      assert.ok(delay >= 0.8 * b - 1e-6, `delay ${delay} under -20 % of ${b}`);
      assert.ok(delay < 1.2 * b || delay === 8 * MIN, `delay ${delay} over +20 % of ${b}`);
      if (b < 8 * MIN && delay < b) sawLow = true;
      if (b < 8 * MIN && delay > b) sawHigh = true;
    }
    assert.ok(sawLow && sawHigh, 'jitter goes both ways');
    s.dispose();
  });

  it('honours Retry-After over the back-off (floored at 1 s, may exceed the cap)', async () => {
    const { clock, task, s, errors } = setup();
    s.start(0);
    await task.reject(retryable({ retryAfterMs: 90 * SEC }));
    assert.equal(errors[0].delay, 90 * SEC);
    clock.advance(90 * SEC);
    await task.reject(retryable({ retryAfterMs: 10 }));
    assert.equal(errors[1].delay, 1 * SEC, 'floor');
    clock.advance(SEC);
    await task.reject({ status: 429, retryable: true, retryAfterMs: 20 * MIN });
    assert.equal(errors[2].delay, 20 * MIN, 'server wins over the 8-minute cap');
    clock.advance(20 * MIN);
    await task.reject(fatal({ retryAfterMs: 2 * MIN }));
    assert.equal(errors[3].delay, 2 * MIN, 'Retry-After also on a non-retryable error');
    s.dispose();
  });

  it('waits the normal interval after a non-retryable error (no hammering, no stop)', async () => {
    const { clock, task, s, errors } = setup();
    s.start(0);
    for (let i = 0; i < 3; i++) {
      await task.reject(fatal());
      assert.equal(errors[i].delay, MIN);
      clock.advance(MIN);
    }
    assert.equal(task.calls.length, 4);
    assert.equal(s.consecutiveFailures, 3);
    s.dispose();
  });

  it('resets the back-off after a success', async () => {
    const { clock, task, s, errors } = setup();
    s.start(0);
    for (let i = 0; i < 4; i++) {
      await task.reject(retryable());
      clock.advance(errors[i].delay);
    }
    assert.equal(s.consecutiveFailures, 4);
    await task.resolve(1);
    assert.equal(s.consecutiveFailures, 0);
    assert.equal(s.lastError, undefined);
    assert.equal(s.nextRunAt, clock.now() + MIN);
    clock.advance(MIN);
    await task.reject(retryable());
    assert.equal(errors[4].delay, 15 * SEC);
    assert.equal(errors[4].attempt, 1);
    s.dispose();
  });

  it('joins a request in flight instead of starting another', async () => {
    const { clock, task, s } = setup();
    s.start();
    const p1 = s.refresh();
    const p2 = s.refresh();
    assert.equal(p1, p2);
    assert.equal(s.refreshIfStale(0), p1);
    assert.equal(task.calls.length, 1);
    clock.advance(10 * MIN); // nothing else starts meanwhile
    assert.equal(task.calls.length, 1);
    assert.equal(clock.pendingTimers(), 0);
    await task.resolve(42);
    assert.equal(await p1, 42);
    assert.equal(await p2, 42);
    assert.equal(task.maxActive, 1);
    s.dispose();
  });

  it('a manual refresh restarts the interval after it completes', async () => {
    const { clock, task, s } = setup();
    s.start(0);
    await task.resolve(1);
    clock.advance(40 * SEC);
    const p = s.refresh();
    assert.equal(s.nextRunAt, undefined);
    clock.advance(2 * SEC);
    await task.resolve(2);
    assert.equal(await p, 2);
    assert.equal(s.nextRunAt, clock.now() + MIN);
    s.dispose();
  });

  it('refresh() resolves undefined on failure and never rejects', async () => {
    const { task, s, errors } = setup();
    const p = s.refresh();
    await task.reject(new Error('boom'));
    assert.equal(await p, undefined);
    assert.equal(errors.length, 1);
    s.dispose();
  });

  it('refresh() while stopped fetches but schedules nothing', async () => {
    const { clock, task, s, results } = setup();
    const p = s.refresh();
    await task.resolve(5);
    assert.equal(await p, 5);
    assert.deepEqual(results, [5]);
    assert.equal(clock.pendingTimers(), 0);
    s.dispose();
  });

  it('ignores a result that arrives after dispose() and leaves no timers', async () => {
    const { clock, task, s, results, errors } = setup();
    s.start(0);
    const p = s.refresh();
    s.dispose();
    assert.equal(clock.pendingTimers(), 0);
    await task.resolve(9);
    assert.equal(await p, undefined);
    assert.deepEqual(results, []);
    assert.equal(s.lastSuccessAt, undefined);
    assert.equal(clock.pendingTimers(), 0);
    clock.advance(DAY_MS);
    assert.equal(task.calls.length, 1);
    assert.equal(await s.refresh(), undefined, 'refresh after dispose is a no-op');
    assert.equal(task.calls.length, 1);
    s.start();
    assert.equal(clock.pendingTimers(), 0, 'start after dispose is a no-op');

    // Same for an error arriving after dispose.
    const b = setup();
    b.s.start(0);
    b.s.dispose();
    await b.task.reject(retryable());
    assert.equal(b.errors.length, 0);
    assert.equal(b.clock.pendingTimers(), 0);
    assert.equal(errors.length, 0);
  });

  it('stop() during a request ignores it; start() again waits for it before the next request', async () => {
    const { clock, task, s, results } = setup();
    s.start(0);
    s.stop();
    s.start(0); // the stale request is still out: no overlap
    assert.equal(task.calls.length, 1);
    await task.resolve(1); // stale: ignored, then a fresh request starts
    assert.deepEqual(results, []);
    assert.equal(task.calls.length, 2);
    assert.equal(task.maxActive, 1);
    await task.resolve(2);
    assert.deepEqual(results, [2]);
    assert.equal(s.nextRunAt, clock.now() + MIN);
    s.dispose();
  });

  it('setIntervalMs re-plans the pending timer live', async () => {
    const { clock, task, s } = setup();
    s.start(0);
    await task.resolve(1);
    const settled = clock.now();
    clock.advance(10 * SEC);
    s.setIntervalMs(30 * SEC);
    assert.equal(s.nextRunAt, settled + 30 * SEC);
    assert.equal(clock.pendingTimers(), 1);
    s.setIntervalMs(5 * MIN);
    assert.equal(s.nextRunAt, settled + 5 * MIN);
    s.setIntervalMs(5 * SEC); // already overdue: runs now
    assert.equal(clock.pendingTimers(), 1);
    clock.advance(0);
    assert.equal(task.calls.length, 2);
    await task.resolve(2);
    assert.equal(s.nextRunAt, clock.now() + 5 * SEC);
    assert.throws(() => s.setIntervalMs(0), RangeError);
    s.dispose();
  });

  it('setIntervalMs also re-plans a back-off wait (relative to the new interval)', async () => {
    const { clock, task, s } = setup();
    s.start(0);
    await task.reject(retryable());
    const failedAt = clock.now();
    assert.equal(s.nextRunAt, failedAt + 15 * SEC);
    s.setIntervalMs(4 * MIN);
    assert.equal(s.nextRunAt, failedAt + MIN);
    s.dispose();
  });

  it('setSlowFactor stretches the interval and the back-off, and restores them', async () => {
    const { clock, task, s } = setup();
    s.start(0);
    await task.resolve(1);
    const settled = clock.now();
    s.setSlowFactor(4);
    assert.equal(s.effectiveIntervalMs, 4 * MIN);
    assert.equal(s.nextRunAt, settled + 4 * MIN);
    clock.advance(3 * MIN);
    assert.equal(task.calls.length, 1);
    s.setSlowFactor(1); // overdue: run at once
    clock.advance(0);
    assert.equal(task.calls.length, 2);
    s.setSlowFactor(4);
    await task.reject(retryable());
    assert.equal(s.nextRunAt, clock.now() + MIN, 'back-off starts at effective/4');
    s.dispose();
  });

  it('refreshIfStale fetches only when the last success is old enough', async () => {
    const { clock, task, s } = setup();
    s.start(0);
    await task.resolve(3);
    clock.advance(20 * SEC);
    assert.equal(await s.refreshIfStale(MIN), 3);
    assert.equal(task.calls.length, 1);
    clock.advance(45 * SEC); // the periodic run fired at 60 s
    assert.equal(task.calls.length, 2);
    await task.resolve(4);
    clock.advance(30 * SEC);
    const p = s.refreshIfStale(20 * SEC);
    assert.equal(task.calls.length, 3);
    await task.resolve(5);
    assert.equal(await p, 5);
    s.dispose();
  });

  it('refreshIfStale does not cut a Retry-After wait short', async () => {
    const { clock, task, s } = setup();
    s.start(0);
    await task.reject(retryable({ retryAfterMs: 5 * MIN }));
    clock.advance(MIN);
    assert.equal(await s.refreshIfStale(MIN), undefined);
    assert.equal(task.calls.length, 1);
    s.dispose();
  });

  it('survives throwing listeners and synchronously throwing tasks', async () => {
    const clock = new FakeClock(0);
    let n = 0;
    const s = new RefreshScheduler<number>({
      clock,
      intervalMs: MIN,
      task: () => {
        n++;
        if (n % 2) throw retryable();
        return Promise.resolve(n);
      },
      random: () => 0.5,
      onResult: () => {
        throw new Error('listener bug');
      },
      onError: () => {
        throw new Error('listener bug');
      },
    });
    s.start(0);
    await flushPromises();
    assert.equal(s.consecutiveFailures, 1);
    assert.equal(clock.pendingTimers(), 1);
    clock.advance(15 * SEC);
    await flushPromises();
    assert.equal(s.consecutiveFailures, 0);
    assert.equal(s.lastResult, 2);
    assert.equal(clock.pendingTimers(), 1);
    s.dispose();
    assert.equal(clock.pendingTimers(), 0);
  });

  it('never has more than one pending timer or overlapping requests (random operations)', async () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { clock, task, s } = setup({ random: rnd });
    s.start(0);
    for (let step = 0; step < 3000; step++) {
      const r = rnd();
      const pending = task.calls.filter((_, i) => i === task.calls.length - 1)[0];
      if (r < 0.25) void s.refresh();
      else if (r < 0.35) void s.refreshIfStale(30 * SEC);
      else if (r < 0.45) s.setIntervalMs(Math.floor(10 * SEC + rnd() * 5 * MIN));
      else if (r < 0.5) s.setSlowFactor(rnd() < 0.5 ? 1 : 4);
      else if (r < 0.53) s.stop();
      else if (r < 0.56) s.start(rnd() < 0.5 ? 0 : undefined);
      else if (r < 0.75 && pending && task.active > 0) {
        const x = rnd();
        if (x < 0.6) pending.resolve(step);
        else if (x < 0.9) pending.reject(retryable(x < 0.7 ? { retryAfterMs: Math.floor(rnd() * 3 * MIN) } : {}));
        else pending.reject(fatal());
      } else clock.advance(Math.floor(rnd() * 10 * MIN));
      await flushPromises();
      assert.ok(clock.pendingTimers() <= 1, `step ${step}: ${clock.pendingTimers()} timers`);
      assert.ok(task.active <= 1, `step ${step}: overlapping requests`);
      if (s.inFlight) assert.equal(clock.pendingTimers(), 0, `step ${step}: timer while in flight`);
    }
    assert.equal(task.maxActive, 1);
    s.dispose();
    assert.equal(clock.pendingTimers(), 0);
    for (const c of task.calls) c.resolve(0);
    await flushPromises();
    assert.equal(clock.pendingTimers(), 0);
  });
});

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A FakeClock that behaves like Node's setTimeout: a delay over 2^31 − 1 ms fires after 1 ms. Records every delay asked for. */
class NodeLikeClock extends FakeClock {
  delays: number[] = [];
  override setTimeout(fn: () => void, ms: number): number {
    this.delays.push(ms);
    return super.setTimeout(fn, ms > 2 ** 31 - 1 ? 1 : ms);
  }
}

describe('RefreshScheduler at the longest interval', () => {
  // refreshIntervalSeconds max 86 400 s, ×4 while unfocused, back-off cap 8×: 768 h, past 2^31 − 1 ms (≈ 596 h).
  const INTERVAL = 86_400 * SEC;
  const EFFECTIVE = 4 * INTERVAL;
  const CAP = 8 * EFFECTIVE;

  function longSetup() {
    const clock = new NodeLikeClock(1_700_000_000_000);
    const task = new ControlledTask();
    const errors: { delay: number; attempt: number }[] = [];
    const s = new RefreshScheduler<number>({
      clock,
      intervalMs: INTERVAL,
      task: task.fn,
      random: () => 0.999999, // the largest jitter, so the cap is reached
      onError: (_e, delay, attempt) => errors.push({ delay, attempt }),
    });
    s.setSlowFactor(4);
    return { clock, task, errors, s };
  }

  /** Advances hour by hour to just before `until`; true if the task was called meanwhile. */
  function advanceTo(clock: FakeClock, task: ControlledTask, until: number): boolean {
    const calls = task.calls.length;
    while (clock.now() + HOUR_MS < until) {
      clock.advance(HOUR_MS);
      if (task.calls.length !== calls) return true;
    }
    clock.advanceTo(until - 1);
    return task.calls.length !== calls;
  }

  it('keeps every timer within 1 h and still runs at the due time, back-off at the cap, without spinning', async () => {
    assert.equal(MAX_DELAY_MS, HOUR_MS);
    assert.ok(CAP > 2 ** 31 - 1, 'the case that overflowed');
    const { clock, task, errors, s } = longSetup();
    s.start(0);
    for (let i = 0; i < 8; i++) {
      const failedAt = clock.now();
      const firedBefore = clock.firedCount;
      await task.reject(retryable());
      const delay = errors[i].delay;
      assert.equal(s.nextRunAt, failedAt + delay, `failure ${i + 1}: the plan is not shortened`);
      assert.ok(delay <= CAP);
      assert.equal(advanceTo(clock, task, failedAt + delay), false, `failure ${i + 1}: no run before the due time (no spin)`);
      clock.advance(1);
      assert.equal(task.calls.length, i + 2, `failure ${i + 1}: runs at the due time`);
      const hops = clock.firedCount - firedBefore;
      assert.ok(hops <= Math.ceil(delay / HOUR_MS) + 1, `failure ${i + 1}: ${hops} timer fires for ${delay} ms`);
    }
    assert.equal(errors[7].delay, CAP, 'the back-off reached its cap');
    assert.ok(clock.delays.length > 0);
    assert.ok(Math.max(...clock.delays) <= MAX_DELAY_MS, `longest timer ${Math.max(...clock.delays)} ms`);
    s.dispose();
    assert.equal(clock.pendingTimers(), 0);
  });

  it('keeps a huge Retry-After and a success interval within 1 h timers as well', async () => {
    const { clock, task, errors, s } = longSetup();
    s.start(0);
    const at = clock.now();
    await task.reject(retryable({ retryAfterMs: 10 ** 12 }));
    assert.equal(errors[0].delay, CAP, 'Retry-After clamped to the ceiling');
    assert.equal(advanceTo(clock, task, at + CAP), false);
    clock.advance(1);
    assert.equal(task.calls.length, 2);
    await task.resolve(1);
    const ok = clock.now();
    assert.equal(s.nextRunAt, ok + EFFECTIVE);
    s.setSlowFactor(1); // re-planned from the settle time: still hops
    assert.equal(s.nextRunAt, ok + INTERVAL);
    assert.equal(advanceTo(clock, task, ok + INTERVAL), false);
    clock.advance(1);
    assert.equal(task.calls.length, 3);
    assert.ok(clock.pendingTimers() <= 1);
    assert.ok(Math.max(...clock.delays) <= MAX_DELAY_MS, `longest timer ${Math.max(...clock.delays)} ms`);
    s.dispose();
    assert.equal(clock.pendingTimers(), 0);
  });
});
