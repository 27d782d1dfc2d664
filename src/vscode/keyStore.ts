// The API key: VS Code SecretStorage only, with OPENROUTER_API_KEY from the
// environment as a fallback when nothing is stored. Never settings, never logs.
import * as vscode from 'vscode';

export const SECRET_ID = 'openrouterCredits.apiKey';

export class KeyStore {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.onDidChange = (listener, thisArg, disposables) =>
      secrets.onDidChange(e => { if (e.key === SECRET_ID) listener.call(thisArg); }, undefined, disposables);
  }

  async get(): Promise<{ key?: string; source: 'secret' | 'env' | 'none' }> {
    let stored: string | undefined;
    try { stored = await this.secrets.get(SECRET_ID); } catch { stored = undefined; }
    if (stored) return { key: stored, source: 'secret' };
    const fromEnv = this.env.OPENROUTER_API_KEY?.trim();
    if (fromEnv) return { key: fromEnv, source: 'env' };
    return { source: 'none' };
  }

  store(key: string): Thenable<void> {
    return this.secrets.store(SECRET_ID, key);
  }

  clear(): Thenable<void> {
    return this.secrets.delete(SECRET_ID);
  }
}

/** A quick sanity check of what the user typed (the server has the last word). */
export function looksLikeKey(value: string): boolean {
  return /^\S{10,300}$/.test(value.trim());
}
