// The quick picks' items, built here so that what they show is tested without
// VS Code: a quick pick renders `$(icon)` in its labels, descriptions and
// details, so every name in them (an account's, chosen by whoever set it up
// or by a workspace; a key's, by anyone who can name keys on the account; a
// server's value) goes through plainText(). The glue adds the icons it means.
import type { GenerationInfo, AccountKey } from '../types';
import { generationFields } from '../openrouter/generation';
import type { Formatter } from '../text/format';
import { plainText } from '../text/plain';
import type { L10n } from '../text/strings';
import { accountBalanceText, kindText } from './details/accounts';
import type { AccountRow } from './view';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/**
 * One account of Switch Account (`switcher`: its mark, out of date, shown by
 * this workspace's pin) or of Rename Account and Remove API Key.
 */
export function accountPickItem(r: AccountRow, f: Formatter, l10n: L10n, switcher?: { pinned: boolean }): PickItem<AccountRow> {
  const description = `${kindText(r.kind, f)} · ${accountBalanceText(r, f)}`;
  if (!switcher) return { label: plainText(r.name), description, value: r };
  return {
    label: `${r.active ? '$(check)' : '$(blank)'} ${plainText(r.name)}`,
    description: r.stale ? `${description} (${l10n.t('out of date')})` : description,
    detail: r.shown && switcher.pinned ? l10n.t('Shown in this workspace (openrouterCredits.account)') : undefined,
    value: r,
  };
}

/** One key of Set Key Limit: its name (else its masked label) and its limit. */
export function keyPickItem(k: AccountKey, f: Formatter, l10n: L10n): PickItem<AccountKey> {
  return { label: plainText(k.name || k.label), description: k.limit === null ? l10n.t('No limit') : f.usd(k.limit), value: k };
}

/** Look Up Generation Cost: the title, and one item per field; the value copied is OpenRouter's, as it is. */
export function generationPick(g: GenerationInfo, f: Formatter, l10n: L10n): { title: string; items: Array<PickItem<string>> } {
  return {
    title: l10n.t('Generation cost: {0} ({1})', f.usdExact(g.totalCost), plainText(g.model)),
    items: generationFields(g, f, l10n).map(x => ({ label: plainText(x.label), description: plainText(x.value), value: x.value })),
  };
}

/**
 * One key of Rename / Disable / Enable / Delete Key: its name (else its
 * masked label), whether it is disabled, what it spent this month, and its
 * workspace's name when the account has several.
 */
export function keyAdminPickItem(k: AccountKey, f: Formatter, l10n: L10n, workspaceName?: string): PickItem<AccountKey> {
  const spent = l10n.t('{0} this month', f.usd(k.usageMonthly));
  return {
    label: plainText(k.name || k.label),
    description: k.disabled ? `${l10n.t('disabled')} · ${spent}` : spent,
    detail: workspaceName ? plainText(workspaceName) : undefined,
    value: k,
  };
}

/** Delete Key's modal: it names the key and what it spent this month (the breakdown's row). */
export function deleteKeyConfirmText(k: AccountKey, f: Formatter, l10n: L10n): { message: string; detail: string } {
  return {
    message: l10n.t('Delete the key "{0}"?', plainText(k.name || k.label)),
    detail: l10n.t('It spent {0} this month. Whatever uses it is refused at once; this cannot be undone.', f.usd(k.usageMonthly)),
  };
}

/**
 * Create Key's one dialog: the new key's secret is shown here once, in the
 * modal's detail (never in the message, a notification, the log or the page).
 */
export function createdKeyText(name: string, secret: string, l10n: L10n): { message: string; detail: string } {
  return {
    message: l10n.t('The key "{0}" was created. Copy it now: it is shown only this once.', plainText(name)),
    detail: secret,
  };
}
