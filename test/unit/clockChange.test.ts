// The system clock set back (or forward) while polling: issue 21, item 6.
// Waits are measured on the monotonic clock, a sample older than the newest
// starts a new segment of the history (no spend across it), and no stored
// time in the future holds anything up. All on an injected FakeClock.
import * as assert from 'node:assert/strict';
import { lastPollAt, orphaned, ownFetchDue } from '../../src/core/accounts/keyMode';
import { ThresholdEngine, thresholdInputFromSnapshot } from '../../src/core/alerts/thresholds';
import { compact, DAY, History, historyFileText, historyOf, isSorted, mergePoints } from '../../src/core/money/samples';
import { derive } from '../../src/core/money/spend';
import { FakeClock, flushPromises } from '../../src/core/refresh/clock';
import { firstPollDelayMs } from '../../src/core/refresh/interval';
import { LEASE_TTL_MS, mayHoldLease } from '../../src/core/refresh/lease';
import { RefreshScheduler } from '../../src/core/refresh/scheduler';
import { readSharedState, retryWaitMs, type SharedState } from '../../src/core/refresh/sharedState';
import type { CreditSnapshot, HistoryPoint } from '../../src/core/types';
import { MemoryStore, snap } from './helpers/history';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
/** Wednesday 2024-05-15 12:00 UTC. */
const T0 = Date.UTC(2024, 4, 15, 12);

describe('clock changes: the scheduler', () => {
  function polling(intervalMs = 5 * MIN) {
    const clock = new FakeClock(T0);
    const runs: number[] = [];
    const s = new RefreshScheduler<number>({ clock, intervalMs, task: () => { runs.push(clock.now()); return Promise.resolve(runs.length); } });
    return { clock, runs, s };
  }

  it('goes on polling every interval after the clock is set back 6 h', async () => {
    const { clock, runs, s } = polling();
    s.start(0);
    await flushPromises();
    await clock.advanceAsync(5 * MIN);
    assert.equal(runs.length, 2);
    clock.setWall(clock.now() - 6 * HOUR);
    await clock.advanceAsync(5 * MIN);
    assert.equal(runs.length, 3, 'the next poll is one interval after the last, not 6 h later');
    await clock.advanceAsync(HOUR);
    assert.equal(runs.length, 15);
    s.dispose();
  });

  it('a clock set forward neither polls early nor stops polling', async () => {
    const { clock, runs, s } = polling();
    s.start(0);
    await flushPromises();
    clock.setWall(clock.now() + 6 * HOUR);
    await clock.advanceAsync(5 * MIN - 1);
    assert.equal(runs.length, 1, 'no poll before the interval is over');
    await clock.advanceAsync(1);
    assert.equal(runs.length, 2);
    clock.setWall(clock.now() - 6 * HOUR);
    await clock.advanceAsync(5 * MIN);
    assert.equal(runs.length, 3);
    s.dispose();
  });

  it('refreshIfStale measures the age on the monotonic clock; nextRunAt reads in wall time', async () => {
    const { clock, runs, s } = polling();
    s.start(0);
    await flushPromises();
    clock.setWall(clock.now() + 6 * HOUR);
    await s.refreshIfStale(5 * MIN);
    assert.equal(runs.length, 1, 'a reading 0 s old is fresh, whatever the wall clock says');
    assert.equal(s.nextRunAt, clock.now() + 5 * MIN);
    assert.equal(s.lastSuccessAt, clock.now() - 6 * HOUR, 'lastSuccessAt is the wall time it was taken at');
    s.dispose();
  });
});

