// "Where the money goes": the account's spend per period, per key and per
// model, from GET /keys (AccountKey) and GET /activity (ActivityRow).
// Pure functions; no `vscode` import.
//
// A management key spends nothing itself, so the account's spend in a period
// is the sum over its keys, disabled ones included (they may have spent
// before they were disabled).

import type { AccountKey, ActivityRow } from '../types';

/** How many models spendByModel() lists before folding the rest into one "other" row. */
export const TOP_MODELS = 10;

/** Sums without float noise (amounts carry at most ~10 decimals). */
function money(x: number): number {
  const r = Math.round(x * 1e10) / 1e10;
  return r === 0 ? 0 : r;
}

export interface AccountPeriods {
  /** USD spent in the current UTC day / week (from Monday) / month, over all keys. */
  today: number;
  week: number;
  month: number;
  /**
   * All-time usage over the keys listed now (deleted keys are gone from the
   * list, so this can be below /credits' total_usage). What /credits zeros
   * must be checked against for a management key, whose own usage is 0.
   */
  usage: number;
  /** Keys summed (disabled ones included). */
  keyCount: number;
}

/** The account's spend per period: the sum of usage_daily / _weekly / _monthly over all its keys. */
export function accountPeriods(keys: readonly AccountKey[]): AccountPeriods {
  let today = 0;
  let week = 0;
  let month = 0;
  let usage = 0;
  for (const k of keys) {
    today += k.usageDaily;
    week += k.usageWeekly;
    month += k.usageMonthly;
    usage += k.usage;
  }
  return { today: money(today), week: money(week), month: money(month), usage: money(usage), keyCount: keys.length };
}

export interface KeySpendRow {
  /** AccountKey.id: the UI identity (never OpenRouter's hash). */
  id: string;
  /** The key's name, else its masked label. */
  name: string;
  disabled: boolean;
  today: number;
  week: number;
  month: number;
  limit: number | null;
  limitRemaining: number | null;
  limitReset: string | null;
}

/** One row per key, the biggest spender this month first (then this week, today, name). */
export function spendByKey(keys: readonly AccountKey[]): KeySpendRow[] {
  return keys
    .map((k) => ({
      id: k.id,
      name: k.name.trim() ? k.name : k.label,
      disabled: k.disabled,
      today: k.usageDaily,
      week: k.usageWeekly,
      month: k.usageMonthly,
      limit: k.limit,
      limitRemaining: k.limitRemaining,
      limitReset: k.limitReset,
    }))
    .sort((a, b) => b.month - a.month || b.week - a.week || b.today - a.today || compareText(a.name, b.name));
}

export interface ModelSpendRow {
  /** The model's slug; '' for the "other" row. */
  model: string;
  /** True for the one row that folds the models after the top TOP_MODELS (label it in the UI). */
  other: boolean;
  /** Models in this row (1, or how many the "other" row folds). */
  modelCount: number;
  /** USD over the activity's days, all providers. */
  spend: number;
  /** spend / the total spend, 0..1 (0 when nothing was spent). */
  share: number;
  requests: number;
  /** Prompt + completion tokens (reasoning tokens are part of the completion). */
  tokens: number;
}

/**
 * Spend per model over the given activity (GET /activity: the last 30
 * completed UTC days), summed over providers and days. Largest first; after
 * the top `top` models, one row with `other: true` folds the rest.
 */
export function spendByModel(rows: readonly ActivityRow[], top = TOP_MODELS): ModelSpendRow[] {
  const byModel = new Map<string, { spend: number; requests: number; tokens: number }>();
  let total = 0;
  for (const r of rows) {
    const m = byModel.get(r.model) ?? { spend: 0, requests: 0, tokens: 0 };
    m.spend += r.usage;
    m.requests += r.requests;
    m.tokens += r.promptTokens + r.completionTokens;
    byModel.set(r.model, m);
    total += r.usage;
  }
  total = money(total);
  const share = (spend: number) => (total > 0 ? spend / total : 0);
  const sorted = [...byModel.entries()]
    .map(([model, m]) => ({ model, other: false, modelCount: 1, spend: money(m.spend), share: 0, requests: m.requests, tokens: m.tokens }))
    .sort((a, b) => b.spend - a.spend || b.requests - a.requests || compareText(a.model, b.model));
  const head = sorted.slice(0, Math.max(0, top));
  const rest = sorted.slice(head.length);
  const out: ModelSpendRow[] = head.map((r) => ({ ...r, share: share(r.spend) }));
  if (rest.length > 0) {
    const spend = money(rest.reduce((a, r) => a + r.spend, 0));
    out.push({
      model: '',
      other: true,
      modelCount: rest.length,
      spend,
      share: share(spend),
      requests: rest.reduce((a, r) => a + r.requests, 0),
      tokens: rest.reduce((a, r) => a + r.tokens, 0),
    });
  }
  return out;
}

