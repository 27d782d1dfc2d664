// Balance / usage samples of one key: validation, a storage-agnostic History
// and tiered compaction that keeps years of polling within a fixed number of
// points. The helpers for time-sorted points (ordering, binary searches) live
// here too. What the samples mean in money is spend.ts's business.
//
// Clock changes: a sample older than the newest (by more than CLOCK_SLACK_MS)
// means the system clock was set back. The samples after it are in a future
// that never came: they go, and the sample starts a new segment
// (`segmentStart`): no spend counts between the sample before it and it, as
// no one knows how much of its usage change happened when. A clock set
// forward and back again leaves nothing of the forward stretch either.
// No `vscode` import here.

import { amount, bool, epochMs, isObject, nonNegative, optional, shape } from '../shapes';
import type { CreditSnapshot, HistoryPoint } from '../types';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * A sample at most this much older than the newest is a late one (two
 * windows' refreshes crossing), slotted in by time; older, it means the clock
 * was set back (startSegment()).
 */
export const CLOCK_SLACK_MS = 2 * MINUTE;

// --- time-sorted points ------------------------------------------------------

export function byTime(a: HistoryPoint, b: HistoryPoint): number {
  return a.t - b.t;
}

export function isSorted(points: readonly HistoryPoint[]): boolean {
  for (let i = 1; i < points.length; i++) if (points[i].t < points[i - 1].t) return false;
  return true;
}

/** Sorted insertion index of x: the number of leading points with t < x (or t <= x when inclusive). */
function insertionIndex(series: readonly HistoryPoint[], x: number, inclusive: boolean): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series[mid].t < x || (inclusive && series[mid].t === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last point with t <= x (-1 if none); `series` must be time-sorted. */
export function lastAtOrBefore(series: readonly HistoryPoint[], x: number): number {
  return insertionIndex(series, x, true) - 1;
}

/** Index of the last point with t < x (-1 if none); `series` must be time-sorted. */
export function lastBefore(series: readonly HistoryPoint[], x: number): number {
  return insertionIndex(series, x, false) - 1;
}

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
    // (raw tier: the bucket is t itself, so only exact duplicates merge). A
    // segment's first sample and the one before it are kept: they bound the
    // interval that counts no spend.
    const merge = tier === prevTier && bucket === prevBucket && !p.segmentStart && !out[out.length - 1]?.segmentStart;
    if (out.length > 0 && merge) out[out.length - 1] = p;
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
  // Amounts as the API's validators accept them: a cumulative usage is never negative.
  if (!epochMs(r.t) || !nonNegative(r.keyUsage)) return undefined;
  const p: HistoryPoint = { t: r.t as number, keyUsage: r.keyUsage as number };
  if (amount(r.spendable)) p.spendable = r.spendable as number;
  if (nonNegative(r.totalCredits)) p.totalCredits = r.totalCredits as number;
  if (nonNegative(r.totalUsage)) p.totalUsage = r.totalUsage as number;
  if (r.segmentStart === true) p.segmentStart = true;
  return p;
}

/** `p` replacing `old` of the same time: a segment's start stays one. */
function sameTime(p: HistoryPoint, old: HistoryPoint | undefined): HistoryPoint {
  return old?.segmentStart && !p.segmentStart ? { ...p, segmentStart: true } : p;
}

/**
 * The clock was set back: `p` (older than the newest sample) follows the
 * samples before it and starts a new segment; the samples at or after its
 * time are dropped (they lie in the future). Pure.
 */
export function startSegment(points: readonly HistoryPoint[], p: HistoryPoint): HistoryPoint[] {
  return [...points.slice(0, lastBefore(points, p.t) + 1), { ...p, segmentStart: true }];
}

/** Whether `p` arriving after `points` (time-sorted) means the clock was set back. */
export function isClockSetBack(points: readonly HistoryPoint[], p: HistoryPoint): boolean {
  const last = points[points.length - 1];
  return !!last && last.t - p.t > CLOCK_SLACK_MS;
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

/** Sorted, de-duplicated (same t: the later entry wins, a segment's start stays one) copy of valid points. */
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
    if (out.length && out[out.length - 1].t === p.t) out[out.length - 1] = sameTime(p, out[out.length - 1]);
    else out.push(p);
  }
  return out;
}

