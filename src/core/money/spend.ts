// Spend analytics over the samples of samples.ts: spend between samples and
// over a window, spend per UTC day / week / month, burn rates, the run-out
// forecast and the daily chart. No `vscode` import here.
//
// Spend is measured from cumulative usage, summing the increases between
// consecutive samples: the account's usage (`totalUsage`) when both samples
// know it, else the key's (`keyUsage`). A decrease is a reset
// (key reset / replaced key), never negative spend: the interval that contains
// it counts 0. Balance increases (top-ups, limit raises) therefore never
// show up as spend either.
//
// No figure we cannot back: the samples only say how much was spent between
// two of them, not when. A window (the last hour, 24 h, 7 days, today, this
// week / month, one day of the chart) counts an interval between two samples
// that lies inside it. One that sticks out counts when the part outside is the
// smaller part, and is left out otherwise; either way the smaller part is time
// whose spend the window may wrongly hold or miss. When that time reaches 10 %
// of the window (PLACE_TOLERANCE), the window's figure is unknown, with the
// reason 'gap' (VS Code was closed, or nothing polled, for part of it). So
// after a night with VS Code closed, the night's spend is neither "the last
// hour" nor "today" (unless today is long enough for the night's part of it to
// be under 10 %), and a week-long gap leaves the week's days unknown instead
// of piling its spend onto the day VS Code came back. A missed poll or two
// changes nothing. Windows measured as a rate (burn rates) divide by the time
// the counted intervals cover.
//
// A clock set back starts a new segment of samples (samples.ts): the interval
// that ends at a segment's first sample counts no spend, and its time in a
// window is time whose spend the window misses, like a gap's.

import { DAY, HOUR, MINUTE, byTime, isClockSetBack, isSorted, lastAtOrBefore, lastBefore, pointFromSnapshot, startSegment } from './samples';
import { nextLimitReset } from '../alerts/thresholds';
import type { CreditSnapshot, DailySpend, DerivedUsage, Forecast, HistoryPoint, ReasonedFigure, UnknownReason } from '../types';

function usageIncrease(a: number, b: number): number {
  return b > a ? b - a : 0;
}

/**
 * Spend between two samples: the account's usage when both know it (a
 * management key spends nothing itself, but sees every key's spend), else this
 * key's usage. A drop (a reset) counts as 0, never as negative spend.
 */
function pointSpend(a: HistoryPoint, b: HistoryPoint): number {
  if (a.totalUsage !== undefined && b.totalUsage !== undefined) return usageIncrease(a.totalUsage, b.totalUsage);
  return usageIncrease(a.keyUsage, b.keyUsage);
}

/** Spend of this key alone between two samples (what drains a key's limit). */
function keySpend(a: HistoryPoint, b: HistoryPoint): number {
  return usageIncrease(a.keyUsage, b.keyUsage);
}

type SpendOf = (a: HistoryPoint, b: HistoryPoint) => number;

/** Share of a window whose spend may be misplaced before the window's figure is unknown. */
export const PLACE_TOLERANCE = 0.1;

/** Spend placed in a window, and the time the counted intervals cover (first to last counted sample). */
interface Placed {
  spend: number;
  spanMs: number;
}

type Placement = Placed | { unknown: UnknownReason };

interface PlaceOptions {
  /** The time from the window's start to the first sample (history starts inside it) is uncertain ('history'). */
  head?: boolean;
  /** The time from the last sample to the window's end is uncertain (a completed day the samples stop in). */
  tail?: boolean;
}

/**
 * The spend the samples (`series[0..endIdx]`, time-sorted) place in [ws, we]:
 * see the header. O(log n + samples in the window).
 */
function placeSpend(series: readonly HistoryPoint[], endIdx: number, ws: number, we: number, spendOf: SpendOf, opts: PlaceOptions = {}): Placement {
  const len = we - ws;
  if (endIdx < 0 || !(len >= 0)) return { unknown: 'history' };
  if (len === 0) return { spend: 0, spanMs: 0 }; // a period that has just begun
  let spend = 0;
  let uncertain = 0;
  let span = 0;
  for (let i = Math.max(1, lastAtOrBefore(series, ws) + 1); i <= endIdx; i++) {
    const a = series[i - 1].t;
    const b = series[i].t;
    if (a >= we) break;
    if (b <= ws) continue;
    const outside = Math.max(0, ws - a) + Math.max(0, b - we);
    if (series[i].segmentStart) {
      uncertain += b - a - outside; // across a clock change: no spend, its time unknown
      continue;
    }
    if (outside > 0) {
      const inside = b - a - outside;
      if (outside < inside) uncertain += outside;
      else {
        uncertain += inside;
        continue;
      }
    }
    spend += spendOf(series[i - 1], series[i]);
    span += b - a;
  }
  const head = opts.head && series[0].t > ws ? Math.min(we, series[0].t) - ws : 0;
  const lastT = series[endIdx].t;
  if (opts.tail && lastT < we) uncertain += we - Math.max(ws, lastT);
  const tol = PLACE_TOLERANCE * len;
  if (head + uncertain >= tol) return { unknown: head > uncertain ? 'history' : 'gap' };
  return { spend, spanMs: span };
}