export interface DailyModelSpend {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** USD over all models and providers. */
  total: number;
  /** USD per model (all providers), only models with rows that day, largest first. A list, not a record: a slug is data, not a key. */
  byModel: { model: string; spend: number }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Spend per UTC day with its split per model, oldest first. Without `now`:
 * the days that have rows. With `now` (epoch ms): exactly the `days` completed
 * UTC days before now's day, days without rows at 0, rows outside left out.
 */
export function dailyFromActivity(rows: readonly ActivityRow[], opts: { now?: number; days?: number } = {}): DailyModelSpend[] {
  const byDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let day = byDay.get(r.date);
    if (!day) byDay.set(r.date, (day = new Map()));
    day.set(r.model, (day.get(r.model) ?? 0) + r.usage);
  }
  let days: string[];
  if (opts.now !== undefined) {
    const today = Math.floor(opts.now / DAY_MS) * DAY_MS;
    const n = opts.days ?? 30;
    days = [];
    for (let i = n; i >= 1; i--) days.push(new Date(today - i * DAY_MS).toISOString().slice(0, 10));
    // Days after the newest row are not known to be $0: OpenRouter may not have added them yet (just after midnight).
    const newest = [...byDay.keys()].sort().pop();
    days = newest === undefined ? [] : days.filter(d => d <= newest);
  } else {
    days = [...byDay.keys()].sort();
  }
  return days.map((day) => {
    const models = [...(byDay.get(day) ?? new Map<string, number>()).entries()];
    const total = money(models.reduce((a, [, spend]) => a + spend, 0));
    const byModel = models
      .map(([model, spend]) => ({ model, spend: money(spend) }))
      .sort((x, y) => y.spend - x.spend || compareText(x.model, y.model));
    return { day, total, byModel };
  });
}

/**
 * How long after UTC midnight OpenRouter has surely added the day before to
 * /activity: a fetch this late that has no row for yesterday says yesterday
 * had no spend (asked again hourly until then: core/openrouter/requests.ts).
 */
export const ACTIVITY_SETTLE_MS = 6 * 60 * 60 * 1000;

/** The UTC days (YYYY-MM-DD) the last /activity answer covers, or none. */
export interface ActivityCoverage {
  from: string;
  through: string;
}

function dayString(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The days the activity speaks for, a day without rows in it being $0: the 30
 * completed days before the day it was fetched on, through yesterday when the
 * answer had yesterday or came after ACTIVITY_SETTLE_MS, else through the day
 * before (yesterday may not be added yet). Without a fetch time (an older
 * copy): the days between its first and its last row.
 */
export function activityCoverage(b: { daily?: readonly { day: string }[]; activityAt?: number; activityHasYesterday?: boolean }): ActivityCoverage | undefined {
  const days = (b.daily ?? []).map(d => d.day).sort();
  const newest = days[days.length - 1];
  if (b.activityAt === undefined || !Number.isFinite(b.activityAt)) return newest === undefined ? undefined : { from: days[0], through: newest };
  const fetchDay = Math.floor(b.activityAt / DAY_MS) * DAY_MS;
  const settled = b.activityHasYesterday !== false || b.activityAt - fetchDay >= ACTIVITY_SETTLE_MS;
  let through = dayString(fetchDay - (settled ? 1 : 2) * DAY_MS);
  if (newest !== undefined && newest > through) through = newest;
  return { from: dayString(fetchDay - 30 * DAY_MS), through };
}

/**
 * The activity's spend per UTC day over the days it covers (activityCoverage),
 * a covered day without rows at $0; a day outside is absent (not known).
 */
export function coveredDays(b: { daily?: readonly DailyModelSpend[]; activityAt?: number; activityHasYesterday?: boolean }): Map<string, DailyModelSpend> {
  const out = new Map<string, DailyModelSpend>();
  const c = activityCoverage(b);
  if (!c) return out;
  const byDay = new Map((b.daily ?? []).map(d => [d.day, d]));
  for (let t = Date.parse(`${c.from}T00:00:00Z`); dayString(t) <= c.through; t += DAY_MS) {
    const day = dayString(t);
    out.set(day, byDay.get(day) ?? { day, total: 0, byModel: [] });
  }
  return out;
}

export type ModelShareRow = Pick<ModelSpendRow, 'model' | 'other' | 'modelCount' | 'spend' | 'share'>;

/**
 * Spend per model over some days' split (dailyFromActivity()'s, or the chart's
 * days that carry it; the weekly report: the last 7 completed days), largest first, the rest after the top `top`
 * folded into one "other" row, as spendByModel() does over the activity.
 */
export function spendByModelOfDays(days: readonly { byModel?: readonly { model: string; spend: number }[] }[], top = TOP_MODELS): ModelShareRow[] {
  const byModel = new Map<string, number>();
  for (const d of days) for (const m of d.byModel ?? []) byModel.set(m.model, (byModel.get(m.model) ?? 0) + m.spend);
  const total = money([...byModel.values()].reduce((a, x) => a + x, 0));
  const share = (spend: number) => (total > 0 ? spend / total : 0);
  const sorted = [...byModel.entries()]
    .map(([model, spend]) => ({ model, spend: money(spend) }))
    .filter(m => m.spend !== 0)
    .sort((a, b) => b.spend - a.spend || compareText(a.model, b.model));
  const head = sorted.slice(0, Math.max(0, top));
  const rest = sorted.slice(head.length);
  const out: ModelShareRow[] = head.map(m => ({ ...m, other: false, modelCount: 1, share: share(m.spend) }));
  if (rest.length > 0) {
    const spend = money(rest.reduce((a, r) => a + r.spend, 0));
    out.push({ model: '', other: true, modelCount: rest.length, spend, share: share(spend) });
  }
  return out;
}

/** Locale-independent, so every window sorts ties alike. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
