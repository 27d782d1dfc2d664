// Notifications: one per crossing (the threshold engine decides), one per
// incident for errors that need the user (invalid key), with "Top Up" (or
// "Open Keys Page" when a key's limit ran out), "Snooze 24h" and "Don't Show
// Again". "Don't Show Again" is kept here (a globalState flag per kind) and in
// the shared threshold state; Alerts.resetDismissed() clears both.
import * as vscode from 'vscode';
import { COMMANDS, OPEN_SETTINGS } from '../../core/commands';
import type { Formatter } from '../../core/text/format';
import { KEYS_URL, TOP_UP_URL } from '../../core/view/presentation';
import { ALERT_KINDS, whatRanOut, type Alert, type AlertKind } from '../../core/alerts/thresholds';
import { dailyReport, dailyReportText } from '../../core/alerts/report';
import type { CreditSnapshot } from '../../core/types';
import type { View } from '../../core/view/view';

export type SnoozeFn = (kind: AlertKind, until: number) => void;

const DONT_SHOW_PREFIX = 'openrouterCredits.dontShow.';
export const SNOOZE_MS = 24 * 60 * 60 * 1000;

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

  private record(kind: string, text: string): void {
    this.shown.push([kind, text]);
    if (this.shown.length > 500) this.shown.shift();
    this.log.info(`Notification (${kind}): ${text}`);
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
    const snoozeLabel = vscode.l10n.t('Snooze 24h');
    const never = vscode.l10n.t("Don't Show Again");
    const keysPage = vscode.l10n.t('Open Keys Page');
    let text: string;
    let pick: string | undefined;
    // Several accounts: a warning names whose it is ("Work: OpenRouter credit is low: $4.20 left").
    const named = (t: string): string => (account ? vscode.l10n.t('{0}: {1}', account, t) : t);
    switch (a.kind) {
      case 'outOfCredits': {
        const out = whatRanOut(snapshot, Date.now());
        if (out.what === 'key') {
          // Topping up does not lift a key's limit: the keys page does, or the reset.
          text = named(out.resetsAt !== undefined
            ? vscode.l10n.t("This key's {0} limit is used up; it resets on {1}.", this.format.usd(out.limit), this.format.date(out.resetsAt))
            : vscode.l10n.t("This key's {0} limit is used up; raise it on the keys page.", this.format.usd(out.limit)));
          this.record(a.kind, text);
          pick = await vscode.window.showErrorMessage(text, keysPage, snoozeLabel, never);
        } else {
          text = named(vscode.l10n.t('You are out of OpenRouter credits: requests will fail with 402 until you top up.'));
          this.record(a.kind, text);
          pick = await vscode.window.showErrorMessage(text, topUp, snoozeLabel, never);
        }
        break;
      }
      case 'lowCredit':
        text = named(vscode.l10n.t('OpenRouter credit is low: {0} left', this.format.usd(a.value)));
        this.record(a.kind, text);
        pick = await vscode.window.showWarningMessage(text, topUp, snoozeLabel, never);
        break;
      case 'usagePercent':
        text = named(vscode.l10n.t('OpenRouter usage has reached {0} of your credits', this.format.percent(a.value)));
        this.record(a.kind, text);
        pick = await vscode.window.showWarningMessage(text, topUp, snoozeLabel, never);
        break;
      case 'budgetDay':
      case 'budgetWeek':
      case 'budgetMonth': {
        const spend = this.format.usd(a.value);
        const budget = this.format.usd(a.threshold);
        text = a.kind === 'budgetMonth' ? vscode.l10n.t('OpenRouter spend this month: {0} of your {1} budget', spend, budget)
          : a.kind === 'budgetWeek' ? vscode.l10n.t('OpenRouter spend this week: {0} of your {1} budget', spend, budget)
            : vscode.l10n.t('OpenRouter spend today: {0} of your {1} budget', spend, budget);
        if (a.value < a.threshold) text += ` (${this.format.percent((a.value / a.threshold) * 100)})`;
        text = named(text);
        this.record(a.kind, text);
        pick = await vscode.window.showWarningMessage(text, this.format.s.details, snoozeLabel, never);
        if (pick === this.format.s.details) void vscode.commands.executeCommand(COMMANDS.checkCredits);
        break;
      }
      case 'dailyReport': {
        if (!view) return;
        text = named(dailyReportText(dailyReport(view), vscode.l10n, this.format));
        this.record(a.kind, text);
        pick = await vscode.window.showInformationMessage(text, this.format.s.details, never);
        if (pick === this.format.s.details) void vscode.commands.executeCommand(COMMANDS.checkCredits);
        break;
      }
      case 'spendSpike':
        text = named(vscode.l10n.t('Unusual OpenRouter spend: {0} in the last hour', this.format.usd(a.value)));
        this.record(a.kind, text);
        pick = await vscode.window.showWarningMessage(text, this.format.s.details, snoozeLabel, never);
        if (pick === this.format.s.details) void vscode.commands.executeCommand(COMMANDS.checkCredits);
        break;
    }
    if (pick === topUp) void vscode.env.openExternal(vscode.Uri.parse(TOP_UP_URL));
    else if (pick === keysPage) void vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
    else if (pick === snoozeLabel) {
      this.log.info(`User snoozed ${a.kind} for 24 h.`);
      snooze(a.kind, Date.now() + SNOOZE_MS);
    } else if (pick === never) await this.dontShowAgain(a.kind, snooze);
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
    this.record(kind, message);
    void vscode.window.showErrorMessage(message, setKey).then(p => {
      // The new key replaces the rejected account's key, whichever account the window shows by then.
      if (p === setKey) void vscode.commands.executeCommand(COMMANDS.setApiKey, accountId);
    });
  }

  /**
   * What a command the user ran has to say (its outcome, or why it failed).
   * Shown even with notifications off: the user asked. Recorded like the rest.
   */
  answer(kind: string, level: 'info' | 'warning' | 'error', text: string, ...items: string[]): Thenable<string | undefined> {
    this.record(kind, text);
    if (level === 'info') return vscode.window.showInformationMessage(text, ...items);
    return level === 'warning' ? vscode.window.showWarningMessage(text, ...items) : vscode.window.showErrorMessage(text, ...items);
  }

  async baseUrlRefused(message: string): Promise<void> {
    if (!this.enabled()) return;
    this.record('insecureBaseUrl', message);
    const open = vscode.l10n.t('Open Settings');
    const p = await vscode.window.showErrorMessage(message, open);
    if (p === open) void vscode.commands.executeCommand(OPEN_SETTINGS, 'openrouterCredits.apiBaseUrl');
  }
}
