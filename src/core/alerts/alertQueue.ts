// Where a threshold alert shows: in the focused window. Any window may find a
// crossing (every window evaluates the shared readings), but the alert is
// queued in the shared state and taken by a focused window: at once when the
// finding window is focused, otherwise by the first window to gain focus.
// Both steps run inside one locked update of the shared state, so an alert is
// taken, and shown, once across all windows. No `vscode` import here.

import { ALERT_KINDS, ENGINE_KINDS, snoozeHolds, type Alert, type AlertKind, type ThresholdState } from './thresholds';

export interface PendingAlert {
  alert: Alert;
  /** When the crossing was found (epoch ms). */
  at: number;
}

/** An alert nobody took within this time is dropped: its news is old. */
export const PENDING_ALERT_TTL_MS = 12 * 60 * 60 * 1000;

function isAlert(v: unknown): v is Alert {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return ALERT_KINDS.includes(a.kind as AlertKind) && Number.isFinite(a.value) && Number.isFinite(a.threshold);
}

/** The queue as read from the shared file: anything malformed is dropped. */
export function sanitizePending(raw: unknown): PendingAlert[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out = raw.filter((p): p is PendingAlert => typeof p === 'object' && p !== null
    && isAlert((p as PendingAlert).alert) && Number.isFinite((p as PendingAlert).at));
  return out.length ? out.map(p => ({ alert: { kind: p.alert.kind, value: p.alert.value, threshold: p.alert.threshold }, at: p.at })) : undefined;
}

/**
 * Still news: not expired, and the engine has not since re-armed the kind (the
 * value recovered), snoozed or dismissed it.
 */
function stillDue(p: PendingAlert, thresholds: ThresholdState | undefined, now: number): boolean {
  if (now - p.at >= PENDING_ALERT_TTL_MS) return false;
  const k = thresholds?.kinds[p.alert.kind];
  if (!k) return true;
  // Only the engine's own kinds re-arm when their value recovers; the budgets and the report keep
  // their state elsewhere (a snooze leaves `armed` set on them for good).
  const recovered = (ENGINE_KINDS as readonly AlertKind[]).includes(p.alert.kind) && k.armed;
  return !recovered && !k.suppressed && !snoozeHolds(k.snoozedUntil, now);
}

export interface Routed {
  /** What stays queued for a focused window. */
  pending: PendingAlert[] | undefined;
  /** What this window shows now, oldest first. */
  show: Alert[];
}

/**
 * The routing decision. `queued` is the shared queue, `fresh` what this
 * window's evaluation just found, `thresholds` the engine state after it. A
 * newer alert of a kind replaces a queued one of the same kind. A focused
 * window takes everything still due; an unfocused one leaves it queued.
 */
export function routeAlerts(
  queued: readonly PendingAlert[] | undefined,
  fresh: readonly Alert[],
  thresholds: ThresholdState | undefined,
  focused: boolean,
  now: number,
): Routed {
  const byKind = new Map<AlertKind, PendingAlert>();
  for (const p of queued ?? []) {
    if (stillDue(p, thresholds, now)) byKind.set(p.alert.kind, p);
  }
  for (const a of fresh) byKind.set(a.kind, { alert: a, at: now });
  const due = [...byKind.values()].sort((x, y) => x.at - y.at);
  if (!focused) return { pending: due.length ? due : undefined, show: [] };
  return { pending: undefined, show: due.map(p => p.alert) };
}
