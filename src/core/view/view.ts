// The view model: one pure function from the shared state, the history, the
// settings and `now` to everything the status bar, the details page, the
// summary and the public API show. The controller computes it once per change;
// every surface reads the same object. No `vscode` import here.

import { errorMessage } from '../text/messages';
import type { Settings } from '../settings';
import type { SharedError } from '../refresh/sharedState';
import { effectiveIntervalMs } from '../refresh/interval';
import { derive, FLAT_BURN_USD_PER_DAY, historyPeriods, type HistoryPeriods } from '../money/spend';
import type { L10n } from '../text/strings';
import { buildOrgView, type OrgView } from '../org/orgView';
import { headroomForecast, type HeadroomForecast } from '../org/headroom';
import { accountPeriods, activityCoverage, coveredDays } from '../money/breakdown';
import { budgetStatus, periodStart, type BudgetStatus } from '../money/budgets';
import type { AccountKind } from '../accounts/accounts';
import type { AccountBreakdown, CreditSnapshot, DailySpend, DerivedUsage, HistoryPoint } from '../types';

/** unknownAccount: the workspace's `openrouterCredits.account` names no account; nothing of another account shows. */
export type ViewStatus = 'loading' | 'ok' | 'noKey' | 'invalidKey' | 'error' | 'unknownAccount';
export type KeySource = 'secret' | 'env' | 'none';

/** JSON-serializable: the page receives it as it is. Never holds the key. */
export interface View {
  status: ViewStatus;
  /** Last good snapshot (kept when a refresh fails); none without a key. */
  snapshot?: CreditSnapshot;
  derived?: DerivedUsage;
  /** Where the money goes (management key): the account's keys and its activity, as last fetched. */
  breakdown?: AccountBreakdown;
  /** Today, this week, this month: see periodSpend(). */
  periods?: PeriodSpend;
  /** Every budget that is set, with its spend and pace (core/budgets.ts). */
  budgets?: BudgetStatus[];
  /** Already localized; never contains the key. */
  error?: { kind: string; message: string; status?: number };
  /** The last refresh failed, or the data is older than 2 refresh intervals. */
  stale: boolean;
  keySource: KeySource;
  settings: Settings;
  /** This window polls for all windows. */
  isPoller: boolean;
  /** A refresh that the user asked for (command, page button, API) is out. */
  refreshing: boolean;
  /** Epoch ms the view was computed at (the page's notion of "now"). */
  now: number;
  /** Every account and which one this window shows (issue 12); absent before the list was read. */
  accounts?: AccountsView;
  /** Workspaces, their budgets, members and what stops the next request (core/org/orgView.ts). */
  org?: OrgView;
  /** The shown key is refused before its balance runs out (a budget, guardrail or key limit): the forecast says "is blocked". */
  blocked?: HeadroomForecast;
}

/** One account in the list (Switch Account, the tooltip, the page's switcher and summary rows). Never the key. */
export interface AccountRow {
  /** The account's id (accounts.ts), or ENV_ACCOUNT_ID for the OPENROUTER_API_KEY fallback. */
  id: string;
  name: string;
  kind: AccountKind;
  /** What it can spend, as last known; undefined when unknown (never $0 for unknown). */
  spendable?: number;
  /** Its spend today as last known (its View.periods.today). */
  today?: number;
  status: ViewStatus;
  stale: boolean;
  /** When its last snapshot was fetched (epoch ms). */
  fetchedAt?: number;
  /** This window shows it. */
  shown: boolean;
  /** The active account: what a window without a workspace pin shows. */
  active: boolean;
}

export interface AccountsView {
  /** In the order the user added them; the environment's fallback account alone when nothing is stored. */
  rows: AccountRow[];
  /** This window's account is named by the workspace's `openrouterCredits.account`. */
  pinned: boolean;
  /** The name the workspace asks for when no account has it (status 'unknownAccount'). */
  unknownName?: string;
  /** What all accounts can spend together (accountsTotal()); undefined when no balance is known. */
  total?: number;
}

/**
 * The total over accounts for the status bar's `total` format: the sum of the
 * known balances, counting one OpenRouter account once (two keys of one
 * account show its one balance: rows with the same `spendable` source are
 * told apart by the caller through `sameAs`). `unknown` counts rows without a
 * balance.
 */
