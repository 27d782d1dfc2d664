// The account commands (issue 12): Add API Key, Switch Account, Rename
// Account, Remove API Key, and Set Key Limit. Each takes its answers as
// arguments too, so the extension's own tests can run it; a limit change is
// always confirmed in a modal dialog here, in the extension host: a message
// from the details page alone never changes a limit.
import * as vscode from 'vscode';
import { ENV_ACCOUNT_ID, parseLimit, type NameProblem } from '../../core/accounts/accounts';
import { accountBalanceText, kindText } from '../../core/view/details';
import { LIMIT_RESETS, type LimitReset } from '../../core/openrouter/client';
import { isCreditsError } from '../../core/openrouter/errors';
import type { Formatter } from '../../core/text/format';
import { keyCheckMessage } from '../../core/text/messages';
import { KEYS_URL } from '../../core/view/presentation';
import type { CreditSnapshot } from '../../core/types';
import type { AccountRow } from '../../core/view/view';
import type { AccountsController, AddOutcome } from '../accounts/accountsController';
import { looksLikeKey } from '../accounts/keyStore';
import type { Notifier } from '../ui/notifier';

export interface AccountCommandDeps {
  controller: AccountsController;
  format: Formatter;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
}

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

/**
 * Asks for a key (password box) unless given, and checks it against /key (and
 * /credits). Undefined when the user cancelled, or the key was refused (the
 * user was told why, with Try Again).
 */
export async function readAndCheckKey(controller: AccountsController, log: vscode.LogOutputChannel, given?: string): Promise<{ key: string; snapshot: CreditSnapshot } | undefined> {
  const value = given ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('OpenRouter API Key'),
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
    const pick = await vscode.window.showErrorMessage(vscode.l10n.t('The key was not saved. {0}', msg), retry, keys);
    if (pick === retry && given === undefined) return readAndCheckKey(controller, log);
    if (pick === keys) void vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
    return undefined;
  }
}

