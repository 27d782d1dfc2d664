// Property tests of the money arithmetic (samples.ts History + spend.ts
// derive) with fast-check: random worlds of keys spending on one account,
// polled at random times (VS Code closed for hours or days now and then),
// their histories kept by History (compaction included), derived at a random
// clock. What must hold whatever the data:
// - no period's spend is negative (also for arbitrary, inconsistent samples);
// - today is never more than this week or this month, where both are known;
// - the keys' spend summed never exceeds the account's usage change, where
//   both are known;
// - a gap (VS Code closed) never counts as spend of a window that holds less
//   than all but 10 % of it (PLACE_TOLERANCE).
// numRuns keeps the whole file well under 3 s.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildSnapshot } from '../../src/core/money/model';
import { DAY, HOUR, History, MINUTE } from '../../src/core/money/samples';
import { derive, PLACE_TOLERANCE, startOfUtcDay, startOfUtcMonth, startOfUtcWeek } from '../../src/core/money/spend';
import type { CreditSnapshot, DerivedUsage, HistoryPoint } from '../../src/core/types';
import { keyInfo } from './helpers/keyInfo';
import { MemoryStore } from './helpers/history';

const EPS = 1e-9;
const RUNS = Number(process.env.MONEY_PROPERTY_RUNS) || 150;

/** One poll of the world: the time since the last, what each key spent since, and what the poll saw. */
interface Step {
  dt: number;
  /** USD each key spent since the last poll (micro-dollar steps). */
  spend: number[];
  /** USD spent by keys not polled (deleted, other windows'), in the account's usage only. */
  other: number;
  /** The key's usage counter went back to 0 (a reset / a replaced key) before this spend. */
  reset: boolean[];
  /** /credits answered on this poll (the account's usage is known). */
  credits: boolean;
}

interface World {
  t0: number;
  keys: number;
  steps: Step[];
  /** now = the last poll + this. */
  nowAfter: number;
}

const usd = (max: number) => fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: max * 1e6 }).map(n => n / 1e6) });
const pollGap = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 15_000, max: 30 * MINUTE }) },
  { weight: 1, arbitrary: fc.integer({ min: HOUR, max: 10 * DAY }) },
);

function stepArb(keys: number, maxSpend = 5): fc.Arbitrary<Step> {
  return fc.record({
    dt: pollGap,
    spend: fc.array(usd(maxSpend), { minLength: keys, maxLength: keys }),
    other: usd(maxSpend),
    reset: fc.array(fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), { minLength: keys, maxLength: keys }),
    credits: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  });
}

const worldArb: fc.Arbitrary<World> = fc.record({
  t0: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
  keys: fc.integer({ min: 1, max: 3 }),
}).chain(({ t0, keys }) => fc.record({
  t0: fc.constant(t0),
  keys: fc.constant(keys),
  steps: fc.array(stepArb(keys), { minLength: 1, maxLength: 80 }),
  nowAfter: fc.integer({ min: 0, max: 10 * MINUTE }),
}));

/** What the polls saw: per poll, its time, each key's usage counter, the account's usage, whether /credits answered; and each spend with its time. */
interface Polls {
  t: number[];
  usage: number[][];
  total: number[];
  credits: boolean[];
  spends: { t: number; key: number; usd: number }[];
  now: number;
}

function simulate(w: World): Polls {
  const usage = Array.from({ length: w.keys }, () => 0);
  let total = 0;
  let t = w.t0;
  const out: Polls = { t: [], usage: [], total: [], credits: [], spends: [], now: 0 };
  w.steps.forEach((s, i) => {
    if (i > 0) t += s.dt; // the first poll is at t0: what came before it is not known
    for (let k = 0; k < w.keys; k++) {
      if (s.reset[k]) usage[k] = 0;
      if (i > 0) {
        usage[k] += s.spend[k];
        total += s.spend[k];
        out.spends.push({ t, key: k, usd: s.spend[k] });
      }
    }
    if (i > 0) total += s.other;
    out.t.push(t);
    out.usage.push([...usage]);
    out.total.push(total);
    out.credits.push(s.credits);
  });
  out.now = t + w.nowAfter;
  return out;
}

/** The points through History (out of order, duplicates and compaction as it does them). */
function kept(points: readonly HistoryPoint[]): readonly HistoryPoint[] {
  const h = new History(new MemoryStore());
  for (const p of points) h.addPoint(p);
  return h.points;
}