export function accountsTotal(rows: readonly Pick<AccountRow, 'id' | 'spendable'>[], sameAs: ReadonlyMap<string, string> = new Map()): { total?: number; counted: number; unknown: number } {
  let total: number | undefined;
  let counted = 0;
  let unknown = 0;
  for (const r of rows) {
    if (sameAs.has(r.id)) continue;
    if (r.spendable === undefined) { unknown++; continue; }
    total = (total ?? 0) + r.spendable;
    counted++;
  }
  return { total, counted, unknown };
}

export interface ViewInput {
  snapshot?: CreditSnapshot;
  /** The last refresh's error, or a refused base URL. */
  error?: Pick<SharedError, 'kind' | 'message' | 'status'>;
  /** Undefined until SecretStorage has answered. */
  keySource?: KeySource;
  points: readonly HistoryPoint[];
  /** The shared breakdown of the key's account (management key), if fetched. */
  breakdown?: AccountBreakdown;
  settings: Settings;
  /** Some VS Code window is focused (polling is 4× slower otherwise). */
  focused: boolean;
  isPoller: boolean;
  /** A manual refresh is out. */
  refreshing?: boolean;
  now: number;
  /** The workspace names an account that does not exist: status 'unknownAccount', no figures. */
  unknownAccount?: string;
}

export function buildView(input: ViewInput, l10n: L10n): View {
  const { error: err, keySource } = input;
  let status: ViewStatus;
  if (input.unknownAccount !== undefined) status = 'unknownAccount';
  else if (keySource === undefined) status = 'loading';
  else if (keySource === 'none') status = 'noKey';
  else if (err?.kind === 'invalidKey') status = 'invalidKey';
  else if (err) status = 'error';
  else if (input.snapshot) status = 'ok';
  else status = 'loading';
  const snapshot = status === 'noKey' || status === 'unknownAccount' ? undefined : input.snapshot;
  const old = !!snapshot && input.now - snapshot.fetchedAt > 2 * effectiveIntervalMs(input.settings.refreshIntervalSeconds, input.focused);
  const error = err && status !== 'noKey' && status !== 'unknownAccount'
    ? { kind: err.kind, message: errorMessage(l10n, err.kind, err.message, err.status), status: err.status }
    : undefined;
  const breakdown = snapshot?.key.isManagementKey ? input.breakdown : undefined;
  let derived = snapshot ? derive(snapshot, input.points, input.now) : undefined;
  const periods = snapshot ? periodSpend(snapshot, derived, breakdown, input.now, historyPeriods(snapshot, input.points, input.now)) : undefined;
  if (derived && breakdown) {
    // One scope on the page: the chart's today is the periods' today (the account's).
    derived = { ...derived, daily: dailyWithActivity(derived.daily, breakdown, periods?.today, input.now) };
    derived = withAccountRate(derived, snapshot!, breakdown, input.now);
  }
  return {
    status,
    snapshot,
    derived,
    breakdown,
    periods,
    budgets: periods ? budgetStatus(periods, input.settings, input.now) : undefined,
    error,
    stale: !!snapshot && (!!error || old),
    keySource: keySource ?? 'none',
    settings: input.settings,
    isPoller: input.isPoller,
    refreshing: !!input.refreshing && keySource !== 'none',
    now: input.now,
    ...orgParts(buildOrgView(snapshot, breakdown, input.now), derived, input.now),
  };
}

/** The org's part, and when a budget, guardrail or limit blocks the shown key before the balance runs out. */
function orgParts(org: OrgView | undefined, derived: DerivedUsage | undefined, now: number): Pick<View, 'org' | 'blocked'> {
  const fc = org?.headroom ? headroomForecast(org.headroom, burnRate(derived), now) : undefined;
  // The key's own limit is the forecast's already (it says when the limit resets or runs out).
  return { org, ...(fc?.kind === 'blocked' && fc.layer.scope !== 'key_limit' ? { blocked: fc } : {}) };
}

// --- figures every surface shows the same way ----------------------------------

