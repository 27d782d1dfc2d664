// Number / time formatting for the UI. Pure TypeScript: no `vscode` import.

const usdFormatters = new Map<string, Intl.NumberFormat>();

function usdFormatter(locale: string, kind: 'std' | 'small' | 'compact'): Intl.NumberFormat {
  const id = `${locale}|${kind}`;
  let f = usdFormatters.get(id);
  if (!f) {
    const base: Intl.NumberFormatOptions = { style: 'currency', currency: 'USD' };
    const opts: Intl.NumberFormatOptions =
      kind === 'std'
        ? { ...base, minimumFractionDigits: 2, maximumFractionDigits: 2 }
        : kind === 'small'
          ? { ...base, minimumFractionDigits: 2, maximumFractionDigits: 4 }
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

/** One-decimal percentage: 33.8 → "33.8%". */
export function formatPercent(p: number, locale = 'en-US'): string {
  if (!Number.isFinite(p)) return '—';
  const r = roundTo(p, 1);
  try {
    return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r / 100);
  } catch {
    return `${r.toFixed(1)}%`;
  }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in compact English: "45 s", "2 min", "3 h", "2 d". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

/**
 * How long ago `thenMs` was, relative to `nowMs`: "just now" (under a minute,
 * or in the future), "2 min ago", "3 h ago", "2 d ago".
 */
export function formatAge(thenMs: number, nowMs: number = Date.now()): string {
  const age = nowMs - thenMs;
  if (!Number.isFinite(age) || age < MINUTE) return 'just now';
  return `${formatDuration(age)} ago`;
}
