// What the details page shows, as formatted text: one pure function from the
// view model that both the page (src/webview/) and the copied summary
// (summary.ts) lay out, so they cannot disagree. No `vscode` import, no DOM.

import type { AccountKind } from '../accounts/accounts';
import type { Formatter } from '../text/format';
import { isPageKeyId, type WebviewCommand } from '../protocol';
import { spendByKey, spendByModelOfDays } from '../money/breakdown';
import { periodStart, periodEnd, type BudgetPeriod, type BudgetStatus } from '../money/budgets';
import type { AccountBreakdown, DailySpend, UnknownReason } from '../types';
import { isLowCredit, periodSpend, type AccountRow, type PeriodSpend, type View, type ViewStatus } from './view';

const DAY = 86_400_000;

export interface Row {
  /** The element id on the page (e2e tests and the page's CSS use it). */
  id: string;
  label: string;
  value: string;
  warn?: boolean;
  /** Why the value is "—" (the page shows it on hover, the summary after it). */
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
  };
  /** A manual refresh is out: the Refresh button shows it. */
  busy: boolean;
  /** "Last updated …" (absolute) and its age, when there is data. */
  updated?: { at: string; age: string };
  refreshing: boolean;
  stale: boolean;
  error: string;
  /** Account rows when its figures are known, else why they are not. */
  account: { rows: Row[]; usedPercent?: number } | { reason: string };
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