function isPlaced(p: Placement): p is Placed {
  return !('unknown' in p);
}

type WindowSpend = Placed;

/**
 * Spend over the rolling `windowMs` before `now` (ending at the last sample at
 * or before now): unknown when a gap leaves spend unplaceable ('gap') or the
 * counted intervals cover less than minCoverageMs ('history').
 */
function windowSpend(series: readonly HistoryPoint[], now: number, windowMs: number, minCoverageMs: number, spendOf: SpendOf = pointSpend): WindowSpend | { unknown: UnknownReason } {
  const end = lastAtOrBefore(series, now);
  if (end < 0) return { unknown: 'history' };
  const p = placeSpend(series, end, now - windowMs, now, spendOf);
  if (!isPlaced(p)) return p;
  if (p.spanMs <= 0 || p.spanMs < minCoverageMs) return { unknown: 'history' };
  return p;
}

/** Minimum coverage: spendLastHour 50 min; burnRate24h 6 h; burnRate7d 2 days; forecast 24 h of history. */
export const COVERAGE = {
  lastHour: 50 * MINUTE,
  burn24h: 6 * HOUR,
  burn7d: 2 * DAY,
  forecast: 24 * HOUR,
} as const;

/** Below this (USD/day) the burn rate counts as flat: no forecast. */
export const FLAT_BURN_USD_PER_DAY = 0.01;

/** Spend in the last hour from sorted points (cheap; what derive() reports as spendLastHour). */
export function spendLastHour(points: readonly HistoryPoint[], now: number): number | undefined {
  const w = windowSpend(points, now, HOUR, COVERAGE.lastHour);
  return 'unknown' in w ? undefined : w.spend;
}

