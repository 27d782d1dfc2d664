// Set Key Limit (management key): the key (a by-key row id from the page, or
// picked), the new limit and its reset, then a modal confirmation naming
// both. Only then PATCH /keys/{hash}: a message from the details page alone
// never changes a limit.
import * as vscode from 'vscode';
import { parseLimit } from '../../core/accounts/accounts';
import { LIMIT_RESETS, type LimitReset } from '../../core/openrouter/client';
import { isCreditsError } from '../../core/openrouter/errors';
import type { Formatter } from '../../core/text/format';
import { keyCheckMessage } from '../../core/text/messages';
import { plainText } from '../../core/text/plain';
import type { AccountKey } from '../../core/types';
import { keyPickItem } from '../../core/view/picks';
import type { AccountCommandDeps } from './deps';

function resetText(r: LimitReset | null): string {
  switch (r) {
    case 'daily': return vscode.l10n.t('Resets daily');
    case 'weekly': return vscode.l10n.t('Resets weekly');
    case 'monthly': return vscode.l10n.t('Resets monthly');
    default: return vscode.l10n.t('Never resets');
  }
}

/** The key whose limit to set: the one `rowArg` names, else picked; undefined (the user told why) when there is none. */
async function pickLimitKey(deps: AccountCommandDeps, rowArg: unknown): Promise<AccountKey | undefined> {
  const { controller, format, notifier } = deps;
  const v = controller.view;
  const keys = v.snapshot?.key.isManagementKey ? v.breakdown?.keys ?? [] : [];
  if (keys.length === 0) {
    void notifier.answer('setKeyLimit', 'warning', vscode.l10n.t("Setting a key's limit needs a management key: this account's keys are not listed."));
    return undefined;
  }
  if (typeof rowArg === 'string') {
    const row = keys.find(k => k.id === rowArg);
    if (!row) void notifier.answer('setKeyLimit', 'warning', vscode.l10n.t('That key is no longer in the account.'));
    return row;
  }
  const pick = await vscode.window.showQuickPick(
    keys.map(k => keyPickItem(k, format, vscode.l10n)),
    { title: vscode.l10n.t('Set Key Limit'), placeHolder: vscode.l10n.t('Choose a key of the account') },
  );
  return pick?.value;
}

/** The new limit in USD (null: no limit), or undefined on Esc. */
async function askLimit(row: AccountKey, name: string): Promise<number | null | undefined> {
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Set Limit for "{0}"', name),
    prompt: vscode.l10n.t('The most this key may spend, in USD. Leave empty for no limit.'),
    value: row.limit === null ? '' : String(row.limit),
    ignoreFocusOut: true,
    validateInput: t => (parseLimit(t) === 'bad' ? vscode.l10n.t('Type an amount of 0 or more, e.g. 25 or 12.50, or leave it empty.') : undefined),
  });
  if (typed === undefined) return undefined;
  const limit = parseLimit(typed);
  return limit === 'bad' ? undefined : limit;
}

/** When the limit resets, the key's current reset first ("as now"); none asked without a limit; undefined on Esc. */
async function askReset(row: AccountKey, limit: number | null): Promise<{ reset: LimitReset | null } | undefined> {
  if (limit === null) return { reset: null };
  const current = (LIMIT_RESETS as readonly string[]).includes(row.limitReset ?? '') ? (row.limitReset as LimitReset) : null;
  const resetItems: Array<vscode.QuickPickItem & { reset: LimitReset | null }> = [
    { label: resetText(current), description: vscode.l10n.t('as now'), reset: current },
    ...([...LIMIT_RESETS, null] as Array<LimitReset | null>).filter(r => r !== current).map(r => ({ label: resetText(r), reset: r })),
  ];
  return vscode.window.showQuickPick(resetItems, { title: vscode.l10n.t('When the limit resets') });
}

/** The modal confirmation naming the key, the limit and its reset. */
async function confirmLimit(name: string, limit: number | null, reset: LimitReset | null, format: Formatter): Promise<boolean> {
  const limitText = limit === null ? vscode.l10n.t('no limit') : format.usd(limit);
  const confirm = vscode.l10n.t('Set Limit');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Set the limit of the key "{0}" to {1}?', name, limitText),
    { modal: true, detail: limit === null ? vscode.l10n.t('The key may then spend without a limit.') : vscode.l10n.t('Reset: {0}. OpenRouter refuses the key\'s requests once the limit is reached.', resetText(reset)) },
    confirm,
  );
  return answer === confirm;
}

/** Set Key Limit; returns whether the limit was changed. */
export async function setKeyLimit(deps: AccountCommandDeps, rowArg?: unknown): Promise<boolean> {
  const { controller, format, log, notifier } = deps;
  await controller.ready;
  const row = await pickLimitKey(deps, rowArg);
  if (!row) return false;
  // The key's name is the server's (anyone who can name keys on the account chose it): plain text wherever it shows.
  const name = plainText(row.name || row.label);
  const limit = await askLimit(row, name);
  if (limit === undefined) return false;
  const resetPick = await askReset(row, limit);
  if (!resetPick) return false;
  if (!(await confirmLimit(name, limit, resetPick.reset, format))) {
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
}
