// The one status bar item, `openrouterCredits.status`.
import * as vscode from 'vscode';
import type { Formatter } from '../../core/text/format';
import { TOOLTIP_COMMANDS, statusPresentation } from '../../core/view/presentation';
import type { View } from '../../core/view/view';

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly ageTimer: ReturnType<typeof setInterval>;

  /** `tick` is called every minute, so that ages and age-based staleness show without a refresh. */
  constructor(private readonly format: Formatter, tick: () => void) {
    this.item = vscode.window.createStatusBarItem('openrouterCredits.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = format.s.title;
    this.ageTimer = setInterval(tick, 60_000);
    this.item.show();
  }

  render(v: View): void {
    const p = statusPresentation(v, vscode.l10n, this.format);
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
    clearInterval(this.ageTimer);
    this.item.dispose();
  }
}
