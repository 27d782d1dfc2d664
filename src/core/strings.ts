// Every text that more than one surface shows (the details page, the copied
// summary, the status bar tooltip), in one table. The host builds it once with
// vscode.l10n (passed in as `l10n`) and hands it to the page; the page, the
// summary and the tooltip read it through a Formatter (format.ts). `{0}`, `{1}`…
// are placeholders filled in by Formatter.t(). No `vscode` import here.

export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** Returns the English message unchanged (placeholders stay for Formatter.t). */
export const ENGLISH: L10n = { t: message => message };

export function buildStrings(l10n: L10n) {
  return {
    title: l10n.t('OpenRouter Credits'),
    spendableBalance: l10n.t('Spendable balance'),
    bindingKey: l10n.t("Limited by this key's limit"),
    bindingKeyAlone: l10n.t("Left on this key's limit; the account balance isn't known"),
    bindingAccount: l10n.t('Account balance'),
    balanceUnknown: l10n.t('Balance unknown'),
    balanceUnknownExplain: l10n.t("This key has no spending limit and the account balance isn't available to it."),
    usedToday: l10n.t('Used today: {0}'),
    lowCredit: l10n.t('Below your low-credit warning of {0}'),
    loading: l10n.t('Loading…'),
    refreshing: l10n.t('Refreshing…'),
    noKeyTitle: l10n.t('No API key set'),
    noKeyExplain: l10n.t("Set your OpenRouter API key to see your credits. It is kept in VS Code's secret storage."),
    invalidKeyTitle: l10n.t('API key rejected'),
    invalidKeyExplain: l10n.t('OpenRouter rejected the API key: it may be invalid, disabled or expired. Set a new key to continue.'),
    errorTitle: l10n.t("Couldn't load your credits"),
    envKeyNote: l10n.t('Using the API key from an environment variable.'),
    actions: l10n.t('Actions'),
    refresh: l10n.t('Refresh'),
    topUp: l10n.t('Top Up'),
    setKey: l10n.t('Set Key'),
    settings: l10n.t('Settings'),
    details: l10n.t('Details'),
    copySummary: l10n.t('Copy summary'),
    accountHeading: l10n.t('Account'),
    totalCredits: l10n.t('Total credits'),
    totalUsage: l10n.t('Total usage'),
    accountRemaining: l10n.t('Remaining'),
    usagePercent: l10n.t('Used'),
    usageBarLabel: l10n.t('Account credits used'),
    noCreditsPurchased: l10n.t('No credits purchased yet'),
    accountForbidden: l10n.t("This key can't read the account balance."),
    accountUnavailable: l10n.t("OpenRouter didn't return usable account figures for this key."),
    accountError: l10n.t("The account figures couldn't be loaded this time."),
    managementKeyExplain: l10n.t("A management key shows the account's total credits, usage and balance."),
    addManagementKey: l10n.t('Add a management key'),
    keyHeading: l10n.t('API key'),
    keyLabel: l10n.t('Label'),
    keyLimit: l10n.t('Limit'),
    noLimit: l10n.t('No limit'),
    keyRemaining: l10n.t('Remaining'),
    keyLimitUsed: l10n.t('Limit used'),
    keyUsageTotal: l10n.t('Total usage'),
    resetPeriod: l10n.t('Limit resets'),
    resetDaily: l10n.t('Daily'),
    resetWeekly: l10n.t('Weekly'),
    resetMonthly: l10n.t('Monthly'),
    resetNever: l10n.t('Never'),
    expiry: l10n.t('Expiry'),
    expiresIn: l10n.t('Expires {0}'),
    expiredAgo: l10n.t('Expired {0}'),
    noExpiry: l10n.t('No expiry'),
    freeTier: l10n.t('Free tier'),
    managementKey: l10n.t('Management key'),
    yes: l10n.t('Yes'),
    no: l10n.t('No'),
    byokUsage: l10n.t('BYOK usage'),
    byokInLimit: l10n.t('BYOK counted in limit'),
    usageHeading: l10n.t('Usage'),
    today: l10n.t('Today'),
    thisWeek: l10n.t('This week'),
    thisMonth: l10n.t('This month'),
    sinceLastCheck: l10n.t('Since last check'),
    burnHeading: l10n.t('Burn rate and forecast'),
    burnRate: l10n.t('Burn rate'),
    burn24h: l10n.t('Last 24 hours'),
    burn7d: l10n.t('Last 7 days'),
    perDay: l10n.t('{0} / day'),
    forecast: l10n.t('Forecast'),
    forecastDays: l10n.t('Runs out in ~{0} days (around {1})'),
    forecastOneDay: l10n.t('Runs out in ~1 day (around {0})'),
    forecastLessThanDay: l10n.t('Runs out in less than a day (around {0})'),
    forecastNone: l10n.t('Not enough history for a forecast yet'),
    forecastBasis24h: l10n.t('Based on the last 24 hours.'),
    forecastBasis7d: l10n.t('Based on the last 7 days.'),
    forecastBasisKey24h: l10n.t("Based on this key's spending over the last 24 hours."),
    forecastBasisKey7d: l10n.t("Based on this key's spending over the last 7 days."),
    forecastResets: l10n.t('Resets on {0}, before it runs out'),
    forecastNoneGap: l10n.t('No forecast for now: VS Code was closed for part of the recent days'),
    noDataGap: l10n.t('No data: VS Code was closed for part of this period'),
    noDataHistory: l10n.t("No data: the history doesn't reach back far enough yet"),
    historyHeading: l10n.t('History (30 days)'),
    chartTitle: l10n.t('Balance and daily spend, last 30 days'),
    chartDesc: l10n.t('{0} days from {1} to {2}; total spend {3}.'),
    chartDescBalance: l10n.t('Balance went from {0} to {1}.'),
    chartNoData: l10n.t('No history yet'),
    chartDescUnknown: l10n.t('{0} days without data.'),
    legendSpend: l10n.t('Daily spend (left scale)'),
    legendBalance: l10n.t('Balance (right scale)'),
    showDataTable: l10n.t('Show data table'),
    colDay: l10n.t('Day (UTC)'),
    colSpend: l10n.t('Spend'),
    colBalance: l10n.t('Balance'),
    lastUpdated: l10n.t('Last updated {0}'),
    notUpdated: l10n.t('Not updated yet'),
    stale: l10n.t('Data may be out of date'),
    justNow: l10n.t('just now'),
    notAvailable: l10n.t('—'),
    summaryCopied: l10n.t('Credit summary copied to the clipboard'),
  };
}

export type Strings = ReturnType<typeof buildStrings>;
export type StringKey = keyof Strings;

/** The English table (tests, and the page's fallback before the host speaks). */
export const DEFAULT_STRINGS: Strings = /* @__PURE__ */ buildStrings(ENGLISH);

/** Fills `{0}`, `{1}`… in a template; unknown placeholders stay as they are. */
export function fillTemplate(template: string, ...args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (match, i: string) => {
    const n = Number(i);
    return n < args.length ? args[n] : match;
  });
}
