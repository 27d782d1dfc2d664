// The state that all windows share (one file in the extension's global
// storage, see src/vscode/sync/sharedStore.ts), typed and validated. No `vscode`
// import here.

import type { PendingAlert } from '../alerts/alertQueue';
import type { CreditsForbiddenState } from '../openrouter/client';
import type { ThresholdState } from '../alerts/thresholds';
import type { PendingWorkspaceAlert } from '../alerts/workspaceQueue';
import type { WorkspaceBudgetAlertState } from '../org/workspaceBudgets';
import type { BudgetState } from '../money/budgets';
import { buildSnapshot } from '../money/model';
import type { AccountBreakdown, CreditSnapshot } from '../types';
import { checkSharedState, type CheckedState } from './fileShapes';

export interface SharedError {
  kind: string;
  message: string;
  status?: number;
  at: number;
}

export interface SharedState {
  v: 1;
  /** Last good snapshot; kept when a refresh fails. */
  snapshot?: CreditSnapshot;
  /** Error of the last refresh, if it failed. */
  error?: SharedError;
  /** Bumped whenever the key is set or cleared in any window. */
  keyGen: number;
  /**
   * Whose state this is: keyId() of the key that the snapshot, the error, the
   * thresholds and the queued alerts belong to. A window whose key has another
   * id does not show them as its own.
   */
  keyId?: string;
  /** The threshold engine's state (crossings, snoozes, "don't show again"). */
  thresholds?: ThresholdState;
  /** The budgets' state: which marks fired in which period (core/budgets.ts). */
  budgets?: BudgetState;
  /** The UTC day the daily report was last shown for (core/report.ts). */
  reportDay?: string;
  /** fetchedAt of the snapshot the thresholds last evaluated: a window evaluates a reading no window evaluated yet. */
  thresholdsAsOf?: number;
  /** Alerts found while no window was focused: the first window to gain focus shows them (core/alertQueue.ts). */
  pendingAlerts?: PendingAlert[];
  /** The workspace budgets' warnings: which marks fired in which period, snoozes, "don't show again" (org/workspaceBudgets.ts). */
  workspaceAlerts?: WorkspaceBudgetAlertState;
  /** Workspace budget warnings found while no window was focused (alerts/workspaceQueue.ts). */
  pendingWorkspaceAlerts?: PendingWorkspaceAlert[];
  /** The client's memory of a /credits 403 (a key fingerprint, no key material). */
  creditsForbidden?: CreditsForbiddenState;
  /** Where the money goes (management key): the account's keys and activity, with their ages. */
  breakdown?: AccountBreakdown;
  /** An endpoint answered 401 while /key was not asked: ask /key at the next refresh. */
  recheckKey?: boolean;
  /** When the last refresh attempt ended (epoch ms), success or not. */
  attemptAt?: number;
  /**
   * While refreshes fail: when the poller's next attempt is due (its back-off
   * or Retry-After) and how many failed in a row. A window that takes over the
   * lease continues from there instead of polling early. Cleared by a success.
   */
  retry?: RetryState;
  /** An API base URL the user was already told is refused. */
  refusedBaseUrl?: string;
  /** Window that wrote this state. */
  writer?: string;
  updatedAt: number;
}

/** A back-off in force: when the next attempt is due (epoch ms), after how many failures, and the delay planned then. */
export interface RetryState {
  at: number;
  failures: number;
  /** The delay planned when `at` was written: the wait left is never longer (a clock set back). */
  delayMs?: number;
}

export const EMPTY_STATE: SharedState = { v: 1, keyGen: 0, updatedAt: 0 };

/** How long a back-off still runs at `now`: at most the delay it was planned with, however the clock moved. */
export function retryWaitMs(retry: RetryState, now: number): number {
  return Math.max(0, Math.min(retry.at - now, retry.delayMs ?? Infinity));
}

/**
 * The state with no time in the future held against `now` (written before the
 * system clock was set back): a last attempt or "thresholds evaluated up to" in
 * the future is forgotten (so the next reading is evaluated), and a back-off
 * is due at most its planned delay from now.
 */
export function withoutFuture(s: SharedState, now: number): SharedState {
  const out = { ...s };
  if (out.attemptAt !== undefined && out.attemptAt > now) out.attemptAt = undefined;
  if (out.thresholdsAsOf !== undefined && out.thresholdsAsOf > now) out.thresholdsAsOf = undefined;
  const r = out.retry;
  if (r?.delayMs !== undefined && r.at - now > r.delayMs) out.retry = { ...r, at: now + r.delayMs };
  return out;
}

