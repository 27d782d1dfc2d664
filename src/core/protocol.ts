// Message protocol between the details webview (media/details.js) and the
// extension, plus the view state it renders. Pure TypeScript: no `vscode` import.
//
// Everything that crosses the boundary is JSON-serializable. The webview never
// receives the API key: only the snapshot figures, derived usage and strings.

import type { CreditSnapshot, DerivedUsage } from './types';

export type ViewStatus = 'loading' | 'ok' | 'noKey' | 'invalidKey' | 'error';

export interface DetailsState {
  status: ViewStatus;
  /** Last good snapshot (kept when a refresh fails). */
  snapshot?: CreditSnapshot;
  derived?: DerivedUsage;
  /** Last refresh failed, or the data is older than 2 refresh intervals. */
  stale: boolean;
  /** Already localized; never contains the key. */
  error?: { kind: string; message: string };
  /** Epoch ms of snapshot.fetchedAt. */
  lastUpdated?: number;
  keySource: 'secret' | 'env' | 'none';
  lowCreditThreshold: number;
  /** Epoch ms when the state was built (the page's notion of "now"). */
  now: number;
}

/** The buttons of the page. */
export const WEBVIEW_COMMANDS = ['refresh', 'topUp', 'setKey', 'settings', 'copySummary', 'addManagementKey'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** Extension → webview. `init` is sent first (after every `ready`), then `state`. */
export type ToWebview =
  | { type: 'init'; strings: Record<string, string>; locale: string }
  | { type: 'state'; state: DetailsState };

/**
 * Webview → extension.
 * - ready: the page script is running and wants init + state;
 * - command: a button was pressed;
 * - rendered: a `state` message has been rendered and painted
 *   (`at` = Date.now() in the webview, after the next animation frame).
 */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'command'; command: WebviewCommand }
  | { type: 'rendered'; at: number };

function isPlainRecord(m: unknown): m is Record<string, unknown> {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const proto = Object.getPrototypeOf(m);
  return proto === Object.prototype || proto === null;
}

function hasExactKeys(m: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(m);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(m, k));
}

export function isWebviewCommand(c: unknown): c is WebviewCommand {
  return typeof c === 'string' && (WEBVIEW_COMMANDS as readonly string[]).includes(c);
}

/** Strict validation of a message from the webview: known type, exact keys, valid values. */
export function isFromWebview(m: unknown): m is FromWebview {
  if (!isPlainRecord(m)) return false;
  switch (m.type) {
    case 'ready':
      return hasExactKeys(m, ['type']);
    case 'command':
      return hasExactKeys(m, ['type', 'command']) && isWebviewCommand(m.command);
    case 'rendered':
      return hasExactKeys(m, ['type', 'at']) && typeof m.at === 'number' && Number.isFinite(m.at) && m.at >= 0;
    default:
      return false;
  }
}

/**
 * English texts of the page and of the copied summary, by key. The extension
 * sends a localized copy (vscode.l10n.t) in `init`; `{0}`, `{1}`… are
 * placeholders filled in by the page.
 */
export const DEFAULT_STRINGS = {
  title: 'OpenRouter Credits',
  spendableBalance: 'Spendable balance',
  bindingKey: "Limited by this key's limit",
  bindingAccount: 'Account balance',
  balanceUnknown: 'Balance unknown',
  balanceUnknownExplain: "This key has no spending limit and the account balance isn't available to it.",
  usedToday: 'Used today: {0}',
  lowCredit: 'Below your low-credit warning of {0}',
  loading: 'Loading…',
  refreshing: 'Refreshing…',
  noKeyTitle: 'No API key set',
  noKeyExplain: "Set your OpenRouter API key to see your credits. It is kept in VS Code's secret storage.",
  invalidKeyTitle: 'API key rejected',
  invalidKeyExplain: 'OpenRouter rejected the API key: it may be invalid, disabled or expired. Set a new key to continue.',
  errorTitle: "Couldn't load your credits",
  envKeyNote: 'Using the API key from an environment variable.',
  actions: 'Actions',
  refresh: 'Refresh',
  topUp: 'Top Up',
  setKey: 'Set Key',
  settings: 'Settings',
  copySummary: 'Copy summary',
  accountHeading: 'Account',
  totalCredits: 'Total credits',
  totalUsage: 'Total usage',
  accountRemaining: 'Remaining',
  usagePercent: 'Used',
  usageBarLabel: 'Account credits used',
  noCreditsPurchased: 'No credits purchased yet',
  accountForbidden: "This key can't read the account balance.",
  accountUnavailable: "OpenRouter didn't return usable account figures for this key.",
  accountError: "The account figures couldn't be loaded this time.",
  managementKeyExplain: "A management key shows the account's total credits, usage and balance.",
  addManagementKey: 'Add a management key',
  keyHeading: 'API key',
  keyLabel: 'Label',
  keyLimit: 'Limit',
  noLimit: 'No limit',
  keyRemaining: 'Remaining',
  keyLimitUsed: 'Limit used',
  keyUsageTotal: 'Total usage',
  resetPeriod: 'Limit resets',
  resetDaily: 'Daily',
  resetWeekly: 'Weekly',
  resetMonthly: 'Monthly',
  resetNever: 'Never',
  expiry: 'Expiry',
  expiresIn: 'Expires {0}',
  expiredAgo: 'Expired {0}',
  noExpiry: 'No expiry',
  freeTier: 'Free tier',
  managementKey: 'Management key',
  yes: 'Yes',
  no: 'No',
  byokUsage: 'BYOK usage',
  byokInLimit: 'BYOK counted in limit',
  usageHeading: 'Usage',
  today: 'Today',
  thisWeek: 'This week',
  thisMonth: 'This month',
  sinceLastCheck: 'Since last check',
  burnHeading: 'Burn rate and forecast',
  burn24h: 'Last 24 hours',
  burn7d: 'Last 7 days',
  perDay: '{0} / day',
  forecastDays: 'Runs out in ~{0} days (around {1})',
  forecastOneDay: 'Runs out in ~1 day (around {0})',
  forecastLessThanDay: 'Runs out in less than a day (around {0})',
  forecastNone: 'Not enough history for a forecast yet',
  forecastBasis24h: 'Based on the last 24 hours.',
  forecastBasis7d: 'Based on the last 7 days.',
  historyHeading: 'History (30 days)',
  chartTitle: 'Balance and daily spend, last 30 days',
  chartDesc: '{0} days from {1} to {2}; total spend {3}.',
  chartDescBalance: 'Balance went from {0} to {1}.',
  chartNoData: 'No history yet',
  legendSpend: 'Daily spend (left scale)',
  legendBalance: 'Balance (right scale)',
  showDataTable: 'Show data table',
  colDay: 'Day (UTC)',
  colSpend: 'Spend',
  colBalance: 'Balance',
  lastUpdated: 'Last updated {0}',
  notUpdated: 'Not updated yet',
  stale: 'Data may be out of date',
  notAvailable: '—',
  summaryCopied: 'Credit summary copied to the clipboard',
} as const satisfies Record<string, string>;

export type StringKey = keyof typeof DEFAULT_STRINGS;
export type Strings = Record<StringKey, string>;

/** Fills `{0}`, `{1}`… in a template; unknown placeholders stay as they are. */
export function fillTemplate(template: string, ...args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (match, i: string) => {
    const n = Number(i);
    return n < args.length ? args[n] : match;
  });
}
