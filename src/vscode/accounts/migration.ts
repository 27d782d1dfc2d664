// Migration from the single key (before issue 12): today's key, under
// LEGACY_SECRET_ID, becomes an account. The decision is core's
// (migrateSingleKey()); this applies it, in an order a stop halfway survives.
import type * as vscode from 'vscode';
import { LEGACY_SECRET_ID, migrateSingleKey, secretIdOf } from '../../core/accounts/accounts';
import { keyId } from '../../core/identity';
import type { AccountList } from '../sync/accountList';
import type { SharedStore } from '../sync/sharedStore';
import type { AccountStorage } from './storage';

export interface MigrationDeps {
  storage: AccountStorage;
  root: SharedStore;
  list: AccountList;
  log: vscode.LogOutputChannel;
}

/**
 * Today's single key (LEGACY_SECRET_ID) becomes an account named after its
 * label, with its history and thresholds: the secret is stored under the
 * account first, then the list names it, then the shared files move into
 * its folder, then the legacy secret goes. Its id is its keyId, so two
 * windows starting at once make the same account.
 */
export async function migrate({ storage, root, list, log }: MigrationDeps): Promise<void> {
  const legacy = (await storage.readKey(LEGACY_SECRET_ID))?.trim();
  if (!legacy) return;
  const kid = keyId(root.salt, legacy);
  const rootState = root.readState();
  const current = list.read();
  const last = rootState?.snapshot ? { key: rootState.snapshot.key, ...(rootState.keyId ? { keyId: rootState.keyId } : {}) } : undefined;
  const m = migrateSingleKey(current.accounts, current.activeId, { keyId: kid }, last, () => kid);
  if (m.action === 'create') {
    await storage.storeKey(m.secretId, legacy);
    const r = list.update(cur => (cur.accounts.some(a => a.id === m.account.id)
      ? undefined
      : { accounts: [...cur.accounts, m.account], activeId: cur.activeId ?? m.account.id }));
    if (!r.ok || !r.accounts.some(a => a.id === m.account.id)) {
      // Not listed: the key stays where it was, for the next start to try again.
      log.warn('The stored key could not be made an account yet (the list of accounts was not written); it stays as it is.');
      return;
    }
    storage.makeFolder(m.account.id);
    // The shared state and history are this key's (keyed by keyId): they move with it.
    if (!rootState?.keyId || rootState.keyId === kid) storage.moveRootFilesTo(m.account.id);
    log.info(`The stored key is now the account "${m.account.name}", with its history and warnings state.`);
  }
  if (m.action === 'dropLegacy') {
    // An earlier start (maybe another window's: code-server keeps SecretStorage per window) made the account:
    // the key goes under it here too before the legacy place is cleared.
    const there = await storage.readKey(secretIdOf(m.account.id));
    if (!there) await storage.storeKey(secretIdOf(m.account.id), legacy);
  }
  if (m.action !== 'none') await storage.deleteKey(LEGACY_SECRET_ID);
}
