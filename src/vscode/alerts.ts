// Threshold alerts across windows: the decision is the core's ThresholdEngine,
// its state lives in the shared file (so a crossing warns once in all
// windows), and the Notifier shows what fires.
import type * as vscode from 'vscode';
import type { Settings } from '../core/settings';
import type { SharedState } from '../core/sharedState';
import { ALERT_KINDS, ThresholdEngine, thresholdInputFromSnapshot, type Alert, type AlertKind } from '../core/thresholds';
import type { CreditSnapshot } from '../core/types';
import type { Notifier } from './notifier';
import type { SharedStore } from './sharedStore';

export class Alerts {
  constructor(
    private readonly store: SharedStore,
    private readonly notifier: Notifier,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Evaluates a new reading, records the crossings and notifies. Returns the shared state after the write. */
  evaluate(snapshot: CreditSnapshot, spendLastHour: number | undefined, settings: Settings, outOfCredits = false): SharedState {
    const now = Date.now();
    const input = thresholdInputFromSnapshot(snapshot, spendLastHour, outOfCredits);
    let alerts: Alert[] = [];
    const next = this.store.update(s => {
      const engine = new ThresholdEngine(s.thresholds);
      alerts = engine.evaluate(input, { lowCreditUsd: settings.lowCreditThreshold, usagePercent: settings.usageWarningPercent, spendPerHourUsd: settings.spendAlertPerHour }, now);
      return { ...s, thresholds: engine.toJSON() };
    });
    for (const a of alerts) {
      this.log.info(`Threshold crossed: ${a.kind} (${a.value.toFixed(2)} vs ${a.threshold}).`);
      void this.notifier.alert(a, snapshot, (kind, until) => this.snooze(kind, until));
    }
    return next;
  }

  /**
   * "Reset Dismissed Warnings": forgets every "Don't Show Again", in this
   * profile's globalState and in the shared threshold state (for all windows).
   * Returns the kinds that were dismissed in either place.
   */
  async resetDismissed(): Promise<AlertKind[]> {
    const local = await this.notifier.resetDismissed();
    let shared: AlertKind[] = [];
    this.store.update(s => {
      const engine = new ThresholdEngine(s.thresholds);
      shared = engine.unsuppressAll();
      return shared.length > 0 ? { ...s, thresholds: engine.toJSON() } : undefined;
    });
    const kinds = ALERT_KINDS.filter(k => local.includes(k) || shared.includes(k));
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
