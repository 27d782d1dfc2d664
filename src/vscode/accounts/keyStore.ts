// One account's API key: read, check, store and clear. A stored account's key
// lives in VS Code's SecretStorage only, one secret per account
// (secretIdOf(account.id)), through AccountStorage (storage.ts, the one
// writer of secrets); the fallback account (no `secretId`) reads
// OPENROUTER_API_KEY from the environment and stores nothing. Never settings,
// never logs.
import * as vscode from 'vscode';
import { keyId } from '../../core/identity';
import type { CreditSnapshot } from '../../core/types';
import type { KeySource } from '../../core/view/view';
import type { ClientFactory } from '../account/clients';
import type { AccountStorage } from './storage';

export interface KeyStoreDeps {
  storage: Pick<AccountStorage, 'readKey' | 'storeKey' | 'deleteKey' | 'onDidChangeKey'>;
  /** Clients of the configured origin (the key check). */
  clients: ClientFactory;
  /** The installation's fingerprint salt (SharedStore.salt). */
  salt: () => string;
  /** The account's secret; undefined for the environment's fallback account. */
  secretId?: string;
  env?: NodeJS.ProcessEnv;
}

export class KeyStore {
  /** Fires when the stored key changes, in this window or another. */
  readonly onDidChange: vscode.Event<void>;
  /** Where the key comes from; undefined until SecretStorage has answered. */
  source: KeySource | undefined;
  /** keyId() of the key as last read, when there is one: whose shared state and history are this window's. */
  id: string | undefined;
  private readonly idEmitter = new vscode.EventEmitter<void>();
  /** The key read is another one than before (also through the environment), or none. */
  readonly onDidChangeId = this.idEmitter.event;
  readonly salt: () => string;
  readonly secretId?: string;
  readonly clients: ClientFactory;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly deps: KeyStoreDeps) {
    this.salt = deps.salt;
    this.secretId = deps.secretId;
    this.clients = deps.clients;
    this.env = deps.env ?? process.env;
    const secretId = deps.secretId;
    this.onDidChange = secretId === undefined ? () => ({ dispose: () => undefined }) : deps.storage.onDidChangeKey(secretId);
  }

  /** Reads the key (and updates `source`). */
  async get(): Promise<string | undefined> {
    const stored = this.secretId !== undefined ? await this.deps.storage.readKey(this.secretId) : undefined;
    const fromEnv = this.secretId === undefined ? this.env.OPENROUTER_API_KEY?.trim() : undefined;
    this.source = stored ? 'secret' : fromEnv ? 'env' : 'none';
    const key = stored || fromEnv || undefined;
    this.setId(key ? keyId(this.salt(), key) : undefined);
    return key;
  }

  /** Checks a candidate key against /key (and /credits) without storing it. */
  check(key: string, baseUrl: string): Promise<CreditSnapshot> {
    return this.clients(baseUrl).fetchSnapshot(key);
  }

  async store(key: string): Promise<void> {
    if (this.secretId === undefined) throw new Error('The environment\'s key cannot be stored.');
    await this.deps.storage.storeKey(this.secretId, key);
    this.source = 'secret';
    this.setId(keyId(this.salt(), key));
  }

  private setId(id: string | undefined): void {
    if (id === this.id) return;
    const had = this.id !== undefined;
    this.id = id;
    if (had) this.idEmitter.fire();
  }

  async clear(): Promise<void> {
    if (this.secretId !== undefined) await this.deps.storage.deleteKey(this.secretId);
    await this.get();
  }
}

/** A quick sanity check of what the user typed (the server has the last word). */
export function looksLikeKey(value: string): boolean {
  return /^\S{10,300}$/.test(value.trim());
}
