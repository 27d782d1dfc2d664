// The details page's organization parts (issue 20): spend by workspace and by
// member (BYOK apart: paid to the user's provider, never added to credit
// spend), each workspace budget as a bar like our own budgets, the headroom
// line and the forecast when a budget or guardrail blocks before the balance
// runs out. Names are outside text: the page sets them as text, the summary
// escapes them. No `vscode` import, no DOM.

import type { Formatter } from '../../text/format';
import type { View } from '../view';
import { canSetLimits } from '../context';
import type { BreakdownTable, BudgetLine, DetailsContent } from '../details';
import { headroomForecast } from '../../org/headroom';
import { headroomForecastText, headroomText, memberLabel } from '../../org/orgText';
import { intervalName, type IntervalName } from '../../org/periods';
import type { PeriodSums } from '../../org/workspaceSpend';
import type { WorkspaceBudgetStatus } from '../../org/workspaceBudgets';
import { byokText } from './breakdown';

/** One row of Spend by workspace or by member, formatted. */
export interface GroupSpendLine {
  name: string;
  today: string;
  week: string;
  month: string;
  keys: string;
  /** BYOK this month, apart from credit spend; '' when none. */
  byok: string;
}

/** The organization's sections; each absent when it would be empty. */
export interface OrgPart {
  workspaces?: BreakdownTable<GroupSpendLine>;
  /** Every budget of every workspace, as bars. */
  workspaceBudgets: BudgetLine[];
  members?: BreakdownTable<GroupSpendLine>;
  /** The workspaces' names, for the key table's filter (2 or more). */
  workspaceNames: string[];
  /** Create Key… and the key rows' actions may be offered (canSetLimits()). */
  canManage: boolean;
}

function group(name: string, spend: PeriodSums, byok: PeriodSums, keyCount: number, f: Formatter): GroupSpendLine {
  return { name, today: f.usd(spend.today), week: f.usd(spend.week), month: f.usd(spend.month), keys: f.count(keyCount), byok: byokText(byok.month, f) };
}

const LABEL: Record<IntervalName, 'wsBudgetDaily' | 'wsBudgetWeekly' | 'wsBudgetMonthly' | 'wsBudgetLifetime'> = {
  daily: 'wsBudgetDaily', weekly: 'wsBudgetWeekly', monthly: 'wsBudgetMonthly', lifetime: 'wsBudgetLifetime',
};

/** A workspace budget as our own budget bar: spend of limit, share, pace mark, when it resets. */
export function workspaceBudgetLine(b: WorkspaceBudgetStatus, i: number, warnPercent: number, f: Formatter): BudgetLine {
  const usedPercent = b.used !== undefined ? b.used * 100 : undefined;
  const over = b.over;
  const pace = b.pace ?? 0;
  return {
    period: 'month',
    id: `ws-budget-${i}`,
    label: f.t(LABEL[intervalName(b.interval)], b.workspaceName),
    text: f.t('wsBudgetOf', f.usd(b.spendUsd), f.usd(b.limitUsd)),
    usedPercent,
    used: f.percent(usedPercent),
    pacePercent: Math.min(100, Math.max(0, pace * 100)),
    paceText: b.resetsAt !== undefined ? f.t('wsBudgetResets', f.utcDay(b.resetsAt)) : f.s.wsBudgetNoReset,
    projected: b.projectedUsd !== undefined && b.pace !== undefined ? f.t('wsBudgetOnPace', f.usd(b.projectedUsd)) : '',
    projectedOver: b.projectedUsd !== undefined && b.projectedUsd > b.limitUsd,
    level: over ? 'over' : usedPercent !== undefined && usedPercent >= warnPercent ? 'warn' : 'ok',
    overText: over ? f.s.wsBudgetRefused : '',
  };
}

/** The organization's sections of the page, from View.org. */
export function orgPart(v: View, f: Formatter): OrgPart {
  const org = v.org;
  const ws = org?.workspaces;
  const members = org?.members;
  return {
    ...(ws?.length ? { workspaces: { rows: ws.map(w => group(w.name, w.spend, w.byok, w.keyCount, f)), stale: !!org?.structureError, empty: '' } } : {}),
    workspaceBudgets: (org?.budgets ?? []).map((b, i) => workspaceBudgetLine(b, i, v.settings.budgetWarningPercent, f)),
    ...(members?.length ? { members: { rows: members.map(m => group(memberLabel(m, f), m.spend, m.byok, m.keyCount, f)), stale: !!org?.membersError, empty: '' } } : {}),
    workspaceNames: ws && ws.length >= 2 ? ws.map(w => w.name) : [],
    canManage: canSetLimits(v),
  };
}

/** The headline's headroom line (the shown key's), '' without one. */
export function headroomLine(v: View, f: Formatter): string {
  const h = v.org?.headroom;
  return h ? headroomText(h, f) : '';
}

/** "Runs out" becomes "is blocked" when a budget, guardrail or limit binds first at the burn so far. */
export function blockedForecast(v: View, forecast: DetailsContent['forecast'], f: Formatter): DetailsContent['forecast'] {
  const h = v.org?.headroom;
  if (!h) return forecast;
  const burn = v.derived?.burnRate7d ?? v.derived?.burnRate24h;
  const fc = headroomForecast(h, burn, v.now);
  // The key's own limit is the balance's forecast already (it knows the limit's reset).
  const text = fc && fc.layer.scope !== 'key_limit' ? headroomForecastText(fc, v.now, f) : undefined;
  return text ? { text, basis: forecast.basis, warn: true } : forecast;
}
