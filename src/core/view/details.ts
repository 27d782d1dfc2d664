// What the details page shows, as formatted text: one pure function from the
// view model that both the page (src/webview/) and the copied summary
// (summary.ts) lay out, so they cannot disagree; each section is built in
// details/. No `vscode` import, no DOM.

import type { AccountKind } from '../accounts/accounts';
import type { Formatter } from '../text/format';
import type { WebviewCommand } from '../protocol';
import type { BudgetPeriod } from '../money/budgets';
import type { DailySpend } from '../types';
import { isLowCredit, periodSpend, type PeriodSpend, type View, type ViewStatus } from './view';
import { accountsPart, canSetLimits, unknownAccountNotice } from './details/accounts';
import { canPress, commandContext } from './context';
import { byKeyTable, byModelTable } from './details/breakdown';
import { budgetLines, chartPace } from './details/budgets';
import { accountSection, keyRows, spendSections } from './details/figures';
import { headroomForecastText } from '../org/orgText';
import { weeklyReport } from './details/weekly';
import { blockedForecast, headroomLine, orgPart, type OrgPart } from './details/org';

export type { GroupSpendLine, OrgPart } from './details/org';

// The surfaces (presentation.ts, the glue) read these from here.
export { accountBalanceText, kindText } from './details/accounts';
export { freeRequestsText } from './details/figures';

export interface Row {
  /** The element id on the page (e2e tests and the page's CSS use it). */
  id: string;
  label: string;
  value: string;
  warn?: boolean;
  /** Why the value is "—", or where a known value comes from when not from the usual source (the page shows it on hover, the summary after it). */
  hint?: string;
}

/** One key of the account (Spend by key), formatted. Never its hash. */
export interface KeySpendLine {
  /** AccountKey.id: identity only, never shown. */
  id: string;
  /** The name the user gave it (user text: render it as text). */
  name: string;
  disabled: boolean;
  today: string;
  week: string;
  month: string;
  limit: string;
  remaining: string;
  reset: string;
  /**
   * The page offers "Set Limit…" for this key (the host asks for the limit
   * and confirms): the row has an id the page may send, the shown account is
   * a management key and the workspace does not name a missing account.
   */
  canSetLimit: boolean;
  /** Its workspace's name (outside text), when the account has several. */
  workspace?: string;
  /** What binds it, in one line ("$6.00 left before the Platform workspace's monthly budget; resets Jan 1"). */
  headroom?: string;
  /** Its credit spend this month as a number (the page sorts by it). */
  monthUsd: number;
  /** BYOK this month, apart from credit spend; '' when none. */
  byok: string;
  /** Rename…, Disable/Enable, Delete… (the same rule as Set Limit…). */
  canManage: boolean;
}

/** One model (Spend by model), formatted; the "other" row is labelled with how many models it folds. */
export interface ModelSpendLine {
  /** The model's slug (server text: render it as text), or "Other (12 models)". */
  model: string;
  other: boolean;
  spend: string;
  share: string;
  requests: string;
  tokens: string;
}

/** A breakdown table: its rows, whether they are the last good ones, and why there are none. */
export interface BreakdownTable<T> {
  rows: T[];
  /** The last fetch failed: these are the last good rows. */
  stale: boolean;
  /** Shown when there are no rows: not loaded yet, failed, or nothing spent. */
  empty: string;
}

/** One set budget: a progress bar of spend against it, with the pace mark (see budgetLines). */
export interface BudgetLine {
  period: BudgetPeriod;
  /** The element id on the page: 'budget-month', 'budget-week', 'budget-day'. */
  id: string;
  /** "Monthly budget" (the bar's accessible name). */
  label: string;
  /** "$12.40 of $50.00 this month". */
  text: string;
  /** spend / budget in percent (may exceed 100); undefined when the spend is unknown. */
  usedPercent?: number;
  /** "24.8%", "—". */
  used: string;
  /** Where an even spread would be now, 0..100: the bar's pace mark. */
  pacePercent: number;
  /** "Pace for today: $38.33" (what an even spread allows by now). */
  paceText: string;
  /** "On pace for $60.00 by the end of the month"; '' when too early or unknown. */
  projected: string;
  /** The projection is above the budget. */
  projectedOver: boolean;
  /** ok: below the warning percent; warn: at or above it; over: spend reached the budget. */
  level: 'ok' | 'warn' | 'over';
  /** "Over budget by $2.00" / "Budget used up" when level is over, else ''. */
  overText: string;
}

/** The chart's budget pace: the daily amount an even spread of the budget allows. */
export interface ChartPace {
  perDay: number;
  /** Which budget it comes from. */
  period: BudgetPeriod;
  /** "Budget pace: $1.67 / day (dashed)" (legend). */
  legend: string;
  /** "A dashed line marks the budget pace of $1.67 / day." (the chart's text description). */
  desc: string;
}