/**
 * Pure: the union by time of two histories (e.g. the file's and one window's),
 * a point per t (same t: `mine`'s), then the usual compaction and cap, with
 * the newest point as now. Several windows can then save one history without
 * dropping each other's points. Invalid entries are skipped, and so are points
 * after `now` when it is given (written before the clock was set back).
 */
export function mergePoints(theirs: unknown, mine: unknown, opts: CompactOptions & { now?: number } = {}): HistoryPoint[] {
  // normalize() sorts stably and keeps the later of equal t: mine's.
  let pts = normalize([...(Array.isArray(theirs) ? theirs : []), ...(Array.isArray(mine) ? mine : [])]);
  if (opts.now !== undefined) pts = pts.slice(0, lastAtOrBefore(pts, opts.now) + 1);
  return pts.length ? compact(pts, pts[pts.length - 1].t, opts) : [];
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

  add(snapshot: CreditSnapshot): HistoryPoint {
    const p = pointFromSnapshot(snapshot);
    this.addPoint(p);
    return p;
  }

  addPoint(point: HistoryPoint): void {
    const p = sanitizePoint(point);
    if (!p) return;
    let pts = this.pts;
    const last = pts[pts.length - 1];
    if (!last || p.t > last.t) pts.push(p);
    else if (p.t === last.t) pts[pts.length - 1] = sameTime(p, last);
    else if (isClockSetBack(pts, p)) pts = this.pts = startSegment(pts, p);
    else {
      // Late (two windows' refreshes crossing): binary insert, same t replaces.
      const lo = lastBefore(pts, p.t) + 1;
      if (pts[lo]?.t === p.t) pts[lo] = sameTime(p, pts[lo]);
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

/**
 * The history file holds one key's points: `{ keyId, points }`. A file of
 * another key reads as empty (its spend is not this key's); a bare array
 * predates key ids and is adopted by the first key that reads it.
 */
export function historyOf(text: string | undefined, keyId: string): unknown[] {
  let v: unknown;
  try { v = JSON.parse(text ?? '[]'); } catch { return []; }
  if (Array.isArray(v)) return v;
  const f = v as { keyId?: unknown; points?: unknown } | null;
  return f && f.keyId === keyId && Array.isArray(f.points) ? f.points : [];
}

/** A stored point with every field typed (sanitizePoint() keeps what it can of one that is not). */
const isPoint = shape<HistoryPoint>({ t: epochMs, keyUsage: nonNegative, spendable: optional(amount), totalCredits: optional(nonNegative), totalUsage: optional(nonNegative), segmentStart: optional(bool) });

/**
 * The history file checked: `bad` when it is not JSON, not a history (a list
 * of points, or `{ keyId, points }`) or holds a point of the wrong shape;
 * `rebuilt` is its text with the valid points only (undefined: nothing to
 * keep). Never throws.
 */
export function checkHistoryFile(text: string | undefined): { bad: boolean; rebuilt?: string } {
  if (text === undefined) return { bad: false };
  let v: unknown;
  try { v = JSON.parse(text); } catch { return { bad: true }; }
  if (Array.isArray(v)) return { bad: !v.every(isPoint), rebuilt: JSON.stringify(normalize(v)) };
  if (!isObject(v) || typeof v.keyId !== 'string' || !Array.isArray(v.points)) return { bad: true };
  return { bad: !v.points.every(isPoint), rebuilt: JSON.stringify({ keyId: v.keyId, points: normalize(v.points) }) };
}

/**
 * The file's next text: `points` merged into this key's (another key's are
 * replaced; [] empties it). Given `now`, the file's points after it go (see
 * mergePoints()).
 */
export function historyFileText(current: string | undefined, keyId: string, points: readonly HistoryPoint[], now?: number): string {
  const kept = points.length ? mergePoints(historyOf(current, keyId), points, { now }) : [];
  return JSON.stringify({ keyId, points: kept });
}
