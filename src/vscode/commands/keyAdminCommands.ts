// Create Key…, Rename Key…, Disable Key, Enable Key and Delete Key… (issue
// 20, a management key). The key acted on is picked from the account's keys,
// or preselected by a by-key row id (the details page): an id only
// preselects; every change is asked for (a name box, or a modal naming the
// key). A created key's secret shows once, in the modal's detail, with Copy
// and Add as Account: never logged, kept or posted. The log names the key
// and the action, never a secret or a hash.
import * as vscode from 'vscode';
import { parseLimit } from '../../core/accounts/accounts';
import { LIMIT_RESETS, type LimitReset } from '../../core/openrouter/client';
import { isCreditsError } from '../../core/openrouter/errors';
import { keyCheckMessage } from '../../core/text/messages';
import { plainText } from '../../core/text/plain';
import type { AccountKey } from '../../core/types';
import { createdKeyText, deleteKeyConfirmText, keyAdminPickItem } from '../../core/view/picks';
import { addApiKey } from './accountCommands';
import { COMMANDS } from '../../core/commands';
import { findKeyHash, workspacesOf } from '../../core/openrouter/keyLookup';
import { adminAccess, afterKeyChange, windowUi, type KeyAdminDeps, type KeyAdminUi } from './keyAdmin';
import type { Register } from './deps';

export type KeyVerb = 'rename' | 'disable' | 'enable' | 'delete';

function verbTitle(verb: KeyVerb): string {
  switch (verb) {
    case 'rename': return vscode.l10n.t('Rename Key');
    case 'disable': return vscode.l10n.t('Disable Key');
    case 'enable': return vscode.l10n.t('Enable Key');
    default: return vscode.l10n.t('Delete Key');
  }
}

function failText(e: unknown): string {
  const kind = isCreditsError(e) ? e.kind : 'network';
  return keyCheckMessage(vscode.l10n, kind, vscode.l10n.t('Something went wrong.'));
}

function nameOf(k: AccountKey): string {
  return plainText(k.name || k.label);
}

/** The key to act on: the row `rowArg` names, else picked from the account's keys; undefined (the user told why) when none. */
async function pickAdminKey(deps: KeyAdminDeps, ui: KeyAdminUi, verb: KeyVerb, rowArg: unknown): Promise<AccountKey | undefined> {
  const { controller, format, notifier } = deps;
  const v = controller.view;
  const all = v.snapshot?.key.isManagementKey ? v.breakdown?.keys ?? [] : [];
  if (all.length === 0) {
    void notifier.answer('keyAdmin', 'warning', vscode.l10n.t("Managing the account's keys needs a management key: this account's keys are not listed."));
    return undefined;
  }
  if (typeof rowArg === 'string') {
    const row = all.find(k => k.id === rowArg);
    if (!row) void notifier.answer('keyAdmin', 'warning', vscode.l10n.t('That key is no longer in the account.'));
    return row;
  }
  const keys = verb === 'disable' ? all.filter(k => !k.disabled) : verb === 'enable' ? all.filter(k => k.disabled) : all;
  if (keys.length === 0) {
    void notifier.answer('keyAdmin', 'info', verb === 'enable' ? vscode.l10n.t('No key of the account is disabled.') : vscode.l10n.t('Every key of the account is disabled.'));
    return undefined;
  }
  const wsName = v.org?.keyWorkspace ?? {}; // filled only when the account has several workspaces
  const pick = await ui.pick(
    keys.map(k => keyAdminPickItem(k, format, vscode.l10n, wsName[k.id] || undefined)),
    { title: verbTitle(verb), placeHolder: vscode.l10n.t('Choose a key of the account') },
  );
  return pick?.value;
}

/** The modal that asks before a change; true when the user chose `button`. */
async function confirmed(ui: KeyAdminUi, message: string, detail: string, button: string): Promise<boolean> {
  return (await ui.modal(message, detail, button)) === button;
}