/** The weekly report of the copied summary (see weeklyReport). */
export interface WeeklyReport {
  /** The last 7 UTC days, oldest first, today last (so far). */
  days: { day: string; spend: string; hint?: string }[];
  /** The 7 days' total, "—" when a day is unknown. */
  total: string;
  /** Spend per model over the last 7 completed days (from the activity's days); undefined without activity. */
  byModel?: BreakdownTable<{ model: string; other: boolean; spend: string; share: string }>;
  /** Each key's spend this week (from Monday), the biggest first; undefined for a normal key. */
  byKey?: BreakdownTable<{ name: string; disabled: boolean; week: string }>;
}

/** One account of the switcher (and the summary's Accounts table), formatted. Never the key. */
export interface AccountLine {
  /** AccountRow.id: what the page sends in switchAccount. */
  id: string;
  /** The name the user gave it (user text: render it as text). */
  name: string;
  kind: AccountKind;
  /** "Management key", "Limited key", "Key without limit", "Unknown". */
  kindText: string;
  /** "$12.40"; "Balance unknown" when unknown; "API key rejected", "Loading…" by its status. */
  balance: string;
  /** Its spend today, "—" when unknown. */
  today: string;
  /** Its figures are the last known ones. */
  stale: boolean;
  /** This window shows it. */
  shown: boolean;
  /** The active account (what a window without a workspace pin shows). */
  active: boolean;
  /** The switcher button's accessible name: "Show Work in this window". */
  showLabel: string;
}

/** The accounts (issue 12): the page's switcher, the summary's table. */
export interface AccountsPart {
  rows: AccountLine[];
  /** The workspace's openrouterCredits.account picks this window's account: the switcher is off. */
  pinned: boolean;
  /** "This workspace shows Work (openrouterCredits.account)" when pinned to an account that exists; else ''. */
  pinText: string;
  /** What all accounts can spend together ("—" when unknown); only with 2+ rows. */
  total?: string;
  /** "1 without a known balance not counted" next to the total; '' when all are counted. */
  totalNote: string;
}

export interface DetailsContent {
  status: ViewStatus;
  /**
   * A card that replaces the figures: no key, a rejected key, an error before
   * any data, or a workspace that names a missing account. `more`: further
   * buttons after `command`.
   */
  notice?: { title: string; text: string; command: WebviewCommand; more?: WebviewCommand[] };
  /** Every account and which one this window shows; when the list has at least one row. */
  accounts?: AccountsPart;
  /** There are figures to show. */
  hasData: boolean;
  headline: {
    balance: string;
    /** The balance is unknown (an unlimited normal key without account figures). */
    unknown: boolean;
    low: boolean;
    /** What binds the balance, or why it is unknown. */
    binding: string;
    /** The low-credit note, or today's spend when the balance is unknown. */
    note: string;
    /** What stops the next request and when (issue 20), '' when not known. */
    headroom: string;
  };
  /** The toolbar's buttons, in order: those whose command can act (core/view/context.ts canPress()). */
  toolbar: WebviewCommand[];
  /** A manual refresh is out: the Refresh button shows it. */
  busy: boolean;
  /** "Last updated …" (absolute) and its age, when there is data. */
  updated?: { at: string; age: string };
  refreshing: boolean;
  stale: boolean;
  error: string;
  /** Account rows when its figures are known, else why they are not (and whether a management key would show them). */
  account: { rows: Row[]; usedPercent?: number } | { reason: string; addManagementKey: boolean };
  key: Row[];
  keyFromEnv: boolean;
  usage: Row[];
  /** What Today / This week / This month cover: "Spend across the account's 3 keys", "This key's own spend". */
  usageScope: string;
  /** Spend by key (management key only). */
  byKey?: BreakdownTable<KeySpendLine>;
  /** Spend by model over the last 30 completed days (management key only), with the period it covers. */
  byModel?: BreakdownTable<ModelSpendLine> & { period: string };
  /** Every set budget (none set: empty). */
  budgets: BudgetLine[];
  burn: Row[];
  forecast: { text: string; basis: string; warn: boolean };
  daily: DailySpend[];
  /** The chart's budget pace line, when a budget is set. */
  chartPace?: ChartPace;
  /** The weekly report (the summary's "This week"). */
  week?: WeeklyReport;
  /** Workspaces, their budgets and members (issue 20). */
  org?: OrgPart;
}

/**
 * What binds a known balance: "Limited by this key's limit" only when the
 * account balance is known too (else the key's limit is all we know), or the
 * account balance.
 */
