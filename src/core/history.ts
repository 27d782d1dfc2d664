// Balance / usage history: storage-agnostic sample list with tiered
// compaction, and the figures derived from it (spend per period, burn rates,
// run-out forecast, daily chart). No `vscode` import here.
//
// Spend is measured from cumulative usage, summing the increases between
// consecutive samples: the account's usage (`totalUsage`) when both samples
// know it, else the key's (`keyUsage`). A decrease is a reset
// (key reset / replaced key), never negative spend: the interval that contains
// it counts 0. Balance increases (top-ups, limit raises) therefore never
// show up as spend either.

import type { CreditSnapshot, DailySpend, DerivedUsage, Forecast, HistoryPoint } from './types';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

// --- compaction -------------------------------------------------------------

/** Points younger than maxAgeMs (and older than the previous tier) keep the last sample per bucketMs (0 = all). */
export interface CompactTier {
  maxAgeMs: number;
  bucketMs: number;
}

export interface CompactOptions {
  /** Youngest first, increasing maxAgeMs. Points older than the last tier are dropped. */
  tiers?: readonly CompactTier[];
  /** Hard cap on the number of points; the oldest are dropped. Default 2000. */
  maxPoints?: number;
}

/**
 * Default tiers: every sample for 1 h; one per 5 min up to 48 h ("raw" detail);
 * one per hour up to 30 days; one per UTC day up to 365 days. At the 15 s
 * minimum refresh interval this holds about 240 + 564 + 672 + 335 = 1811
 * points, under the 2000 cap, so the cap only bites with faster polling.
 * Buckets are aligned on the epoch (so on UTC hours and days); the last sample
 * of a day is also the last of its hour and 5 minutes, so end-of-day balances
 * survive every stage.
 */
export const DEFAULT_TIERS: readonly CompactTier[] = [
  { maxAgeMs: HOUR, bucketMs: 0 },
  { maxAgeMs: 48 * HOUR, bucketMs: 5 * MINUTE },
  { maxAgeMs: 30 * DAY, bucketMs: HOUR },
  { maxAgeMs: 365 * DAY, bucketMs: DAY },
];
export const DEFAULT_MAX_POINTS = 2000;

function byTime(a: HistoryPoint, b: HistoryPoint): number {
  return a.t - b.t;
}

function isSorted(points: readonly HistoryPoint[]): boolean {
  for (let i = 1; i < points.length; i++) if (points[i].t < points[i - 1].t) return false;
  return true;
}

/**
 * Pure: returns a new, time-sorted array with each tier thinned to the last
 * sample of each bucket, points past the oldest tier dropped and at most
 * maxPoints kept (newest). Points newer than `now` count as age 0.
 */
export function compact(points: readonly HistoryPoint[], now: number, opts: CompactOptions = {}): HistoryPoint[] {
  const tiers = opts.tiers ?? DEFAULT_TIERS;
  const maxPoints = Math.max(1, Math.floor(opts.maxPoints ?? DEFAULT_MAX_POINTS));
  const src = isSorted(points) ? points : [...points].sort(byTime);
  const maxAge = tiers.length ? tiers[tiers.length - 1].maxAgeMs : Infinity;
  // (tier index, bucket) of each point; sorted input makes equal keys contiguous
  // (ages fall with time, so the tier index only decreases along the array).
  const tierOf = (t: number): number => {
    const age = now - t;
    for (let i = 0; i < tiers.length; i++) if (age <= tiers[i].maxAgeMs) return i;
    return -1;
  };
  const out: HistoryPoint[] = [];
  let prevTier = -2;
  let prevBucket = 0;
  for (let i = 0; i < src.length; i++) {
    const p = src[i];
    if (now - p.t > maxAge) continue;
    const tier = tierOf(p.t);
    const size = tier >= 0 ? tiers[tier].bucketMs : 0;
    const bucket = size > 0 ? Math.floor(p.t / size) : p.t;
    // Same tier and bucket as the previous kept point: the later sample wins
    // (raw tier: the bucket is t itself, so only exact duplicates merge).
    if (out.length > 0 && tier === prevTier && bucket === prevBucket) out[out.length - 1] = p;
    else out.push(p);
    prevTier = tier;
    prevBucket = bucket;
  }
  return out.length > maxPoints ? out.slice(out.length - maxPoints) : out;
}

// --- storage ----------------------------------------------------------------

export interface HistoryStore {
  load(): HistoryPoint[] | undefined | Promise<HistoryPoint[] | undefined>;
  /** Receives a fresh array each time (the store may keep it). */
  save(points: HistoryPoint[]): void | Promise<void>;
}

export interface HistoryOptions extends CompactOptions {
  /** Compact at most this often (by sample time), unless the cap is exceeded. Default 1 h. */
  compactEveryMs?: number;
  onSaveError?(e: unknown): void;
}

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Validates one stored point; undefined when unusable. */
export function sanitizePoint(raw: unknown): HistoryPoint | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (!num(r.t) || !num(r.keyUsage)) return undefined;
  const p: HistoryPoint = { t: r.t, keyUsage: r.keyUsage };
  if (num(r.spendable)) p.spendable = r.spendable;
  if (num(r.totalCredits)) p.totalCredits = r.totalCredits;
  if (num(r.totalUsage)) p.totalUsage = r.totalUsage;
  return p;
}

export function pointFromSnapshot(s: CreditSnapshot): HistoryPoint {
  const p: HistoryPoint = { t: s.fetchedAt, keyUsage: s.key.usage };
  if (num(s.spendable)) p.spendable = s.spendable;
  if (s.account && s.accountStatus === 'known') {
    p.totalCredits = s.account.totalCredits;
    p.totalUsage = s.account.totalUsage;
  }
  return p;
}

