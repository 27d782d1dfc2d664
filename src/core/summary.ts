// The "Copy summary" Markdown of the details page. Pure TypeScript: no `vscode` import.

import { formatPercent, formatUsd } from './format';
import { DEFAULT_STRINGS, fillTemplate, type DetailsState, type StringKey, type Strings } from './protocol';
import type { Forecast } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A locale Intl accepts, else 'en-US'. */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return 'en-US';
  try {
    new Intl.DateTimeFormat(locale);
    return locale;
  } catch {
    return 'en-US';
  }
}

/** Escapes text (server data such as the key label) so Markdown shows it literally. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^[#+-]/, (c) => `\\${c}`);
}

function isNum(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** "in 12 days" / "3 hours ago", localized by Intl. */
export function relativeTime(thenMs: number, nowMs: number, locale: string): string {
  const diff = thenMs - nowMs;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(safeLocale(locale), { numeric: 'auto' });
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < DAY_MS) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / DAY_MS), 'day');
}

export function formatDate(ms: number, locale: string): string {
  return new Date(ms).toLocaleDateString(safeLocale(locale), { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "Runs out in ~N days (around DATE)" and its variants. */
export function forecastText(f: Forecast, t: (k: StringKey, ...a: string[]) => string, locale: string): string {
  const date = formatDate(f.runOutAt, locale);
  if (f.daysLeft < 1) return t('forecastLessThanDay', date);
  const n = Math.round(f.daysLeft);
  if (n === 1) return t('forecastOneDay', date);
  return t('forecastDays', n.toLocaleString(safeLocale(locale)), date);
}

/**
 * Builds the Markdown summary: balance and what binds it, account figures,
 * key figures, usage today/week/month, burn rate, forecast, last updated.
 */
export function buildMarkdownSummary(
  state: DetailsState,
  strings?: Partial<Record<StringKey, string>>,
  locale = 'en-US',
): string {
  const s: Strings = { ...DEFAULT_STRINGS, ...strings };
  const t = (k: StringKey, ...a: string[]): string => fillTemplate(s[k], ...a);
  const usd = (n: number | undefined | null): string => (isNum(n) ? formatUsd(n) : s.notAvailable);
  const loc = safeLocale(locale);
  const out: string[] = [`## ${s.title}`, ''];
  const item = (label: string, value: string): void => {
    out.push(`- ${label}: ${value}`);
  };

  const snap = state.snapshot;
  if (!snap) {
    if (state.status === 'noKey') out.push(s.noKeyTitle);
    else if (state.status === 'invalidKey') out.push(s.invalidKeyTitle);
    else if (state.status === 'loading') out.push(s.loading);
    else out.push(s.errorTitle);
  } else {
    const key = snap.key;
    const d = state.derived;
    const today = d?.spendToday ?? key.usageDaily;

    // Headline
    if (isNum(snap.spendable)) {
      const why = snap.binding === 'key' ? s.bindingKey : s.bindingAccount;
      out.push(`**${s.spendableBalance}: ${usd(snap.spendable)}** (${why})`);
      if (snap.spendable < state.lowCreditThreshold) out.push('', `> ${t('lowCredit', usd(state.lowCreditThreshold))}`);
    } else {
      out.push(`**${s.spendableBalance}: ${s.balanceUnknown}** (${t('usedToday', usd(today))})`);
    }

    // Account
    out.push('', `### ${s.accountHeading}`, '');
    if (snap.accountStatus === 'known' && snap.account) {
      const a = snap.account;
      item(s.totalCredits, usd(a.totalCredits));
      item(s.totalUsage, usd(a.totalUsage));
      item(s.accountRemaining, usd(a.remaining));
      item(s.usagePercent, isNum(a.usagePercent) ? formatPercent(a.usagePercent) : s.noCreditsPurchased);
    } else {
      const reason =
        snap.accountStatus === 'unavailable'
          ? s.accountUnavailable
          : snap.accountStatus === 'error'
            ? s.accountError
            : s.accountForbidden;
      out.push(`${reason} ${s.managementKeyExplain}`);
    }

    // Key
    out.push('', `### ${s.keyHeading}`, '');
    item(s.keyLabel, escapeMarkdown(key.label) || s.notAvailable);
    item(s.keyLimit, key.limit === null ? s.noLimit : usd(key.limit));
    if (key.limit !== null) {
      item(s.keyRemaining, usd(key.limitRemaining));
      if (isNum(snap.keyUsagePercent)) item(s.keyLimitUsed, formatPercent(snap.keyUsagePercent));
      item(s.resetPeriod, resetText(key.limitReset, s));
    }
    item(s.expiry, expiryText(key.expiresAt, state.now, loc, t, s));
    item(s.keyUsageTotal, usd(key.usage));
    item(s.byokUsage, usd(key.byokUsage));
    item(s.freeTier, key.isFreeTier ? s.yes : s.no);
    item(s.managementKey, key.isManagementKey ? s.yes : s.no);

    // Usage
    out.push('', `### ${s.usageHeading}`, '');
    item(s.today, usd(today));
    item(s.thisWeek, usd(d?.spendThisWeek ?? key.usageWeekly));
    item(s.thisMonth, usd(d?.spendThisMonth ?? key.usageMonthly));
    item(s.sinceLastCheck, usd(d?.spendSinceLastCheck));

    // Burn rate and forecast
    out.push('', `### ${s.burnHeading}`, '');
    item(s.burn24h, isNum(d?.burnRate24h) ? t('perDay', usd(d?.burnRate24h)) : s.notAvailable);
    item(s.burn7d, isNum(d?.burnRate7d) ? t('perDay', usd(d?.burnRate7d)) : s.notAvailable);
    out.push(`- ${d?.forecast ? forecastText(d.forecast, t, loc) : s.forecastNone}`);
  }

  // Footer
  out.push('');
  const updated = state.lastUpdated ?? snap?.fetchedAt;
  let footer = isNum(updated)
    ? t('lastUpdated', new Date(updated).toLocaleString(loc, { dateStyle: 'medium', timeStyle: 'short' }))
    : s.notUpdated;
  if (state.stale) footer += ` (${s.stale})`;
  out.push(`_${footer}_`);
  if (state.error?.message) out.push('', `> ${escapeMarkdown(state.error.message)}`);
  return out.join('\n') + '\n';
}

function resetText(reset: string | null, s: Strings): string {
  switch (reset) {
    case null:
      return s.resetNever;
    case 'daily':
      return s.resetDaily;
    case 'weekly':
      return s.resetWeekly;
    case 'monthly':
      return s.resetMonthly;
    default:
      return escapeMarkdown(reset);
  }
}

function expiryText(
  expiresAt: string | null,
  now: number,
  locale: string,
  t: (k: StringKey, ...a: string[]) => string,
  s: Strings,
): string {
  if (!expiresAt) return s.noExpiry;
  const ms = Date.parse(expiresAt);
  if (!Number.isFinite(ms)) return escapeMarkdown(expiresAt);
  const rel = relativeTime(ms, now, locale);
  return `${ms > now ? t('expiresIn', rel) : t('expiredAgo', rel)} (${formatDate(ms, locale)})`;
}
