// Workspace budget warnings across windows (issue 20): what fires is shown in
// the focused window at once, else queued in the shared state for the first
// window to gain focus, like the account's own alerts (alertQueue.ts). A
// queued warning that was snoozed or dismissed meanwhile, or is older than
// PENDING_ALERT_TTL_MS, is dropped. No `vscode` import here.
import { PENDING_ALERT_TTL_MS } from './alertQueue';
import type { WorkspaceBudgetAlert, WorkspaceBudgetAlertState } from '../org/workspaceBudgets';

export interface PendingWorkspaceAlert {
  alert: WorkspaceBudgetAlert;
  at: number;
}

function muted(state: WorkspaceBudgetAlertState | undefined, kind: string, now: number): boolean {
  const m = state?.marks[kind];
  return !!m && (m.suppressed === true || (m.snoozedUntil !== undefined && m.snoozedUntil > now));
}

/** The warnings to show in this window now, and what stays queued (undefined: nothing). One per kind, the newest. */
export function routeWorkspaceAlerts(
  queued: readonly PendingWorkspaceAlert[] | undefined,
  fresh: readonly WorkspaceBudgetAlert[],
  state: WorkspaceBudgetAlertState | undefined,
  focused: boolean,
  now: number,
): { show: WorkspaceBudgetAlert[]; pending: PendingWorkspaceAlert[] | undefined } {
  const byKind = new Map<string, PendingWorkspaceAlert>();
  for (const p of queued ?? []) {
    if (now - p.at >= PENDING_ALERT_TTL_MS || now < p.at - PENDING_ALERT_TTL_MS || muted(state, p.alert.kind, now)) continue;
    byKind.set(p.alert.kind, p);
  }
  for (const a of fresh) byKind.set(a.kind, { alert: a, at: now });
  const all = [...byKind.values()];
  if (focused) return { show: all.map(p => p.alert), pending: undefined };
  return { show: [], pending: all.length ? all : undefined };
}

function isAlert(v: unknown): v is WorkspaceBudgetAlert {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  return typeof a.kind === 'string' && a.kind.startsWith('workspaceBudget:') && (a.level === 'warn' || a.level === 'over')
    && typeof a.workspaceId === 'string' && typeof a.workspaceName === 'string'
    && (a.interval === null || a.interval === 'daily' || a.interval === 'weekly' || a.interval === 'monthly')
    && num(a.spendUsd) && num(a.limitUsd) && (a.resetsAt === undefined || num(a.resetsAt));
}

/** A stored queue, its invalid entries dropped; undefined when empty or not a list. */
export function sanitizePendingWorkspace(raw: unknown): PendingWorkspaceAlert[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out = raw.filter((p): p is PendingWorkspaceAlert => typeof p === 'object' && p !== null && isAlert((p as PendingWorkspaceAlert).alert)
    && typeof (p as PendingWorkspaceAlert).at === 'number' && Number.isFinite((p as PendingWorkspaceAlert).at));
  return out.length ? out : undefined;
}
