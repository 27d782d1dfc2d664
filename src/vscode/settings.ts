// Reads the settings. `apiBaseUrl` is application-scoped: only the user
// (global) value counts, so no workspace can change where the key goes.
import * as vscode from 'vscode';
import { normalizeSettings, type Settings } from '../core/settings';

export const SECTION = 'openrouterCredits';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const base = c.inspect<string>('apiBaseUrl');
  // The test bench may shorten intervals below the 15 s floor.
  const minRefresh = process.env.ORC_TEST_MODE === '1' ? 1 : undefined;
  return normalizeSettings({
    apiBaseUrl: base?.globalValue ?? base?.defaultValue,
    refreshIntervalSeconds: c.get('refreshIntervalSeconds'),
    lowCreditThreshold: c.get('lowCreditThreshold'),
    usageWarningPercent: c.get('usageWarningPercent'),
    spendAlertPerHour: c.get('spendAlertPerHour'),
    statusBarFormat: c.get('statusBarFormat'),
    notifications: c.get('notifications'),
    dailyBudget: c.get('dailyBudget'),
    weeklyBudget: c.get('weeklyBudget'),
    monthlyBudget: c.get('monthlyBudget'),
    budgetWarningPercent: c.get('budgetWarningPercent'),
    dailyReport: c.get('dailyReport'),
  }, minRefresh);
}
