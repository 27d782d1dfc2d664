// One account's API key: read, check, store and clear. A stored account's key
// lives in VS Code's SecretStorage only, one secret per account
// (secretIdOf(account.id)); the fallback account (no `secretId`) reads
// OPENROUTER_API_KEY from the environment and stores nothing. Never settings,
// never logs.
import * as vscode from 'vscode';
import { OpenRouterClient } from '../../core/openrouter/client';
import { keyId } from '../../core/identity';
import type { CreditSnapshot } from '../../core/types';
import type { KeySource } from '../../core/view/view';


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

  /**
   * `salt` gives the installation's fingerprint salt (SharedStore.salt).
   * `secretId`: the account's secret; undefined for the environment's fallback account.
   */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly userAgent: string,
    readonly salt: () => string,
    readonly secretId?: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.onDidChange = (listener, thisArg, disposables) =>
      secrets.onDidChange(e => { if (secretId !== undefined && e.key === secretId) listener.call(thisArg); }, undefined, disposables);
  }

  /** Reads the key (and updates `source`). */
  async get(): Promise<string | undefined> {
    let stored: string | undefined;
    if (this.secretId !== undefined) {
      try { stored = await this.secrets.get(this.secretId); } catch { stored = undefined; }
    }
    const fromEnv = this.secretId === undefined ? this.env.OPENROUTER_API_KEY?.trim() : undefined;
    this.source = stored ? 'secret' : fromEnv ? 'env' : 'none';
    const key = stored || fromEnv || undefined;
    this.setId(key ? keyId(this.salt(), key) : undefined);
    return key;
  }

  /** Checks a candidate key against /key (and /credits) without storing it. */
  check(key: string, baseUrl: string): Promise<CreditSnapshot> {
    return new OpenRouterClient({ baseUrl, userAgent: this.userAgent }).fetchSnapshot(key);
  }

  async store(key: string): Promise<void> {
    if (this.secretId === undefined) throw new Error('The environment\'s key cannot be stored.');
    await this.secrets.store(this.secretId, key);
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
    if (this.secretId !== undefined) await this.secrets.delete(this.secretId);
    await this.get();
  }
}

/** A quick sanity check of what the user typed (the server has the last word). */
export function looksLikeKey(value: string): boolean {
  return /^\S{10,300}$/.test(value.trim());
}
