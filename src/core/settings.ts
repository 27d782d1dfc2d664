// The extension's settings, as plain data, with their validation.

export type StatusBarFormat = 'remaining' | 'remainingOfTotal' | 'percentUsed' | 'usageToday' | 'budget' | 'total';

export interface Settings {
  apiBaseUrl: string;
  refreshIntervalSeconds: number;
  lowCreditThreshold: number;
  usageWarningPercent: number;
  spendAlertPerHour: number;
  statusBarFormat: StatusBarFormat;
  notifications: boolean;
  /** Spend budgets in USD per UTC day, week (from Monday) and month; 0 = off. */
  dailyBudget: number;
  weeklyBudget: number;
  monthlyBudget: number;
  /** Warn at this share of a budget, in percent. */
  budgetWarningPercent: number;
  /** One information notification a day: yesterday's spend, the top model, the balance, the forecast. */
  dailyReport: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: 'https://openrouter.ai/api/v1',
  refreshIntervalSeconds: 300,
  lowCreditThreshold: 5,
  usageWarningPercent: 90,
  spendAlertPerHour: 0,
  statusBarFormat: 'remaining',
  notifications: true,
  dailyBudget: 0,
  weeklyBudget: 0,
  monthlyBudget: 0,
  budgetWarningPercent: 80,
  dailyReport: false,
};

export const MIN_REFRESH_SECONDS = 15;
const FORMATS: readonly StatusBarFormat[] = ['remaining', 'remainingOfTotal', 'percentUsed', 'usageToday', 'budget', 'total'];

function num(v: unknown, def: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
}

/**
 * Normalizes raw setting values: out-of-range numbers are clamped, wrong types
 * fall back to the defaults. `minRefreshSeconds` is lowered only by the test bench.
 */
export function normalizeSettings(raw: Partial<Record<keyof Settings, unknown>>, minRefreshSeconds = MIN_REFRESH_SECONDS): Settings {
  return {
    apiBaseUrl: typeof raw.apiBaseUrl === 'string' && raw.apiBaseUrl.trim() ? raw.apiBaseUrl.trim() : DEFAULT_SETTINGS.apiBaseUrl,
    refreshIntervalSeconds: num(raw.refreshIntervalSeconds, DEFAULT_SETTINGS.refreshIntervalSeconds, minRefreshSeconds, 86_400),
    lowCreditThreshold: num(raw.lowCreditThreshold, DEFAULT_SETTINGS.lowCreditThreshold, 0, 1e6),
    usageWarningPercent: num(raw.usageWarningPercent, DEFAULT_SETTINGS.usageWarningPercent, 0, 100),
    spendAlertPerHour: num(raw.spendAlertPerHour, DEFAULT_SETTINGS.spendAlertPerHour, 0, 1e6),
    statusBarFormat: FORMATS.includes(raw.statusBarFormat as StatusBarFormat) ? (raw.statusBarFormat as StatusBarFormat) : DEFAULT_SETTINGS.statusBarFormat,
    notifications: typeof raw.notifications === 'boolean' ? raw.notifications : DEFAULT_SETTINGS.notifications,
    dailyBudget: num(raw.dailyBudget, 0, 0, 1e6),
    weeklyBudget: num(raw.weeklyBudget, 0, 0, 1e6),
    monthlyBudget: num(raw.monthlyBudget, 0, 0, 1e6),
    budgetWarningPercent: num(raw.budgetWarningPercent, DEFAULT_SETTINGS.budgetWarningPercent, 1, 100),
    dailyReport: typeof raw.dailyReport === 'boolean' ? raw.dailyReport : DEFAULT_SETTINGS.dailyReport,
  };
}