export function bindingText(v: Pick<View, 'snapshot'>, f: Formatter): string {
  const snap = v.snapshot;
  if (snap?.binding !== 'key') return f.s.bindingAccount;
  return snap.accountStatus === 'known' && snap.account ? f.s.bindingKey : f.s.bindingKeyAlone;
}

/** Every button the page's toolbar may show, in order. */
export const TOOLBAR: readonly WebviewCommand[] = ['refresh', 'topUp', 'setKey', 'settings', 'copySummary'];

export function detailsContent(v: View, f: Formatter): DetailsContent {
  const { s } = f;
  const snap = v.snapshot;
  const d = v.derived;
  const status = v.status;
  const accounts = accountsPart(v, f);
  const base = {
    status,
    notice: noticeOf(v, f),
    ...(accounts ? { accounts } : {}),
    hasData: !!snap,
    toolbar: TOOLBAR.filter(b => canPress(b, commandContext(v))),
    refreshing: (status === 'loading' || v.refreshing) && !!snap,
    busy: v.refreshing,
    stale: v.stale && !!snap,
    error: v.error?.message ?? '',
    keyFromEnv: v.keySource === 'env',
  };
  if (!snap) {
    return {
      ...base,
      headline: { balance: status === 'loading' ? s.loading : s.notAvailable, unknown: false, low: false, binding: '', note: '', headroom: '' },
      account: { reason: '', addManagementKey: true }, key: [], usage: [], usageScope: '', budgets: [], burn: [],
      forecast: { text: s.forecastNone, basis: '', warn: false },
      daily: [],
    };
  }

  const spend = v.periods ?? periodSpend(snap, d, v.breakdown);
  const { usage, burn, forecast } = spendSections(spend, d, f, v.blocked && headroomForecastText(v.blocked, v.now, f));
  return {
    ...base,
    headline: headlineOf(v, spend, f),
    updated: { at: f.dateTime(snap.fetchedAt), age: f.relative(snap.fetchedAt, v.now) },
    account: accountSection(snap, f),
    key: keyRows(snap, v.now, f),
    usage,
    usageScope: scopeText(spend, f),
    ...(snap.key.isManagementKey ? { byKey: byKeyTable(v.breakdown, f, canSetLimits(v), v.org), byModel: byModelTable(v.breakdown, f) } : {}),
    budgets: budgetLines(v.budgets ?? [], v.settings.budgetWarningPercent, f),
    burn,
    forecast: blockedForecast(v, forecast, f),
    daily: d?.daily ?? [],
    chartPace: chartPace(v.budgets ?? [], v.now, f),
    week: weeklyReport(v, f),
    ...(snap.key.isManagementKey ? { org: orgPart(v, f) } : {}),
  };
}

/** The card that replaces the figures, if any: no key, a rejected key, an error before any data, a missing account. */
function noticeOf(v: View, f: Formatter): DetailsContent['notice'] {
  const { s } = f;
  const status = v.status;
  if (status === 'unknownAccount') return unknownAccountNotice(v, f);
  if (status === 'noKey') return { title: s.noKeyTitle, text: s.noKeyExplain, command: 'setKey' };
  if (status === 'invalidKey') return { title: s.invalidKeyTitle, text: s.invalidKeyExplain, command: 'setKey' };
  if (status === 'error' && !v.snapshot) return { title: s.errorTitle, text: '', command: 'refresh' };
  return undefined;
}

/** The balance and what binds it, or why it is unknown (then today's spend). */
function headlineOf(v: View, spend: PeriodSpend, f: Formatter): DetailsContent['headline'] {
  const snap = v.snapshot!;
  const threshold = v.settings.lowCreditThreshold;
  const low = isLowCredit(snap, threshold);
  const headroom = headroomLine(v, f);
  return snap.spendable !== undefined
    ? { balance: f.usd(snap.spendable), unknown: false, low, binding: bindingText(v, f), note: low ? f.t('lowCredit', f.usd(threshold)) : '', headroom }
    : { balance: f.s.balanceUnknown, unknown: true, low: false, binding: f.s.balanceUnknownExplain, note: f.t('usedToday', f.usd(spend.today)), headroom };
}

/** What the periods cover, in words. */
export function scopeText(p: PeriodSpend, f: Formatter): string {
  const from = Object.values(p.from ?? {});
  if (p.scope === 'key') return f.s.scopeKey;
  if (p.scope === 'history') return from.includes('key') ? f.s.scopeHistoryKeyFloor : f.s.scopeHistory;
  if (from.includes('history')) return f.s.scopeAccountFromHistory;
  return p.keyCount === 1 ? f.s.scopeAccountOne : f.t('scopeAccount', f.count(p.keyCount));
}
