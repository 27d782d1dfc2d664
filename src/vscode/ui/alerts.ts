// Threshold alerts across windows: the decision is the core's ThresholdEngine,
// its state lives in the shared file (so a crossing warns once in all
// windows), and core/alertQueue.ts routes what fires to the focused window: at
// once when this window is focused, else queued in the shared file for the
// first window to gain focus. The Notifier shows it.
import type * as vscode from 'vscode';
import { routeAlerts } from '../../core/alerts/alertQueue';
import { evaluateBudgets, type PeriodFigures } from '../../core/money/budgets';
import { dailyReportDue, utcDayOf } from '../../core/alerts/report';
import type { Settings } from '../../core/settings';
import type { SharedState } from '../../core/refresh/sharedState';
import { ALERT_KINDS, ThresholdEngine, thresholdInputFromSnapshot, type Alert, type AlertKind } from '../../core/alerts/thresholds';
import type { CreditSnapshot } from '../../core/types';
import { routeWorkspaceAlerts } from '../../core/alerts/workspaceQueue';
import { evaluateWorkspaceBudgets, snoozeWorkspaceAlert, suppressWorkspaceAlert, unsuppressWorkspaceAlerts, type WorkspaceBudgetAlert, type WorkspaceBudgetKind } from '../../core/org/workspaceBudgets';
import type { View } from '../../core/view/view';
import type { Notifier } from './notifier';
import type { SharedStore } from '../sync/sharedStore';

export interface AlertsDeps {
  store: SharedStore;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  /** Whether this window is focused now. */
  focused: () => boolean;
  /** This window's view (the daily report reads it when it shows). */
  view?: () => View | undefined;
  /** The account's name, when its warnings must say whose they are (several accounts). */
  accountName?: () => string | undefined;
}

export class Alerts {
  private readonly store: SharedStore;
  private readonly notifier: Notifier;
  private readonly log: vscode.LogOutputChannel;
  private readonly focused: () => boolean;
  private readonly view: () => View | undefined;
  private readonly accountName: () => string | undefined;

  constructor(deps: AlertsDeps) {
    this.store = deps.store;
    this.notifier = deps.notifier;
    this.log = deps.log;
    this.focused = deps.focused;
    this.view = deps.view ?? (() => undefined);
    this.accountName = deps.accountName ?? (() => undefined);
  }

  /**
   * Evaluates a reading inside the shared state's lock, records the crossings,
   * and shows them here when this window is focused (else queues them).
   * `force`: evaluate even when some window already evaluated this reading
   * (the thresholds or the key changed). Returns the shared state after the write.
   */
  evaluate(snapshot: CreditSnapshot, spendLastHour: number | undefined, settings: Settings, opts: { outOfCredits?: boolean; force?: boolean; periods?: PeriodFigures } = {}): SharedState {
    const now = Date.now();
    const input = thresholdInputFromSnapshot(snapshot, spendLastHour, opts.outOfCredits ?? false, this.view()?.org?.headroom?.remainingUsd);
    const focused = this.focused();
    let show: Alert[] = [];
    let fresh: Alert[] = [];
    let wsShow: WorkspaceBudgetAlert[] = [];
    let wsFresh: WorkspaceBudgetAlert[] = [];
    // Most state changes bring a reading some window already evaluated and nothing queued: no lock needed.
    const cur = this.store.readState();
    if (cur && !opts.force && !opts.outOfCredits && (cur.thresholdsAsOf ?? 0) >= snapshot.fetchedAt && !cur.pendingAlerts && !cur.pendingWorkspaceAlerts) return cur;
    const next = this.store.update(s => {
      if (!opts.force && !opts.outOfCredits && (s.thresholdsAsOf ?? 0) >= snapshot.fetchedAt) return this.route(s, focused, now, (a, w) => (show = a, wsShow = w));
      const engine = new ThresholdEngine(s.thresholds);
      fresh = engine.evaluate(input, { lowCreditUsd: settings.lowCreditThreshold, usagePercent: settings.usageWarningPercent, spendPerHourUsd: settings.spendAlertPerHour }, now);
      const thresholds = engine.toJSON();
      // Budgets: the account's (management key) or the key's own spend per UTC period.
      const b = evaluateBudgets(s.budgets, opts.periods ?? {}, settings, thresholds, now);
      fresh.push(...b.alerts);
      // The daily report: once per UTC day, at the first reading after midnight.
      let reportDay = s.reportDay;
      if (settings.dailyReport && dailyReportDue(s.reportDay, now)) {
        reportDay = utcDayOf(now);
        const k = thresholds.kinds.dailyReport;
        if (!k?.suppressed && !(k?.snoozedUntil !== undefined && k.snoozedUntil > now)) fresh.push({ kind: 'dailyReport', value: 0, threshold: 0 });
      }
      const r = routeAlerts(s.pendingAlerts, fresh, thresholds, focused, now);
      show = r.show;
      // The workspaces' budgets (a management key of an account with workspaces): once per crossing, across windows.
      const ws = evaluateWorkspaceBudgets(s.workspaceAlerts, this.view()?.org?.budgets ?? [], settings.budgetWarningPercent, now);
      const wr = routeWorkspaceAlerts(s.pendingWorkspaceAlerts, wsFresh = ws.alerts, ws.state, focused, now);
      wsShow = wr.show;
      return { ...s, thresholds, budgets: b.state, reportDay, thresholdsAsOf: Math.max(s.thresholdsAsOf ?? 0, snapshot.fetchedAt), pendingAlerts: r.pending,
        workspaceAlerts: ws.state, pendingWorkspaceAlerts: wr.pending };
    });
    for (const a of wsFresh) this.log.info(`Workspace budget crossed: ${a.kind}; ${focused ? 'shown in this window' : 'queued for the first focused window'}.`);
    this.showWorkspace(wsShow);
    for (const a of fresh) {
      this.log.info(`Threshold crossed: ${a.kind} (${a.value.toFixed(2)} vs ${a.threshold}); ${focused ? 'shown in this window' : 'queued for the first focused window'}.`);
    }
    this.show(show, next.snapshot ?? snapshot);
    return next;
  }

