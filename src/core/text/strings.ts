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

/**
 * The whole table: its groups merged into one object (each group a function
 * of its own, so that none grows too long). The order of the keys is the
 * order of the groups.
 */
export function buildStrings(l10n: L10n) {
  return { ...headlineStrings(l10n), ...breakdownStrings(l10n), ...historyStrings(l10n), ...orgStrings(l10n) };
}

/** The headline, the notices, the actions, the account and the key. */
function headlineStrings(l10n: L10n) {
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
    accountAsOf: l10n.t('Figures from'),
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
  };
}

/** Usage, spend by key and by model, the budgets and the weekly report. */
function breakdownStrings(l10n: L10n) {
  return {
    usageHeading: l10n.t('Usage'),
    today: l10n.t('Today'),
    thisWeek: l10n.t('This week'),
    thisMonth: l10n.t('This month'),
    sinceLastCheck: l10n.t('Since last check'),
    scopeAccount: l10n.t("Spend across the account's {0} keys"),
    scopeAccountOne: l10n.t("Spend across the account's 1 key"),
    scopeKey: l10n.t("This key's own spend"),
    scopeHistory: l10n.t("The account's spend, as recorded while VS Code was open"),
    scopeAccountFromHistory: l10n.t("The account's spend from its usage history, which records more than its keys show now (a deleted key's spend)"),
    scopeHistoryKeyFloor: l10n.t("The account's spend, as recorded while VS Code was open; where that does not reach back yet, at least this key's own"),
    fromUsageHistory: l10n.t("From the account's usage history: more than its keys show now"),
    fromKeyOwn: l10n.t("This key's own spend: the account's history does not reach back yet"),
    freeRequests: l10n.t('Free models'),
    freeRequestsLeft: l10n.t('{0} of {1} free requests left today'),
    byKeyHeading: l10n.t('Spend by key'),
    byKeyNote: l10n.t("All the account's keys, disabled ones included; the biggest spender this month first."),
    colKey: l10n.t('Key'),
    colToday: l10n.t('Today'),
    colWeek: l10n.t('This week'),
    colMonth: l10n.t('This month'),
    colLimit: l10n.t('Limit'),
    colRemaining: l10n.t('Remaining'),
    colResets: l10n.t('Resets'),
    keyDisabled: l10n.t('disabled'),
    byKeyNone: l10n.t("The account's keys haven't been loaded yet."),
    byKeyFailed: l10n.t("The account's keys couldn't be loaded."),
    byModelHeading: l10n.t('Spend by model'),
    byModelPeriod: l10n.t('The last 30 completed days (UTC); today is not included yet.'),
    colModel: l10n.t('Model'),
    colShare: l10n.t('Share'),
    colRequests: l10n.t('Requests'),
    colTokens: l10n.t('Tokens'),
    otherModels: l10n.t('Other ({0} models)'),
    otherModelsOne: l10n.t('Other (1 model)'),
    byModelNone: l10n.t("The account's activity hasn't been loaded yet."),
    byModelFailed: l10n.t("The account's activity couldn't be loaded."),
    byModelEmpty: l10n.t('No spend in the last 30 completed days.'),
    breakdownStale: l10n.t("Couldn't refresh: showing the last list"),
    chartMoreModels: l10n.t('{0} more models'),
    budgetsHeading: l10n.t('Budgets'),
    budgetMonth: l10n.t('Monthly budget'),
    budgetWeek: l10n.t('Weekly budget'),
    budgetDay: l10n.t('Daily budget'),
    budgetOfMonth: l10n.t('{0} of {1} this month'),
    budgetOfWeek: l10n.t('{0} of {1} this week'),
    budgetOfDay: l10n.t('{0} of {1} today'),
    budgetPaceToday: l10n.t('Pace for today: {0}'),
    budgetPaceNow: l10n.t('Pace for now: {0}'),
    budgetOnPaceMonth: l10n.t('On pace for {0} by the end of the month'),
    budgetOnPaceWeek: l10n.t('On pace for {0} by the end of the week'),
    budgetOnPaceDay: l10n.t('On pace for {0} by the end of the day'),
    budgetOver: l10n.t('Over budget by {0}'),
    budgetReached: l10n.t('Budget used up'),
    budgetPaceNote: l10n.t('The mark on each bar is where an even spread of the budget would be now.'),
    weekHeading: l10n.t('This week'),
    weekDays: l10n.t('Spend per day, the last 7 days (UTC); today so far'),
    weekByModel: l10n.t('By model, the last 7 completed days (UTC); today is not included yet'),
    weekByModelEmpty: l10n.t('No spend in the last 7 completed days.'),
    weekByKey: l10n.t('By key, this week (UTC, from Monday)'),
    weekToday: l10n.t('{0} (today)'),
    colTotal: l10n.t('Total'),
    legendPace: l10n.t('Budget pace: {0} (dashed)'),
    chartDescPace: l10n.t('A dashed line marks the budget pace of {0}.'),
  };
}