/** One key's history: its own usage, and the account's where /credits answered (withTotals). */
function keyHistory(p: Polls, k: number, withTotals: boolean): readonly HistoryPoint[] {
  return kept(p.t.map((t, i) => ({ t, keyUsage: p.usage[i][k], ...(withTotals && p.credits[i] ? { totalUsage: p.total[i] } : {}) })));
}

/** A management key's history: it spends nothing itself, and sees the account's usage on every poll. */
function accountHistory(p: Polls): readonly HistoryPoint[] {
  return kept(p.t.map((t, i) => ({ t, keyUsage: 0, totalUsage: p.total[i] })));
}

/** Key k's spend in [from, to] as OpenRouter counts it (usage_daily / weekly / monthly). */
function trueSpend(p: Polls, k: number, from: number, to: number): number {
  return p.spends.filter(s => s.key === k && s.t >= from && s.t <= to).reduce((a, s) => a + s.usd, 0);
}

/** The snapshot of the last poll of key k, as the client builds it (account figures where /credits answered). */
function lastSnapshot(p: Polls, k: number): CreditSnapshot {
  const i = p.t.length - 1;
  const at = p.t[i];
  const key = keyInfo({
    usage: p.usage[i][k],
    usageDaily: trueSpend(p, k, startOfUtcDay(at), at),
    usageWeekly: trueSpend(p, k, startOfUtcWeek(at), at),
    usageMonthly: trueSpend(p, k, startOfUtcMonth(at), at),
  });
  return p.credits[i]
    ? buildSnapshot(key, { totalCredits: p.total[i] + 100, totalUsage: p.total[i] }, 'known', at)
    : buildSnapshot(key, undefined, 'forbidden', at);
}

/** Every spend figure of a derivation with its window [from, to] (undefined: a rate or a since-last-check, no window). */
function figures(d: DerivedUsage, now: number): { name: string; value: number; from?: number; to?: number }[] {
  const out: { name: string; value: number; from?: number; to?: number }[] = [];
  const add = (name: string, value: number | undefined, from?: number, to?: number) => { if (value !== undefined) out.push({ name, value, from, to }); };
  add('spendSinceLastCheck', d.spendSinceLastCheck);
  add('spendLastHour', d.spendLastHour, now - HOUR, now);
  add('spendToday', d.spendToday, startOfUtcDay(now), now);
  add('spendThisWeek', d.spendThisWeek, startOfUtcWeek(now), now);
  add('spendThisMonth', d.spendThisMonth, startOfUtcMonth(now), now);
  add('burnRate24h', d.burnRate24h);
  add('burnRate7d', d.burnRate7d);
  add('forecast.daysLeft', d.forecast?.daysLeft);
  const today = startOfUtcDay(now);
  for (const day of d.daily) {
    const s = Date.parse(`${day.day}T00:00:00Z`);
    add(`daily ${day.day}`, day.spend, s, s === today ? now : s + DAY);
  }
  return out;
}

const show = (o: unknown) => JSON.stringify(o);

