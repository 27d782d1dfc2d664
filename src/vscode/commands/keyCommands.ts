// The key commands: Sign In with OpenRouter, Set API Key. (Clear API Key is
// Remove API Key's old name: accountCommands.ts.)
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { isCreditsError } from '../../core/openrouter/errors';
import type { Formatter } from '../../core/text/format';
import { plainText } from '../../core/text/plain';
import type { CreditSnapshot } from '../../core/types';
import type { AccountCommandDeps, CommandDeps, Register } from './deps';
import { addApiKey } from './accountCommands';
import { readAndCheckKey } from './keyPrompt';

/** What the user learns about a key that was accepted; the key's label (the server's) as plain text. */
export function describeKey(s: CreditSnapshot, f: Formatter): string {
  const label = plainText(s.key.label);
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

/**
 * The workspace names an account that does not exist: a workspace setting
 * never decides where a key goes. The name (any repository can set it) is
 * shown as plain text, and only offered in Add API Key's name box.
 */
function offerToAddNamedAccount(deps: AccountCommandDeps, name: string): void {
  const add = vscode.l10n.t('Add API Key');
  void deps.notifier.answer('setApiKey', 'warning', vscode.l10n.t('This workspace shows the account "{0}" (openrouterCredits.account), and there is no account with that name. Add it with Add API Key, or change the setting.', plainText(name)), add)
    .then(pick => { if (pick === add) void addApiKey(deps, { suggestedName: name }); });
}

/**
 * Set API Key; `accountId`: the account whose key to replace (an invalid-key
 * notification names it), else the shown one. The key box then names that
 * account: a caller that passes an id (any extension or command link can)
 * cannot have the user replace another account's key unawares.
 */
export async function setApiKey(deps: AccountCommandDeps, accountId?: unknown): Promise<boolean> {
  const { controller, format, log, notifier } = deps;
  await controller.ready;
  const target = typeof accountId === 'string' && controller.accounts.some(x => x.id === accountId) ? accountId : undefined;
  const p = controller.picked;
  if (!target && p.kind === 'unknownAccount') {
    offerToAddNamedAccount(deps, p.name);
    return false;
  }
  const checked = await readAndCheckKey(controller, log, { accountName: controller.accounts.find(x => x.id === target)?.name });
  if (!checked) return false;
  const { key, snapshot } = checked;
  try {
    await controller.storeKey(key, snapshot, target);
  } catch (e) {
    log.warn(`The key could not be stored: ${isCreditsError(e) ? e.kind : 'error'}.`);
    void notifier.answer('setApiKey', 'error', vscode.l10n.t('The key was not saved: the extension\'s storage could not be written.'));
    return false;
  }
  log.info(`API key set (${snapshot.key.isManagementKey ? 'management' : 'normal'} key).`);
  void vscode.window.showInformationMessage(describeKey(snapshot, format));
  return true;
}

export function registerKeyCommands(deps: CommandDeps, register: Register): vscode.Disposable[] {
  return [
    register(COMMANDS.signIn, () => deps.signIn.run()),
    register(COMMANDS.setApiKey, (accountId?: unknown) => setApiKey(deps, accountId)),
  ];
}