/** Today, this week and this month, and what they cover. */
export interface PeriodSpend {
  today?: number;
  week?: number;
  month?: number;
  /**
   * Every spend figure of a surface has this one scope (the chart, the
   * reports, "Since last check" included): account: the account's, as the
   * sum over its keys (GET /keys; management key), right from the first
   * refresh; history: the account's, placed from local samples of /credits'
   * total_usage (a management key before /keys answered, or a normal key
   * whose /credits answers), undefined where they cannot be placed; key: this
   * key's own figures (GET /key), when the account's are not known.
   */
  scope: 'account' | 'key' | 'history';
  /** With scope 'account': how many keys the sums cover (disabled ones included). */
  keyCount?: number;
  /**
   * The figures that come from another source than the scope's own: with
   * scope 'account', 'history' where the usage history places more than the
   * keys listed now (a deleted key's spend); with scope 'history', 'key'
   * where the history does not reach back and this key's own figure is the
   * floor. Absent when every figure is the scope's own.
   */
  from?: Partial<Record<Period, 'history' | 'key'>>;
}

type Period = 'today' | 'week' | 'month';
const PERIODS: readonly [Period, 'day' | 'week' | 'month'][] = [['today', 'day'], ['week', 'week'], ['month', 'month']];

/** History above the keys' sum by less than this is rounding, not a deleted key. */
const FLOOR_SLACK_USD = 0.005;

/**
 * Spend today / this week / this month (UTC periods, as OpenRouter counts
 * them), in one scope with the rest of the surface (see PeriodSpend.scope):
 * - a management key spends nothing itself: its account's are the sums over
 *   the account's keys, never less than what the usage history (`hist`,
 *   historyPeriods()) places in the period, since a deleted key leaves the
 *   list but not the account's total_usage; before /keys answered, the
 *   history's alone;
 * - a normal key whose /credits answers: the account's, from the history as
 *   the chart's days are, never less than the key's own figure, which stands
 *   where the history does not reach;
 * - a normal key without the account's figures: its own.
 * Never a stand-in figure; `from` says which figures come from elsewhere.
 */
export function periodSpend(s: CreditSnapshot, d: DerivedUsage | undefined, b?: AccountBreakdown, now?: number, hist?: HistoryPeriods): PeriodSpend {
  // A figure fetched in an earlier UTC day, week or month is not this one's (e.g. just after midnight, before the next refresh).
  const current = (t: number, p: 'day' | 'week' | 'month', v: number): number | undefined =>
    now === undefined || periodStart(p, t) === periodStart(p, now) ? v : undefined;
  const out = (scope: PeriodSpend['scope'], fig: (p: Period, u: 'day' | 'week' | 'month') => { v?: number; from?: 'history' | 'key' }): PeriodSpend => {
    const r: PeriodSpend = { scope };
    const from: PeriodSpend['from'] = {};
    for (const [p, u] of PERIODS) {
      const x = fig(p, u);
      r[p] = x.v;
      if (x.from) from[p] = x.from;
    }
    // Floors placed per period (the history may reach today but not the week's start): the week and the month hold today; the
    // month holds the week only when the week began in it (on Thursday the 3rd, the week holds Monday the 30th of last month).
    const at = now ?? s.fetchedAt;
    const weekInMonth = periodStart('week', at) >= periodStart('month', at);
    const floors: ReadonlyArray<readonly ['today' | 'week', 'week' | 'month']> = weekInMonth ? [['today', 'week'], ['week', 'month']] : [['today', 'week'], ['today', 'month']];
    for (const [lo, hi] of floors) {
      if (r[lo] !== undefined && r[hi] !== undefined && r[lo] > r[hi]) {
        r[hi] = r[lo];
        if (from[lo]) from[hi] = from[lo];
        else delete from[hi];
      }
    }
    if (Object.keys(from).length) r.from = from;
    return r;
  };
  const histOf = (p: Period): number | undefined => (hist ? hist[p] : undefined);
  if (!s.key.isManagementKey) {
    const t = s.fetchedAt;
    const own = { today: current(t, 'day', s.key.usageDaily), week: current(t, 'week', s.key.usageWeekly), month: current(t, 'month', s.key.usageMonthly) };
    if (s.accountStatus !== 'known' || !s.account) return out('key', p => ({ v: own[p] }));
    if (!hist) return { today: d?.spendToday, week: d?.spendThisWeek, month: d?.spendThisMonth, scope: 'history' };
    return out('history', p => {
      const h = histOf(p);
      const o = own[p];
      if (h !== undefined) return { v: o !== undefined ? Math.max(h, o) : h };
      return o !== undefined ? { v: o, from: 'key' } : { v: d?.[DERIVED[p]] };
    });
  }
  if (b?.keys) {
    const sums = accountPeriods(b.keys);
    const t = b.keysAt ?? s.fetchedAt;
    const r = out('account', (p, u) => {
      const k = current(t, u, sums[p]);
      const h = histOf(p);
      return h !== undefined && (k === undefined || h > k + FLOOR_SLACK_USD) ? { v: h, from: 'history' } : { v: k };
    });
    return { ...r, keyCount: sums.keyCount };
  }
  return { today: d?.spendToday, week: d?.spendThisWeek, month: d?.spendThisMonth, scope: 'history' };
}