/** Burn rate and forecast, the history chart, the footer and the accounts. */
function historyStrings(l10n: L10n) {
  return {
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
    // Accounts (issue 12): the page's switcher, the tooltip's list, the summary's table.
    accountsHeading: l10n.t('Accounts'),
    accountsLabel: l10n.t('Account to show in this window'),
    colAccount: l10n.t('Account'),
    colKind: l10n.t('Kind'),
    kindManagement: l10n.t('Management key'),
    kindLimited: l10n.t('Limited key'),
    kindUnlimited: l10n.t('Key without limit'),
    kindUnknown: l10n.t('Unknown'),
    accountShown: l10n.t('shown here'),
    accountStale: l10n.t('out of date'),
    accountPinned: l10n.t('This workspace shows {0} (openrouterCredits.account)'),
    accountPinnedShort: l10n.t('Pinned by this workspace'),
    accountShow: l10n.t('Show {0} in this window'),
    accountsTotal: l10n.t('All accounts'),
    accountsUncounted: l10n.t('{0} without a known balance not counted'),
    switchAccountPick: l10n.t('Switch Account'),
    addApiKey: l10n.t('Add API Key'),
    unknownAccountTitle: l10n.t('No account named “{0}”'),
    unknownAccountExplain: l10n.t("This workspace's openrouterCredits.account setting names “{0}”, but no stored API key has that name, so no figures are shown. Add an API key with that name, or change the setting."),
    setLimit: l10n.t('Set Limit…'),
    setLimitFor: l10n.t('Set the limit of {0}…'),
  };
}

