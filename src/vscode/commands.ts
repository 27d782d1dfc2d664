// The commands. Names and titles are part of the manifest contract.
import * as vscode from 'vscode';
import { isCreditsError } from '../core/errors';
import type { Formatter } from '../core/format';
import { keyCheckMessage } from '../core/messages';
import { KEYS_URL, TOP_UP_URL } from '../core/presentation';
import type { CreditSnapshot } from '../core/types';
import type { Alerts } from './alerts';
import type { CreditsController } from './controller';
import { looksLikeKey } from './keyStore';
import type { SignIn } from './signIn';

export interface CommandDeps {
  controller: CreditsController;
  alerts: Alerts;
  format: Formatter;
  log: vscode.LogOutputChannel;
  signIn: SignIn;
  showDetails: () => void;
}

/** What the user learns about a key that was accepted. */
export function describeKey(s: CreditSnapshot, f: Formatter): string {
  const label = s.key.label;
  if (s.key.isManagementKey) {
    return s.account
      ? vscode.l10n.t('Management key "{0}" saved. Account balance: {1}.', label, f.usd(s.account.remaining))
      : vscode.l10n.t('Management key "{0}" saved.', label);
  }
  if (s.key.limit !== null) {
    return vscode.l10n.t('Key "{0}" saved: limit {1}, {2} left.', label, f.usd(s.key.limit), f.usd(s.key.limitRemaining ?? 0));
  }
  return s.account
    ? vscode.l10n.t('Key "{0}" saved: no limit. Account balance: {1}.', label, f.usd(s.account.remaining))
    : vscode.l10n.t('Key "{0}" saved: no limit. Add a management key to see the account balance.', label);
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, format, log } = deps;

  const setApiKey = async (): Promise<boolean> => {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('OpenRouter API Key'),
      prompt: vscode.l10n.t('Paste an OpenRouter API key. It is checked, then kept in VS Code secret storage. A management key also shows the account balance.'),
      placeHolder: 'sk-or-v1-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: v => (v.trim() === '' || looksLikeKey(v) ? undefined : vscode.l10n.t('That does not look like an API key.')),
    });
    if (value === undefined || value.trim() === '') return false; // Esc changes nothing
    const key = value.trim();
    try {
      const snapshot = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key with OpenRouter…') },
        () => controller.checkKey(key),
      );
      await controller.storeKey(key, snapshot);
      log.info(`API key set (${snapshot.key.isManagementKey ? 'management' : 'normal'} key).`);
      void vscode.window.showInformationMessage(describeKey(snapshot, format));
      return true;
    } catch (e) {
      const msg = isCreditsError(e) ? keyCheckMessage(vscode.l10n, e.kind, e.message) : vscode.l10n.t('The key could not be checked.');
      log.warn(`API key rejected: ${isCreditsError(e) ? e.kind : 'unknown error'}.`);
      const retry = vscode.l10n.t('Try Again');
      const keys = vscode.l10n.t('Open Keys Page');
      const pick = await vscode.window.showErrorMessage(vscode.l10n.t('The key was not saved. {0}', msg), retry, keys);
      if (pick === retry) return setApiKey();
      if (pick === keys) void vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
      return false;
    }
  };

  const clearApiKey = async (): Promise<boolean> => {
    const clear = vscode.l10n.t('Clear Key');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the OpenRouter API key from VS Code secret storage?'),
      { modal: true }, clear,
    );
    if (pick !== clear) return false;
    await controller.clearKey();
    log.info('API key cleared.');
    return true;
  };

  const resetDismissedWarnings = async (): Promise<number> => {
    const n = (await deps.alerts.resetDismissed()).length;
    void vscode.window.showInformationMessage(
      n === 0 ? vscode.l10n.t('No warnings were dismissed: there is nothing to re-enable.')
        : n === 1 ? vscode.l10n.t('1 dismissed warning re-enabled: it shows again at its next crossing.')
          : vscode.l10n.t('{0} dismissed warnings re-enabled: they show again at their next crossing.', n),
    );
    return n;
  };

  return [
    vscode.commands.registerCommand('openrouterCredits.signIn', () => deps.signIn.run()),
    vscode.commands.registerCommand('openrouterCredits.setApiKey', setApiKey),
    vscode.commands.registerCommand('openrouterCredits.clearApiKey', clearApiKey),
    vscode.commands.registerCommand('openrouterCredits.refresh', () => controller.refresh()),
    vscode.commands.registerCommand('openrouterCredits.showLog', () => log.show()),
    vscode.commands.registerCommand('openrouterCredits.checkCredits', async () => {
      deps.showDetails();
      await controller.refresh();
    }),
    vscode.commands.registerCommand('openrouterCredits.getSnapshot', () => controller.view.snapshot),
    vscode.commands.registerCommand('openrouterCredits.topUp', () => vscode.env.openExternal(vscode.Uri.parse(TOP_UP_URL))),
    vscode.commands.registerCommand('openrouterCredits.resetDismissedWarnings', resetDismissedWarnings),
  ];
}
