// Finding a key's hash by its AccountKey.id, in whichever workspace holds it
// (issue 20): GET /keys without workspace_id lists the Default workspace
// only. The hash stays with the caller (the extension host): it never
// reaches the page, a log line or an error. Pure TypeScript: no `vscode` import.
import type { Workspace } from '../org/types';
import type { AccountKey } from '../types';
import type { OpenRouterClient } from './client';
import { CreditsError } from './errors';

type Lister = Pick<OpenRouterClient, 'listWorkspaces' | 'listKeysWithHashes'>;

/** The account's workspaces; none when they cannot be listed (then only the Default workspace is asked). */
export async function workspacesOf(client: Pick<OpenRouterClient, 'listWorkspaces'>, apiKey: string): Promise<Workspace[]> {
  try {
    return await client.listWorkspaces(apiKey);
  } catch {
    return [];
  }
}

/**
 * The hash of the key whose AccountKey.id is `keyId`, and the key as listed
 * now: the Default workspace first (one request in the common case), then
 * each workspace until one holds it.
 * @throws CreditsError('notFound') when none holds it now; the client's kinds.
 */
export async function findKeyHash(client: Lister, apiKey: string, keyId: string): Promise<{ hash: string; key: AccountKey }> {
  const lookIn = async (workspaceId?: string): Promise<{ hash: string; key: AccountKey } | undefined> => {
    const { keys, hashById } = await client.listKeysWithHashes(apiKey, workspaceId);
    const hash = hashById.get(keyId);
    const key = keys.find(k => k.id === keyId);
    return hash && key ? { hash, key } : undefined;
  };
  const inDefault = await lookIn();
  if (inDefault) return inDefault;
  for (const w of await workspacesOf(client, apiKey)) {
    const found = await lookIn(w.id);
    if (found) return found;
  }
  throw new CreditsError('notFound', 'The account has no such key now: it may have been deleted.', { retryable: false });
}
