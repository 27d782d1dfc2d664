// The one formatter of every surface: the status bar and its tooltip, the
// details page (bundled into the webview), the copied summary and the
// notifications all format money, percentages, dates, ages and the run-out
// sentence here, in VS Code's display language. Pure TypeScript: no `vscode`
// import, no Node API (the webview runs it too).

import { fillTemplate, type StringKey, type Strings } from './strings';
import type { Forecast, UnknownReason } from '../types';

const usdFormatters = new Map<string, Intl.NumberFormat>();

function usdFormatter(locale: string, kind: 'std' | 'small' | 'compact' | 'exact'): Intl.NumberFormat {
  const id = `${locale}|${kind}`;
  let f = usdFormatters.get(id);
  if (!f) {
    const base: Intl.NumberFormatOptions = { style: 'currency', currency: 'USD' };
    const opts: Intl.NumberFormatOptions =
      kind === 'std'
        ? { ...base, minimumFractionDigits: 2, maximumFractionDigits: 2 }
        : kind === 'small'
          ? { ...base, minimumFractionDigits: 2, maximumFractionDigits: 4 }
          : kind === 'exact'
            ? { ...base, minimumFractionDigits: 2, maximumFractionDigits: 6 }
          : { ...base, notation: 'compact', compactDisplay: 'short', minimumFractionDigits: 0, maximumFractionDigits: 1 };
    try {
      f = new Intl.NumberFormat(locale, opts);
    } catch {
      f = new Intl.NumberFormat('en-US', opts);
    }
    usdFormatters.set(id, f);
  }
  return f;
}

/** Rounds to `digits` decimals, mapping -0 to 0 so nothing renders as "-$0.00". */
function roundTo(n: number, digits: number): number {
  const r = Number(n.toFixed(digits));
  return r === 0 ? 0 : r;
}

/**
 * Formats USD with 2 decimals ($16.55). Non-zero amounts below one cent keep up
 * to 4 decimals ($0.0042) so they do not look like $0.00.
 */
export function formatUsd(n: number, locale = 'en-US'): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs === 0) return usdFormatter(locale, 'std').format(0); // also -0
  if (abs < 0.01) {
    // Below $0.00005 nothing would show: a positive amount reads "<$0.0001",
    // a negative one $0.00 (never "-$0.00").
    if (abs < 0.00005) {
      return n > 0 ? `<${usdFormatter(locale, 'small').format(0.0001)}` : usdFormatter(locale, 'std').format(0);
    }
    return usdFormatter(locale, 'small').format(n);
  }
  return usdFormatter(locale, 'std').format(n);
}

/**
 * Short USD for the status bar: like formatUsd below $10,000, compact
 * notation ($12.3K, $1.2M) from $10,000 up. Never "-$0.00".
 */
export function formatUsdCompact(n: number, locale = 'en-US'): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 10_000) return usdFormatter(locale, 'compact').format(n);
  return formatUsd(n, locale);
}

const percentFormatters = new Map<string, Intl.NumberFormat>();

/** One-decimal percentage: 33.8 → "33.8%". */
export function formatPercent(p: number, locale = 'en-US'): string {
  if (!Number.isFinite(p)) return '—';
  const r = roundTo(p, 1);
  let f = percentFormatters.get(locale);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    } catch {
      f = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    }
    percentFormatters.set(locale, f);
  }
  return f.format(r / 100);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A locale Intl accepts, else 'en-US'. */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return 'en-US';
  try {
    new Intl.NumberFormat(locale);
    return locale;
  } catch {
    return 'en-US';
  }
}

