// Notifications: one per crossing (the threshold engine decides), one per
// incident for errors that need the user (invalid key), with "Top Up" (or
// "Open Keys Page" when a key's limit ran out), "Snooze 24h" and "Don't Show
// Again". "Don't Show Again" is kept here (a globalState flag per kind) and in
// the shared threshold state; Alerts.resetDismissed() clears both.
import * as vscode from 'vscode';
import { COMMANDS, OPEN_SETTINGS } from '../../core/commands';
import type { Formatter } from '../../core/text/format';
import { KEYS_URL, TOP_UP_URL } from '../../core/view/presentation';
import { ALERT_KINDS, MAX_SNOOZE_MS, whatRanOut, type Alert, type AlertKind } from '../../core/alerts/thresholds';
import { alertText } from '../../core/alerts/alertText';
import { plainText } from '../../core/text/plain';
import { workspaceBudgetAlertText } from '../../core/org/orgText';
import type { WorkspaceBudgetAlert, WorkspaceBudgetKind } from '../../core/org/workspaceBudgets';
import type { CreditSnapshot } from '../../core/types';
import type { View } from '../../core/view/view';

export type SnoozeFn = (kind: AlertKind, until: number) => void;

const DONT_SHOW_PREFIX = 'openrouterCredits.dontShow.';
/** How long Snooze silences a warning: the engine's longest snooze. */
export const SNOOZE_MS = MAX_SNOOZE_MS;

export interface NotifierDeps {
  format: Formatter;
  /** Where Don't Show Again is remembered (the profile's globalState). */
  memento: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** The `notifications` setting. */
  enabled: () => boolean;
}

export class Notifier {
  /** The latest messages shown, for the extension's own tests: [kind, text]. Bounded. */
  readonly shown: Array<[string, string]> = [];

  private readonly format: Formatter;
  private readonly memento: vscode.Memento;
  private readonly log: vscode.LogOutputChannel;
  private readonly enabled: () => boolean;

  constructor(deps: NotifierDeps) {
    this.format = deps.format;
    this.memento = deps.memento;
    this.log = deps.log;
    this.enabled = deps.enabled;
  }

  private suppressed(kind: string): boolean {
    return this.memento.get<boolean>(DONT_SHOW_PREFIX + kind) === true;
  }

  /**
   * Records a message and returns the text to show: the whole text once more
   * through plainText(), so that no outside text in it (a name, a path, a
   * server's message, a setting) becomes a link, whoever built it.
   */
  private record(kind: string, message: string): string {
    const text = plainText(message);
    this.shown.push([kind, text]);
    if (this.shown.length > 500) this.shown.shift();
    this.log.info(`Notification (${kind}): ${text}`);
    return text;
  }

  /**
   * A threshold alert; `snapshot` is the reading it comes from (it says what ran
   * out). Resolves when the user has acted or dismissed it.
   */
  async alert(a: Alert, snapshot: CreditSnapshot | undefined, snooze: SnoozeFn, view?: View, account?: string): Promise<void> {
    if (!this.enabled() || this.suppressed(a.kind)) {
      this.log.info(`Threshold alert ${a.kind} not shown (notifications off or "Don't Show Again").`);
      return;
    }
    const topUp = this.format.s.topUp;
    const details = this.format.s.details;
    const snoozeLabel = vscode.l10n.t('Snooze 24h');
    const never = vscode.l10n.t("Don't Show Again");
    const keysPage = vscode.l10n.t('Open Keys Page');
    const out = a.kind === 'outOfCredits' ? whatRanOut(snapshot, Date.now()) : undefined;
    // Several accounts: a warning names whose it is ("Work: OpenRouter credit is low: $4.20 left").
    const text = alertText(a, { out, view, account }, vscode.l10n, this.format);
    if (text === undefined) return;
    const shown = this.record(a.kind, text);
    let pick: string | undefined;
    switch (a.kind) {
      case 'outOfCredits':
        // Topping up does not lift a key's limit: the keys page does, or the reset.
        pick = await vscode.window.showErrorMessage(shown, out?.what === 'key' ? keysPage : topUp, snoozeLabel, never);
        break;
      case 'lowCredit':
      case 'usagePercent':
        pick = await vscode.window.showWarningMessage(shown, topUp, snoozeLabel, never);
        break;
      case 'dailyReport':
        pick = await vscode.window.showInformationMessage(shown, details, never);
        break;
      default: // the budgets and unusual spend
        pick = await vscode.window.showWarningMessage(shown, details, snoozeLabel, never);
        break;
    }
    if (pick === details) void vscode.commands.executeCommand(COMMANDS.checkCredits);
    if (pick === topUp) void vscode.env.openExternal(vscode.Uri.parse(TOP_UP_URL));
    else if (pick === keysPage) void vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
    else if (pick === snoozeLabel) {
      this.log.info(`User snoozed ${a.kind} for 24 h.`);
      snooze(a.kind, Date.now() + SNOOZE_MS);
    } else if (pick === never) await this.dontShowAgain(a.kind, snooze);
  }