describe('clock changes: the history and the spend', () => {
  const PER_HOUR = 1; // USD spent per real hour
  const STEP = 5 * MIN;

  /** A window that polls every 5 min: the real time moves on, the wall clock is what the snapshots say. */
  function account() {
    const clock = new FakeClock(T0 - 24 * HOUR);
    const real0 = clock.monotonic();
    const store = new MemoryStore();
    const history = new History(store);
    let last: CreditSnapshot | undefined;
    const usage = () => ((clock.monotonic() - real0) / HOUR) * PER_HOUR;
    const poll = () => {
      last = snap(clock.now(), usage(), 1000);
      history.add(last);
      return derive(last, history.points, clock.now());
    };
    const pollFor = (ms: number) => {
      let d = poll();
      for (let t = 0; t < ms; t += STEP) {
        clock.advance(STEP);
        d = poll();
      }
      return d;
    };
    return { clock, history, store, usage, poll, pollFor };
  }

  const near = (v: number | undefined, want: number, what: string) =>
    assert.ok(v !== undefined && Math.abs(v - want) < 0.02, `${what}: ${v} (want ${want})`);

  it('a 6 h set-back reports no spend it did not see, and raises no unusual-spend alert', () => {
    const a = account();
    near(a.pollFor(24 * HOUR).spendLastHour, PER_HOUR, 'before');
    a.clock.advance(STEP);
    a.clock.setWall(a.clock.now() - 6 * HOUR);
    const d = a.poll();
    assert.ok(d.spendLastHour === undefined || d.spendLastHour <= PER_HOUR + 0.01, `last hour after the set-back: ${d.spendLastHour}`);
    assert.equal(d.spendSinceLastCheck, undefined, 'the spend across the clock change is not known');
    const engine = new ThresholdEngine();
    const alerts = engine.evaluate(thresholdInputFromSnapshot(snap(a.clock.now(), a.usage(), 1000), d.spendLastHour), { lowCreditUsd: 0, usagePercent: 0, spendPerHourUsd: 2 }, a.clock.now());
    assert.deepEqual(alerts.map(x => x.kind), []);
  });

  it('the history after a set-back holds one segment on: no sample in the future, the figures right', () => {
    const a = account();
    a.pollFor(24 * HOUR);
    a.clock.advance(STEP);
    a.clock.setWall(a.clock.now() - 6 * HOUR);
    const d = a.pollFor(2 * HOUR);
    const pts = a.history.points;
    assert.ok(isSorted(pts));
    assert.ok(pts[pts.length - 1].t <= a.clock.now(), 'no sample in the future');
    assert.equal(pts.filter(p => p.segmentStart).length, 1);
    near(d.spendLastHour, PER_HOUR, 'last hour');
    assert.ok(Math.abs(d.burnRate24h! - 24 * PER_HOUR) < 0.5, `24 h burn rate ${d.burnRate24h}`);
    // The saved copy says the same: the spend is placed from it after a restart too.
    const reloaded = new History(new MemoryStore(a.store.data));
    near(derive(undefined, reloaded.points, a.clock.now()).spendLastHour, PER_HOUR, 'after a reload');
  });

  it('a clock set forward 6 h and back again invents no spend and leaves no sample in the future', () => {
    const a = account();
    a.pollFor(12 * HOUR); // T0 - 12 h .. midnight-free: the day is Wednesday throughout
    a.clock.advance(STEP);
    a.clock.setWall(a.clock.now() + 6 * HOUR);
    const ahead = a.pollFor(HOUR);
    assert.ok(ahead.spendLastHour === undefined || ahead.spendLastHour <= PER_HOUR + 0.01, `ahead: ${ahead.spendLastHour}`);
    a.clock.advance(STEP);
    a.clock.setWall(a.clock.now() - 6 * HOUR);
    const back = a.poll();
    assert.ok(back.spendLastHour === undefined || back.spendLastHour <= PER_HOUR + 0.01, `back: ${back.spendLastHour}`);
    const later = a.pollFor(2 * HOUR);
    near(later.spendLastHour, PER_HOUR, 'two hours later');
    assert.ok(a.history.points.every(p => p.t <= a.clock.now()));
    const real = a.usage() - 12 * HOUR / HOUR * PER_HOUR; // spent since midnight, really (the history began at T0 - 24 h = Tuesday noon)
    // The hour across the clock change is time whose spend is unknown (like a gap): today is either unknown for that reason or at most what was really spent.
    if (later.spendToday === undefined) assert.equal(later.unknownReasons?.spendToday, 'gap');
    else assert.ok(later.spendToday <= real + 0.01, `today ${later.spendToday} ≤ ${real}`);
  });

  it('the shared history file drops what lies in the future; a late sample of another window is no clock change', () => {
    const KEY = '0123456789abcdef';
    const old: HistoryPoint[] = [0, 1, 2, 3].map(i => ({ t: T0 + i * HOUR, keyUsage: i }));
    // The clock went back 2 h 30 min after the sample at T0 + 3 h: this window's history starts a segment.
    const mine: HistoryPoint[] = [{ t: T0, keyUsage: 0 }, { t: T0 + 30 * MIN, keyUsage: 3.1, segmentStart: true }];
    const kept = historyOf(historyFileText(JSON.stringify({ keyId: KEY, points: old }), KEY, mine, T0 + 31 * MIN), KEY) as HistoryPoint[];
    assert.deepEqual(kept.map(p => p.t - T0), [0, 30 * MIN]);
    assert.equal(kept[1].segmentStart, true);

    // Same time in both: a segment's start stays one, whichever copy wins.
    assert.equal(mergePoints([{ t: T0, keyUsage: 1, segmentStart: true }], [{ t: T0, keyUsage: 1 }])[0].segmentStart, true);

    const h = new History(new MemoryStore());
    h.addPoint({ t: T0 + MIN, keyUsage: 1 });
    h.addPoint({ t: T0, keyUsage: 0.9 }); // fetched before, saved after
    assert.deepEqual(h.points.map(p => [p.t - T0, p.segmentStart]), [[0, undefined], [MIN, undefined]]);
  });
});

