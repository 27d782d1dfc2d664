// The view commands: Check OpenRouter Credits (the details page), Refresh,
// Show Log, Top Up Credits, Copy Summary (the page's button), and getSnapshot
// (for the extension's own tests).
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { TOP_UP_URL } from '../../core/view/presentation';
import type { CommandDeps, Register } from './deps';

/**
 * Check OpenRouter Credits: opens the details page, then refreshes once the
 * page shows what is known (a big account's refresh would hold the page up).
 */
async function checkCredits(deps: CommandDeps): Promise<void> {
  await deps.showDetails();
  await deps.controller.refresh();
}

export function registerViewCommands(deps: CommandDeps, register: Register): vscode.Disposable[] {
  const { controller, log } = deps;
  return [
    register(COMMANDS.refresh, () => controller.refresh()),
    register(COMMANDS.showLog, () => log.show()),
    register(COMMANDS.checkCredits, () => checkCredits(deps)),
    register(COMMANDS.getSnapshot, () => controller.view.snapshot),
    register(COMMANDS.topUp, () => vscode.env.openExternal(vscode.Uri.parse(TOP_UP_URL))),
    register(COMMANDS.copySummary, () => deps.copySummary()),
  ];
}