  /** This window is focused: it takes and shows the alerts other windows queued. */
  claim(): SharedState | undefined {
    const cur = this.store.readState();
    if (!this.focused() || (!cur?.pendingAlerts && !cur?.pendingWorkspaceAlerts)) return undefined;
    let show: Alert[] = [];
    let wsShow: WorkspaceBudgetAlert[] = [];
    const next = this.store.update(s => this.route(s, true, Date.now(), (a, w) => (show = a, wsShow = w)), { lockedOnly: true });
    this.show(show, next.snapshot);
    this.showWorkspace(wsShow);
    return next;
  }

  /** The queue's routing alone (no new reading): undefined when nothing changes. */
  private route(s: SharedState, focused: boolean, now: number, take: (a: Alert[], w: WorkspaceBudgetAlert[]) => void): SharedState | undefined {
    if (!s.pendingAlerts && !s.pendingWorkspaceAlerts) return undefined;
    const r = routeAlerts(s.pendingAlerts, [], s.thresholds, focused, now);
    const w = routeWorkspaceAlerts(s.pendingWorkspaceAlerts, [], s.workspaceAlerts, focused, now);
    take(r.show, w.show);
    if (r.show.length === 0 && w.show.length === 0 && r.pending?.length === s.pendingAlerts?.length && w.pending?.length === s.pendingWorkspaceAlerts?.length) return undefined;
    return { ...s, pendingAlerts: r.pending, pendingWorkspaceAlerts: w.pending };
  }

  private showWorkspace(alerts: readonly WorkspaceBudgetAlert[]): void {
    for (const a of alerts) {
      this.log.info(`Showing the ${a.kind} warning in this window.`);
      void this.notifier.workspaceAlert(a, (kind, until) => this.snoozeWorkspace(kind, until), this.accountName());
    }
  }

  /** A workspace budget's warning snoozed until a time, or Infinity for "Don't Show Again" (in the shared state, for all windows). */
  snoozeWorkspace(kind: WorkspaceBudgetKind, until: number): void {
    this.store.update(s => {
      const prev = s.workspaceAlerts ?? { v: 1, crossings: {}, marks: {} };
      return { ...s, workspaceAlerts: until === Infinity ? suppressWorkspaceAlert(prev, kind) : snoozeWorkspaceAlert(prev, kind, until) };
    });
  }

  private show(alerts: readonly Alert[], snapshot: CreditSnapshot | undefined): void {
    for (const a of alerts) {
      this.log.info(`Showing the ${a.kind} warning in this window.`);
      void this.notifier.alert(a, snapshot, (kind, until) => this.snooze(kind, until), this.view(), this.accountName());
    }
  }

  /**
   * "Reset Dismissed Warnings": forgets every "Don't Show Again", in this
   * profile's globalState and in the shared threshold state (for all windows).
   * Returns the kinds that were dismissed in either place.
   */
  async resetDismissed(): Promise<string[]> {
    const local = await this.notifier.resetDismissed();
    let shared: AlertKind[] = [];
    let ws: string[] = [];
    this.store.update(s => {
      const engine = new ThresholdEngine(s.thresholds);
      shared = engine.unsuppressAll();
      const w = s.workspaceAlerts ? unsuppressWorkspaceAlerts(s.workspaceAlerts) : undefined;
      ws = w?.kinds ?? [];
      return shared.length > 0 || ws.length > 0 ? { ...s, thresholds: engine.toJSON(), ...(w ? { workspaceAlerts: w.state } : {}) } : undefined;
    });
    const kinds: string[] = [...ALERT_KINDS.filter(k => local.includes(k) || shared.includes(k)), ...ws];
    this.log.info(kinds.length > 0 ? `Dismissed warnings re-enabled: ${kinds.join(', ')}.` : 'Reset Dismissed Warnings: none were dismissed.');
    return kinds;
  }

  /** Snooze until a time, or Infinity for "Don't Show Again". */
  snooze(kind: AlertKind, until: number): void {
    this.store.update(s => {
      const engine = new ThresholdEngine(s.thresholds);
      if (until === Infinity) engine.suppressForever(kind);
      else engine.snooze(kind, until);
      return { ...s, thresholds: engine.toJSON() };
    });
  }
}