describe('clock changes: compaction', () => {
  it('keeps a segment\'s first sample and the one before it, so no spend is placed across the change later either', () => {
    // Every 5 min from Tuesday 00:00, $1/h; at T0 + 30 min (Wednesday 12:30) the usage jumps by $10 across a clock change.
    const pts: HistoryPoint[] = [];
    for (let t = T0 - 36 * HOUR; t <= T0 + HOUR; t += 5 * MIN) {
      pts.push({ t, keyUsage: (t - T0) / HOUR + (t >= T0 + 30 * MIN ? 10 : 0), ...(t === T0 + 30 * MIN ? { segmentStart: true as const } : {}) });
    }
    for (const now of [T0 + 2 * HOUR, T0 + 3 * DAY, T0 + 40 * DAY]) {
      const kept = compact(pts, now);
      assert.ok(kept.some(p => p.segmentStart), `the segment's start survives at +${(now - T0) / HOUR} h`);
      const today = derive(undefined, kept, T0 + HOUR).spendToday;
      assert.ok(today !== undefined && today > 12 && today < 13.01, `Wednesday until 13:00 without the $10 across the change: ${today}`);
    }
  });
});

describe('clock changes: no stored time in the future holds anything up', () => {
  const INTERVAL = 5 * MIN;
  /** What a window that polled until T0 left in the shared file. */
  const written: SharedState = { v: 1, keyGen: 1, updatedAt: T0, snapshot: snap(T0 - 2 * SEC, 10, 100), attemptAt: T0, thresholdsAsOf: T0 - 2 * SEC };

  it('a restart 6 h "earlier" polls within one interval, and an account nobody polls is picked up', async () => {
    const clock = new FakeClock(T0 + MIN);
    clock.setWall(T0 - 6 * HOUR);
    const shared = readSharedState(JSON.stringify(written), clock.now()).state!;
    const last = lastPollAt('own', shared, clock.now());
    assert.ok(last <= clock.now(), 'the last poll is not in the future');
    const runs: number[] = [];
    const s = new RefreshScheduler<number>({ clock, intervalMs: INTERVAL, task: () => Promise.resolve(runs.push(clock.now())) });
    s.start(firstPollDelayMs(last, INTERVAL, clock.now()));
    await clock.advanceAsync(INTERVAL);
    assert.equal(runs.length, 1, 'polled within one interval of the restart');
    s.dispose();
    // The poll failed: its attempt is in the past now, the snapshot still in the future.
    const failed = { ...shared, attemptAt: clock.now() };
    assert.equal(lastPollAt('own', failed, clock.now()), clock.now());
    assert.equal(orphaned({ hasKey: true, shared: failed, lastPollAt: lastPollAt('own', failed, clock.now() + 3 * INTERVAL) }, INTERVAL / SEC, true, clock.now() + 3 * INTERVAL), true,
      'three intervals without a poll make an orphan, whatever the snapshot\'s time says');
  });

  it('the shared state read after a set-back: no attempt or evaluation in the future, a back-off at most its delay away', () => {
    const now = T0 - 6 * HOUR;
    const text = JSON.stringify({ ...written, retry: { at: T0 + 2 * MIN, failures: 3, delayMs: 2 * MIN } });
    const s = readSharedState(text, now).state!;
    assert.equal(s.attemptAt, undefined);
    assert.equal(s.thresholdsAsOf, undefined, 'the next reading is evaluated for warnings');
    assert.deepEqual(s.retry, { at: now + 2 * MIN, failures: 3, delayMs: 2 * MIN });
    assert.equal(retryWaitMs({ at: T0 + 2 * MIN, failures: 3, delayMs: 2 * MIN }, now), 2 * MIN);
    // Read at the right time, nothing changes.
    const onTime = readSharedState(text, T0 + MIN).state!;
    assert.equal(onTime.attemptAt, T0);
    assert.equal(onTime.thresholdsAsOf, T0 - 2 * SEC);
    assert.deepEqual(onTime.retry, { at: T0 + 2 * MIN, failures: 3, delayMs: 2 * MIN });
    assert.equal(retryWaitMs(onTime.retry!, T0 + MIN), MIN);
    assert.equal(retryWaitMs(onTime.retry!, T0 + 5 * MIN), 0);
  });

  it('a lease written before the set-back does not block another window; a live one does', () => {
    const now = T0 - 6 * HOUR;
    assert.equal(mayHoldLease({ owner: 'closed', until: T0 + LEASE_TTL_MS }, 'me', now), true);
    assert.equal(mayHoldLease({ owner: 'live', until: now + LEASE_TTL_MS }, 'me', now), false);
    assert.equal(mayHoldLease({ owner: 'live', until: now + 1 }, 'me', now), false);
  });

  it('a follower\'s own fetch is not held up by a last fetch in the future', () => {
    const now = T0 - 6 * HOUR;
    assert.equal(ownFetchDue(T0, INTERVAL / SEC, now), true);
    assert.equal(ownFetchDue(now - MIN, INTERVAL / SEC, now), false);
  });
});