/** What each verb asks; undefined when the user cancelled, else what to do with the key's hash. */
async function askChange(deps: KeyAdminDeps, ui: KeyAdminUi, verb: KeyVerb, row: AccountKey): Promise<((h: string) => Promise<unknown>) | undefined> {
  const { format } = deps;
  const name = nameOf(row);
  const { apiKey, client } = await adminAccess(deps);
  if (verb === 'rename') {
    const typed = await ui.input({
      title: vscode.l10n.t('Rename Key "{0}"', name), value: row.name, ignoreFocusOut: true,
      validateInput: t => (t.trim() === '' || t.trim().length > 200 ? vscode.l10n.t('Give the key a name of 1 to 200 characters.') : undefined),
    });
    if (typed === undefined || typed.trim() === '') return undefined;
    return h => client.renameKey(apiKey, h, typed.trim());
  }
  if (verb === 'delete') {
    const text = deleteKeyConfirmText(row, format, vscode.l10n);
    return (await confirmed(ui, text.message, text.detail, vscode.l10n.t('Delete'))) ? h => client.deleteKey(apiKey, h) : undefined;
  }
  const disable = verb === 'disable';
  const ok = await confirmed(
    ui,
    disable ? vscode.l10n.t('Disable the key "{0}"?', name) : vscode.l10n.t('Enable the key "{0}"?', name),
    disable ? vscode.l10n.t('OpenRouter refuses its requests until it is enabled again.') : vscode.l10n.t('Its requests are served again.'),
    disable ? vscode.l10n.t('Disable') : vscode.l10n.t('Enable'),
  );
  return ok ? h => client.setKeyDisabled(apiKey, h, disable) : undefined;
}

/** Rename / Disable / Enable / Delete Key; returns whether the key was changed. */
export async function manageKey(deps: KeyAdminDeps, verb: KeyVerb, rowArg?: unknown, ui: KeyAdminUi = windowUi): Promise<boolean> {
  const { controller, log, notifier } = deps;
  await controller.ready;
  const row = await pickAdminKey(deps, ui, verb, rowArg);
  if (!row) return false;
  const name = nameOf(row);
  try {
    const change = await askChange(deps, ui, verb, row);
    if (!change) {
      log.info(`${verbTitle(verb)} cancelled for "${name}"; nothing was changed.`);
      return false;
    }
    const { apiKey, client } = await adminAccess(deps);
    const { hash } = await findKeyHash(client, apiKey, row.id);
    await change(hash);
    log.info(`Key "${name}": ${verb} done.`);
    void notifier.answer('keyAdmin', 'info', vscode.l10n.t('{0}: done for "{1}".', verbTitle(verb), name));
    await afterKeyChange(deps);
    return true;
  } catch (e) {
    log.warn(`Key "${name}": ${verb} failed: ${isCreditsError(e) ? e.kind : 'network'}.`);
    void notifier.answer('keyAdmin', 'error', vscode.l10n.t('The key was not changed. {0}', failText(e)));
    return false;
  }
}

/** The new key's limit and reset (undefined on Esc). */
async function askNewLimit(ui: KeyAdminUi): Promise<{ limit: number | null; limitReset: LimitReset | null } | undefined> {
  const typed = await ui.input({
    title: vscode.l10n.t('Limit of the New Key'),
    prompt: vscode.l10n.t('The most this key may spend, in USD. Leave empty for no limit.'),
    ignoreFocusOut: true,
    validateInput: t => (parseLimit(t) === 'bad' ? vscode.l10n.t('Type an amount of 0 or more, e.g. 25 or 12.50, or leave it empty.') : undefined),
  });
  if (typed === undefined) return undefined;
  const limit = parseLimit(typed);
  if (limit === 'bad') return undefined;
  if (limit === null) return { limit, limitReset: null };
  const items: Array<vscode.QuickPickItem & { reset: LimitReset | null }> = [
    { label: vscode.l10n.t('Never resets'), reset: null },
    ...LIMIT_RESETS.map(r => ({ label: r === 'daily' ? vscode.l10n.t('Resets daily') : r === 'weekly' ? vscode.l10n.t('Resets weekly') : vscode.l10n.t('Resets monthly'), reset: r })),
  ];
  const pick = await ui.pick(items, { title: vscode.l10n.t('When the limit resets') });
  return pick && { limit, limitReset: pick.reset };
}

