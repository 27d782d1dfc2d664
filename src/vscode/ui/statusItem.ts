// Paints the status bar item from a presentation (core/view/presentation.ts
// builds it from the view). The activation bundle paints the last one this
// profile showed (STATUS_CACHE) before anything else is loaded; StatusBar
// paints every new view after.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { TOOLTIP_COMMANDS } from '../../core/tooltipCommands';
import type { StatusPresentation } from '../../core/view/presentation';

export function createStatusItem(): vscode.StatusBarItem {
  return vscode.window.createStatusBarItem('openrouterCredits.status', vscode.StatusBarAlignment.Right, 100);
}

export function paintStatus(item: vscode.StatusBarItem, p: StatusPresentation): void {
  item.text = p.text;
  const md = new vscode.MarkdownString(p.tooltip, true);
  md.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
  md.supportHtml = false;
  item.tooltip = md;
  item.command = p.command;
  item.accessibilityInformation = { label: p.accessibilityLabel, role: 'button' };
  item.backgroundColor = p.background === 'none' ? undefined
    : new vscode.ThemeColor(p.background === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
}

/** A presentation as read back from globalState: only well-formed ones are painted. */
export function isStatusPresentation(x: unknown): x is StatusPresentation {
  const p = x as Partial<StatusPresentation> | undefined;
  return typeof p === 'object' && p !== null && typeof p.text === 'string' && typeof p.tooltip === 'string'
    && typeof p.accessibilityLabel === 'string' && (Object.values(COMMANDS) as unknown[]).includes(p.command) && ['none', 'warning', 'error'].includes(String(p.background));
}