export function registerAccountCommands(deps: AccountCommandDeps): vscode.Disposable[] {
  const { controller, format, log, notifier } = deps;

  const rows = (): AccountRow[] => controller.view.accounts?.rows ?? [];
  const balanceText = (r: AccountRow): string => accountBalanceText(r, format);

  /** Picks a stored account (the fallback account cannot be renamed or removed); one account is picked without asking. */
  const pickStored = async (title: string, arg: unknown): Promise<AccountRow | undefined> => {
    const stored = rows().filter(r => r.id !== ENV_ACCOUNT_ID);
    if (typeof arg === 'string') return stored.find(r => r.id === arg || r.name === arg);
    if (stored.length <= 1) return stored[0];
    const pick = await vscode.window.showQuickPick(
      stored.map(r => ({ label: r.name, description: `${kindText(r.kind, format)} · ${balanceText(r)}`, row: r })),
      { title, placeHolder: vscode.l10n.t('Choose an account') },
    );
    return pick?.row;
  };

  /** Add API Key: key (checked), then a name (the key's label by default); the new account becomes active. */
  const addApiKey = async (keyArg?: unknown, nameArg?: unknown): Promise<string | undefined> => {
    await controller.ready;
    const checked = await readAndCheckKey(controller, log, typeof keyArg === 'string' ? keyArg : undefined);
    if (!checked) return undefined;
    let name = typeof nameArg === 'string' ? nameArg : undefined;
    if (name === undefined) {
      name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Name the Account'),
        prompt: vscode.l10n.t('A name for this key, shown in the status bar, the warnings and Switch Account.'),
        value: checked.snapshot.key.label,
        ignoreFocusOut: true,
        validateInput: v => { const p = controller.nameProblem(v); return p ? nameProblemText(p) : undefined; },
      });
      if (name === undefined) return undefined; // Esc: nothing stored
    }
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
      void notifier.answer('addApiKey', 'info', vscode.l10n.t('This key is already saved as the account "{0}"; it is now the active one.', r.account.name));
      return r.account.id;
    }
    void notifier.answer('addApiKey', 'info', vscode.l10n.t('Account "{0}" added and now active ({1}).', r.account.name, kindText(r.account.kind, format)));
    return r.account.id;
  };

  /** Switch Account: a quick pick of every account with its kind and last known balance; the pick becomes active everywhere. */
  const switchAccount = async (arg?: unknown): Promise<boolean> => {
    await controller.ready;
    let id: string | undefined = typeof arg === 'string' ? arg : undefined;
    if (id === undefined) {
      type Item = vscode.QuickPickItem & { id?: string; add?: true };
      const items: Item[] = rows().filter(r => r.id !== ENV_ACCOUNT_ID).map(r => ({
        label: `${r.active ? '$(check)' : '$(blank)'} ${r.name}`,
        description: `${kindText(r.kind, format)} · ${balanceText(r)}${r.stale ? ` (${vscode.l10n.t('out of date')})` : ''}`,
        detail: r.shown && controller.view.accounts?.pinned ? vscode.l10n.t('Shown in this workspace (openrouterCredits.account)') : undefined,
        id: r.id,
      }));
      items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(add) ${vscode.l10n.t('Add API Key…')}`, add: true });
      const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Switch OpenRouter Account'), placeHolder: vscode.l10n.t('The active account shows in every window whose workspace does not name one') });
      if (!pick) return false;
      if (pick.add) return (await addApiKey()) !== undefined;
      id = pick.id;
    }
    const row = rows().find(r => r.id === id || r.name === id);
    if (!row || !(await controller.switchTo(row.id))) {
      void notifier.answer('switchAccount', 'warning', vscode.l10n.t('There is no account "{0}".', String(id)));
      return false;
    }
    if (controller.view.accounts?.pinned && !row.shown) {
      void notifier.answer('switchAccount', 'info', vscode.l10n.t('"{0}" is now the active account. This workspace keeps showing the account its settings name (openrouterCredits.account).', row.name));
    }
    return true;
  };

  const renameAccount = async (idArg?: unknown, nameArg?: unknown): Promise<boolean> => {
    await controller.ready;
    const row = await pickStored(vscode.l10n.t('Rename Account'), idArg);
    if (!row) return false;
    const name = typeof nameArg === 'string' ? nameArg : await vscode.window.showInputBox({
      title: vscode.l10n.t('Rename Account'),
      value: row.name,
      ignoreFocusOut: true,
      validateInput: v => { const p = controller.nameProblem(v, row.id); return p ? nameProblemText(p) : undefined; },
    });
    if (name === undefined) return false;
    const r = await controller.rename(row.id, name);
    if (!r.ok) {
      void notifier.answer('renameAccount', 'warning', r.reason === 'notFound' ? vscode.l10n.t('There is no account "{0}".', row.name) : nameProblemText(r.reason));
      return false;
    }
    return true;
  };

  /** Remove API Key: asks first (modal), then removes the key, its history, its warnings state and its cached snapshot. */
  const removeApiKey = async (idArg?: unknown): Promise<boolean> => {
    await controller.ready;
    const row = await pickStored(vscode.l10n.t('Remove API Key'), idArg);
    if (!row) return false;
    const remove = vscode.l10n.t('Remove');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the account "{0}"?', row.name),
      { modal: true, detail: vscode.l10n.t('Its API key is deleted from VS Code secret storage, with its history and warnings state. The key itself keeps working on OpenRouter.') },
      remove,
    );
    if (pick !== remove) return false;
    return (await controller.remove(row.id)) !== undefined;
  };

  /**
   * Set Key Limit (management key): the key (a by-key row id from the page,
   * or picked), the new limit and its reset, then a modal confirmation naming
   * both. Only then PATCH /keys/{hash}.
   */
  const setKeyLimit = async (rowArg?: unknown): Promise<boolean> => {
    await controller.ready;
    const v = controller.view;
    const keys = v.snapshot?.key.isManagementKey ? v.breakdown?.keys ?? [] : [];
    if (keys.length === 0) {
      void notifier.answer('setKeyLimit', 'warning', vscode.l10n.t("Setting a key's limit needs a management key: this account's keys are not listed."));
      return false;
    }
    let row = typeof rowArg === 'string' ? keys.find(k => k.id === rowArg) : undefined;
    if (!row) {
      if (typeof rowArg === 'string') {
        void notifier.answer('setKeyLimit', 'warning', vscode.l10n.t('That key is no longer in the account.'));
        return false;
      }
      const pick = await vscode.window.showQuickPick(
        keys.map(k => ({ label: k.name || k.label, description: k.limit === null ? vscode.l10n.t('No limit') : format.usd(k.limit), row: k })),
        { title: vscode.l10n.t('Set Key Limit'), placeHolder: vscode.l10n.t('Choose a key of the account') },
      );
      if (!pick) return false;
      row = pick.row;
    }
    const name = row.name || row.label;
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Set Limit for "{0}"', name),
      prompt: vscode.l10n.t('The most this key may spend, in USD. Leave empty for no limit.'),
      value: row.limit === null ? '' : String(row.limit),
      ignoreFocusOut: true,
      validateInput: t => (parseLimit(t) === 'bad' ? vscode.l10n.t('Type an amount of 0 or more, e.g. 25 or 12.50, or leave it empty.') : undefined),
    });
    if (typed === undefined) return false;
    const limit = parseLimit(typed);
    if (limit === 'bad') return false;
    const current = (LIMIT_RESETS as readonly string[]).includes(row.limitReset ?? '') ? (row.limitReset as LimitReset) : null;
    const resetItems: Array<vscode.QuickPickItem & { reset: LimitReset | null }> = [
      { label: resetText(current), description: vscode.l10n.t('as now'), reset: current },
      ...([...LIMIT_RESETS, null] as Array<LimitReset | null>).filter(r => r !== current).map(r => ({ label: resetText(r), reset: r })),
    ];
    const resetPick = limit === null ? { reset: null } : await vscode.window.showQuickPick(resetItems, { title: vscode.l10n.t('When the limit resets') });
    if (!resetPick) return false;
    const limitText = limit === null ? vscode.l10n.t('no limit') : format.usd(limit);
    const confirm = vscode.l10n.t('Set Limit');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Set the limit of the key "{0}" to {1}?', name, limitText),
      { modal: true, detail: limit === null ? vscode.l10n.t('The key may then spend without a limit.') : vscode.l10n.t('Reset: {0}. OpenRouter refuses the key\'s requests once the limit is reached.', resetText(resetPick.reset)) },
      confirm,
    );
    if (answer !== confirm) {
      log.info('Set Key Limit cancelled; nothing was changed.');
      return false;
    }
    try {
      const updated = await controller.setKeyLimit(row.id, { limit, limitReset: limit === null ? null : resetPick.reset });
      void notifier.answer('setKeyLimit', 'info', vscode.l10n.t('The limit of "{0}" is now {1}.', name, updated.limit === null ? vscode.l10n.t('no limit') : format.usd(updated.limit)));
      return true;
    } catch (e) {
      const kind = isCreditsError(e) ? e.kind : 'network';
      log.warn(`Set Key Limit failed: ${kind}.`);
      void notifier.answer('setKeyLimit', 'error', vscode.l10n.t('The limit was not changed. {0}', keyCheckMessage(vscode.l10n, kind, vscode.l10n.t('Something went wrong.'))));
      return false;
    }
  };

  return [
    vscode.commands.registerCommand('openrouterCredits.addApiKey', addApiKey),
    vscode.commands.registerCommand('openrouterCredits.switchAccount', switchAccount),
    vscode.commands.registerCommand('openrouterCredits.renameAccount', renameAccount),
    vscode.commands.registerCommand('openrouterCredits.removeApiKey', removeApiKey),
    vscode.commands.registerCommand('openrouterCredits.setKeyLimit', setKeyLimit),
  ];
}

function resetText(r: LimitReset | null): string {
  switch (r) {
    case 'daily': return vscode.l10n.t('Resets daily');
    case 'weekly': return vscode.l10n.t('Resets weekly');
    case 'monthly': return vscode.l10n.t('Resets monthly');
    default: return vscode.l10n.t('Never resets');
  }
}
