// The periods of workspace budgets and guardrails (UTC day, week from Monday,
// month; null = lifetime) and a key's spend in one of them. Shared by the
// org policy modules. No `vscode` import here.

import { periodEnd, periodStart, type BudgetPeriod } from '../money/budgets';
import type { AccountKey } from '../types';
import type { BudgetInterval } from './types';

export type IntervalName = 'daily' | 'weekly' | 'monthly' | 'lifetime';
export const INTERVAL_ORDER: readonly BudgetInterval[] = ['daily', 'weekly', 'monthly', null];

export function intervalName(i: BudgetInterval): IntervalName {
  return i ?? 'lifetime';
}

export function periodOf(i: BudgetInterval): BudgetPeriod | undefined {
  return i === 'daily' ? 'day' : i === 'weekly' ? 'week' : i === 'monthly' ? 'month' : undefined;
}

/** When the period in force at `now` ends (next UTC midnight, Monday, 1st); undefined for lifetime. */
export function intervalResetsAt(i: BudgetInterval, now: number): number | undefined {
  const p = periodOf(i);
  return p ? periodEnd(p, now) : undefined;
}

/** The share of the period gone, 0..1 (the pace mark); undefined for lifetime. */
export function intervalPace(i: BudgetInterval, now: number): number | undefined {
  const p = periodOf(i);
  if (!p) return undefined;
  const start = periodStart(p, now);
  return Math.min(1, Math.max(0, (now - start) / (periodEnd(p, now) - start)));
}

/** Names the period in force at `now` ('2026-12-03', the Monday, '2026-12', 'lifetime'): a new one re-arms warnings. */
export function intervalPeriodKey(i: BudgetInterval, now: number): string {
  const p = periodOf(i);
  if (!p) return 'lifetime';
  const iso = new Date(periodStart(p, now)).toISOString();
  return p === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** Sums without float noise. */
export function money(x: number): number {
  const r = Math.round(x * 1e10) / 1e10;
  return r === 0 ? 0 : r;
}

/** A key's credit spend in the interval (usage_daily / _weekly / _monthly / usage). */
export function keyUsage(k: AccountKey, i: BudgetInterval): number {
  return i === 'daily' ? k.usageDaily : i === 'weekly' ? k.usageWeekly : i === 'monthly' ? k.usageMonthly : k.usage;
}

/** A key's BYOK spend in the interval (0 when /keys does not give it). */
export function keyByok(k: AccountKey, i: BudgetInterval): number {
  const v = i === 'daily' ? k.byokUsageDaily : i === 'weekly' ? k.byokUsageWeekly : i === 'monthly' ? k.byokUsageMonthly : k.byokUsage;
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Whether figures read at `asOf` are of the period in force at `now` (a
 * usage_daily read before midnight is yesterday's, not today's). Lifetime
 * figures always are.
 */
export function isCurrent(i: BudgetInterval, asOf: number | undefined, now: number): boolean {
  const p = periodOf(i);
  return !p || asOf === undefined || periodStart(p, asOf) === periodStart(p, now);
}

/**
 * The keys' spend in the interval's current period, BYOK added when
 * `includeByok`; undefined when the figures (read at `asOf`) are of an earlier
 * period.
 */
export function keysSpend(keys: readonly AccountKey[], i: BudgetInterval, includeByok: boolean, asOf: number | undefined, now: number): number | undefined {
  if (!isCurrent(i, asOf, now)) return undefined;
  let sum = 0;
  for (const k of keys) sum += keyUsage(k, i) + (includeByok ? keyByok(k, i) : 0);
  return money(sum);
}

/** The keys' BYOK spend alone in the interval's current period (undefined as keysSpend). */
export function keysByok(keys: readonly AccountKey[], i: BudgetInterval, asOf: number | undefined, now: number): number | undefined {
  if (!isCurrent(i, asOf, now)) return undefined;
  let sum = 0;
  for (const k of keys) sum += keyByok(k, i);
  return money(sum);
}
