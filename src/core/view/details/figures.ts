// The details page's figure sections: the account's figures, the key's, the
// usage, the burn rates and the forecast. No `vscode` import, no DOM.

import type { Formatter } from '../../text/format';
import type { CreditSnapshot, DerivedUsage, UnknownReason } from '../../types';
import type { PeriodSpend } from '../view';
import type { DetailsContent, Row } from '../details';

const DAY = 86_400_000;

/**
 * The account's figures when they are known (the last good ones, marked with
 * their time, while /credits fails: sharedState withLastAccount()), else why
 * they are not; a management key is not told to add one.
 */
export function accountSection(snap: CreditSnapshot, f: Formatter): DetailsContent['account'] {
  const { s } = f;
  const lastGood = snap.accountStatus === 'error' && snap.accountAsOf !== undefined;
  const acc = snap.accountStatus === 'known' || lastGood ? snap.account : undefined;
  if (!acc) {
    const reason = snap.accountStatus === 'unavailable' ? s.accountUnavailable : snap.accountStatus === 'error' ? s.accountError : s.accountForbidden;
    return { reason, addManagementKey: !snap.key.isManagementKey };
  }
  const rows: Row[] = [
    { id: 'total-credits', label: s.totalCredits, value: f.usd(acc.totalCredits) },
    { id: 'total-usage', label: s.totalUsage, value: f.usd(acc.totalUsage) },
    { id: 'account-remaining', label: s.accountRemaining, value: f.usd(acc.remaining) },
    { id: 'usage-percent', label: s.usagePercent, value: acc.usagePercent === undefined ? s.noCreditsPurchased : f.percent(acc.usagePercent) },
  ];
  if (lastGood) rows.push({ id: 'account-as-of', label: s.accountAsOf, value: f.dateTime(snap.accountAsOf!), warn: true, hint: s.accountError });
  return { rows, usedPercent: acc.usagePercent };
}

/** The key's rows: label, limit (and what is left of it), expiry, usage, flags. */
export function keyRows(snap: CreditSnapshot, now: number, f: Formatter): Row[] {
  const { s } = f;
  const key = snap.key;
  const hasLimit = key.limit !== null;
  const rows: Row[] = [
    { id: 'key-label', label: s.keyLabel, value: key.label || s.notAvailable },
    { id: 'key-limit', label: s.keyLimit, value: hasLimit ? f.usd(key.limit) : s.noLimit },
  ];
  if (hasLimit) {
    rows.push({ id: 'key-remaining', label: s.keyRemaining, value: f.usd(key.limitRemaining) });
    if (snap.keyUsagePercent !== undefined) rows.push({ id: 'key-limit-used', label: s.keyLimitUsed, value: f.percent(snap.keyUsagePercent) });
    rows.push({ id: 'key-reset', label: s.resetPeriod, value: f.resetPeriod(key.limitReset) });
  }
  const exp = key.expiresAt ? Date.parse(key.expiresAt) : NaN;
  rows.push({
    id: 'key-expiry',
    label: s.expiry,
    value: !key.expiresAt ? s.noExpiry : !Number.isFinite(exp) ? key.expiresAt
      : `${f.t(exp > now ? 'expiresIn' : 'expiredAgo', f.relative(exp, now))} (${f.date(exp)})`,
    warn: Number.isFinite(exp) && exp - now < 7 * DAY,
  });
  rows.push(
    { id: 'key-usage', label: s.keyUsageTotal, value: f.usd(key.usage) },
    { id: 'key-byok', label: s.byokUsage, value: f.usd(key.byokUsage) },
  );
  if (hasLimit) rows.push({ id: 'key-byok-in-limit', label: s.byokInLimit, value: key.includeByokInLimit ? s.yes : s.no });
  rows.push(
    { id: 'key-free', label: s.freeTier, value: key.isFreeTier ? s.yes : s.no },
    { id: 'key-management', label: s.managementKey, value: key.isManagementKey ? s.yes : s.no },
  );
  const free = key.freeModelRequests;
  if (free) rows.push({ id: 'key-free-requests', label: s.freeRequests, value: freeRequestsText(free, f) });
  return rows;
}

/** "987 of 1,000 free requests left today". */
export function freeRequestsText(free: { limit: number; remaining: number }, f: Formatter): string {
  return f.t('freeRequestsLeft', f.count(free.remaining), f.count(free.limit));
}

/** The spend figures: usage today / this week / this month / since the last check, the burn rates and the forecast (`blocked`: the headroom's forecast text, when a layer blocks first). */
export function spendSections(spend: PeriodSpend, d: DerivedUsage | undefined, f: Formatter, blocked?: string): Pick<DetailsContent, 'usage' | 'burn' | 'forecast'> {
  const { s } = f;
  // Only figures placed from the history can be unknown for a reason; /key and /keys report theirs.
  const why = spend.scope === 'history' ? (d?.unknownReasons ?? {}) : {};
  /** A row whose value may be unknown for a reason: "—", with the reason as its hint. */
  const figure = (id: string, label: string, value: number | undefined, reason: UnknownReason | undefined, fmt: (n: number | undefined) => string, from?: 'history' | 'key'): Row => {
    const row: Row = { id, label, value: fmt(value) };
    if (value === undefined && reason) row.hint = f.unknownReason(reason);
    // A figure from another source than the scope's own says so (PeriodSpend.from).
    else if (value !== undefined && from) row.hint = from === 'history' ? s.fromUsageHistory : s.fromKeyOwn;
    return row;
  };
  const usd = (n: number | undefined) => f.usd(n);
  const perDay = (n: number | undefined) => f.perDay(n);
  const fc = d?.forecast;
  return {
    usage: [
      figure('usage-today', s.today, spend.today, why.spendToday, usd, spend.from?.today),
      figure('usage-week', s.thisWeek, spend.week, why.spendThisWeek, usd, spend.from?.week),
      figure('usage-month', s.thisMonth, spend.month, why.spendThisMonth, usd, spend.from?.month),
      { id: 'usage-since', label: s.sinceLastCheck, value: f.usd(d?.spendSinceLastCheck) },
    ],
    burn: [
      figure('burn-24h', s.burn24h, d?.burnRate24h, why.burnRate24h, perDay),
      figure('burn-7d', s.burn7d, d?.burnRate7d, why.burnRate7d, perDay),
    ],
    // A budget, guardrail or limit that refuses requests before the balance runs out: "is blocked" (org/orgText.ts).
    forecast: blocked ? { text: blocked, basis: fc ? f.forecastBasis(fc) : '', warn: true } : fc
      // A limit that resets before the run-out is no warning.
      ? { text: f.forecast(fc), basis: f.forecastBasis(fc), warn: fc.daysLeft < 7 && fc.resetsAt === undefined }
      : { text: why.forecast === 'gap' ? s.forecastNoneGap : s.forecastNone, basis: '', warn: false },
  };
}