  /**
   * A workspace budget's warning (at the mark, or at 100 %: OpenRouter refuses
   * the workspace's requests). Snooze and "Don't Show Again" are kept in the
   * shared state (`snooze`), for every window.
   */
  async workspaceAlert(a: WorkspaceBudgetAlert, snooze: (kind: WorkspaceBudgetKind, until: number) => void, account?: string): Promise<void> {
    if (!this.enabled()) {
      this.log.info(`Workspace budget alert ${a.kind} not shown (notifications off).`);
      return;
    }
    const text = workspaceBudgetAlertText(a, this.format);
    const shown = this.record(a.kind, account ? vscode.l10n.t('{0}: {1}', account, text) : text);
    const details = this.format.s.details;
    const snoozeLabel = vscode.l10n.t('Snooze 24h');
    const never = vscode.l10n.t("Don't Show Again");
    const show = a.level === 'over' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const pick = await show(shown, details, snoozeLabel, never);
    if (pick === details) void vscode.commands.executeCommand(COMMANDS.checkCredits);
    else if (pick === snoozeLabel) {
      this.log.info(`User snoozed ${a.kind} for 24 h.`);
      snooze(a.kind, Date.now() + SNOOZE_MS);
    } else if (pick === never) {
      this.log.info(`User chose Don't Show Again for ${a.kind}.`);
      snooze(a.kind, Infinity);
    }
  }

  /** What the "Don't Show Again" button does (the extension's own tests call it too). */
  async dontShowAgain(kind: AlertKind, snooze: SnoozeFn): Promise<void> {
    this.log.info(`User chose Don't Show Again for ${kind}.`);
    await this.memento.update(DONT_SHOW_PREFIX + kind, true);
    snooze(kind, Infinity);
  }

  /** Forgets this profile's "Don't Show Again" choices; returns the kinds that had one. */
  async resetDismissed(): Promise<AlertKind[]> {
    const kinds = ALERT_KINDS.filter(k => this.suppressed(k));
    for (const k of kinds) await this.memento.update(DONT_SHOW_PREFIX + k, undefined);
    return kinds;
  }

  /**
   * A new incident (the caller decides, from the shared state, that this kind of
   * failure is new). Only errors the user must act on notify. `accountId`:
   * whose key was rejected (Set API Key then replaces that one).
   */
  incident(kind: string, message: string, accountId?: string): void {
    if (!this.enabled() || kind !== 'invalidKey') return;
    const setKey = vscode.l10n.t('Set API Key');
    void vscode.window.showErrorMessage(this.record(kind, message), setKey).then(p => {
      // The new key replaces the rejected account's key, whichever account the window shows by then.
      if (p === setKey) void vscode.commands.executeCommand(COMMANDS.setApiKey, accountId);
    });
  }

  /**
   * What a command the user ran has to say (its outcome, or why it failed).
   * Shown even with notifications off: the user asked. Recorded like the rest.
   */
  answer(kind: string, level: 'info' | 'warning' | 'error', text: string, ...items: string[]): Thenable<string | undefined> {
    const shown = this.record(kind, text);
    if (level === 'info') return vscode.window.showInformationMessage(shown, ...items);
    return level === 'warning' ? vscode.window.showWarningMessage(shown, ...items) : vscode.window.showErrorMessage(shown, ...items);
  }

  async baseUrlRefused(message: string): Promise<void> {
    if (!this.enabled()) return;
    const open = vscode.l10n.t('Open Settings');
    const p = await vscode.window.showErrorMessage(this.record('insecureBaseUrl', message), open);
    if (p === open) void vscode.commands.executeCommand(OPEN_SETTINGS, 'openrouterCredits.apiBaseUrl');
  }
}