/** The workspace of the new key: asked only when the account has several; null = the Default one; undefined on Esc. */
async function askWorkspace(deps: KeyAdminDeps, ui: KeyAdminUi): Promise<{ id?: string } | undefined> {
  const { apiKey, client } = await adminAccess(deps);
  const workspaces = await workspacesOf(client, apiKey);
  if (workspaces.length <= 1) return { id: workspaces[0]?.id };
  const pick = await ui.pick(
    workspaces.map(w => ({ label: plainText(w.name), id: w.id })),
    { title: vscode.l10n.t('Workspace of the New Key'), placeHolder: vscode.l10n.t('Choose a workspace') },
  );
  return pick && { id: pick.id };
}

/** Create Key…: name, limit, reset, workspace; then the secret, once, with Copy and Add as Account. Returns whether a key was made. */
export async function createKey(deps: KeyAdminDeps, ui: KeyAdminUi = windowUi): Promise<boolean> {
  const { controller, log, notifier } = deps;
  await controller.ready;
  if (!controller.view.snapshot?.key.isManagementKey) {
    void notifier.answer('keyAdmin', 'warning', vscode.l10n.t("Managing the account's keys needs a management key: this account's keys are not listed."));
    return false;
  }
  const typed = await ui.input({
    title: vscode.l10n.t('Create Key'), prompt: vscode.l10n.t('A name for the new key.'), ignoreFocusOut: true,
    validateInput: t => (t.trim() === '' || t.trim().length > 200 ? vscode.l10n.t('Give the key a name of 1 to 200 characters.') : undefined),
  });
  const name = typed?.trim();
  if (!name) return false;
  try {
    const limits = await askNewLimit(ui);
    if (!limits) return false;
    const workspace = await askWorkspace(deps, ui);
    if (!workspace) return false;
    const { apiKey, client } = await adminAccess(deps);
    const created = await client.createKey(apiKey, { name, ...limits, workspaceId: workspace.id });
    log.info(`Key "${plainText(name)}" created.`);
    await offerSecret(deps, ui, name, created.secret);
    await afterKeyChange(deps);
    return true;
  } catch (e) {
    log.warn(`Create Key failed: ${isCreditsError(e) ? e.kind : 'network'}.`);
    void notifier.answer('keyAdmin', 'error', vscode.l10n.t('No key was created. {0}', failText(e)));
    return false;
  }
}

/** The one dialog with the secret: Copy puts it on the clipboard; Add as Account checks and stores it as an account. */
async function offerSecret(deps: KeyAdminDeps, ui: KeyAdminUi, name: string, secret: string): Promise<void> {
  const copy = vscode.l10n.t('Copy');
  const add = vscode.l10n.t('Add as Account');
  const text = createdKeyText(name, secret, vscode.l10n);
  const answer = await ui.modal(text.message, text.detail, copy, add);
  if (answer === copy) await vscode.env.clipboard.writeText(secret);
  if (answer !== add) return;
  const accountName = await ui.input({
    title: vscode.l10n.t('Name the Account'), value: name, ignoreFocusOut: true,
    validateInput: v => (deps.controller.nameProblem(v) ? vscode.l10n.t('Choose another name.') : undefined),
  });
  if (accountName !== undefined) await addApiKey(deps, { key: secret, name: accountName });
}

export function registerKeyAdminCommands(deps: KeyAdminDeps, register: Register): vscode.Disposable[] {
  return [
    register(COMMANDS.createKey, () => createKey(deps)),
    // A row id only preselects the key: each asks (a name box or a modal) before it changes anything.
    register(COMMANDS.renameKey, (rowArg?: unknown) => manageKey(deps, 'rename', rowArg)),
    register(COMMANDS.disableKey, (rowArg?: unknown) => manageKey(deps, 'disable', rowArg)),
    register(COMMANDS.enableKey, (rowArg?: unknown) => manageKey(deps, 'enable', rowArg)),
    register(COMMANDS.deleteKey, (rowArg?: unknown) => manageKey(deps, 'delete', rowArg)),
  ];
}