/**
 * The shared file's text, checked field by field (fileShapes.ts): undefined
 * when it is not a state at all; a part of the wrong shape is dropped and
 * named in `problems`. Given `now`, no time in the future holds anything up
 * (withoutFuture()). Never throws.
 */
export function readSharedState(text: string, now?: number): CheckedState {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return { problems: ['json'] }; }
  const checked = checkSharedState(raw);
  return checked.state && now !== undefined ? { ...checked, state: withoutFuture(checked.state, now) } : checked;
}

/** What one refresh attempt found. */
export interface Attempt {
  /** keyGen when the attempt started: another window may replace the key meanwhile. */
  startKeyGen: number;
  /** keyId() of the key the attempt used. */
  keyId: string;
  at: number;
  snapshot?: CreditSnapshot;
  error?: SharedError;
  creditsForbidden?: CreditsForbiddenState;
  /** The account's breakdown after this attempt (management key); undefined = unchanged. */
  breakdown?: AccountBreakdown;
  /** Ask /key at the next refresh (a 401 somewhere while /key was reused). */
  recheckKey?: boolean;
}

/**
 * A snapshot whose /credits failed (accountStatus 'error') keeps the key's new
 * figures and takes the last good account figures from `prev`, marked with
 * when they were fetched (`accountAsOf`); the spendable amount is recomputed
 * from both. Without earlier account figures it stays as it is.
 */
export function withLastAccount(snap: CreditSnapshot, prev: CreditSnapshot | undefined): CreditSnapshot {
  if (snap.accountStatus !== 'error' || !prev?.account) return snap;
  const merged = buildSnapshot(snap.key, { totalCredits: prev.account.totalCredits, totalUsage: prev.account.totalUsage }, 'known', snap.fetchedAt);
  return { ...merged, accountStatus: 'error', accountError: snap.accountError, accountAsOf: prev.accountAsOf ?? prev.fetchedAt };
}

/**
 * The shared state after a refresh attempt: a success replaces the snapshot
 * and clears the error; a failure keeps the last good snapshot and records the
 * error. When only /credits failed (the attempt has an error and a snapshot),
 * the key's figures are new and the account's are the last good ones, stale.
 * Undefined when another window replaced the key meanwhile: its state wins.
 */
export function afterAttempt(s: SharedState, a: Attempt): SharedState | undefined {
  if (s.keyGen !== a.startKeyGen) return undefined;
  // State of another key (a restart with another OPENROUTER_API_KEY) is not this key's: drop it.
  const own: SharedState = s.keyId === a.keyId ? s : forKey(s, a.keyId);
  const next: SharedState = { ...own, attemptAt: a.at, creditsForbidden: a.creditsForbidden, breakdown: a.breakdown ?? own.breakdown,
    // A refresh that failed before /key answered asks /key again next time.
    recheckKey: a.recheckKey || (a.error && !a.snapshot ? own.recheckKey : undefined) || undefined };
  if (a.error && a.snapshot) return { ...next, snapshot: withLastAccount(a.snapshot, own.snapshot), error: a.error };
  return a.error ? { ...next, error: a.error } : { ...next, snapshot: a.snapshot, error: undefined };
}

/** The state handed to another key: nothing of the old key's readings, warnings or back-off stays. */
export function forKey(s: SharedState, keyId: string | undefined): SharedState {
  return { ...s, keyId, snapshot: undefined, error: undefined, attemptAt: undefined, thresholds: undefined, thresholdsAsOf: undefined, pendingAlerts: undefined, workspaceAlerts: undefined, pendingWorkspaceAlerts: undefined, retry: undefined, breakdown: undefined, recheckKey: undefined, budgets: undefined };
}

/**
 * The state a checked key starts with: the key check's answer is its first
 * figure (and its last poll), so the status bar shows it at once and no
 * second request is due for it.
 */
export function checkedKeyState(s: SharedState, keyId: string | undefined, snapshot: CreditSnapshot, now: number): SharedState {
  return { ...forKey(s, keyId), snapshot: { ...snapshot, keyAt: snapshot.fetchedAt }, attemptAt: now };
}

