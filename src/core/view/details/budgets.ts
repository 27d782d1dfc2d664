// The details page's budgets: each set budget as a bar with its pace mark,
// and the chart's budget pace line. No `vscode` import, no DOM.

import type { Formatter } from '../../text/format';
import { periodStart, periodEnd, type BudgetPeriod, type BudgetStatus } from '../../money/budgets';
import type { BudgetLine, ChartPace } from '../details';

const DAY = 86_400_000;

const BUDGET_TEXT = {
  month: { label: 'budgetMonth', of: 'budgetOfMonth', pace: 'budgetPaceToday', onPace: 'budgetOnPaceMonth' },
  week: { label: 'budgetWeek', of: 'budgetOfWeek', pace: 'budgetPaceToday', onPace: 'budgetOnPaceWeek' },
  day: { label: 'budgetDay', of: 'budgetOfDay', pace: 'budgetPaceNow', onPace: 'budgetOnPaceDay' },
} as const;

/**
 * Each set budget as a bar: spend of the budget, the pace mark (the share of
 * the period gone: where an even spread would be now) and its amount in
 * words, the projection at the pace so far, and the over-budget state.
 * Monthly first: the longest view first.
 */
export function budgetLines(budgets: readonly BudgetStatus[], warnPercent: number, f: Formatter): BudgetLine[] {
  const order: BudgetPeriod[] = ['month', 'week', 'day'];
  return [...budgets].sort((a, b) => order.indexOf(a.period) - order.indexOf(b.period)).map((b): BudgetLine => {
    const t = BUDGET_TEXT[b.period];
    const usedPercent = b.used !== undefined ? b.used * 100 : undefined;
    const over = b.spend !== undefined && b.spend >= b.budget;
    return {
      period: b.period,
      id: `budget-${b.period}`,
      label: f.s[t.label],
      text: f.t(t.of, f.usd(b.spend), f.usd(b.budget)),
      usedPercent,
      used: f.percent(usedPercent),
      pacePercent: Math.min(100, Math.max(0, b.pace * 100)),
      paceText: f.t(t.pace, f.usd(b.budget * b.pace)),
      projected: b.projected !== undefined ? f.t(t.onPace, f.usd(b.projected)) : '',
      projectedOver: b.projected !== undefined && b.projected > b.budget,
      level: over ? 'over' : usedPercent !== undefined && usedPercent >= warnPercent ? 'warn' : 'ok',
      overText: !over ? '' : b.spend! > b.budget ? f.t('budgetOver', f.usd(b.spend! - b.budget)) : f.s.budgetReached,
    };
  });
}

/**
 * The daily amount an even spread of a budget allows, for the chart: the
 * monthly budget over the days of this month, else the weekly over 7, else
 * the daily budget.
 */
export function chartPace(budgets: readonly BudgetStatus[], now: number, f: Formatter): ChartPace | undefined {
  const b = budgets.find(x => x.period === 'month') ?? budgets.find(x => x.period === 'week') ?? budgets.find(x => x.period === 'day');
  if (!b) return undefined;
  const days = Math.round((periodEnd(b.period, now) - periodStart(b.period, now)) / DAY);
  const perDay = b.budget / days;
  const text = f.perDay(perDay);
  return { perDay, period: b.period, legend: f.t('legendPace', text), desc: f.t('chartDescPace', text) };
}
