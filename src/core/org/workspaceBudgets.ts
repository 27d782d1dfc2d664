// Workspace budgets (issue 20): how each budget of each workspace stands (its
// spend is the sum of the workspace's keys for the period, BYOK only when the
// workspace counts it), and the warnings at budgetWarningPercent and at
// 100 %, once per crossing across windows, re-armed each period and when the
// limit changes. OpenRouter refuses the workspace's requests (403) once its
// spend meets a budget. No `vscode` import here.
//
// Alert kinds: `workspaceBudget:<workspaceId>:<daily|weekly|monthly|lifetime>:<warn|over>`.
// AlertKind (alerts/thresholds.ts) is a closed union and the ThresholdEngine
// drops kinds it does not know when it reads its state, so these kinds keep
// their snooze and "don't show again" in their own state
// (WorkspaceBudgetAlertState, a new field of the shared state): the existing
// threshold files stay valid as they are. The mark and the 100 % are two
// kinds, as lowCredit and outOfCredits are: dismissing "88 % used" never
// hides "OpenRouter refuses the workspace's requests".

import type { AccountKey } from '../types';
import { INTERVAL_ORDER, intervalName, intervalPace, intervalPeriodKey, intervalResetsAt, keysSpend, type IntervalName } from './periods';
import type { BudgetInterval, OrgData } from './types';
import { keysByWorkspace } from './workspaceSpend';

export interface WorkspaceBudgetStatus {
  workspaceId: string;
  /** Outside text: never markup. */
  workspaceName: string;
  interval: BudgetInterval;
  limitUsd: number;
  /** The workspace's spend in the period (BYOK included when byokIncluded); undefined when the keys' figures are of an earlier period. */
  spendUsd?: number;
  byokIncluded: boolean;
  /** spend / limit (may exceed 1); undefined when unknown or the limit is 0. */
  used?: number;
  /** limit - spend (≤ 0: refused). */
  remainingUsd?: number;
  /** Share of the period gone (where an even pace would be); undefined for lifetime. */
  pace?: number;
  /** Spend at the period's end at the pace so far (under 5 % of the period: undefined). */
  projectedUsd?: number;
  /** Epoch ms of the next reset; undefined for lifetime (never). */
  resetsAt?: number;
  /** Spend meets the limit: OpenRouter refuses the workspace's requests. */
  over: boolean;
  keyCount: number;
}

/** Every budget of every listed workspace, workspaces in list order, intervals daily → lifetime. `asOf`: when the keys were read. */
export function workspaceBudgetStatus(org: OrgData | undefined, keys: readonly AccountKey[], now: number, asOf?: number): WorkspaceBudgetStatus[] {
  const workspaces = org?.workspaces;
  if (!workspaces || !org.budgets?.length) return [];
  const groups = keysByWorkspace(keys, workspaces);
  const out: WorkspaceBudgetStatus[] = [];
  for (const w of workspaces) {
    const ks = groups.get(w.id) ?? [];
    const budgets = org.budgets.filter(b => b.workspaceId === w.id && Number.isFinite(b.limitUsd));
    budgets.sort((a, b) => INTERVAL_ORDER.indexOf(a.interval) - INTERVAL_ORDER.indexOf(b.interval));
    for (const b of budgets) {
      const spend = keysSpend(ks, b.interval, w.includeByokInBudgets, asOf, now);
      const pace = intervalPace(b.interval, now);
      const s: WorkspaceBudgetStatus = {
        workspaceId: w.id, workspaceName: w.name, interval: b.interval, limitUsd: b.limitUsd, byokIncluded: w.includeByokInBudgets,
        over: spend !== undefined ? spend >= b.limitUsd : false, keyCount: ks.length,
      };
      if (spend !== undefined) {
        s.spendUsd = spend;
        s.remainingUsd = Math.round((b.limitUsd - spend) * 1e10) / 1e10;
        if (b.limitUsd > 0) s.used = spend / b.limitUsd;
        if (pace !== undefined && pace >= 0.05) s.projectedUsd = spend / pace;
      }
      if (pace !== undefined) s.pace = pace;
      const resetsAt = intervalResetsAt(b.interval, now);
      if (resetsAt !== undefined) s.resetsAt = resetsAt;
      out.push(s);
    }
  }
  return out;
}

export type WorkspaceAlertLevel = 'warn' | 'over';
export type WorkspaceBudgetKind = `workspaceBudget:${string}:${IntervalName}:${WorkspaceAlertLevel}`;

export function workspaceBudgetKind(workspaceId: string, interval: BudgetInterval, level: WorkspaceAlertLevel): WorkspaceBudgetKind {
  return `workspaceBudget:${workspaceId}:${intervalName(interval)}:${level}`;
}

export interface WorkspaceBudgetAlert {
  kind: WorkspaceBudgetKind;
  level: WorkspaceAlertLevel;
  workspaceId: string;
  /** Outside text: plainText() before a notification (workspaceBudgetAlertText does). */
  workspaceName: string;
  interval: BudgetInterval;
  spendUsd: number;
  limitUsd: number;
  resetsAt?: number;
}

export interface WorkspaceCrossing {
  /** The period it is about (intervalPeriodKey). */
  period: string;
  /** The limit in force when it last fired. */
  limit: number;
  /** 0 none, 1 the warning, 2 over. */
  fired: 0 | 1 | 2;
}

