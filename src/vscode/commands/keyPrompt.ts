// The prompts around a key that several commands share: reading a key and
// checking it with OpenRouter (Set API Key, Add API Key), and the nudge to set
// one when a command needs a key (Export Usage, Look Up Generation Cost).
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { isCreditsError } from '../../core/openrouter/errors';
import { keyCheckMessage } from '../../core/text/messages';
import { plainText } from '../../core/text/plain';
import type { CreditSnapshot } from '../../core/types';
import { KEYS_URL } from '../../core/view/presentation';
import type { AccountsController } from '../accounts/accountsController';
import { looksLikeKey } from '../accounts/keyStore';
import type { Notifier } from '../ui/notifier';

/** A warning `text` with a Set API Key button that runs Set API Key. */
export function askForKey(notifier: Notifier, kind: string, text: string): void {
  const setKey = vscode.l10n.t('Set API Key');
  void notifier.answer(kind, 'warning', text, setKey).then(p => {
    if (p === setKey) void vscode.commands.executeCommand(COMMANDS.setApiKey);
  });
}

/** What a caller may give readAndCheckKey: the key itself (the extension's own callers only), or the account whose key the typed one replaces. */
export interface KeyGiven {
  given?: string;
  accountName?: string;
}

/**
 * Asks for a key (password box, naming the account it replaces if any) unless
 * given, and checks it against /key (and /credits). Undefined when the user
 * cancelled, or the key was refused (the user was told why, with Try Again).
 */
export async function readAndCheckKey(controller: AccountsController, log: vscode.LogOutputChannel, opts: KeyGiven = {}): Promise<{ key: string; snapshot: CreditSnapshot } | undefined> {
  const { given, accountName } = opts;
  const value = given ?? await vscode.window.showInputBox({
    title: accountName === undefined ? vscode.l10n.t('OpenRouter API Key') : vscode.l10n.t('New OpenRouter API Key for "{0}"', plainText(accountName)),
    prompt: vscode.l10n.t('Paste an OpenRouter API key. It is checked, then kept in VS Code secret storage. A management key also shows the account balance.'),
    placeHolder: 'sk-or-v1-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: v => (v.trim() === '' || looksLikeKey(v) ? undefined : vscode.l10n.t('That does not look like an API key.')),
  });
  if (value === undefined || value.trim() === '') return undefined; // Esc changes nothing
  const key = value.trim();
  try {
    const snapshot = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key with OpenRouter…') },
      () => controller.checkKey(key),
    );
    return { key, snapshot };
  } catch (e) {
    const msg = isCreditsError(e) ? keyCheckMessage(vscode.l10n, e.kind, e.message) : vscode.l10n.t('The key could not be checked.');
    log.warn(`API key rejected: ${isCreditsError(e) ? e.kind : 'unknown error'}.`);
    const retry = vscode.l10n.t('Try Again');
    const keys = vscode.l10n.t('Open Keys Page');
    const pick = await vscode.window.showErrorMessage(vscode.l10n.t('The key was not saved. {0}', plainText(msg)), retry, keys);
    if (pick === retry && given === undefined) return readAndCheckKey(controller, log, { accountName });
    if (pick === keys) void vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
    return undefined;
  }
}
