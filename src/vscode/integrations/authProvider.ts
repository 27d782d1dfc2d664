// OpenRouter in VS Code's Accounts menu: the authentication provider
// `openrouter`. Its sessions are the extension's own accounts (one list, not
// two; core/accounts/sessions.ts says which): session id = account id,
// account label = account name, accessToken = the account's key, read from
// SecretStorage when a session is asked for (storage.ts owns the secrets).
// Only a normal key is a session: a management key never reaches another
// extension.
//
// - getSessions(): the Accounts menu, and another extension's
//   vscode.authentication.getSession('openrouter', []) once the user has
//   allowed it (VS Code asks; the provider is not told who asks);
// - createSession(): "Sign in with OpenRouter" (signIn.ts), the new account's
//   session;
// - removeSession(): the Accounts menu's Sign Out, after VS Code's own
//   confirmation: the account goes, as Remove API Key removes it.
//
// OpenRouter keys have no scopes: every session has none, whatever is asked.
// onDidChangeSessions names the sessions that changed, without their keys.
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/accounts';
import { isSessionAccount, sessionAccounts, sessionChanges, type SessionAccount } from '../../core/accounts/sessions';

export { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL } from '../../core/accounts/sessions';

export interface AuthProviderDeps {
  /** Every stored account (AccountsController.accounts). */
  accounts(): readonly Account[];
  /** Fires when the accounts may have changed (AccountsController.onDidChange). */
  onDidChangeAccounts: vscode.Event<unknown>;
  /** Settles when the accounts have been read. */
  ready: Promise<void>;
  /** An account's key from SecretStorage (undefined: none stored). */
  readKey(accountId: string): Promise<string | undefined>;
  /** Runs "Sign in with OpenRouter"; the account it stored (or found already stored), undefined when it did not complete. */
  signIn(): Promise<Account | undefined>;
  /** Removes an account as Remove API Key does (its key, history and warnings state). */
  remove(accountId: string): Promise<Account | undefined>;
  log: vscode.LogOutputChannel;
}

export class OpenRouterAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private known: SessionAccount[];
  private readonly sub: vscode.Disposable;

  constructor(private readonly deps: AuthProviderDeps) {
    this.known = sessionAccounts(deps.accounts());
    this.sub = deps.onDidChangeAccounts(() => this.update());
  }

  async getSessions(_scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    await this.deps.ready;
    this.update();
    const out: vscode.AuthenticationSession[] = [];
    for (const s of sessionAccounts(this.deps.accounts())) {
      const key = await this.deps.readKey(s.id);
      if (key) out.push(session(s, key));
    }
    return out;
  }

  async createSession(_scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    await this.deps.ready;
    this.deps.log.info('Accounts: another part of VS Code asked to sign in with OpenRouter.');
    const account = await this.deps.signIn();
    if (!account) throw new Error(vscode.l10n.t('The sign-in did not complete.'));
    this.update();
    if (!isSessionAccount(account)) {
      this.deps.log.warn('Accounts: the sign-in gave a management key, which is never handed to another extension.');
      throw new Error(vscode.l10n.t('This sign-in gave a management key, which is not shared with other extensions.'));
    }
    const key = await this.deps.readKey(account.id);
    if (!key) throw new Error(vscode.l10n.t('The sign-in did not complete.'));
    return session({ id: account.id, name: account.name }, key);
  }

  /** Sign Out in the Accounts menu (VS Code has asked the user): removes the account. */
  async removeSession(sessionId: string): Promise<void> {
    await this.deps.ready;
    const account = this.deps.accounts().find(a => a.id === sessionId);
    if (!account || !isSessionAccount(account)) return;
    await this.deps.remove(account.id);
    this.update();
  }

  /** Compares the sessions with the last known ones and tells VS Code what changed. */
  private update(): void {
    const now = sessionAccounts(this.deps.accounts());
    const c = sessionChanges(this.known, now);
    this.known = now;
    if (!c) return;
    // The event names the sessions; their keys are getSessions()'s to give.
    const named = (list: SessionAccount[]) => list.map(s => session(s, ''));
    this.emitter.fire({ added: named(c.added), removed: named(c.removed), changed: named(c.changed) });
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

function session(s: Pick<SessionAccount, 'id' | 'name'>, accessToken: string): vscode.AuthenticationSession {
  return { id: s.id, accessToken, account: { id: s.id, label: s.name }, scopes: [] };
}
