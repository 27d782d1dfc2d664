// The one status bar item, `openrouterCredits.status` (created at activation:
// src/vscode/shell.ts paints the last presentation this profile showed).
import * as vscode from 'vscode';
import type { Formatter } from '../../core/text/format';
import { statusPresentation, type StatusPresentation } from '../../core/view/presentation';
import type { View } from '../../core/view/view';
import { paintStatus } from './statusItem';

export class StatusBar implements vscode.Disposable {
  private readonly ageTimer: ReturnType<typeof setInterval>;
  /** What was painted last (the start-up cache keeps it for the next window). */
  shown?: StatusPresentation;

  /** `tick` is called every minute, so that ages and age-based staleness show without a refresh. */
  constructor(private readonly format: Formatter, tick: () => void, readonly item: vscode.StatusBarItem) {
    this.item.name = format.s.title;
    this.ageTimer = setInterval(tick, 60_000);
    this.item.show();
  }

  render(v: View): void {
    this.shown = statusPresentation(v, vscode.l10n, this.format);
    paintStatus(this.item, this.shown);
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.item.dispose();
  }
}
