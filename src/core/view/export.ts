// Export Usage: the history samples, the daily spend and (management key) the
// spend by model and by key, as one CSV file or one JSON object. Pure: the
// glue picks the file and writes the text. No `vscode` import here.
//
// CSV (RFC 4180, CRLF line ends): one file of sections. Each section is a line
// naming it ("# history"), a header row, its rows, then a blank line:
//
//   # exported          exported_at
//   # history           time, balance, total_credits, total_usage, key_usage
//   # daily             day, spend, unknown_reason
//   # by_model          model, other, model_count, spend, share, requests, tokens
//   # by_key            name, disabled, today, week, month, limit, limit_remaining, limit_reset
//
// The last two only when they are known (a management key's account). Column
// names are a stable file format, not translated. An unknown figure is an
// empty cell (JSON: null). Numbers are plain numbers; text cells that a
// spreadsheet would read as a formula (= + - @ tab CR) get a leading "'".
// A cell holding ";" is quoted too: a spreadsheet set to split on ";" (German
// settings) would otherwise start a new cell there, which may be a formula.
import { spendByKey, type KeySpendRow, type ModelSpendRow } from '../money/breakdown';
import type { DailySpend, HistoryPoint, UnknownReason } from '../types';
import type { View } from './view';

export type ExportFormat = 'csv' | 'json';

/** What an export holds. Built from the view (buildExport); never the key. */
export interface ExportData {
  /** Epoch ms. */
  exportedAt: number;
  history: readonly HistoryPoint[];
  daily: readonly DailySpend[];
  /** Spend per model over the last 30 completed UTC days, when known. */
  byModel?: readonly ModelSpendRow[];
  /** Spend per key of the account, when known. */
  byKey?: readonly KeySpendRow[];
}

export interface ExportHistoryRow {
  time: string;
  balance: number | null;
  totalCredits: number | null;
  totalUsage: number | null;
  keyUsage: number;
}

export interface ExportDailyRow {
  day: string;
  spend: number | null;
  unknownReason?: UnknownReason;
}

/** The by-model table as the page shows it (breakdown.ts). */
export type ExportModelRow = ModelSpendRow;

/** The by-key table as the page shows it, without the UI id (breakdown.ts). */
export type ExportKeyRow = Omit<KeySpendRow, 'id'>;

/** The JSON export's shape. */
export interface ExportJson {
  exportedAt: string;
  history: ExportHistoryRow[];
  daily: ExportDailyRow[];
  byModel?: ExportModelRow[];
  byKey?: ExportKeyRow[];
}

/** The format a file name asks for: .json is JSON, anything else CSV. */
export function exportFormatOf(fileName: string): ExportFormat {
  return /\.json$/i.test(fileName.trim()) ? 'json' : 'csv';
}

/** The default file name: openrouter-usage-YYYY-MM-DD.csv (UTC day). */
export function defaultExportName(now: number, format: ExportFormat = 'csv'): string {
  return `openrouter-usage-${new Date(now).toISOString().slice(0, 10)}.${format}`;
}

/** What the view and the history points hold, for export. */
export function buildExport(view: Pick<View, 'derived' | 'breakdown'>, history: readonly HistoryPoint[], now: number): ExportData {
  const keys = view.breakdown?.keys;
  return {
    exportedAt: now,
    history,
    daily: view.derived?.daily ?? [],
    ...(view.breakdown?.byModel ? { byModel: view.breakdown.byModel } : {}),
    ...(keys ? { byKey: spendByKey(keys) } : {}),
  };
}

const num = (n: number | undefined | null): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);
const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

/** The export as plain rows (what both formats write). */
export function exportRows(d: ExportData): ExportJson {
  return {
    exportedAt: iso(d.exportedAt),
    history: d.history.map(p => ({
      time: iso(p.t),
      balance: num(p.spendable),
      totalCredits: num(p.totalCredits),
      totalUsage: num(p.totalUsage),
      keyUsage: p.keyUsage,
    })),
    daily: d.daily.map(x => ({
      day: x.day,
      spend: num(x.spend),
      ...(x.spend === undefined && x.unknown ? { unknownReason: x.unknown } : {}),
    })),
    ...(d.byModel ? {
      byModel: d.byModel.map(m => ({
        model: m.model, other: m.other, modelCount: m.modelCount, spend: m.spend, share: m.share, requests: m.requests, tokens: m.tokens,
      })),
    } : {}),
    ...(d.byKey ? {
      byKey: d.byKey.map(k => ({
        name: k.name, disabled: k.disabled, today: k.today, week: k.week, month: k.month,
        limit: k.limit, limitRemaining: k.limitRemaining, limitReset: k.limitReset,
      })),
    } : {}),
  };
}

/** Replaces every occurrence of a secret (the key) in a text cell. */
function scrub(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

function scrubDeep<T>(v: T, secrets: readonly string[]): T {
  if (typeof v === 'string') return scrub(v, secrets) as T;
  if (Array.isArray(v)) return v.map(x => scrubDeep(x, secrets)) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubDeep(x, secrets)])) as T;
  return v;
}

/**
 * The JSON export. `secrets` (the key) are replaced wherever they appear in
 * text, e.g. a key named after itself.
 */
export function exportJson(d: ExportData, secrets: readonly string[] = []): string {
  return `${JSON.stringify(scrubDeep(exportRows(d), secrets), null, 2)}\n`;
}

export type CsvValue = string | number | boolean | null | undefined;

/** A number as a spreadsheet reads it: no exponent, no grouping; '' when not finite. */
export function csvNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (n === 0) return '0';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e-7 → 0.0000001, 1e21 → 1000000000000000000000
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/**
 * One CSV cell. Numbers are written as numbers (a negative one too); text
 * that starts with = + - @ tab or CR is prefixed with "'" so a spreadsheet
 * does not run it as a formula; a cell with a comma, a semicolon, a quote, CR
 * or LF is quoted, its quotes doubled (RFC 4180; the semicolon for
 * spreadsheets that split on it).
 */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return csvNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** The CSV export (see the top of this file). `secrets` as for exportJson. */
export function exportCsv(d: ExportData, secrets: readonly string[] = []): string {
  const r = scrubDeep(exportRows(d), secrets);
  const lines: string[] = [];
  const section = (name: string, header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): void => {
    lines.push(`# ${name}`, csvRow(header), ...rows.map(csvRow), '');
  };
  section('exported', ['exported_at'], [[r.exportedAt]]);
  section('history', ['time', 'balance', 'total_credits', 'total_usage', 'key_usage'],
    r.history.map(h => [h.time, h.balance, h.totalCredits, h.totalUsage, h.keyUsage]));
  section('daily', ['day', 'spend', 'unknown_reason'], r.daily.map(x => [x.day, x.spend, x.unknownReason]));
  if (r.byModel) {
    section('by_model', ['model', 'other', 'model_count', 'spend', 'share', 'requests', 'tokens'],
      r.byModel.map(m => [m.model, m.other, m.modelCount, m.spend, m.share, m.requests, m.tokens]));
  }
  if (r.byKey) {
    section('by_key', ['name', 'disabled', 'today', 'week', 'month', 'limit', 'limit_remaining', 'limit_reset'],
      r.byKey.map(k => [k.name, k.disabled, k.today, k.week, k.month, k.limit, k.limitRemaining, k.limitReset]));
  }
  return lines.join('\r\n');
}