/** Sorted, de-duplicated (same t: the later entry wins) copy of valid points. */
function normalize(raw: unknown): HistoryPoint[] {
  if (!Array.isArray(raw)) return [];
  const pts: HistoryPoint[] = [];
  for (const r of raw) {
    const p = sanitizePoint(r);
    if (p) pts.push(p);
  }
  pts.sort(byTime);
  const out: HistoryPoint[] = [];
  for (const p of pts) {
    if (out.length && out[out.length - 1].t === p.t) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

function isThenable<T>(v: unknown): v is PromiseLike<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * The history of one key. Loads synchronously when the store does (else call
 * and await reload()). add() appends, compacts incrementally (at most once per
 * compactEveryMs of sample time, or when over the cap: the cap always holds)
 * and saves. Saves are serialized: an async store gets at most one save at a
 * time, with the latest points.
 */
export class History {
  private pts: HistoryPoint[] = [];
  private readonly opts: HistoryOptions;
  private lastCompactAt?: number;
  private saving?: Promise<void>;
  private dirty = false;

  constructor(private readonly store: HistoryStore, opts: HistoryOptions = {}) {
    this.opts = opts;
    const r = this.reload();
    if (isThenable(r)) r.then(undefined, () => undefined);
  }

  get points(): readonly HistoryPoint[] {
    return this.pts;
  }

  get length(): number {
    return this.pts.length;
  }

  private get maxPoints(): number {
    return Math.max(1, Math.floor(this.opts.maxPoints ?? DEFAULT_MAX_POINTS));
  }

  /**
   * Replaces the in-memory points with the store's (e.g. another window wrote
   * them). Synchronous when the store's load() is.
   */
  reload(): void | Promise<void> {
    let r: ReturnType<HistoryStore['load']>;
    try {
      r = this.store.load();
    } catch {
      return;
    }
    const apply = (v: unknown): void => {
      const pts = normalize(v);
      const now = pts.length ? pts[pts.length - 1].t : 0;
      this.pts = pts.length ? compact(pts, now, this.opts) : [];
      this.lastCompactAt = pts.length ? now : undefined;
    };
    if (isThenable<HistoryPoint[] | undefined>(r)) return Promise.resolve(r).then(apply, () => undefined);
    apply(r);
  }

  /** Alias of reload(), for stores that load asynchronously. */
  load(): Promise<void> {
    return Promise.resolve(this.reload());
  }

  add(snapshot: CreditSnapshot): HistoryPoint {
    const p = pointFromSnapshot(snapshot);
    this.addPoint(p);
    return p;
  }

  addPoint(point: HistoryPoint): void {
    const p = sanitizePoint(point);
    if (!p) return;
    const pts = this.pts;
    const last = pts[pts.length - 1];
    if (!last || p.t > last.t) pts.push(p);
    else if (p.t === last.t) pts[pts.length - 1] = p;
    else {
      // Out of order (rare): binary insert, same t replaces.
      let lo = 0;
      let hi = pts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pts[mid].t < p.t) lo = mid + 1;
        else hi = mid;
      }
      if (pts[lo]?.t === p.t) pts[lo] = p;
      else pts.splice(lo, 0, p);
    }
    const now = pts[pts.length - 1].t;
    const every = this.opts.compactEveryMs ?? HOUR;
    if (this.lastCompactAt === undefined || now - this.lastCompactAt >= every || now < this.lastCompactAt || pts.length > this.maxPoints) {
      this.pts = compact(pts, now, this.opts);
      this.lastCompactAt = now;
    }
    this.persist();
  }

  /** Forgets everything (e.g. the key was removed) and saves the empty list. */
  clear(): void {
    this.pts = [];
    this.lastCompactAt = undefined;
    this.persist();
  }

  /** Resolves when no save is pending. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private persist(): void {
    if (this.saving) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    let r: void | Promise<void>;
    try {
      r = this.store.save(this.pts.slice());
    } catch (e) {
      this.opts.onSaveError?.(e);
      return;
    }
    if (isThenable<void>(r)) {
      this.saving = Promise.resolve(r).then(
        () => undefined,
        e => this.opts.onSaveError?.(e),
      ).then(() => {
        this.saving = undefined;
        if (this.dirty) this.persist();
      });
    }
  }
}

// --- derived figures ----------------------------------------------------------

export interface TopUp {
  t: number;
  amount: number;
}

const EPS = 0.005;

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

/**
 * Balance increases between consecutive points: total credits rising (when
 * both points know them), else spendable rising by more than the key spent.
 * Limit raises / limit resets of a key count as top-ups of that key.
 */
export function detectTopUps(points: readonly HistoryPoint[]): TopUp[] {
  const src = isSorted(points) ? points : [...points].sort(byTime);
  const out: TopUp[] = [];
  for (let i = 1; i < src.length; i++) {
    const a = src[i - 1];
    const b = src[i];
    let amount: number | undefined;
    if (a.totalCredits !== undefined && b.totalCredits !== undefined) amount = b.totalCredits - a.totalCredits;
    else if (a.spendable !== undefined && b.spendable !== undefined) amount = b.spendable - a.spendable + usageIncrease(a.keyUsage, b.keyUsage);
    if (amount !== undefined && amount > EPS) out.push({ t: b.t, amount });
  }
  return out;
}

/** Index of the last point with t <= x (-1 if none). */
function lastAtOrBefore(series: readonly HistoryPoint[], x: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series[mid].t <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the last point with t < x (-1 if none). */
function lastBefore(series: readonly HistoryPoint[], x: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series[mid].t < x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
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

/** Key spend in the last hour from sorted points (cheap; what derive() reports as spendLastHour). */
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
