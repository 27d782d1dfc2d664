// Budgets: a daily, weekly and monthly spend budget (UTC periods, as
// OpenRouter counts them; weeks start on Monday). Warnings fire once per
// crossing of the warning percent and of 100 %, across windows (their state
// lives in the shared file), and re-arm when the next period starts. The pace
// says where the spend stands against an even spread over the period. No
// `vscode` import here.

import { snoozeHolds, type Alert, type AlertKind, type ThresholdState } from '../alerts/thresholds';

export type BudgetPeriod = 'day' | 'week' | 'month';
export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['day', 'week', 'month'];
export const BUDGET_KIND: Record<BudgetPeriod, AlertKind> = { day: 'budgetDay', week: 'budgetWeek', month: 'budgetMonth' };

export interface BudgetSettings {
  dailyBudget: number;
  weeklyBudget: number;
  monthlyBudget: number;
  /** Warn at this share of a budget, in percent (default 80). */
  budgetWarningPercent: number;
}

/** Spend so far in the current UTC day, week and month (undefined: unknown). */
export interface PeriodFigures {
  today?: number;
  week?: number;
  month?: number;
}

type Level = 0 | 1 | 2; // none, warning, over

export interface BudgetPeriodState {
  /** The period it is about ('2026-11-26', '2026-11-23' (the Monday), '2026-11'). */
  period: string;
  /** The budget in force when it last fired. */
  budget: number;
  /** What already fired this period: 1 = the warning, 2 = over budget. */
  fired: Level;
}

export type BudgetState = Partial<Record<BudgetPeriod, BudgetPeriodState>>;

const DAY_MS = 86_400_000;

export function periodStart(period: BudgetPeriod, now: number): number {
  const d = new Date(now);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'day') return day;
  if (period === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function periodEnd(period: BudgetPeriod, now: number): number {
  const start = periodStart(period, now);
  if (period === 'day') return start + DAY_MS;
  if (period === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function periodKey(period: BudgetPeriod, now: number): string {
  const iso = new Date(periodStart(period, now)).toISOString();
  return period === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

export function budgetOf(period: BudgetPeriod, s: BudgetSettings): number {
  return period === 'day' ? s.dailyBudget : period === 'week' ? s.weeklyBudget : s.monthlyBudget;
}

export function spendOf(period: BudgetPeriod, f: PeriodFigures): number | undefined {
  return period === 'day' ? f.today : period === 'week' ? f.week : f.month;
}

function levelOf(spend: number, budget: number, warnPercent: number): Level {
  if (spend >= budget) return 2;
  return spend >= (budget * warnPercent) / 100 ? 1 : 0;
}

/**
 * One evaluation. Returns the new state and the alerts to show: at most one
 * per period, the 100 % one when both marks were passed at once. A new period,
 * or a changed budget, re-arms both marks. A snoozed or dismissed kind (in the
 * threshold state: `snoozedUntil`, `suppressed`) records nothing, so the
 * crossing still fires when the snooze ends.
 */
export function evaluateBudgets(prev: BudgetState | undefined, figures: PeriodFigures, s: BudgetSettings, thresholds: ThresholdState | undefined, now: number): { state: BudgetState; alerts: Alert[] } {
  const state: BudgetState = {};
  const alerts: Alert[] = [];
  for (const p of BUDGET_PERIODS) {
    const budget = budgetOf(p, s);
    if (!(budget > 0)) continue;
    const key = periodKey(p, now);
    const old = prev?.[p];
    const cur: BudgetPeriodState = old && old.period === key && old.budget === budget ? { ...old } : { period: key, budget, fired: 0 };
    state[p] = cur;
    const spend = spendOf(p, figures);
    if (spend === undefined) continue;
    const level = levelOf(spend, budget, s.budgetWarningPercent);
    if (level <= cur.fired) continue;
    const k = thresholds?.kinds[BUDGET_KIND[p]];
    if (k?.suppressed || snoozeHolds(k?.snoozedUntil, now)) continue;
    cur.fired = level;
    alerts.push({ kind: BUDGET_KIND[p], value: spend, threshold: budget });
  }
  return { state, alerts };
}

export interface BudgetStatus {
  period: BudgetPeriod;
  budget: number;
  /** Spend so far this period; undefined when unknown. */
  spend?: number;
  /** spend / budget (may exceed 1). */
  used?: number;
  /** The share of the period elapsed: where an even pace would be now. */
  pace: number;
  /** Spend at the end of the period at the pace so far (undefined early in a period or when unknown). */
  projected?: number;
  /** Epoch ms when the period ends. */
  endsAt: number;
}

/** How every set budget stands, for the page, the summary and the status bar. */
export function budgetStatus(figures: PeriodFigures, s: BudgetSettings, now: number): BudgetStatus[] {
  const out: BudgetStatus[] = [];
  for (const p of BUDGET_PERIODS) {
    const budget = budgetOf(p, s);
    if (!(budget > 0)) continue;
    const start = periodStart(p, now);
    const end = periodEnd(p, now);
    const pace = Math.min(1, Math.max(0, (now - start) / (end - start)));
    const spend = spendOf(p, figures);
    // Too early to project: under 5 % of the period (an hour or so of a day) says little.
    const projected = spend !== undefined && pace >= 0.05 ? spend / pace : undefined;
    out.push({ period: p, budget, spend, used: spend !== undefined ? spend / budget : undefined, pace, projected, endsAt: end });
  }
  return out;
}