function isNum(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/**
 * Formats for one display language with one strings table. Build one per
 * language (the host: vscode.env.language and its l10n table; the page: what
 * the host sent) and pass it to every surface.
 */
export class Formatter {
  readonly locale: string;
  private rtf?: Intl.RelativeTimeFormat;
  private readonly dates = new Map<string, Intl.DateTimeFormat>();
  private readonly numbers = new Map<string, Intl.NumberFormat>();

  constructor(locale: string | undefined, readonly s: Strings) {
    this.locale = safeLocale(locale);
  }

  /** A string of the table with its placeholders filled. */
  t(key: StringKey, ...args: readonly string[]): string {
    return fillTemplate(this.s[key], ...args);
  }

  /** $16.55; "—" when the amount is not known. */
  usd(n: number | null | undefined): string {
    return isNum(n) ? formatUsd(n, this.locale) : this.s.notAvailable;
  }

  /** A single request's cost, to the millionth of a dollar ($0.004215); "—" when not known. */
  usdExact(n: number | null | undefined): string {
    return isNum(n) ? usdFormatter(this.locale, 'exact').format(n === 0 ? 0 : n) : this.s.notAvailable;
  }

  /** Short money for the status bar ($12.3K from $10,000). */
  usdCompact(n: number | null | undefined): string {
    return isNum(n) ? formatUsdCompact(n, this.locale) : this.s.notAvailable;
  }

  /** 33.8%; "—" when not known. */
  percent(p: number | null | undefined): string {
    return isNum(p) ? formatPercent(p, this.locale) : this.s.notAvailable;
  }

  /** A whole count in the display language: 1,000; "—" when not known. */
  count(n: number | null | undefined): string {
    return isNum(n) ? this.numberFormat('count', {}).format(Math.round(n)) : this.s.notAvailable;
  }

  /** A large count, short: 1.2M, 35K (token counts); "—" when not known. */
  countCompact(n: number | null | undefined): string {
    return isNum(n) ? this.numberFormat('compact', { notation: 'compact', maximumFractionDigits: 1 }).format(n) : this.s.notAvailable;
  }

  private numberFormat(id: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
    let f = this.numbers.get(id);
    if (!f) {
      f = new Intl.NumberFormat(this.locale, opts);
      this.numbers.set(id, f);
    }
    return f;
  }

  /** "$1.20 / day"; "—" when not known. */
  perDay(n: number | null | undefined): string {
    return isNum(n) ? this.t('perDay', this.usd(n)) : this.s.notAvailable;
  }

  private dateFormat(id: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    let f = this.dates.get(id);
    if (!f) {
      f = new Intl.DateTimeFormat(this.locale, opts);
      this.dates.set(id, f);
    }
    return f;
  }

  /** A calendar date in the user's time zone: "Dec 12, 2026". */
  date(ms: number): string {
    return this.dateFormat('date', { year: 'numeric', month: 'short', day: 'numeric' }).format(ms);
  }

  /** A UTC day without the year, for chart axes: "Dec 12". */
  utcDay(ms: number): string {
    return this.dateFormat('utcDay', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(ms);
  }

  /** Date and time in the user's time zone. */
  dateTime(ms: number): string {
    return this.dateFormat('dateTime', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  }

  /** "just now" (within a minute), "10 minutes ago", "in 3 days". */
  relative(thenMs: number, nowMs: number): string {
    const diff = thenMs - nowMs;
    const abs = Math.abs(diff);
    if (!Number.isFinite(diff) || abs < MINUTE) return this.s.justNow;
    this.rtf ??= new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
    if (abs < HOUR) return this.rtf.format(Math.trunc(diff / MINUTE), 'minute');
    if (abs < DAY) return this.rtf.format(Math.trunc(diff / HOUR), 'hour');
    return this.rtf.format(Math.trunc(diff / DAY), 'day');
  }

  /**
   * "Runs out in ~16 days (around Dec 12, 2026)" and its variants; "Resets on
   * Dec 1, before it runs out" when the key's limit resets first (a UTC day).
   */
  forecast(f: Forecast): string {
    if (f.resetsAt !== undefined) return this.t('forecastResets', this.utcDay(f.resetsAt));
    const date = this.date(f.runOutAt);
    if (f.daysLeft < 1) return this.t('forecastLessThanDay', date);
    const n = Math.round(f.daysLeft);
    if (n === 1) return this.t('forecastOneDay', date);
    return this.t('forecastDays', n.toLocaleString(this.locale), date);
  }

  /** How often a key's limit resets: "Monthly"; an unknown period as OpenRouter names it. */
  resetPeriod(reset: string | null): string {
    switch (reset) {
      case null: return this.s.resetNever;
      case 'daily': return this.s.resetDaily;
      case 'weekly': return this.s.resetWeekly;
      case 'monthly': return this.s.resetMonthly;
      default: return reset;
    }
  }

  /** Which burn rate the forecast rests on (and whose spend, when it is this key's). */
  forecastBasis(f: Forecast): string {
    if (f.rateOf === 'key') return f.basis === '24h' ? this.s.forecastBasisKey24h : this.s.forecastBasisKey7d;
    return f.basis === '24h' ? this.s.forecastBasis24h : this.s.forecastBasis7d;
  }

  /** Why a figure shows "—": "No data: VS Code was closed for part of this period". */
  unknownReason(r: UnknownReason | undefined): string {
    return r === 'gap' ? this.s.noDataGap : r === 'history' ? this.s.noDataHistory : '';
  }
}
