// The accounts that VS Code's authentication provider `openrouter` shows as
// sessions (src/vscode/integrations/authProvider.ts): the Accounts menu lists
// them, and another extension may get one's key after the user's consent.
// They are derived from the list of accounts (one list, not two): session id
// = account id, session label = account name.
//
// Only a normal key is ever a session: a management key (it can create,
// change and delete the user's keys) never goes to another extension, and
// neither does a key whose kind is not known yet ('unknown': it may be a
// management key; it becomes a session once a check or a refresh tells).
// The environment's fallback account is not in the list: it is not a
// sign-in of VS Code's.

import type { Account, AccountKind } from './accounts';

/** The authentication provider's id (package.json contributes.authentication, activation event onAuthenticationRequest:openrouter). */
export const AUTH_PROVIDER_ID = 'openrouter';
/** Its name in the Accounts menu (the manifest says the same). */
export const AUTH_PROVIDER_LABEL = 'OpenRouter';

/** The kinds of key another extension may be given: a normal key, limited or not. */
const SESSION_KINDS: readonly AccountKind[] = ['limited', 'unlimited'];

/** What a session shows of an account (never the key: the glue reads that from SecretStorage when asked). */
export interface SessionAccount {
  id: string;
  name: string;
  /** Whose key it is (changes when Set API Key replaces the account's key: the session's token changed). */
  keyId?: string;
}

/** Whether an account's key may be handed to another extension as a session. */
export function isSessionAccount(account: Pick<Account, 'kind'>): boolean {
  return SESSION_KINDS.includes(account.kind);
}

/** The accounts that are sessions, in the list's order. */
export function sessionAccounts(accounts: readonly Account[]): SessionAccount[] {
  return accounts.filter(isSessionAccount).map(a => (a.keyId !== undefined ? { id: a.id, name: a.name, keyId: a.keyId } : { id: a.id, name: a.name }));
}

/** The sessions added, removed and changed (renamed, or another key) between two lists; undefined when nothing changed. */
export interface SessionChanges {
  added: SessionAccount[];
  removed: SessionAccount[];
  changed: SessionAccount[];
}

export function sessionChanges(before: readonly SessionAccount[], after: readonly SessionAccount[]): SessionChanges | undefined {
  const old = new Map(before.map(s => [s.id, s]));
  const now = new Set(after.map(s => s.id));
  const added = after.filter(s => !old.has(s.id));
  const removed = before.filter(s => !now.has(s.id));
  const changed = after.filter(s => {
    const o = old.get(s.id);
    return o !== undefined && (o.name !== s.name || o.keyId !== s.keyId);
  });
  return added.length || removed.length || changed.length ? { added, removed, changed } : undefined;
}
