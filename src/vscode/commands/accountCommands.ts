// The account commands (issue 12): Add API Key, Switch Account, Rename
// Account, Remove API Key, and Set Key Limit (keyLimit.ts). Any extension or
// command link can run a registered command, so the registered forms take no
// argument that stores a key, switches accounts or renames one: those
// arguments are for the extension's own callers (the details page, its
// tests), which call these functions directly (commands.ts,
// internalCommands). An argument that only preselects (Remove API Key's
// account, Set Key Limit's key) is followed by a modal confirmation. Names
// shown in a quick pick, a dialog or a notification go through plainText().
import * as vscode from 'vscode';
import { ENV_ACCOUNT_ID, type NameProblem } from '../../core/accounts/accounts';
import { COMMANDS } from '../../core/commands';
import { plainText } from '../../core/text/plain';
import { kindText } from '../../core/view/details';
import { accountPickItem } from '../../core/view/picks';
import type { AccountRow } from '../../core/view/view';
import type { AccountsController, AddOutcome } from '../accounts/accountsController';
import type { AccountCommandDeps, Register } from './deps';
import { setKeyLimit } from './keyLimit';
import { readAndCheckKey } from './keyPrompt';

export type { AccountCommandDeps } from './deps';

function nameProblemText(p: NameProblem): string {
  switch (p) {
    case 'empty': return vscode.l10n.t('Give the account a name.');
    case 'tooLong': return vscode.l10n.t('That name is too long.');
    default: return vscode.l10n.t('Another account already has this name.');
  }
}

/** Why an added key was not stored (Add API Key, Sign In), or undefined when it was. */
export function addProblem(r: AddOutcome): string | undefined {
  if (r.kind === 'tooMany') return vscode.l10n.t('You have reached the limit of accounts. Remove one first.');
  if (r.kind === 'notSaved') return vscode.l10n.t('The account could not be saved: the extension\'s storage folder could not be written. Nothing was stored.');
  return undefined;
}

function rows(controller: AccountsController): AccountRow[] {
  return controller.view.accounts?.rows ?? [];
}

/** Picks a stored account (the fallback account cannot be renamed or removed); one account is picked without asking. */
async function pickStored(deps: AccountCommandDeps, title: string, arg: unknown): Promise<AccountRow | undefined> {
  const { controller, format } = deps;
  const stored = rows(controller).filter(r => r.id !== ENV_ACCOUNT_ID);
  if (typeof arg === 'string') return stored.find(r => r.id === arg || r.name === arg);
  if (stored.length <= 1) return stored[0];
  const pick = await vscode.window.showQuickPick(
    stored.map(r => accountPickItem(r, format, vscode.l10n)),
    { title, placeHolder: vscode.l10n.t('Choose an account') },
  );
  return pick?.value;
}

/** The name box of Add API Key, `label` (the key's) by default; undefined on Esc. */
function askAccountName(controller: AccountsController, label: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Name the Account'),
    prompt: vscode.l10n.t('A name for this key, shown in the status bar, the warnings and Switch Account.'),
    value: label,
    ignoreFocusOut: true,
    validateInput: v => { const p = controller.nameProblem(v); return p ? nameProblemText(p) : undefined; },
  });
}

/** What the extension's own callers may give Add API Key: the key and the name (tests), or a name to offer in the name box. */
export interface AddGiven {
  key?: string;
  name?: string;
  suggestedName?: string;
}

/** Add API Key: key (checked), then a name (the key's label by default); the new account becomes active. Returns its id. */
export async function addApiKey(deps: AccountCommandDeps, given: AddGiven = {}): Promise<string | undefined> {
  const { controller, format, log, notifier } = deps;
  await controller.ready;
  const checked = await readAndCheckKey(controller, log, { given: given.key });
  if (!checked) return undefined;
  const name = given.name ?? await askAccountName(controller, given.suggestedName ?? checked.snapshot.key.label);
  if (name === undefined) return undefined; // Esc: nothing stored
  const problem = controller.nameProblem(name);
  if (problem) {
    void notifier.answer('addApiKey', 'warning', nameProblemText(problem));
    return undefined;
  }
  const r = await controller.addKey(checked.key, checked.snapshot, name);
  if (r.kind === 'tooMany' || r.kind === 'notSaved') {
    void notifier.answer('addApiKey', 'error', addProblem(r)!);
    return undefined;
  }
  if (r.kind === 'sameKey') {
    void notifier.answer('addApiKey', 'info', vscode.l10n.t('This key is already saved as the account "{0}"; it is now the active one.', plainText(r.account.name)));
    return r.account.id;
  }
  void notifier.answer('addApiKey', 'info', vscode.l10n.t('Account "{0}" added and now active ({1}).', plainText(r.account.name), kindText(r.account.kind, format)));
  return r.account.id;
}