export interface WorkspaceAlertMark {
  snoozedUntil?: number;
  suppressed?: true;
}

export interface WorkspaceBudgetAlertState {
  v: 1;
  /** By `<workspaceId>:<interval>`. */
  crossings: Record<string, WorkspaceCrossing>;
  /** Snooze and "don't show again", by kind. */
  marks: Record<string, WorkspaceAlertMark>;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a stored state (anything: invalid parts are dropped). */
export function readWorkspaceAlertState(raw: unknown): WorkspaceBudgetAlertState {
  const state: WorkspaceBudgetAlertState = { v: 1, crossings: {}, marks: {} };
  if (!isObj(raw)) return state;
  if (isObj(raw.crossings)) {
    for (const [k, c] of Object.entries(raw.crossings)) {
      if (isObj(c) && typeof c.period === 'string' && finite(c.limit) && (c.fired === 0 || c.fired === 1 || c.fired === 2)) state.crossings[k] = { period: c.period, limit: c.limit, fired: c.fired };
    }
  }
  if (isObj(raw.marks)) {
    for (const [k, m] of Object.entries(raw.marks)) {
      if (!isObj(m) || !k.startsWith('workspaceBudget:')) continue;
      const mark: WorkspaceAlertMark = {};
      if (finite(m.snoozedUntil)) mark.snoozedUntil = m.snoozedUntil;
      if (m.suppressed === true) mark.suppressed = true;
      if (Object.keys(mark).length) state.marks[k] = mark;
    }
  }
  return state;
}

function muted(state: WorkspaceBudgetAlertState | undefined, kind: string, now: number): boolean {
  const m = state?.marks[kind];
  return !!m && (m.suppressed === true || (m.snoozedUntil !== undefined && m.snoozedUntil > now));
}

/**
 * One evaluation: the new state and the warnings to show, at most one per
 * budget (the 100 % one when both marks were passed at once). A new period,
 * or a changed limit, re-arms both. A snoozed or dismissed kind records
 * nothing, so the crossing still fires when the snooze ends. Budgets no
 * longer listed are forgotten; the marks stay.
 */
export function evaluateWorkspaceBudgets(prev: WorkspaceBudgetAlertState | undefined, statuses: readonly WorkspaceBudgetStatus[], warnPercent: number, now: number): { state: WorkspaceBudgetAlertState; alerts: WorkspaceBudgetAlert[] } {
  const state: WorkspaceBudgetAlertState = { v: 1, crossings: {}, marks: { ...prev?.marks } };
  const alerts: WorkspaceBudgetAlert[] = [];
  for (const s of statuses) {
    const id = `${s.workspaceId}:${intervalName(s.interval)}`;
    const period = intervalPeriodKey(s.interval, now);
    const old = prev?.crossings[id];
    const cur: WorkspaceCrossing = old && old.period === period && old.limit === s.limitUsd ? { ...old } : { period, limit: s.limitUsd, fired: 0 };
    state.crossings[id] = cur;
    if (s.spendUsd === undefined) continue;
    const level = s.spendUsd >= s.limitUsd ? 2 : warnPercent > 0 && s.spendUsd >= (s.limitUsd * warnPercent) / 100 ? 1 : 0;
    if (level <= cur.fired) continue;
    const lv: WorkspaceAlertLevel = level === 2 ? 'over' : 'warn';
    const kind = workspaceBudgetKind(s.workspaceId, s.interval, lv);
    if (muted(prev, kind, now)) continue;
    cur.fired = level;
    const a: WorkspaceBudgetAlert = { kind, level: lv, workspaceId: s.workspaceId, workspaceName: s.workspaceName, interval: s.interval, spendUsd: s.spendUsd, limitUsd: s.limitUsd };
    if (s.resetsAt !== undefined) a.resetsAt = s.resetsAt;
    alerts.push(a);
  }
  return { state, alerts };
}

/** No warning of this kind before `until`. */
export function snoozeWorkspaceAlert(state: WorkspaceBudgetAlertState, kind: WorkspaceBudgetKind, until: number): WorkspaceBudgetAlertState {
  return { ...state, marks: { ...state.marks, [kind]: { ...state.marks[kind], snoozedUntil: until } } };
}

/** "Don't show again". */
export function suppressWorkspaceAlert(state: WorkspaceBudgetAlertState, kind: WorkspaceBudgetKind): WorkspaceBudgetAlertState {
  return { ...state, marks: { ...state.marks, [kind]: { ...state.marks[kind], suppressed: true } } };
}

/** "Reset Dismissed Warnings": drops every dismissal, keeps snoozes and crossings; returns the kinds it freed. */
export function unsuppressWorkspaceAlerts(state: WorkspaceBudgetAlertState): { state: WorkspaceBudgetAlertState; kinds: string[] } {
  const marks: Record<string, WorkspaceAlertMark> = {};
  const kinds: string[] = [];
  for (const [k, m] of Object.entries(state.marks)) {
    if (m.suppressed) kinds.push(k);
    if (m.snoozedUntil !== undefined) marks[k] = { snoozedUntil: m.snoozedUntil };
  }
  return { state: { ...state, marks }, kinds };
}
