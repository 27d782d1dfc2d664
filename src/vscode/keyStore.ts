// The API key's lifecycle: read, check, store and clear. The key lives in
// VS Code's SecretStorage only, with OPENROUTER_API_KEY from the environment as
// a fallback when nothing is stored. Never settings, never logs.
import * as vscode from 'vscode';
import { OpenRouterClient } from '../core/client';
import { keyId } from '../core/sharedState';
import type { CreditSnapshot } from '../core/types';
import type { KeySource } from '../core/view';

export const SECRET_ID = 'openrouterCredits.apiKey';

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

  /** `salt` gives the installation's fingerprint salt (SharedStore.salt). */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly userAgent: string,
    readonly salt: () => string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.onDidChange = (listener, thisArg, disposables) =>
      secrets.onDidChange(e => { if (e.key === SECRET_ID) listener.call(thisArg); }, undefined, disposables);
  }

  /** Reads the key (and updates `source`). */
  async get(): Promise<string | undefined> {
    let stored: string | undefined;
    try { stored = await this.secrets.get(SECRET_ID); } catch { stored = undefined; }
    const fromEnv = this.env.OPENROUTER_API_KEY?.trim();
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
    await this.secrets.store(SECRET_ID, key);
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
    await this.secrets.delete(SECRET_ID);
    await this.get();
  }
}

/** A quick sanity check of what the user typed (the server has the last word). */
export function looksLikeKey(value: string): boolean {
  return /^\S{10,300}$/.test(value.trim());
}
