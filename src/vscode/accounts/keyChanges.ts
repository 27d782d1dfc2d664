// Set, Add and Remove API Key for the window's accounts: the secret (through
// storage.ts), the list of accounts and the slots, changed in an order a stop
// halfway survives: the secret is stored before the list names it, and goes
// when the list could not name it. The decisions on the list are core's
// (core/accounts/accounts.ts addAccount(), removeAccount(), withKeyFacts()).
import type * as vscode from 'vscode';
import { accountKindOf, addAccount, newAccountId, removeAccount, secretIdOf, withKeyFacts, type Account, type AccountListState, type AccountPick } from '../../core/accounts/accounts';
import { keyId } from '../../core/identity';
import { CreditsError } from '../../core/openrouter/errors';
import { checkedKeyState, EMPTY_STATE, type SharedState } from '../../core/refresh/sharedState';
import type { CreditSnapshot } from '../../core/types';
import type { Slots } from './slots';
import type { AccountStorage } from './storage';

export type AddOutcome =
  | { kind: 'added'; account: Account }
  | { kind: 'sameKey'; account: Account }
  | { kind: 'tooMany' }
  /** The list of accounts could not be written (no lock, a full disk): nothing was stored. */
  | { kind: 'notSaved' };

/** What the changes need of the window's accounts (AccountsController). */
export interface KeyChangeHost {
  storage: AccountStorage;
  slots: Slots;
  log: vscode.LogOutputChannel;
  list(): AccountListState;
  pick(): AccountPick;
  /** Changes the list; false when the change could not be written (the list stays as on disk). */
  updateList(fn: (cur: AccountListState) => AccountListState | undefined): boolean;
  switchTo(id: string): Promise<boolean>;
  /** The slots follow the list, then the window picks its account again; a new account's slot starts from `seed` (its checked key's state). */
  resync(seed?: { id: string; state: SharedState }): Promise<void>;
  /** An account was removed: forget what this profile cached of it. */
  onRemoved?: (id: string) => void;
}

/**
 * Set API Key: with no stored account, the key becomes the first one
 * (named after its label); otherwise it replaces the key of the account this
 * window shows. A key another account holds makes that one active instead.
 */
export async function setKey(host: KeyChangeHost, key: string, snapshot: CreditSnapshot, accountId?: string): Promise<Account> {
  const pick = host.pick();
  const { accounts } = host.list();
  // A workspace that names no account never decides where a key goes: the command explains instead.
  if (pick.kind === 'unknownAccount' && accountId === undefined) throw new CreditsError('badRequest', 'This workspace names an account that does not exist.', { retryable: false });
  const target = accountId !== undefined ? accounts.find(a => a.id === accountId)
    : pick.kind === 'pinned' || pick.kind === 'active' ? pick.account : undefined;
  if (!target) {
    const r = await addKey(host, key, snapshot, snapshot.key.label);
    if (r.kind === 'tooMany' || r.kind === 'notSaved') throw new CreditsError('badRequest', r.kind === 'tooMany' ? 'Too many accounts.' : 'The list of accounts could not be saved.', { retryable: false });
    return r.account;
  }
  const kid = keyId(host.storage.salt, key);
  const holder = accounts.find(a => a.keyId === kid && a.id !== target.id);
  if (holder) {
    await host.switchTo(holder.id);
    return holder;
  }
  const slot = host.slots.get(target.id);
  if (!slot) throw new CreditsError('badRequest', 'The account is not ready yet.', { retryable: false });
  // The secret first, then the list: the list never names a key that is not stored.
  await slot.controller.storeKey(key, snapshot);
  host.updateList(cur => ({ ...cur, accounts: withKeyFacts(cur.accounts, target.id, { kind: accountKindOf(snapshot.key), keyId: kid }) }));
  host.log.info(`The key of account "${target.name}" was replaced.`);
  return target;
}

/**
 * Add API Key: a new account with this (checked) key and name, made active.
 * The secret is stored before the list names it, so a stop halfway leaves
 * no account without its key.
 */
export async function addKey(host: KeyChangeHost, key: string, snapshot: CreditSnapshot, name: string): Promise<AddOutcome> {
  const kid = keyId(host.storage.salt, key);
  const holder = host.list().accounts.find(a => a.keyId === kid);
  if (holder) {
    await host.switchTo(holder.id);
    return { kind: 'sameKey', account: holder };
  }
  const id = newAccountId(host.list().accounts);
  await host.storage.storeKey(secretIdOf(id), key);
  let added: Account | undefined;
  let refused: 'tooMany' | 'sameKey' | undefined;
  const written = host.updateList(cur => {
    const r = addAccount(cur.accounts, { name, kind: accountKindOf(snapshot.key), keyId: kid }, () => id);
    if (!r.ok) { refused = r.reason; added = r.reason === 'sameKey' ? r.existing : undefined; return undefined; }
    added = r.account;
    return { accounts: r.accounts, activeId: r.account.id };
  });
  if (!written || !added || refused) {
    // Not listed: its secret goes too, so no key is left that no account names.
    await host.storage.deleteKey(secretIdOf(id));
    if (!written) return { kind: 'notSaved' };
    if (refused === 'sameKey' && added) { await host.switchTo(added.id); return { kind: 'sameKey', account: added }; }
    return { kind: 'tooMany' };
  }
  // The new account's first view is the key check's answer: no empty view, no second request before it.
  await host.resync({ id: added.id, state: checkedKeyState(EMPTY_STATE, kid, snapshot, Date.now()) });
  await host.slots.get(added.id)?.controller.storeKey(key, snapshot);
  host.log.info(`Account "${added.name}" added (${added.kind}); it is now the active account.`);
  return { kind: 'added', account: added };
}

/**
 * Remove API Key: the account's secret, its folder (shared state with its
 * thresholds and snoozes, history) and the cached snapshot. Another account
 * becomes active if this one was.
 */
export async function removeKey(host: KeyChangeHost, id: string): Promise<Account | undefined> {
  let removed: Account | undefined;
  host.updateList(cur => {
    const r = removeAccount(cur.accounts, id, cur.activeId);
    removed = r.removed;
    return r.removed ? { accounts: r.accounts, activeId: r.activeId } : undefined;
  });
  if (!removed) return undefined;
  const slot = host.slots.get(id);
  if (slot) host.slots.drop(slot);
  await host.storage.deleteKey(secretIdOf(id));
  host.storage.removeFolder(id);
  host.onRemoved?.(id);
  host.log.info(`Account "${removed.name}" removed, with its key, history and warnings state.`);
  await host.resync();
  return removed;
}
