// The extension's settings, as plain data, with their validation.

export type StatusBarFormat = 'remaining' | 'remainingOfTotal' | 'percentUsed' | 'usageToday';

export interface Settings {
  apiBaseUrl: string;
  refreshIntervalSeconds: number;
  lowCreditThreshold: number;
  usageWarningPercent: number;
  spendAlertPerHour: number;
  statusBarFormat: StatusBarFormat;
  notifications: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: 'https://openrouter.ai/api/v1',
  refreshIntervalSeconds: 300,
  lowCreditThreshold: 5,
  usageWarningPercent: 90,
  spendAlertPerHour: 0,
  statusBarFormat: 'remaining',
  notifications: true,
};

export const MIN_REFRESH_SECONDS = 15;
const FORMATS: readonly StatusBarFormat[] = ['remaining', 'remainingOfTotal', 'percentUsed', 'usageToday'];

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
  };
}
