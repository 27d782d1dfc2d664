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

import { DAY, HOUR, MINUTE, byTime, isSorted, lastAtOrBefore, lastBefore, pointFromSnapshot } from './samples';
import type { CreditSnapshot, DailySpend, DerivedUsage, Forecast, HistoryPoint } from './types';

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

interface WindowSpend {
  spend: number;
  spanMs: number;
}

/**
 * Spend over the `windowMs` before `now`: from the last point at or before
 * now - windowMs (or the first point) to the last point at or before now.
 * undefined when that covers less than minCoverageMs. O(log n + points in window).
 */
function windowSpend(series: readonly HistoryPoint[], now: number, windowMs: number, minCoverageMs: number, cum?: readonly number[]): WindowSpend | undefined {
  const end = lastAtOrBefore(series, now);
  if (end < 0) return undefined;
  const base = Math.max(0, lastAtOrBefore(series, now - windowMs));
  const spanMs = series[end].t - series[base].t;
  if (spanMs <= 0 || spanMs < minCoverageMs) return undefined;
  let spend = 0;
  if (cum) spend = cum[end] - cum[base];
  else for (let i = base + 1; i <= end; i++) spend += pointSpend(series[i - 1], series[i]);
  return { spend, spanMs };
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
  return windowSpend(points, now, HOUR, COVERAGE.lastHour)?.spend;
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
 * - spendSinceLastCheck: snapshot usage minus the last point before it (>= 0);
 * - spendToday / ThisWeek / ThisMonth: the snapshot's usage_daily / weekly /
 *   monthly when it was fetched in the same UTC day / week (Monday) / month as
 *   `now`; otherwise from history (needs a point at or before the period start);
 * - spendLastHour: history, needs >= 50 min of coverage;
 * - burnRate24h / 7d: USD/day over the last 24 h / 7 days, need >= 6 h / 2 days;
 * - forecast: spendable known and > 0, >= 24 h of history, 7d rate when it is
 *   available (>= 2 days), else the 24 h rate; none when that rate is
 *   <= 0.01 USD/day;
 * - daily: the last 30 UTC days that have data (oldest first); today's spend
 *   is usage_daily when the snapshot is from today.
 */
export function derive(snapshot: CreditSnapshot | undefined, points: readonly HistoryPoint[], now: number): DerivedUsage {
  let series: HistoryPoint[] = isSorted(points) ? points.slice() : [...points].sort(byTime);
  if (snapshot) {
    const sp = pointFromSnapshot(snapshot);
    const last = series[series.length - 1];
    if (!last || sp.t > last.t) series.push(sp);
    else if (sp.t === last.t) series[series.length - 1] = sp;
    else {
      series = [...series.filter(p => p.t !== sp.t), sp].sort(byTime);
    }
  }
  const out: DerivedUsage = { daily: [] };
  if (series.length === 0) return out;

  // cum[i] = spend from series[0] to series[i].
  const cum = new Array<number>(series.length);
  cum[0] = 0;
  for (let i = 1; i < series.length; i++) cum[i] = cum[i - 1] + pointSpend(series[i - 1], series[i]);
  const spendBetween = (i: number, j: number): number => cum[j] - cum[i];

  if (snapshot) {
    const prev = lastBefore(series, snapshot.fetchedAt);
    if (prev >= 0) out.spendSinceLastCheck = pointSpend(series[prev], pointFromSnapshot(snapshot));
  }

  const endIdx = lastAtOrBefore(series, now);
  const fromHistory = (start: number): number | undefined => {
    const base = lastAtOrBefore(series, start);
    if (base < 0 || endIdx < base) return undefined;
    return spendBetween(base, endIdx);
  };
  const same = (start: (t: number) => number): boolean => !!snapshot && start(snapshot.fetchedAt) === start(now);
  // With account figures, the period's spend is the account's (from history, when it
  // covers the period), and never less than what this key alone reports.
  const accountWide = !!snapshot && snapshot.accountStatus === 'known' && !!snapshot.account;
  const period = (start: (t: number) => number, keyFigure: number | undefined): number | undefined => {
    const own = same(start) ? keyFigure : undefined;
    const hist = fromHistory(start(now));
    if (accountWide && hist !== undefined) return Math.max(hist, own ?? 0);
    return own ?? hist;
  };
  out.spendToday = period(startOfUtcDay, snapshot?.key.usageDaily);
  out.spendThisWeek = period(startOfUtcWeek, snapshot?.key.usageWeekly);
  out.spendThisMonth = period(startOfUtcMonth, snapshot?.key.usageMonthly);

  out.spendLastHour = windowSpend(series, now, HOUR, COVERAGE.lastHour, cum)?.spend;
  const w24 = windowSpend(series, now, DAY, COVERAGE.burn24h, cum);
  if (w24) out.burnRate24h = (w24.spend / w24.spanMs) * DAY;
  const w7 = windowSpend(series, now, 7 * DAY, COVERAGE.burn7d, cum);
  if (w7) out.burnRate7d = (w7.spend / w7.spanMs) * DAY;

  const spendable = snapshot ? snapshot.spendable : endIdx >= 0 ? series[endIdx].spendable : undefined;
  const covered = endIdx >= 0 ? series[endIdx].t - series[0].t : 0;
  if (spendable !== undefined && spendable > 0 && covered >= COVERAGE.forecast) {
    let rate: number | undefined;
    let basis: Forecast['basis'] | undefined;
    if (out.burnRate7d !== undefined) {
      rate = out.burnRate7d;
      basis = '7d';
    } else if (out.burnRate24h !== undefined) {
      rate = out.burnRate24h;
      basis = '24h';
    }
    if (rate !== undefined && basis && rate > FLAT_BURN_USD_PER_DAY) {
      const daysLeft = spendable / rate;
      out.forecast = { daysLeft, runOutAt: now + daysLeft * DAY, basis };
    }
  }

  const today = startOfUtcDay(now);
  const daily: DailySpend[] = [];
  for (let d = 29; d >= 0; d--) {
    const s = today - d * DAY;
    const e = s + DAY;
    const end = lastBefore(series, e);
    if (end < 0) continue;
    const base = lastBefore(series, s);
    const inDay = series[end].t >= s;
    let spend = inDay ? spendBetween(Math.max(0, base), end) : 0;
    if (d === 0 && same(startOfUtcDay)) spend = accountWide ? Math.max(spend, snapshot!.key.usageDaily) : snapshot!.key.usageDaily;
    const entry: DailySpend = { day: utcDayString(s), spend };
    if (inDay && series[end].spendable !== undefined) entry.balance = series[end].spendable;
    daily.push(entry);
  }
  out.daily = daily;
  return out;
}