export function startOfUtcDay(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

/** Monday 00:00 UTC of t's week. */
export function startOfUtcWeek(t: number): number {
  const day = startOfUtcDay(t);
  const dow = new Date(day).getUTCDay(); // 0 = Sunday
  return day - ((dow + 6) % 7) * DAY;
}

export function startOfUtcMonth(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function utcDayString(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Derived figures. `points` must be time-sorted (History keeps them so); the
 * snapshot, when newer than the last point, is treated as one more point.
 * Every window follows the placing rule of the header; a figure it leaves
 * unknown gets its reason in `unknownReasons`.
 * - spendSinceLastCheck: snapshot usage minus the last point before it (>= 0);
 * - spendToday / ThisWeek / ThisMonth: the snapshot's usage_daily / weekly /
 *   monthly when it was fetched in the same UTC day / week (Monday) / month as
 *   `now` and no account figures are known; with account figures, the
 *   account's spend from history (at least the key's own; unknown when the
 *   history cannot place it); otherwise from history alone. From history,
 *   the window is the period so far;
 * - spendLastHour: history, needs >= 50 min of coverage;
 * - burnRate24h / 7d: USD/day over the last 24 h / 7 days, need >= 6 h / 2 days;
 * - forecast: spendable known and > 0, >= 24 h of history, 7d rate when it is
 *   known, else the 24 h rate; none when that rate is <= 0.01 USD/day. When
 *   this key's limit binds the balance, the rates are this key's own spend
 *   (`rateOf: 'key'`), and a limit reset before the run-out is `resetsAt`;
 * - daily: the last 30 UTC days that have data (oldest first), each a window
 *   of its own (today: so far); today's entry is spendToday.
 */
export function derive(snapshot: CreditSnapshot | undefined, points: readonly HistoryPoint[], now: number): DerivedUsage {
  const series = seriesWith(snapshot, points, now);
  const out: DerivedUsage = { daily: [] };
  if (series.length === 0) return out;
  const reasons: Reasons = {};

  if (snapshot) {
    const prev = lastBefore(series, snapshot.fetchedAt);
    // Across a clock change (the snapshot starts a segment) the spend is not known.
    if (prev >= 0 && !series[prev + 1]?.segmentStart) out.spendSinceLastCheck = pointSpend(series[prev], pointFromSnapshot(snapshot));
  }

  const endIdx = lastAtOrBefore(series, now);
  derivePeriods(series, endIdx, snapshot, now, out, reasons);

  const hour = windowSpend(series, now, HOUR, COVERAGE.lastHour);
  if ('unknown' in hour) reasons.spendLastHour = hour.unknown;
  else out.spendLastHour = hour.spend;
  const r24 = rate(windowSpend(series, now, DAY, COVERAGE.burn24h));
  const r7 = rate(windowSpend(series, now, 7 * DAY, COVERAGE.burn7d));
  if (typeof r24 === 'number') out.burnRate24h = r24;
  else reasons.burnRate24h = r24;
  if (typeof r7 === 'number') out.burnRate7d = r7;
  else reasons.burnRate7d = r7;

  const fc = forecastOf(series, endIdx, snapshot, now, r24, r7);
  if (typeof fc === 'string') reasons.forecast = fc;
  else if (fc) out.forecast = fc;
  out.daily = dailySpend(series, endIdx, now, out.spendToday, reasons.spendToday);
  if (Object.keys(reasons).length) out.unknownReasons = reasons;
  return out;
}

type Reasons = Partial<Record<ReasonedFigure, UnknownReason>>;

/**
 * The time-sorted samples, with the snapshot as one more (it replaces a
 * sample of the same time, and keeps it a segment's start). A snapshot older
 * than samples that lie after `now` means the clock was set back (the history
 * did not see the snapshot yet): it starts a new segment (samples.ts
 * startSegment()).
 */
function seriesWith(snapshot: CreditSnapshot | undefined, points: readonly HistoryPoint[], now: number): HistoryPoint[] {
  let series: HistoryPoint[] = isSorted(points) ? points.slice() : [...points].sort(byTime);
  if (!snapshot) return series;
  const sp = pointFromSnapshot(snapshot);
  const at = lastAtOrBefore(series, sp.t);
  if (series[at]?.t === sp.t && series[at].segmentStart) sp.segmentStart = true;
  if (isClockSetBack(series, sp) && series[series.length - 1].t > now) return startSegment(series, sp);
  const last = series[series.length - 1];
  if (!last || sp.t > last.t) series.push(sp);
  else if (sp.t === last.t) series[series.length - 1] = sp;
  else series = [...series.filter(p => p.t !== sp.t), sp].sort(byTime);
  return series;
}

/** A calendar window from its start to `end` (now, or the end of a past day); `endIdx`: the last sample at or before now. */
function calendar(series: readonly HistoryPoint[], endIdx: number, start: number, end: number, tail: boolean): Placement {
  if (endIdx < 0) return { unknown: 'history' };
  // History that starts after the window's start and has no sample in it: no data.
  return placeSpend(series, endIdx, start, end, pointSpend, { head: true, tail });
}

/** Spend per period placed from the samples alone (undefined where they cannot place it). */
export interface HistoryPeriods {
  today?: number;
  week?: number;
  month?: number;
}

/**
 * What the samples place in today / this week / this month (the account's
 * usage where both samples of an interval know it, else the key's), with no
 * other source: the floor under the account's spend for a period (see
 * view.ts periodSpend). Same rule as derive()'s windows.
 */
export function historyPeriods(snapshot: CreditSnapshot | undefined, points: readonly HistoryPoint[], now: number): HistoryPeriods {
  const series = seriesWith(snapshot, points, now);
  const endIdx = lastAtOrBefore(series, now);
  const out: HistoryPeriods = {};
  const place = (start: number): number | undefined => {
    const p = calendar(series, endIdx, start, now, false);
    return isPlaced(p) ? p.spend : undefined;
  };
  const today = place(startOfUtcDay(now));
  const week = place(startOfUtcWeek(now));
  const month = place(startOfUtcMonth(now));
  if (today !== undefined) out.today = today;
  if (week !== undefined) out.week = week;
  if (month !== undefined) out.month = month;
  return out;
}

/** spendToday / ThisWeek / ThisMonth (see derive()), into `out`, or why unknown into `reasons`. */
function derivePeriods(series: readonly HistoryPoint[], endIdx: number, snapshot: CreditSnapshot | undefined, now: number, out: DerivedUsage, reasons: Reasons): void {
  const same = (start: (t: number) => number): boolean => !!snapshot && start(snapshot.fetchedAt) === start(now);
  // With account figures, the period's spend is the account's (from history, when it
  // can be placed), and never less than what this key alone reports.
  const accountWide = !!snapshot && snapshot.accountStatus === 'known' && !!snapshot.account;
  const period = (name: ReasonedFigure, start: (t: number) => number, keyFigure: number | undefined): number | undefined => {
    const own = same(start) ? keyFigure : undefined;
    if (own !== undefined && !accountWide) return own;
    const hist = calendar(series, endIdx, start(now), now, false);
    if (isPlaced(hist)) return accountWide ? Math.max(hist.spend, own ?? 0) : hist.spend;
    // The history cannot place the account's spend: unknown. The key's own figure
    // is not the account's (a management key's is always 0), and beside an
    // account-wide today it made "today" more than "this week".
    reasons[name] = hist.unknown;
    return undefined;
  };
  out.spendToday = period('spendToday', startOfUtcDay, snapshot?.key.usageDaily);
  out.spendThisWeek = period('spendThisWeek', startOfUtcWeek, snapshot?.key.usageWeekly);
  out.spendThisMonth = period('spendThisMonth', startOfUtcMonth, snapshot?.key.usageMonthly);
}

/** A window's spend as USD/day, or why it is unknown. */
function rate(w: WindowSpend | { unknown: UnknownReason }): number | UnknownReason {
  return 'unknown' in w ? w.unknown : (w.spend / w.spanMs) * DAY;
}

/**
 * The run-out forecast (see derive()) from the burn rates `r24` and `r7` (or
 * why they are unknown); a reason when there is none for lack of data;
 * undefined when there is nothing to forecast (no balance, a flat rate).
 */
function forecastOf(
  series: readonly HistoryPoint[], endIdx: number, snapshot: CreditSnapshot | undefined, now: number,
  r24: number | UnknownReason, r7: number | UnknownReason,
): Forecast | UnknownReason | undefined {
  const spendable = snapshot ? snapshot.spendable : endIdx >= 0 ? series[endIdx].spendable : undefined;
  const covered = endIdx >= 0 ? series[endIdx].t - series[0].t : 0;
  if (spendable === undefined || !(spendable > 0)) return undefined;
  // A key-bound balance drains at this key's own rate, not the account's.
  const keyBound = snapshot?.binding === 'key';
  const k24 = keyBound ? rate(windowSpend(series, now, DAY, COVERAGE.burn24h, keySpend)) : r24;
  const k7 = keyBound ? rate(windowSpend(series, now, 7 * DAY, COVERAGE.burn7d, keySpend)) : r7;
  let r: number | undefined;
  let basis: Forecast['basis'] | undefined;
  if (typeof k7 === 'number') {
    r = k7;
    basis = '7d';
  } else if (typeof k24 === 'number') {
    r = k24;
    basis = '24h';
  }
  if (covered < COVERAGE.forecast) return 'history';
  if (r === undefined || !basis) return k24 === 'gap' || k7 === 'gap' ? 'gap' : 'history';
  if (!(r > FLAT_BURN_USD_PER_DAY)) return undefined;
  const daysLeft = spendable / r;
  const fc: Forecast = { daysLeft, runOutAt: now + daysLeft * DAY, basis };
  if (keyBound) {
    fc.rateOf = 'key';
    const resetsAt = nextLimitReset(snapshot!.key.limitReset, now);
    if (resetsAt !== undefined && resetsAt < fc.runOutAt) fc.resetsAt = resetsAt;
  }
  return fc;
}

/** The daily chart: the last 30 UTC days that have data, oldest first; today's entry is spendToday (or why it is unknown). */
function dailySpend(series: readonly HistoryPoint[], endIdx: number, now: number, spendToday: number | undefined, todayReason: UnknownReason | undefined): DailySpend[] {
  const today = startOfUtcDay(now);
  const daily: DailySpend[] = [];
  for (let d = 29; d >= 0; d--) {
    const s = today - d * DAY;
    const e = s + DAY;
    const end = lastBefore(series, Math.min(e, now + 1)); // the last sample in or before the day (and not after now)
    if (end < 0) continue; // before the history
    const inDay = series[end].t >= s;
    // No sample in a past day and none after it (the samples stop before it): nothing to say.
    if (d > 0 && !inDay && !(end < endIdx)) continue;
    const entry: DailySpend = { day: utcDayString(s) };
    if (d === 0) {
      if (spendToday !== undefined) entry.spend = spendToday;
      else entry.unknown = todayReason ?? 'history';
    } else {
      const p = calendar(series, endIdx, s, e, true);
      if (isPlaced(p)) entry.spend = p.spend;
      else entry.unknown = p.unknown;
    }
    if (inDay && series[end].spendable !== undefined) entry.balance = series[end].spendable;
    daily.push(entry);
  }
  return daily;
}