/** Organizations and workspaces (issue 20): workspace budgets' warnings, the headroom line, spend by member. */
function orgStrings(l10n: L10n) {
  return {
    createKey: l10n.t('Create Key…'),
    wsBudgetWarnDaily: l10n.t('{0} workspace: daily budget {1} used ({2} of {3})'),
    wsBudgetWarnWeekly: l10n.t('{0} workspace: weekly budget {1} used ({2} of {3})'),
    wsBudgetWarnMonthly: l10n.t('{0} workspace: monthly budget {1} used ({2} of {3})'),
    wsBudgetWarnLifetime: l10n.t('{0} workspace: lifetime budget {1} used ({2} of {3})'),
    wsBudgetOverDaily: l10n.t("OpenRouter refuses the {0} workspace's requests until {1} (daily budget of {2} reached)"),
    wsBudgetOverWeekly: l10n.t("OpenRouter refuses the {0} workspace's requests until {1} (weekly budget of {2} reached)"),
    wsBudgetOverMonthly: l10n.t("OpenRouter refuses the {0} workspace's requests until {1} (monthly budget of {2} reached)"),
    wsBudgetOverLifetime: l10n.t("OpenRouter refuses the {0} workspace's requests (lifetime budget of {1} reached)"),
    layerWorkspaceDaily: l10n.t("the {0} workspace's daily budget"),
    layerWorkspaceWeekly: l10n.t("the {0} workspace's weekly budget"),
    layerWorkspaceMonthly: l10n.t("the {0} workspace's monthly budget"),
    layerWorkspaceLifetime: l10n.t("the {0} workspace's lifetime budget"),
    layerGuardrailDaily: l10n.t("the {0} guardrail's daily budget"),
    layerGuardrailWeekly: l10n.t("the {0} guardrail's weekly budget"),
    layerGuardrailMonthly: l10n.t("the {0} guardrail's monthly budget"),
    layerGuardrailLifetime: l10n.t("the {0} guardrail's lifetime budget"),
    layerWorkspaceUnnamed: l10n.t("the budget of this key's workspace"),
    layerGuardrailUnnamed: l10n.t('a guardrail'),
    layerKeyLimit: l10n.t("this key's limit"),
    headroomLeft: l10n.t('{0} left before {1}'),
    headroomLeftBalance: l10n.t('{0} left before the account balance runs out'),
    headroomBlocked: l10n.t('Requests are refused: {0} is used up'),
    headroomBlockedBalance: l10n.t('Requests are refused: the account balance is used up'),
    headroomResets: l10n.t('{0}; resets {1}'),
    headroomUnknownWith: l10n.t('{0} ({1})'),
    headroomNone: l10n.t('What this key can still spend is not known'),
    unknownOrgAccess: l10n.t('workspace budgets and guardrails unknown for this key'),
    unknownMemberGuardrail: l10n.t('member guardrails unknown'),
    unknownStale: l10n.t('some budgets not yet read for the new period'),
    unknownBalance: l10n.t('account balance unknown'),
    forecastBlockedOn: l10n.t('Is blocked on {0} ({1})'),
    forecastBlockedNow: l10n.t('Blocked now ({0})'),
    workspaceOwnedKeys: l10n.t('Workspace-owned keys'),
    memberUnknown: l10n.t('Creator not known'),
    wsHeading: l10n.t('Spend by workspace'),
    wsBudgetsHeading: l10n.t('Workspace budgets'),
    membersHeading: l10n.t('Spend by member'),
    colWorkspace: l10n.t('Workspace'),
    colMember: l10n.t('Member'),
    colKeys: l10n.t('Keys'),
    colByok: l10n.t('BYOK (paid to your provider, not from credits)'),
    colHeadroom: l10n.t('Headroom'),
    wsBudgetDaily: l10n.t('{0}: daily budget'),
    wsBudgetWeekly: l10n.t('{0}: weekly budget'),
    wsBudgetMonthly: l10n.t('{0}: monthly budget'),
    wsBudgetLifetime: l10n.t('{0}: lifetime budget'),
    wsBudgetOf: l10n.t('{0} of {1}'),
    wsBudgetResets: l10n.t('Resets {0} (UTC)'),
    wsBudgetNoReset: l10n.t('Never resets'),
    wsBudgetOnPace: l10n.t('On pace for {0} by the reset'),
    wsBudgetRefused: l10n.t("OpenRouter refuses this workspace's requests"),
    filterWorkspace: l10n.t('Workspace:'),
    filterAll: l10n.t('All workspaces'),
    showMore: l10n.t('Show more ({0} more)'),
    sortBy: l10n.t('Sort by {0}'),
    renameKey: l10n.t('Rename…'),
    disableKey: l10n.t('Disable'),
    enableKey: l10n.t('Enable'),
    deleteKey: l10n.t('Delete…'),
    renameKeyFor: l10n.t('Rename {0}…'),
    disableKeyFor: l10n.t('Disable {0}'),
    enableKeyFor: l10n.t('Enable {0}'),
    deleteKeyFor: l10n.t('Delete {0}…'),
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
