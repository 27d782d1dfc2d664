// The one status bar item, `openrouterCredits.status`.
import * as vscode from 'vscode';
import { TOOLTIP_COMMANDS, statusPresentation } from '../core/presentation';
import type { ViewModel } from './controller';

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private ageTimer?: ReturnType<typeof setInterval>;
  private last?: ViewModel;

  /** `current` gives a fresh view, so age-based staleness shows without a refresh. */
  constructor(private readonly current: () => ViewModel) {
    this.item = vscode.window.createStatusBarItem('openrouterCredits.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('OpenRouter Credits');
    // Keep the "updated N min ago" text current without any request.
    this.ageTimer = setInterval(() => { if (this.last) this.render(this.current()); }, 60_000);
    this.item.show();
  }

  render(v: ViewModel): void {
    this.last = v;
    const p = statusPresentation({
      status: v.status,
      snapshot: v.snapshot,
      derived: v.derived,
      errorMessage: v.error?.message,
      outOfCredits: v.error?.kind === 'outOfCredits',
      stale: v.stale,
      keySource: v.keySource,
      format: v.settings.statusBarFormat,
      lowCreditThreshold: v.settings.lowCreditThreshold,
      now: Date.now(),
      locale: vscode.env.language,
    }, vscode.l10n);
    this.item.text = p.text;
    const md = new vscode.MarkdownString(p.tooltip, true);
    md.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    md.supportHtml = false;
    this.item.tooltip = md;
    this.item.command = p.command;
    this.item.accessibilityInformation = { label: p.accessibilityLabel, role: 'button' };
    this.item.backgroundColor = p.background === 'none' ? undefined
      : new vscode.ThemeColor(p.background === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
  }

  dispose(): void {
    if (this.ageTimer) clearInterval(this.ageTimer);
    this.item.dispose();
  }
}
