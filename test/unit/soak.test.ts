// Soak test: 30 simulated days of polling every 15 s on the FakeClock, against
// a flapping account whose state is a pure function of time. Every result is
// fed into History (in-memory store) and the ThresholdEngine.
import { keyInfo } from './helpers/keyInfo';
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { FakeClock } from '../../src/core/refresh/clock';
import { DEFAULT_MAX_POINTS, History, HistoryStore } from '../../src/core/money/samples';
import { RefreshScheduler } from '../../src/core/refresh/scheduler';
import { derive, spendLastHour } from '../../src/core/money/spend';
import { EngineKind, ThresholdEngine, ThresholdSettings, thresholdInputFromSnapshot } from '../../src/core/alerts/thresholds';
import type { CreditSnapshot, HistoryPoint } from '../../src/core/types';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// --- the simulated account ------------------------------------------------------
const T0 = Date.UTC(2025, 0, 6); // a Monday, 00:00 UTC
const SIM_MS = 30 * DAY;
const INTERVAL_MS = 15 * SEC;
const PERIOD = 6 * DAY; // one top-up per period
const INITIAL_CREDITS = 11;
const TOP_UP = 12; // = spend per period, so every period starts at 11 USD
const BURST_AT = 2 * DAY; // into each period: 2 USD spent within 10 minutes
const BURST_LEN = 10 * MIN;
const BURST_USD = 2;
const BASE_PER_MS = (TOP_UP - BURST_USD) / PERIOD; // the rest, evenly

const SETTINGS: ThresholdSettings = { lowCreditUsd: 5, usagePercent: 90, spendPerHourUsd: 1 };

interface Model {
  usage: number;
  credits: number;
}

/** Usage and credits at time t (pure). */
function model(t: number): Model {
  const tau = t - T0;
  const k = Math.floor(tau / PERIOD);
  const p = tau - k * PERIOD;
  const burst = p < BURST_AT ? 0 : Math.min(1, (p - BURST_AT) / BURST_LEN) * BURST_USD;
  return { usage: k * TOP_UP + p * BASE_PER_MS + burst, credits: INITIAL_CREDITS + k * TOP_UP };
}

/** The failure schedule (pure); undefined = the request succeeds. */
function failureAt(t: number): Record<string, unknown> | undefined {
  const tau = t - T0;
  const day = Math.floor(tau / DAY);
  const inDay = tau - day * DAY;
  if (inDay >= 3 * HOUR && inDay < 3 * HOUR + 20 * MIN) return { kind: 'network', retryable: true };
  if (day % 2 === 1 && inDay >= 18 * HOUR && inDay < 18 * HOUR + 5 * MIN) return { kind: 'rateLimited', status: 429, retryable: true, retryAfterMs: 60 * SEC };
  if (day % 7 === 4 && inDay >= 9 * HOUR && inDay < 9 * HOUR + 2 * MIN) return { kind: 'invalidKey', status: 401, retryable: false };
  return undefined;
}

function snapshotAt(t: number): CreditSnapshot {
  const { usage, credits } = model(t);
  const remaining = credits - usage;
  return {
    fetchedAt: t,
    key: keyInfo({ label: 'soak', usage, isManagementKey: true }),
    account: { totalCredits: credits, totalUsage: usage, remaining, usagePercent: (usage / credits) * 100 },
    accountStatus: 'known',
    spendable: remaining,
    binding: 'account',
  };
}

/**
 * Expected alerts, from the model alone (no engine, no history): per period,
 * is the warning re-armed at the period start (past threshold + hysteresis)
 * and does the period reach the threshold?
 */
function expectedAlerts(): Record<EngineKind, number> {
  const exp: Record<EngineKind, number> = { lowCredit: 0, usagePercent: 0, outOfCredits: 0, spendSpike: 0 };
  const hystUsd = Math.max(0.5, 0.1 * SETTINGS.lowCreditUsd);
  const periods = Math.ceil(SIM_MS / PERIOD);
  for (let k = 0; k < periods; k++) {
    const start = T0 + k * PERIOD;
    const end = Math.min(T0 + SIM_MS, start + PERIOD - 1); // just before the next top-up
    const at = (t: number) => {
      const m = model(t);
      return { spendable: m.credits - m.usage, pct: (m.usage / m.credits) * 100 };
    };
    const s0 = at(start);
    const s1 = at(end);
    if (s0.spendable >= SETTINGS.lowCreditUsd + hystUsd && s1.spendable < SETTINGS.lowCreditUsd) exp.lowCredit++;
    if (s0.spendable > 0 && s1.spendable <= 0) exp.outOfCredits++;
    if (s0.pct <= SETTINGS.usagePercent - 2 && s1.pct >= SETTINGS.usagePercent) exp.usagePercent++;
    const burstEnd = start + BURST_AT + BURST_LEN;
    if (burstEnd < end) {
      const before = model(start + BURST_AT).usage - model(start + BURST_AT - HOUR).usage;
      const peak = model(burstEnd).usage - model(burstEnd - HOUR).usage;
      if (before <= SETTINGS.spendPerHourUsd && peak > SETTINGS.spendPerHourUsd) exp.spendSpike++;
    }
  }
  return exp;
}

