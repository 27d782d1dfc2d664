// The shared state's shape (state.json, and the start-up cache in
// globalState): every field of SharedState with its check. A part that fails
// is dropped whole (a snapshot, a breakdown: never half of one, which would
// show a wrong figure) and named in `problems`, so that the glue can set the
// file aside and write what is left. No `vscode` import here.

import { sanitizePending, type PendingAlert } from '../alerts/alertQueue';
import { sanitizePendingWorkspace } from '../alerts/workspaceQueue';
import { readWorkspaceAlertState } from '../org/workspaceBudgets';
import { ALERT_KINDS, ThresholdEngine, type Alert, type AlertKind, type KindState, type ThresholdState } from '../alerts/thresholds';
import type { BudgetPeriodState, BudgetState } from '../money/budgets';
import { sanitizeForbiddenState, type CreditsForbiddenState } from '../openrouter/client';
import { bool, epochMs, finite, hex16, isAccountBreakdown, isCreditSnapshot, isObject, listOf, oneOf, optional, shape, text, utcDay, type Check } from '../shapes';
import { parseLease, type FocusRecord } from './lease';
import type { SharedError, SharedState } from './sharedState';

const isKindState = shape<KindState>({
  armed: bool,
  threshold: optional(finite),
  lastValue: optional(finite),
  snoozedUntil: optional(epochMs),
  suppressed: optional(bool),
  lastFiredAt: optional(epochMs),
});

/** Kinds this version does not know (a newer window's) are not looked at: the engine drops them. */
const isThresholdState = shape<ThresholdState>({
  v: oneOf(1),
  kinds: v => isObject(v) && Object.entries(v).every(([k, s]) => !ALERT_KINDS.includes(k as AlertKind) || isKindState(s)),
});

const isPeriodState = optional(shape<BudgetPeriodState>({ period: text, budget: finite, fired: oneOf(0, 1, 2) }));
const isBudgetState = shape<BudgetState>({ day: isPeriodState, week: isPeriodState, month: isPeriodState });

const isPending = shape<PendingAlert>({
  alert: shape<Alert>({ kind: oneOf(...ALERT_KINDS), value: finite, threshold: finite }),
  at: epochMs,
});

/** The engine's sanitized state without the kinds that still fail their check (a time a Date cannot hold). */
function validKinds(t: ThresholdState): ThresholdState {
  return { v: 1, kinds: Object.fromEntries(Object.entries(t.kinds).filter(([, k]) => isKindState(k))) };
}

export const isSharedError = shape<SharedError>({ kind: text, message: text, status: optional(finite), at: epochMs });

const FIELDS: Record<keyof SharedState, Check> = {
  v: oneOf(1),
  snapshot: optional(isCreditSnapshot),
  error: optional(isSharedError),
  keyGen: finite,
  keyId: optional(hex16),
  thresholds: optional(isThresholdState),
  budgets: optional(isBudgetState),
  reportDay: optional(utcDay),
  thresholdsAsOf: optional(epochMs),
  pendingAlerts: optional(listOf(isPending)),
  // Read leniently (readWorkspaceAlertState / sanitizePendingWorkspace drop the invalid parts).
  workspaceAlerts: optional(isObject),
  pendingWorkspaceAlerts: optional(Array.isArray),
  creditsForbidden: optional(shape<CreditsForbiddenState>({ fingerprint: hex16, at: epochMs })),
  breakdown: optional(isAccountBreakdown),
  recheckKey: optional(bool),
  attemptAt: optional(epochMs),
  retry: optional(shape<NonNullable<SharedState['retry']>>({ at: epochMs, failures: finite, delayMs: optional(nonNegativeMs) })),
  refusedBaseUrl: optional(text),
  writer: optional(text),
  updatedAt: epochMs,
};

function nonNegativeMs(v: unknown): boolean {
  return finite(v) && (v as number) >= 0;
}

const REQUIRED: readonly (keyof SharedState)[] = ['v', 'keyGen', 'updatedAt'];

export interface CheckedState {
  /** Undefined when the value is not a state at all (not an object, or v / keyGen / updatedAt wrong). */
  state?: SharedState;
  /** The fields that failed their check (and were dropped). */
  problems: string[];
}

/**
 * A shared state read back from a file: each field checked, a failing one
 * dropped (undefined) and named. Fields this version does not know are kept
 * as they are (a newer window's). Never throws.
 */
export function checkSharedState(raw: unknown): CheckedState {
  if (!isObject(raw)) return { problems: ['state'] };
  const problems = (Object.keys(FIELDS) as (keyof SharedState)[]).filter(k => !FIELDS[k](raw[k]));
  if (problems.some(k => REQUIRED.includes(k))) return { problems };
  const s = { ...raw } as unknown as SharedState;
  // The thresholds keep their valid kinds (snoozes, "don't show again"): the engine drops the rest.
  for (const k of problems) if (k !== 'thresholds') delete (s as unknown as Record<string, unknown>)[k];
  const state: SharedState = {
    ...s,
    thresholds: s.thresholds === undefined || s.thresholds === null ? undefined : validKinds(new ThresholdEngine(s.thresholds).toJSON()),
    creditsForbidden: sanitizeForbiddenState(s.creditsForbidden),
    pendingAlerts: sanitizePending(s.pendingAlerts),
    ...(s.workspaceAlerts ? { workspaceAlerts: readWorkspaceAlertState(s.workspaceAlerts) } : {}),
    ...(s.pendingWorkspaceAlerts ? { pendingWorkspaceAlerts: sanitizePendingWorkspace(s.pendingWorkspaceAlerts) } : {}),
    recheckKey: s.recheckKey === true || undefined,
    retry: s.retry && { at: s.retry.at, failures: s.retry.failures, ...(s.retry.delayMs === undefined ? {} : { delayMs: s.retry.delayMs }) },
  };
  return { state, problems };
}

// --- the root's small files ---------------------------------------------------

/** Whether focus.json's text has the wrong shape: not JSON, not an object of `{ focused, at }` records by window id. */
export function focusFileBad(text: string | undefined): boolean {
  if (text === undefined) return false;
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return true; }
  return !isObject(raw) || !Object.values(raw).every(shape<FocusRecord>({ focused: bool, at: epochMs }));
}

/** Whether the poller lease's text has the wrong shape (lease.ts parseLease() reads it). */
export function leaseFileBad(text: string | undefined): boolean {
  return text !== undefined && parseLease(text) === undefined;
}

/** The salt file holds 32 hex digits (16 random bytes); anything else is not a salt. */
export function isSalt(text: string): boolean {
  return /^[0-9a-f]{32}$/.test(text.trim());
}