export function detailsContent(v: View, f: Formatter): DetailsContent {
  const { s } = f;
  const snap = v.snapshot;
  const d = v.derived;
  const status = v.status;

  let notice: DetailsContent['notice'];
  if (status === 'unknownAccount') notice = unknownAccountNotice(v, f);
  else if (status === 'noKey') notice = { title: s.noKeyTitle, text: s.noKeyExplain, command: 'setKey' };
  else if (status === 'invalidKey') notice = { title: s.invalidKeyTitle, text: s.invalidKeyExplain, command: 'setKey' };
  else if (status === 'error' && !snap) notice = { title: s.errorTitle, text: '', command: 'refresh' };

  const accounts = accountsPart(v, f);
  const base = {
    status,
    notice,
    ...(accounts ? { accounts } : {}),
    hasData: !!snap,
    refreshing: (status === 'loading' || v.refreshing) && !!snap,
    busy: v.refreshing,
    stale: v.stale && !!snap,
    error: v.error?.message ?? '',
    keyFromEnv: v.keySource === 'env',
  };
  if (!snap) {
    return {
      ...base,
      headline: { balance: status === 'loading' ? s.loading : s.notAvailable, unknown: false, low: false, binding: '', note: '' },
      account: { reason: '' }, key: [], usage: [], usageScope: '', budgets: [], burn: [],
      forecast: { text: s.forecastNone, basis: '', warn: false },
      daily: [],
    };
  }

  const key = snap.key;
  const spend = v.periods ?? periodSpend(snap, d, v.breakdown);
  const known = snap.spendable !== undefined;
  const threshold = v.settings.lowCreditThreshold;
  const low = isLowCredit(snap, threshold);
  const headline = known
    ? { balance: f.usd(snap.spendable), unknown: false, low, binding: bindingText(v, f), note: low ? f.t('lowCredit', f.usd(threshold)) : '' }
    : { balance: s.balanceUnknown, unknown: true, low: false, binding: s.balanceUnknownExplain, note: f.t('usedToday', f.usd(spend.today)) };

  let account: DetailsContent['account'];
  const acc = snap.accountStatus === 'known' ? snap.account : undefined;
  if (acc) {
    account = {
      rows: [
        { id: 'total-credits', label: s.totalCredits, value: f.usd(acc.totalCredits) },
        { id: 'total-usage', label: s.totalUsage, value: f.usd(acc.totalUsage) },
        { id: 'account-remaining', label: s.accountRemaining, value: f.usd(acc.remaining) },
        { id: 'usage-percent', label: s.usagePercent, value: acc.usagePercent === undefined ? s.noCreditsPurchased : f.percent(acc.usagePercent) },
      ],
      usedPercent: acc.usagePercent,
    };
  } else {
    account = { reason: snap.accountStatus === 'unavailable' ? s.accountUnavailable : snap.accountStatus === 'error' ? s.accountError : s.accountForbidden };
  }

  const hasLimit = key.limit !== null;
  const keyRows: Row[] = [
    { id: 'key-label', label: s.keyLabel, value: key.label || s.notAvailable },
    { id: 'key-limit', label: s.keyLimit, value: hasLimit ? f.usd(key.limit) : s.noLimit },
  ];
  if (hasLimit) {
    keyRows.push({ id: 'key-remaining', label: s.keyRemaining, value: f.usd(key.limitRemaining) });
    if (snap.keyUsagePercent !== undefined) keyRows.push({ id: 'key-limit-used', label: s.keyLimitUsed, value: f.percent(snap.keyUsagePercent) });
    keyRows.push({ id: 'key-reset', label: s.resetPeriod, value: f.resetPeriod(key.limitReset) });
  }
  const exp = key.expiresAt ? Date.parse(key.expiresAt) : NaN;
  keyRows.push({
    id: 'key-expiry',
    label: s.expiry,
    value: !key.expiresAt ? s.noExpiry : !Number.isFinite(exp) ? key.expiresAt
      : `${f.t(exp > v.now ? 'expiresIn' : 'expiredAgo', f.relative(exp, v.now))} (${f.date(exp)})`,
    warn: Number.isFinite(exp) && exp - v.now < 7 * DAY,
  });
  keyRows.push(
    { id: 'key-usage', label: s.keyUsageTotal, value: f.usd(key.usage) },
    { id: 'key-byok', label: s.byokUsage, value: f.usd(key.byokUsage) },
  );
  if (hasLimit) keyRows.push({ id: 'key-byok-in-limit', label: s.byokInLimit, value: key.includeByokInLimit ? s.yes : s.no });
  keyRows.push(
    { id: 'key-free', label: s.freeTier, value: key.isFreeTier ? s.yes : s.no },
    { id: 'key-management', label: s.managementKey, value: key.isManagementKey ? s.yes : s.no },
  );
  const free = key.freeModelRequests;
  if (free) keyRows.push({ id: 'key-free-requests', label: s.freeRequests, value: freeRequestsText(free, f) });

  // Only figures placed from the history can be unknown for a reason; /key and /keys report theirs.
  const why = spend.scope === 'history' ? (d?.unknownReasons ?? {}) : {};
  /** A row whose value may be unknown for a reason: "—", with the reason as its hint. */
  const figure = (id: string, label: string, value: number | undefined, reason: UnknownReason | undefined, fmt: (n: number | undefined) => string): Row => {
    const row: Row = { id, label, value: fmt(value) };
    if (value === undefined && reason) row.hint = f.unknownReason(reason);
    return row;
  };
  const usd = (n: number | undefined) => f.usd(n);
  const perDay = (n: number | undefined) => f.perDay(n);
  const fc = d?.forecast;
  return {
    ...base,
    headline,
    updated: { at: f.dateTime(snap.fetchedAt), age: f.relative(snap.fetchedAt, v.now) },
    account,
    key: keyRows,
    usage: [
      figure('usage-today', s.today, spend.today, why.spendToday, usd),
      figure('usage-week', s.thisWeek, spend.week, why.spendThisWeek, usd),
      figure('usage-month', s.thisMonth, spend.month, why.spendThisMonth, usd),
      { id: 'usage-since', label: s.sinceLastCheck, value: f.usd(d?.spendSinceLastCheck) },
    ],
    usageScope: scopeText(spend, f),
    ...(key.isManagementKey ? { byKey: byKeyTable(v.breakdown, f, canSetLimits(v)), byModel: byModelTable(v.breakdown, f) } : {}),
    budgets: budgetLines(v.budgets ?? [], v.settings.budgetWarningPercent, f),
    burn: [
      figure('burn-24h', s.burn24h, d?.burnRate24h, why.burnRate24h, perDay),
      figure('burn-7d', s.burn7d, d?.burnRate7d, why.burnRate7d, perDay),
    ],
    forecast: fc
      // A limit that resets before the run-out is no warning.
      ? { text: f.forecast(fc), basis: f.forecastBasis(fc), warn: fc.daysLeft < 7 && fc.resetsAt === undefined }
      : { text: why.forecast === 'gap' ? s.forecastNoneGap : s.forecastNone, basis: '', warn: false },
    daily: d?.daily ?? [],
    chartPace: chartPace(v.budgets ?? [], v.now, f),
    week: weeklyReport(v, f),
  };
}

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