/** global.gc when node runs with --expose-gc, else the same function obtained at run time (V8 flag), else none. */
function findGc(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
}
const gc = findGc();

function heapMb(): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('soak: 30 days of 15 s polling on the FakeClock', function () {
  this.timeout(60_000);

  it('keeps history capped, fires each threshold exactly as often as expected and leaves no timers', async () => {
    const heapBefore = heapMb();
    const started = Date.now();

    const clock = new FakeClock(T0);
    let stored: HistoryPoint[] = [];
    const store: HistoryStore = {
      load: () => stored,
      save: points => {
        stored = points;
      },
    };
    const history = new History(store);
    let engine = new ThresholdEngine();
    const fired: Record<EngineKind, number> = { lowCredit: 0, usagePercent: 0, outOfCredits: 0, spendSpike: 0 };
    const firedAt: string[] = [];
    const errorsByKind: Record<string, number> = {};
    let successes = 0;
    let calls = 0;
    let maxHistory = 0;
    let maxTimers = 0;
    let lastSnapshot: CreditSnapshot | undefined;
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };

    const scheduler = new RefreshScheduler<CreditSnapshot>({
      clock,
      intervalMs: INTERVAL_MS,
      random,
      task: async () => {
        calls++;
        const t = clock.now();
        const f = failureAt(t);
        if (f) throw Object.assign(new Error(String(f.kind)), f);
        return snapshotAt(t);
      },
      onResult: snap => {
        successes++;
        lastSnapshot = snap;
        history.add(snap);
        maxHistory = Math.max(maxHistory, history.length);
        const now = clock.now();
        const input = thresholdInputFromSnapshot(snap, spendLastHour(history.points, now));
        for (const a of engine.evaluate(input, SETTINGS, now)) {
          fired[a.kind as EngineKind]++;
          firedAt.push(`${a.kind}@${((now - T0) / DAY).toFixed(3)}d`);
        }
        // Once an hour, hand the state to "another window" through JSON.
        if (successes % 240 === 0) engine = new ThresholdEngine(JSON.parse(JSON.stringify(engine.toJSON())));
        maxTimers = Math.max(maxTimers, clock.pendingTimers());
      },
      onError: e => {
        const kind = String((e as { kind?: string }).kind);
        errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
        maxTimers = Math.max(maxTimers, clock.pendingTimers());
      },
    });

    scheduler.start(0);
    await clock.advanceAsync(SIM_MS);
    assert.equal(clock.now(), T0 + SIM_MS);
    const derived = derive(lastSnapshot, history.points, clock.now());
    scheduler.dispose();
    assert.equal(clock.pendingTimers(), 0, 'no timers after dispose');
    await clock.advanceAsync(DAY);
    assert.equal(clock.pendingTimers(), 0);

    const elapsed = Date.now() - started;
    const heapAfter = heapMb();
    const expected = expectedAlerts();
    console.log(
      `      soak: ${calls} polls (${successes} ok, errors ${JSON.stringify(errorsByKind)}), ` +
        `history max ${maxHistory}/${DEFAULT_MAX_POINTS} (final ${history.length}), alerts ${JSON.stringify(fired)}, ` +
        `${elapsed} ms, heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB${gc ? ' (after gc)' : ' (no gc available)'}`,
    );

    // The schedule really was exercised.
    assert.ok(calls > 170_000 && calls <= SIM_MS / INTERVAL_MS + 1, `calls ${calls}`);
    assert.ok(errorsByKind.network > 30 * 5, JSON.stringify(errorsByKind));
    assert.ok(errorsByKind.rateLimited >= 15 * 5, JSON.stringify(errorsByKind));
    assert.ok(errorsByKind.invalidKey >= 4 * 8, JSON.stringify(errorsByKind));
    assert.ok(maxTimers <= 1, `at most one pending timer (saw ${maxTimers})`);

    // History stays under its cap and still spans the whole month.
    assert.ok(maxHistory <= DEFAULT_MAX_POINTS, `history reached ${maxHistory}`);
    assert.ok(history.points[0].t < T0 + DAY, 'the oldest day is still there');
    assert.deepEqual(stored, history.points);

    // Thresholds fired exactly as the model says.
    assert.deepEqual(expected, { lowCredit: 5, usagePercent: 5, outOfCredits: 5, spendSpike: 5 }, 'the schedule itself');
    assert.deepEqual(fired, expected, firedAt.join(' '));

    // The derived figures still make sense after a month of compaction.
    const d = derived;
    const perDay = TOP_UP / (PERIOD / DAY);
    assert.ok(d.burnRate7d !== undefined && Math.abs(d.burnRate7d - perDay) < 0.05 * perDay, `burnRate7d ${d.burnRate7d}`);
    assert.equal(d.daily.length, 30);

    assert.ok(heapAfter - heapBefore < 10, `heap grew by ${(heapAfter - heapBefore).toFixed(1)} MB`);
  });
});
