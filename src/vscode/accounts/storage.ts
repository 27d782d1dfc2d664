// The one owner of what an account keeps on this machine: its key in
// SecretStorage (one secret per account, secretIdOf(id); never settings,
// never logs) and its folder of shared files (core/accounts/storageLayout.ts:
// the fallback account's are in the root folder, a stored account's in
// accounts/<id>/). Nothing else in the extension writes a secret or creates,
// moves or deletes an account's folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { ENV_ACCOUNT_ID } from '../../core/accounts/accounts';
import { accountFolder, hasOwnFolder, KEY_FILES } from '../../core/accounts/storageLayout';
import type { SharedStore } from '../sync/sharedStore';

export interface StorageDeps {
  secrets: vscode.SecretStorage;
  /** The profile's shared folder: the lease, the focus, the salt, the list, and the fallback account's files. */
  root: SharedStore;
  log: vscode.LogOutputChannel;
}

export class AccountStorage {
  constructor(private readonly deps: StorageDeps) {}

  // --- secrets ---

  /** A stored key (undefined when none, or when SecretStorage fails). */
  async readKey(secretId: string): Promise<string | undefined> {
    try { return await this.deps.secrets.get(secretId); } catch { return undefined; }
  }

  storeKey(secretId: string, key: string): Thenable<void> {
    return this.deps.secrets.store(secretId, key);
  }

  deleteKey(secretId: string): Thenable<void> {
    return this.deps.secrets.delete(secretId);
  }

  /** Fires when one secret changes, in this window or another. */
  onDidChangeKey(secretId: string): vscode.Event<void> {
    return (listener, thisArg, disposables) =>
      this.deps.secrets.onDidChange(e => { if (e.key === secretId) listener.call(thisArg); }, undefined, disposables);
  }

  // --- folders ---

  /** The profile's shared store (the lease, the focus, the salt, the list; the fallback account's files). */
  get root(): SharedStore { return this.deps.root; }
  /** The installation's fingerprint salt. */
  get salt(): string { return this.deps.root.salt; }

  /** The shared store of an account's files: the root's for the fallback account, its own folder's for a stored one (the caller disposes it). */
  storeOf(id: string): SharedStore {
    const { root } = this.deps;
    return id === ENV_ACCOUNT_ID ? root : root.forAccount(accountFolder(root.dir, id));
  }

  /** Deletes a removed account's folder (its shared state with thresholds and snoozes, its history). */
  removeFolder(id: string): void {
    if (!hasOwnFolder(id)) return;
    try {
      fs.rmSync(accountFolder(this.deps.root.dir, id), { recursive: true, force: true });
    } catch (e) {
      this.deps.log.warn(`Could not delete the removed account's files: ${(e as Error).message}`);
    }
  }

  /** Makes an account's folder (migration: before its files move in). */
  makeFolder(id: string): void {
    fs.mkdirSync(accountFolder(this.deps.root.dir, id), { recursive: true });
  }

  /** Moves the single key's files (state, history) from the root into an account's folder; one another window moved already stays. */
  moveRootFilesTo(id: string): void {
    const dir = accountFolder(this.deps.root.dir, id);
    for (const f of KEY_FILES) {
      const from = path.join(this.deps.root.dir, f);
      const to = path.join(dir, f);
      try { if (fs.existsSync(from) && !fs.existsSync(to)) fs.renameSync(from, to); } catch { /* another window moved it */ }
    }
  }
}