/**
 * The weekly report: spend per day over the last 7 UTC days (the chart's
 * days; today so far), per model over the last 7 completed days (the
 * activity's split of the chart's days: /activity has no today), per key this week (from Monday:
 * /keys' usage_weekly). Each part says its period.
 */
export function weeklyReport(v: View, f: Formatter): WeeklyReport {
  const { s } = f;
  const today = Math.floor(v.now / DAY) * DAY;
  const chart = new Map((v.derived?.daily ?? []).map(d => [d.day, d]));
  let sum = 0;
  let allKnown = true;
  const days = [6, 5, 4, 3, 2, 1, 0].map(i => {
    const day = new Date(today - i * DAY).toISOString().slice(0, 10);
    const d = chart.get(day);
    if (d?.spend === undefined) allKnown = false;
    else sum += d.spend;
    const label = i === 0 ? f.t('weekToday', day) : day;
    return { day: label, spend: f.usd(d?.spend), ...(d?.spend === undefined && d?.unknown ? { hint: f.unknownReason(d.unknown) } : {}) };
  });
  const out: WeeklyReport = { days, total: allKnown ? f.usd(sum) : s.notAvailable };
  if (!v.snapshot?.key.isManagementKey) return out;

  const b = v.breakdown;
  if (b?.byModel) {
    // The activity's split per day, as the chart's days carry it (buildView joins them; the page gets only those).
    const first = new Date(today - 7 * DAY).toISOString().slice(0, 10);
    const todayKey = new Date(today).toISOString().slice(0, 10);
    const rows = spendByModelOfDays((v.derived?.daily ?? []).filter(d => d.day >= first && d.day < todayKey)).map(m => ({
      model: m.other ? (m.modelCount === 1 ? s.otherModelsOne : f.t('otherModels', f.count(m.modelCount))) : m.model,
      other: m.other,
      spend: f.usd(m.spend),
      share: f.percent(m.share * 100),
    }));
    out.byModel = { rows, stale: !!b.activityError, empty: rows.length ? '' : s.weekByModelEmpty };
  } else {
    out.byModel = { rows: [], stale: false, empty: b?.activityError ? s.byModelFailed : s.byModelNone };
  }
  if (b?.keys?.length) {
    const rows = spendByKey(b.keys)
      .sort((x, y) => y.week - x.week)
      .map(k => ({ name: k.name, disabled: k.disabled, week: f.usd(k.week) }));
    out.byKey = { rows, stale: !!b.keysError, empty: '' };
  } else if (!b?.keys) {
    out.byKey = { rows: [], stale: false, empty: b?.keysError ? s.byKeyFailed : s.byKeyNone };
  }
  return out;
}

/** What the periods cover, in words. */
export function scopeText(p: PeriodSpend, f: Formatter): string {
  if (p.scope === 'key') return f.s.scopeKey;
  if (p.scope === 'history') return f.s.scopeHistory;
  return p.keyCount === 1 ? f.s.scopeAccountOne : f.t('scopeAccount', f.count(p.keyCount));
}

/** "987 of 1,000 free requests left today". */
export function freeRequestsText(free: { limit: number; remaining: number }, f: Formatter): string {
  return f.t('freeRequestsLeft', f.count(free.remaining), f.count(free.limit));
}

/** The account's keys, the biggest spender this month first (spendByKey). `setLimits`: the shown key may change their limits (canSetLimits()). */
export function byKeyTable(b: AccountBreakdown | undefined, f: Formatter, setLimits = false): BreakdownTable<KeySpendLine> {
  const { s } = f;
  if (!b?.keys) return { rows: [], stale: false, empty: b?.keysError ? s.byKeyFailed : s.byKeyNone };
  const rows = spendByKey(b.keys).map((k): KeySpendLine => {
    const limited = k.limit !== null;
    return {
      id: k.id,
      name: k.name,
      disabled: k.disabled,
      today: f.usd(k.today),
      week: f.usd(k.week),
      month: f.usd(k.month),
      limit: limited ? f.usd(k.limit) : s.noLimit,
      remaining: limited ? f.usd(k.limitRemaining) : s.notAvailable,
      reset: limited ? f.resetPeriod(k.limitReset) : s.notAvailable,
      canSetLimit: setLimits && isPageKeyId(k.id),
    };
  });
  return { rows, stale: !!b.keysError, empty: '' };
}

