// The daily report (opt-in): once per UTC day, at the first refresh after
// midnight, one information notification in the focused window: yesterday's
// spend, the top model (when known), the balance and the forecast. Which day
// was reported lives in the shared state, so it is once across windows. No
// `vscode` import here.

import type { Formatter } from '../text/format';
import { plainText } from '../text/plain';
import type { L10n } from '../text/strings';
import type { View } from '../view/view';

const DAY_MS = 86_400_000;

export function utcDayOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Whether today's report is still due (`reportedDay`: the UTC day last reported). */
export function dailyReportDue(reportedDay: string | undefined, now: number): boolean {
  return reportedDay !== utcDayOf(now);
}

export interface DailyReport {
  /** The UTC day it is about (yesterday). */
  day: string;
  /** Yesterday's spend, when it can be placed. */
  spend?: number;
  /** Yesterday's top model, when /activity is known (management key). */
  topModel?: { model: string; spend: number };
  balance?: number;
  /** Days until the balance runs out at the recent pace. */
  daysLeft?: number;
  runOutAt?: number;
}

/** What the report says, from the view of the window that shows it. */
export function dailyReport(v: View): DailyReport {
  const day = utcDayOf(v.now - DAY_MS);
  const fromActivity = v.breakdown?.daily?.find(d => d.day === day);
  const fromChart = v.derived?.daily.find(d => d.day === day);
  const spend = fromActivity?.total ?? fromChart?.spend;
  const top = fromActivity?.byModel[0];
  const f = v.derived?.forecast;
  return {
    day,
    ...(spend !== undefined ? { spend } : {}),
    ...(top ? { topModel: { model: top.model, spend: top.spend } } : {}),
    ...(v.snapshot?.spendable !== undefined ? { balance: v.snapshot.spendable } : {}),
    ...(f ? { daysLeft: f.daysLeft, runOutAt: f.runOutAt } : {}),
  };
}

/** The report's one line, e.g. "OpenRouter yesterday (Nov 25): $3.20 spent · top model x ($2.00) · $16.55 left · runs out around Dec 9, 2026". */
export function dailyReportText(r: DailyReport, l10n: L10n, f: Formatter): string {
  const parts = [l10n.t('OpenRouter yesterday ({0}): {1} spent', f.utcDay(Date.parse(`${r.day}T00:00:00Z`)), r.spend !== undefined ? f.usd(r.spend) : f.s.notAvailable)];
  if (r.topModel) parts.push(l10n.t('top model {0} ({1})', plainText(r.topModel.model), f.usd(r.topModel.spend)));
  if (r.balance !== undefined) parts.push(l10n.t('{0} left', f.usd(r.balance)));
  if (r.runOutAt !== undefined) parts.push(l10n.t('runs out around {0}', f.date(r.runOutAt)));
  return parts.join(' · ');
}
