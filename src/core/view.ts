// The view model: one pure function from the shared state, the history, the
// settings and `now` to everything the status bar, the details page, the
// summary and the public API show. The controller computes it once per change;
// every surface reads the same object. No `vscode` import here.

import { errorMessage } from './messages';
import type { Settings } from './settings';
import type { SharedError } from './sharedState';
import { derive } from './spend';
import type { L10n } from './strings';
import type { CreditSnapshot, DerivedUsage, HistoryPoint } from './types';

export type ViewStatus = 'loading' | 'ok' | 'noKey' | 'invalidKey' | 'error';
export type KeySource = 'secret' | 'env' | 'none';

/** JSON-serializable: the page receives it as it is. Never holds the key. */
export interface View {
  status: ViewStatus;
  /** Last good snapshot (kept when a refresh fails); none without a key. */
  snapshot?: CreditSnapshot;
  derived?: DerivedUsage;
  /** Already localized; never contains the key. */
  error?: { kind: string; message: string; status?: number };
  /** The last refresh failed, or the data is older than 2 refresh intervals. */
  stale: boolean;
  keySource: KeySource;
  settings: Settings;
  /** This window polls for all windows. */
  isPoller: boolean;
  /** A refresh that the user asked for (command, page button, API) is out. */
  refreshing: boolean;
  /** Epoch ms the view was computed at (the page's notion of "now"). */
  now: number;
}

export interface ViewInput {
  snapshot?: CreditSnapshot;
  /** The last refresh's error, or a refused base URL. */
  error?: Pick<SharedError, 'kind' | 'message' | 'status'>;
  /** Undefined until SecretStorage has answered. */
  keySource?: KeySource;
  points: readonly HistoryPoint[];
  settings: Settings;
  /** Some VS Code window is focused (polling is 4× slower otherwise). */
  focused: boolean;
  isPoller: boolean;
  /** A manual refresh is out. */
  refreshing?: boolean;
  now: number;
}

export const UNFOCUSED_SLOWDOWN = 4;

export function buildView(input: ViewInput, l10n: L10n): View {
  const { error: err, keySource } = input;
  let status: ViewStatus;
  if (keySource === undefined) status = 'loading';
  else if (keySource === 'none') status = 'noKey';
  else if (err?.kind === 'invalidKey') status = 'invalidKey';
  else if (err) status = 'error';
  else if (input.snapshot) status = 'ok';
  else status = 'loading';
  const snapshot = status === 'noKey' ? undefined : input.snapshot;
  const intervalMs = input.settings.refreshIntervalSeconds * 1000 * (input.focused ? 1 : UNFOCUSED_SLOWDOWN);
  const old = !!snapshot && input.now - snapshot.fetchedAt > 2 * intervalMs;
  const error = err && status !== 'noKey'
    ? { kind: err.kind, message: errorMessage(l10n, err.kind, err.message, err.status), status: err.status }
    : undefined;
  return {
    status,
    snapshot,
    derived: snapshot ? derive(snapshot, input.points, input.now) : undefined,
    error,
    stale: !!snapshot && (!!error || old),
    keySource: keySource ?? 'none',
    settings: input.settings,
    isPoller: input.isPoller,
    refreshing: !!input.refreshing && keySource !== 'none',
    now: input.now,
  };
}

// --- figures every surface shows the same way ----------------------------------

/**
 * Spend today / this week / this month as derive() gives it: undefined when it
 * cannot be placed (d.unknownReasons says why), never a stand-in. Without
 * derived figures at all, the key's own.
 */
export function periodSpend(s: CreditSnapshot, d: DerivedUsage | undefined): { today?: number; week?: number; month?: number } {
  if (!d) return { today: s.key.usageDaily, week: s.key.usageWeekly, month: s.key.usageMonthly };
  return { today: d.spendToday, week: d.spendThisWeek, month: d.spendThisMonth };
}

/** The burn rate the forecast uses: 7 days when known, else 24 hours. */
export function burnRate(d: DerivedUsage | undefined): number | undefined {
  return d?.burnRate7d ?? d?.burnRate24h;
}

/** Below the low-credit warning (never when the warning is off or the balance unknown). */
export function isLowCredit(s: CreditSnapshot, lowCreditThreshold: number): boolean {
  return s.spendable !== undefined && lowCreditThreshold > 0 && s.spendable < lowCreditThreshold;
}

/** Out of credits: OpenRouter answered 402, or nothing is left to spend. */
export function isOutOfCredits(v: Pick<View, 'snapshot' | 'error'>): boolean {
  return v.error?.kind === 'outOfCredits' || (v.snapshot?.spendable !== undefined && v.snapshot.spendable <= 0);
}
