// The view commands: Check OpenRouter Credits (the details page), Refresh,
// Show Log, Top Up Credits, Copy Summary (the page's button), and getSnapshot
// (for the extension's own tests).
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { TOP_UP_URL } from '../../core/view/presentation';
import type { CommandDeps } from './deps';

/** Check OpenRouter Credits: opens the details page, then refreshes. */
async function checkCredits(deps: CommandDeps): Promise<void> {
  deps.showDetails();
  await deps.controller.refresh();
}

export function registerViewCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, log } = deps;
  return [
    vscode.commands.registerCommand(COMMANDS.refresh, () => controller.refresh()),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.checkCredits, () => checkCredits(deps)),
    vscode.commands.registerCommand(COMMANDS.getSnapshot, () => controller.view.snapshot),
    vscode.commands.registerCommand(COMMANDS.topUp, () => vscode.env.openExternal(vscode.Uri.parse(TOP_UP_URL))),
    vscode.commands.registerCommand(COMMANDS.copySummary, () => deps.copySummary()),
  ];
}
