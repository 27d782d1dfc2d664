// The warnings command: Reset Dismissed Warnings.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { AccountCommandDeps, Register } from './deps';

/** Re-enables every dismissed warning; returns how many there were. */
export async function resetDismissedWarnings(deps: AccountCommandDeps): Promise<number> {
  const n = (await deps.controller.resetDismissed()).length;
  void vscode.window.showInformationMessage(
    n === 0 ? vscode.l10n.t('No warnings were dismissed: there is nothing to re-enable.')
      : n === 1 ? vscode.l10n.t('1 dismissed warning re-enabled: it shows again at its next crossing.')
        : vscode.l10n.t('{0} dismissed warnings re-enabled: they show again at their next crossing.', n),
  );
  return n;
}

export function registerWarningCommands(deps: AccountCommandDeps, register: Register): vscode.Disposable[] {
  return [register(COMMANDS.resetDismissedWarnings, () => resetDismissedWarnings(deps))];
}