describe('money: properties (fast-check)', () => {
  it('no period\'s spend is negative, whatever the samples (resets, out of order, missing totals, any clock)', () => {
    const point = fc.record({
      t: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 2, 1) }),
      keyUsage: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      totalUsage: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: undefined }),
      spendable: fc.option(fc.double({ min: -1e3, max: 1e6, noNaN: true }), { nil: undefined }),
    }).map(p => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as HistoryPoint);
    fc.assert(fc.property(
      fc.array(point, { maxLength: 60 }),
      fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2026, 3, 1) }),
      fc.option(fc.record({ usage: fc.double({ min: 0, max: 1e6, noNaN: true }), daily: fc.double({ min: 0, max: 1e3, noNaN: true }), credits: fc.boolean() }), { nil: undefined }),
      (points, now, sn) => {
        const pts = kept(points);
        const snapshot = sn && buildSnapshot(keyInfo({ usage: sn.usage, usageDaily: sn.daily, usageWeekly: sn.daily, usageMonthly: sn.daily }),
          sn.credits ? { totalCredits: 1e6, totalUsage: sn.usage } : undefined, sn.credits ? 'known' : 'forbidden', now - MINUTE);
        for (const f of figures(derive(snapshot, pts, now), now)) {
          assert.ok(Number.isFinite(f.value) && f.value >= 0, `${f.name} = ${f.value}`);
        }
      },
    ), { numRuns: RUNS });
  });

  it('today is never more than this week or this month where both are known (with and without a snapshot)', () => {
    fc.assert(fc.property(worldArb, fc.boolean(), fc.boolean(), (w, withTotals, withSnapshot) => {
      const p = simulate(w);
      for (let k = 0; k < w.keys; k++) {
        const d = derive(withSnapshot ? lastSnapshot(p, k) : undefined, keyHistory(p, k, withTotals), p.now);
        const { spendToday: today, spendThisWeek: week, spendThisMonth: month } = d;
        if (today !== undefined && week !== undefined) assert.ok(today <= week + EPS, `key ${k}: today ${today} > week ${week}`);
        if (today !== undefined && month !== undefined) assert.ok(today <= month + EPS, `key ${k}: today ${today} > month ${month}`);
      }
    }), { numRuns: RUNS });
  });

  it('the keys\' spend summed never exceeds the account\'s usage change where both are known', () => {
    fc.assert(fc.property(worldArb, w => {
      const p = simulate(w);
      const account = derive(undefined, accountHistory(p), p.now);
      const keys = Array.from({ length: w.keys }, (_, k) => derive(undefined, keyHistory(p, k, false), p.now));
      const names = ['spendToday', 'spendThisWeek', 'spendThisMonth', 'spendLastHour', 'burnRate24h', 'burnRate7d'] as const;
      for (const name of names) {
        const a = account[name];
        const each = keys.map(d => d[name]);
        if (a === undefined || each.some(x => x === undefined)) continue;
        const sum = each.reduce((s, x) => s! + x!, 0)!;
        assert.ok(sum <= a + EPS, `${name}: keys ${show(each)} sum to ${sum} > account ${a}`);
      }
      const accountDays = new Map(account.daily.map(x => [x.day, x.spend]));
      for (let k = 0; k < w.keys; k++) {
        for (const day of keys[k].daily) {
          const a = accountDays.get(day.day);
          if (day.spend !== undefined && a !== undefined) assert.ok(day.spend <= a + EPS, `key ${k} on ${day.day}: ${day.spend} > account ${a}`);
        }
      }
    }), { numRuns: RUNS });
  });

  it('a gap (VS Code closed) never counts as spend of a window that holds less than all but 10 % of it', () => {
    const BIG = 1_000_000; // spent while VS Code was closed; everything else together is under $100
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
      fc.array(stepArb(1, 1), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 20 * MINUTE, max: 10 * DAY }),
      fc.array(stepArb(1, 1), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 10 * MINUTE }),
      fc.boolean(),
      (t0, before, gap, after, nowAfter, withTotals) => {
        const gapStep: Step = { dt: gap, spend: [BIG], other: 0, reset: [false], credits: true };
        const steps = [...before, gapStep, ...after];
        const p = simulate({ t0, keys: 1, steps, nowAfter });
        const tb = p.t[before.length];
        const ta = tb - gap;
        const d = derive(undefined, keyHistory(p, 0, withTotals), p.now);
        for (const f of figures(d, p.now)) {
          if (f.from === undefined || f.to === undefined || f.value < BIG / 2) continue;
          const overlap = Math.max(0, Math.min(tb, f.to) - Math.max(ta, f.from));
          const outside = gap - overlap;
          assert.ok(outside < PLACE_TOLERANCE * (f.to - f.from),
            `${f.name} = ${f.value} holds the gap [${new Date(ta).toISOString()}, ${new Date(tb).toISOString()}] though ${outside / MINUTE} min of it lie outside [${new Date(f.from).toISOString()}, ${new Date(f.to).toISOString()}]`);
        }
        // Time alone is no spend: with nothing spent, every figure is 0.
        const idle = simulate({ t0, keys: 1, steps: steps.map(s => ({ ...s, spend: [0], other: 0 })), nowAfter });
        for (const f of figures(derive(undefined, keyHistory(idle, 0, withTotals), idle.now), idle.now)) {
          if (f.name !== 'forecast.daysLeft') assert.equal(f.value, 0, f.name);
        }
      },
    ), { numRuns: RUNS });
  });
});
