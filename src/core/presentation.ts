// What the status bar item shows, computed from plain data so it can be unit
// tested. Strings go through the injected `l10n` (vscode.l10n in the glue).
import { formatDuration, formatPercent, formatUsd, formatUsdCompact } from './format';
import type { StatusBarFormat } from './settings';
import type { CreditSnapshot, DerivedUsage } from './types';

export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

export type ItemStatus = 'loading' | 'noKey' | 'invalidKey' | 'ok' | 'error';

export interface StatusInput {
  status: ItemStatus;
  snapshot?: CreditSnapshot;
  derived?: DerivedUsage;
  /** Message of the last refresh's error, already localized. */
  errorMessage?: string;
  /** The last refresh failed with 402. */
  outOfCredits?: boolean;
  stale: boolean;
  keySource: 'secret' | 'env' | 'none';
  format: StatusBarFormat;
  lowCreditThreshold: number;
  now: number;
  locale?: string;
}

export type Background = 'none' | 'warning' | 'error';

export interface StatusPresentation {
  text: string;
  /** Markdown for the tooltip. */
  tooltip: string;
  accessibilityLabel: string;
  background: Background;
  /** Command run on click. */
  command: string;
}

/** Commands the tooltip may link to: the MarkdownString trusts these only. */
export const TOOLTIP_COMMANDS = [
  'openrouterCredits.refresh',
  'openrouterCredits.checkCredits',
  'openrouterCredits.setApiKey',
  'openrouterCredits.showLog',
  'workbench.action.openSettings',
] as const;

export const TOP_UP_URL = 'https://openrouter.ai/settings/credits';
export const KEYS_URL = 'https://openrouter.ai/settings/keys';

export function ageText(l10n: L10n, then: number, now: number): string {
  const ms = now - then;
  return ms < 60_000 ? l10n.t('just now') : l10n.t('{0} ago', formatDuration(ms));
}

function usageToday(s: CreditSnapshot, d?: DerivedUsage): number {
  return d?.spendToday ?? s.key.usageDaily;
}

/** The main figure, per the chosen format, without icon. */
export function mainFigure(s: CreditSnapshot, d: DerivedUsage | undefined, format: StatusBarFormat, l10n: L10n, locale?: string): string {
  const today = () => l10n.t('{0} today', formatUsdCompact(usageToday(s, d), locale));
  if (s.spendable === undefined) return today(); // balance unknown: never $0
  switch (format) {
    case 'remainingOfTotal': {
      const total = s.binding === 'key' ? s.key.limit : s.account?.totalCredits;
      return total === null || total === undefined
        ? formatUsdCompact(s.spendable, locale)
        : `${formatUsdCompact(s.spendable, locale)} / ${formatUsdCompact(total, locale)}`;
    }
    case 'percentUsed': {
      const p = s.binding === 'key' ? s.keyUsagePercent : (s.account?.usagePercent ?? s.keyUsagePercent);
      return p === undefined ? formatUsdCompact(s.spendable, locale) : l10n.t('{0} used', formatPercent(p, locale));
    }
    case 'usageToday':
      return today();
    default:
      return formatUsdCompact(s.spendable, locale);
  }
}

function cmd(label: string, command: string, args?: unknown[]): string {
  const q = args ? `?${encodeURIComponent(JSON.stringify(args))}` : '';
  return `[${label}](command:${command}${q})`;
}

/** Escapes text for Markdown (labels come from the server). */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, c => `\\${c}`);
}