/** Switch Account's quick pick: every stored account, then Add API Key… */
async function pickAccount(deps: AccountCommandDeps): Promise<{ id?: string; add?: true } | undefined> {
  const { controller, format } = deps;
  type Item = vscode.QuickPickItem & { id?: string; add?: true };
  const pinned = controller.view.accounts?.pinned === true;
  const items: Item[] = rows(controller).filter(r => r.id !== ENV_ACCOUNT_ID).map(r => {
    const { value, ...item } = accountPickItem(r, format, vscode.l10n, { pinned });
    return { ...item, id: value.id };
  });
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(add) ${vscode.l10n.t('Add API Key…')}`, add: true });
  return vscode.window.showQuickPick(items, { title: vscode.l10n.t('Switch OpenRouter Account'), placeHolder: vscode.l10n.t('The active account shows in every window whose workspace does not name one') });
}

/**
 * Switch Account: a quick pick of every account with its kind and last known
 * balance; the pick becomes active everywhere. `given` (an account's id or
 * name): the extension's own callers only (the details page's switcher).
 */
export async function switchAccount(deps: AccountCommandDeps, given?: string): Promise<boolean> {
  const { controller, notifier } = deps;
  await controller.ready;
  let id = given;
  if (id === undefined) {
    const pick = await pickAccount(deps);
    if (!pick) return false;
    if (pick.add) return (await addApiKey(deps)) !== undefined;
    id = pick.id;
  }
  const row = rows(controller).find(r => r.id === id || r.name === id);
  if (!row || !(await controller.switchTo(row.id))) {
    void notifier.answer('switchAccount', 'warning', vscode.l10n.t('There is no account "{0}".', plainText(String(id))));
    return false;
  }
  if (controller.view.accounts?.pinned && !row.shown) {
    void notifier.answer('switchAccount', 'info', vscode.l10n.t('"{0}" is now the active account. This workspace keeps showing the account its settings name (openrouterCredits.account).', plainText(row.name)));
  }
  return true;
}

/** Rename Account: the account (picked), then its new name; `given`: the extension's own callers only. */
export async function renameAccount(deps: AccountCommandDeps, given: { id?: string; name?: string } = {}): Promise<boolean> {
  const { controller, notifier } = deps;
  await controller.ready;
  const row = await pickStored(deps, vscode.l10n.t('Rename Account'), given.id);
  if (!row) return false;
  const name = given.name ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Rename Account'),
    value: row.name,
    ignoreFocusOut: true,
    validateInput: v => { const p = controller.nameProblem(v, row.id); return p ? nameProblemText(p) : undefined; },
  });
  if (name === undefined) return false;
  const r = await controller.rename(row.id, name);
  if (!r.ok) {
    void notifier.answer('renameAccount', 'warning', r.reason === 'notFound' ? vscode.l10n.t('There is no account "{0}".', plainText(row.name)) : nameProblemText(r.reason));
    return false;
  }
  return true;
}

/** Remove API Key: asks first (modal, naming the account, also when `idArg` chose it), then removes the key, its history, its warnings state and its cached snapshot. */
export async function removeApiKey(deps: AccountCommandDeps, idArg?: unknown): Promise<boolean> {
  const { controller } = deps;
  await controller.ready;
  const row = await pickStored(deps, vscode.l10n.t('Remove API Key'), idArg);
  if (!row) return false;
  const remove = vscode.l10n.t('Remove');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the account "{0}"?', plainText(row.name)),
    { modal: true, detail: vscode.l10n.t('Its API key is deleted from VS Code secret storage, with its history and warnings state. The key itself keeps working on OpenRouter.') },
    remove,
  );
  if (pick !== remove) return false;
  return (await controller.remove(row.id)) !== undefined;
}

export function registerAccountCommands(deps: AccountCommandDeps, register: Register): vscode.Disposable[] {
  return [
    // No argument stores a key, switches accounts or renames one: each asks the user.
    register(COMMANDS.addApiKey, () => addApiKey(deps)),
    register(COMMANDS.switchAccount, () => switchAccount(deps)),
    register(COMMANDS.renameAccount, () => renameAccount(deps)),
    // These two confirm in a modal whatever their argument chose.
    register(COMMANDS.removeApiKey, (idArg?: unknown) => removeApiKey(deps, idArg)),
    // Clear API Key, its old name: kept for keybindings, hidden from the palette (one command removes an account).
    register(COMMANDS.clearApiKey, (idArg?: unknown) => removeApiKey(deps, idArg)),
    register(COMMANDS.setKeyLimit, (rowArg?: unknown) => setKeyLimit(deps, rowArg)),
  ];
}