/** Spend per model over the activity's 30 completed days, largest first, "Other (n models)" last. */
export function byModelTable(b: AccountBreakdown | undefined, f: Formatter): BreakdownTable<ModelSpendLine> & { period: string } {
  const { s } = f;
  const period = s.byModelPeriod;
  if (!b?.byModel) return { rows: [], stale: false, empty: b?.activityError ? s.byModelFailed : s.byModelNone, period };
  const rows = b.byModel.map((m): ModelSpendLine => ({
    model: m.other ? (m.modelCount === 1 ? s.otherModelsOne : f.t('otherModels', f.count(m.modelCount))) : m.model,
    other: m.other,
    spend: f.usd(m.spend),
    share: f.percent(m.share * 100),
    requests: f.count(m.requests),
    tokens: f.countCompact(m.tokens),
  }));
  return { rows, stale: !!b.activityError, empty: rows.length ? '' : s.byModelEmpty, period };
}

// --- accounts (issue 12) ----------------------------------------------------------

/** An account's kind in words. */
export function kindText(kind: AccountKind, f: Formatter): string {
  const { s } = f;
  switch (kind) {
    case 'management': return s.kindManagement;
    case 'limited': return s.kindLimited;
    case 'unlimited': return s.kindUnlimited;
    default: return s.kindUnknown;
  }
}

/** An account's balance in words: the amount, else why there is none (never $0 for unknown). */
export function accountBalanceText(r: Pick<AccountRow, 'spendable' | 'status'>, f: Formatter): string {
  const { s } = f;
  if (r.spendable !== undefined) return f.usd(r.spendable);
  if (r.status === 'invalidKey') return s.invalidKeyTitle;
  if (r.status === 'loading') return s.loading;
  return s.balanceUnknown;
}

/** The shown key may change its account's keys' limits: a management key, and the workspace names no missing account. */
export function canSetLimits(v: Pick<View, 'status' | 'snapshot'>): boolean {
  return v.status !== 'unknownAccount' && !!v.snapshot?.key.isManagementKey;
}

/** The switcher: every account, formatted, with the pin explained; none without a row. */
export function accountsPart(v: Pick<View, 'accounts'>, f: Formatter): AccountsPart | undefined {
  const a = v.accounts;
  if (!a?.rows.length) return undefined;
  const rows = a.rows.map((r): AccountLine => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    kindText: kindText(r.kind, f),
    balance: accountBalanceText(r, f),
    today: f.usd(r.today),
    stale: r.stale,
    shown: r.shown,
    active: r.active,
    showLabel: f.t('accountShow', r.name),
  }));
  const shown = a.rows.find(r => r.shown);
  const part: AccountsPart = { rows, pinned: a.pinned, pinText: a.pinned && shown ? f.t('accountPinned', shown.name) : '', totalNote: '' };
  if (rows.length >= 2) {
    part.total = f.usd(a.total);
    const uncounted = a.rows.filter(r => r.spendable === undefined).length;
    if (uncounted && a.total !== undefined) part.totalNote = f.t('accountsUncounted', f.count(uncounted));
  }
  return part;
}

/** The workspace names an account that does not exist: say which, and offer to add it (or to pick another when there are accounts). */
function unknownAccountNotice(v: Pick<View, 'accounts'>, f: Formatter): NonNullable<DetailsContent['notice']> {
  const name = v.accounts?.unknownName ?? '';
  const hasAccounts = !!v.accounts?.rows.length;
  return {
    title: f.t('unknownAccountTitle', name),
    text: f.t('unknownAccountExplain', name),
    command: 'addApiKey',
    ...(hasAccounts ? { more: ['switchAccountPick' as const] } : {}),
  };
}