const DERIVED = { today: 'spendToday', week: 'spendThisWeek', month: 'spendThisMonth' } as const;

const DAY_MS = 86_400_000;
const dayKey = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * The chart's 30 consecutive UTC days, today last: a completed day from the
 * account's activity where it covers the day (activityCoverage: a covered day
 * without rows is $0), else what the history placed, else an explicit
 * unknown day; today is the periods' today (`today`), else the history's. The
 * end-of-day balance still comes from the history.
 */
export function dailyWithActivity(history: readonly DailySpend[], b: AccountBreakdown, today: number | undefined, now: number): DailySpend[] {
  const byDay = new Map(history.map(d => [d.day, d]));
  const activity = coveredDays(b);
  const start = Math.floor(now / DAY_MS) * DAY_MS;
  const days: DailySpend[] = [];
  for (let i = 29; i >= 0; i--) {
    const day = dayKey(start - i * DAY_MS);
    const h = byDay.get(day);
    const balance = h?.balance !== undefined ? { balance: h.balance } : {};
    const a = i > 0 ? activity.get(day) : undefined;
    if (i === 0 && today !== undefined) days.push({ day, spend: today, ...balance });
    else if (a) days.push({ day, spend: a.total, byModel: a.byModel, ...balance });
    else days.push(h ?? { day, unknown: 'history' });
  }
  return days;
}

/** The burn rate the forecast uses: 7 days when known, else 24 hours. */
export function burnRate(d: DerivedUsage | undefined): number | undefined {
  return d?.burnRate7d ?? d?.burnRate24h;
}

/** Below the low-credit warning (never when the warning is off or the balance unknown). */
export function isLowCredit(s: CreditSnapshot, lowCreditThreshold: number): boolean {
  return s.spendable !== undefined && lowCreditThreshold > 0 && s.spendable < lowCreditThreshold;
}

/** Out of credits: OpenRouter answered 402, or nothing is left to spend. */
export function isOutOfCredits(v: Pick<View, 'snapshot' | 'error'>): boolean {
  return v.error?.kind === 'outOfCredits' || (v.snapshot?.spendable !== undefined && v.snapshot.spendable <= 0);
}

/**
 * A management key's 7-day burn rate from the account's activity, where the
 * local history cannot place one yet, and the forecast from it for an
 * account-bound balance: right on the first day. The rate averages 7
 * calendar days (a day the activity covers without rows is $0), the 7 ending
 * yesterday, or the day before while OpenRouter has not added yesterday; none
 * from an older answer.
 */
export function withAccountRate(d: DerivedUsage, s: CreditSnapshot, b: AccountBreakdown, now: number): DerivedUsage {
  if (d.burnRate7d !== undefined) return d;
  const c = activityCoverage(b);
  const start = Math.floor(now / DAY_MS) * DAY_MS;
  if (!c || c.through < dayKey(start - 2 * DAY_MS)) return d;
  const end = c.through < dayKey(start - DAY_MS) ? start - 2 * DAY_MS : start - DAY_MS;
  const covered = coveredDays(b);
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const a = covered.get(dayKey(end - i * DAY_MS));
    if (!a) return d;
    sum += a.total;
  }
  const rate = sum / 7;
  const reasons = { ...d.unknownReasons };
  delete reasons.burnRate7d;
  const out: DerivedUsage = { ...d, burnRate7d: rate };
  if (!out.forecast && s.binding === 'account' && s.spendable !== undefined && s.spendable > 0) {
    // A flat rate has no run-out, for no lack of data.
    if (rate > FLAT_BURN_USD_PER_DAY) {
      const daysLeft = s.spendable / rate;
      out.forecast = { daysLeft, runOutAt: now + daysLeft * DAY_MS, basis: '7d' };
    }
    delete reasons.forecast;
  }
  out.unknownReasons = Object.keys(reasons).length ? reasons : undefined;
  return out;
}