export function tooltipMarkdown(input: StatusInput, l10n: L10n): string {
  const { snapshot: s, derived: d, locale } = input;
  const usd = (n: number) => formatUsd(n, locale);
  const lines: string[] = [`**${l10n.t('OpenRouter Credits')}**`, ''];
  if (input.status === 'noKey') {
    lines.push(l10n.t('No API key is set. Click to set one.'));
  } else if (input.status === 'invalidKey') {
    lines.push(`$(error) ${l10n.t('OpenRouter rejected the API key (401). Set a valid key.')}`);
  }
  if (s) {
    lines.push('| | |', '|:--|--:|');
    if (s.spendable !== undefined) {
      const binds = s.binding === 'key' ? l10n.t('key limit') : l10n.t('account balance');
      lines.push(`| ${l10n.t('Spendable')} | **${usd(s.spendable)}** (${binds}) |`);
    } else {
      lines.push(`| ${l10n.t('Spendable')} | ${l10n.t('unknown: add a management key to see the account balance')} |`);
    }
    if (s.account) {
      lines.push(`| ${l10n.t('Account credits')} | ${usd(s.account.totalCredits)} |`);
      lines.push(`| ${l10n.t('Account usage')} | ${usd(s.account.totalUsage)}${s.account.usagePercent !== undefined ? ` (${formatPercent(s.account.usagePercent, locale)})` : ''} |`);
    }
    lines.push(`| ${l10n.t('Key')} | ${mdEscape(s.key.label)}${s.key.isManagementKey ? ` (${l10n.t('management')})` : ''} |`);
    if (s.key.limit !== null) {
      lines.push(`| ${l10n.t('Key limit')} | ${usd(s.key.limitRemaining ?? 0)} ${l10n.t('of')} ${usd(s.key.limit)}${s.key.limitReset ? `, ${mdEscape(s.key.limitReset)}` : ''} |`);
    }
    lines.push(`| ${l10n.t('Today')} | ${usd(usageToday(s, d))} |`);
    lines.push(`| ${l10n.t('This week')} | ${usd(d?.spendThisWeek ?? s.key.usageWeekly)} |`);
    lines.push(`| ${l10n.t('This month')} | ${usd(d?.spendThisMonth ?? s.key.usageMonthly)} |`);
    const rate = d?.burnRate7d ?? d?.burnRate24h;
    if (rate !== undefined) lines.push(`| ${l10n.t('Burn rate')} | ${l10n.t('{0}/day', usd(rate))} |`);
    if (d?.forecast) {
      const date = new Date(d.forecast.runOutAt).toLocaleDateString(locale, { month: 'short', day: 'numeric' });
      lines.push(`| ${l10n.t('Forecast')} | ${l10n.t('runs out in ~{0} days (around {1})', Math.max(0, Math.round(d.forecast.daysLeft)), date)} |`);
    }
    lines.push('');
    const updated = ageText(l10n, s.fetchedAt, input.now);
    lines.push(input.stale
      ? `$(warning) ${l10n.t('Last updated {0}; showing the last known value.', updated)}`
      : l10n.t('Updated {0}', updated));
  } else if (input.status === 'loading') {
    lines.push(l10n.t('Loading…'));
  }
  if (input.errorMessage && input.status !== 'invalidKey') lines.push('', `$(warning) ${mdEscape(input.errorMessage)}`);
  if (input.keySource === 'env') lines.push('', l10n.t('Using the key from the OPENROUTER_API_KEY environment variable.'));
  lines.push('', [
    cmd(`$(refresh) ${l10n.t('Refresh')}`, 'openrouterCredits.refresh'),
    cmd(`$(graph) ${l10n.t('Details')}`, 'openrouterCredits.checkCredits'),
    `[$(credit-card) ${l10n.t('Top Up')}](${TOP_UP_URL})`,
    input.status === 'noKey' || input.status === 'invalidKey'
      ? cmd(`$(key) ${l10n.t('Set Key')}`, 'openrouterCredits.setApiKey')
      : cmd(`$(gear) ${l10n.t('Settings')}`, 'workbench.action.openSettings', ['openrouterCredits']),
  ].join(' · '));
  return lines.join('\n');
}

export function statusPresentation(input: StatusInput, l10n: L10n): StatusPresentation {
  const s = input.snapshot;
  const tooltip = tooltipMarkdown(input, l10n);
  const base = { tooltip, command: 'openrouterCredits.checkCredits' };
  if (input.status === 'noKey') {
    const text = l10n.t('Set OpenRouter key');
    return { ...base, text: `$(key) ${text}`, accessibilityLabel: l10n.t('OpenRouter Credits: no API key set. Activate to set one.'), background: 'none', command: 'openrouterCredits.setApiKey' };
  }
  if (input.status === 'invalidKey') {
    return { ...base, text: `$(key) ${l10n.t('OpenRouter key invalid')}`, accessibilityLabel: l10n.t('OpenRouter Credits: the API key was rejected. Activate to set a new one.'), background: 'warning', command: 'openrouterCredits.setApiKey' };
  }
  if (!s) {
    if (input.status === 'error') {
      return { ...base, text: `$(cloud-offline) ${l10n.t('OpenRouter')}`, accessibilityLabel: l10n.t('OpenRouter Credits: could not load the balance. {0}', input.errorMessage ?? ''), background: 'none' };
    }
    return { ...base, text: `$(sync~spin) ${l10n.t('OpenRouter')}`, accessibilityLabel: l10n.t('OpenRouter Credits: loading'), background: 'none' };
  }
  const figure = mainFigure(s, input.derived, input.format, l10n, input.locale);
  const out = input.outOfCredits || (s.spendable !== undefined && s.spendable <= 0);
  const low = !out && s.spendable !== undefined && input.lowCreditThreshold > 0 && s.spendable < input.lowCreditThreshold;
  // Out of credits outranks staleness: a 402 is news, not a network blip.
  const icon = out ? '$(error)' : input.stale ? '$(cloud-offline)' : low ? '$(warning)' : '$(credit-card)';
  let label: string;
  if (s.spendable === undefined) label = l10n.t('OpenRouter Credits: balance unknown, {0}', figure);
  else label = l10n.t('OpenRouter Credits: {0} left', formatUsd(s.spendable, input.locale));
  if (out) label += `. ${l10n.t('Out of credits.')}`;
  else if (low) label += `. ${l10n.t('Low credit.')}`;
  if (input.stale) label += `. ${l10n.t('Last updated {0}.', ageText(l10n, s.fetchedAt, input.now))}`;
  return { ...base, text: `${icon} ${figure}`, accessibilityLabel: label, background: out ? 'error' : low ? 'warning' : 'none' };
}
