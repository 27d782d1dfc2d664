// Managing the account's keys (issue 20): what the key commands share. The
// shown account's management key and a client of the configured origin
// (the hash of a key is found afresh by core/openrouter/keyLookup.ts, so
// hashes stay in this host); and the dialogs, behind KeyAdminUi so that the extension's own
// tests can answer them (a modal cannot be answered from a test).
import * as vscode from 'vscode';
import type { OpenRouterClient } from '../../core/openrouter/client';
import { CreditsError } from '../../core/openrouter/errors';
import type { AccountCommandDeps, KeyAdminDeps } from './deps';

export type { KeyAdminDeps } from './deps';

/** The dialogs the key commands show; the real one is VS Code's (windowUi). */
export interface KeyAdminUi {
  pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A modal warning with these buttons; the button chosen, undefined on cancel. */
  modal(message: string, detail: string, ...buttons: string[]): Thenable<string | undefined>;
}

export const windowUi: KeyAdminUi = {
  pick: (items, options) => vscode.window.showQuickPick(items, options),
  input: options => vscode.window.showInputBox(options),
  modal: (message, detail, ...buttons) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons),
};


/** The shown account's management key and a client of the configured origin. @throws CreditsError */
export async function adminAccess(deps: KeyAdminDeps): Promise<{ apiKey: string; client: OpenRouterClient }> {
  const apiKey = await deps.controller.keys?.get();
  if (!apiKey) throw new CreditsError('noKey', undefined, { retryable: false });
  return { apiKey, client: deps.clients(deps.controller.view.settings.apiBaseUrl) };
}

/** After a change: the organization's reads are due again (when the controller knows them), and the account refreshes. */
export async function afterKeyChange(deps: AccountCommandDeps): Promise<void> {
  deps.controller.shown?.markOrgDirty();
  await deps.controller.refresh().catch(() => undefined);
}
