// Managing the account's keys (management key only): create one in a
// workspace (POST /keys), rename, disable or enable one (PATCH
// /keys/{hash}), delete one (DELETE /keys/{hash}). Keys are named by
// OpenRouter's hash (from listKeysWithHashes, host only); no error message
// holds the API key, the hash or a created key's secret. Pure TypeScript:
// no `vscode` import.

import type { AccountKey } from '../types';
import { HASH_PATTERN, LIMIT_RESETS, type LimitReset } from './accountApi';
import { CreditsError, isCreditsError } from './errors';
import { asCreditsError, normalizeKey, type OpenRouterHttp } from './http';
import { MAX_AMOUNT_USD } from './validate';
import { validateKeyItemResponse } from './validateAccount';
import { validateCreatedKey, validateDeleted, type CreatedKey } from './validateOrg';

export type { CreatedKey } from './validateOrg';

/** Longest key name sent. */
export const MAX_KEY_NAME_CHARS = 200;

/** What createKey() makes. */
export interface NewKeyRequest {
  /** Non-empty (trimmed), at most MAX_KEY_NAME_CHARS. */
  name: string;
  /** USD, finite and >= 0; null or omitted = no limit. */
  limit?: number | null;
  /** null or omitted = the limit never resets. */
  limitReset?: LimitReset | null;
  /** The workspace to create it in; omitted = the Default workspace. */
  workspaceId?: string;
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed || trimmed.length > MAX_KEY_NAME_CHARS) throw new CreditsError('badRequest', 'The key name must be 1 to 200 characters.');
  return trimmed;
}

function checkHash(hash: unknown): string {
  if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) throw new CreditsError('badRequest', 'The key to change is not valid.');
  return hash;
}

/** The JSON body of POST /keys, checked. @throws CreditsError('badRequest') */
function createBody(req: NewKeyRequest): Record<string, unknown> {
  if (typeof req !== 'object' || req === null) throw new CreditsError('badRequest', 'The new key is missing.');
  const limit = req.limit ?? null;
  if (limit !== null && (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0 || limit > MAX_AMOUNT_USD)) {
    throw new CreditsError('badRequest', 'The limit must be an amount of 0 or more, or none.');
  }
  const limitReset = req.limitReset ?? null;
  if (limitReset !== null && !(LIMIT_RESETS as readonly unknown[]).includes(limitReset)) {
    throw new CreditsError('badRequest', 'The limit reset must be daily, weekly, monthly or none.');
  }
  const body: Record<string, unknown> = { name: checkName(req.name), limit: limit === 0 ? 0 : limit, limit_reset: limitReset };
  if (req.workspaceId !== undefined) {
    if (typeof req.workspaceId !== 'string' || !HASH_PATTERN.test(req.workspaceId)) throw new CreditsError('badRequest', 'The workspace is not valid.');
    body.workspace_id = req.workspaceId;
  }
  return body;
}

/**
 * Creates a key (POST /keys). Returns its secret (to show once: the caller
 * never logs or keeps it) and the key as OpenRouter describes it (null when
 * that description cannot be read; the key exists all the same).
 *
 * @throws CreditsError — badRequest for bad arguments (no request sent) or a
 * 400; forbidden (403) for a normal key; the other status-mapped kinds;
 * malformed when no usable secret came back.
 */
export async function createKey(http: OpenRouterHttp, apiKey: string, req: NewKeyRequest): Promise<CreatedKey> {
  const key = normalizeKey(apiKey);
  const json = createBody(req);
  const body = await http.requestJson({ method: 'POST', path: '/keys', json, key, secrets: [key] });
  return validateCreatedKey(body);
}

/** One request about a listed key; a 404 says the key is gone. */
async function keyRequest(http: OpenRouterHttp, key: string, hash: string, method: 'PATCH' | 'DELETE', json?: unknown): Promise<unknown> {
  try {
    return await http.requestJson({ method, path: `/keys/${encodeURIComponent(hash)}`, json, key, secrets: [key, hash] });
  } catch (err) {
    if (isCreditsError(err) && err.kind === 'notFound') {
      throw new CreditsError('notFound', 'OpenRouter does not know this key: it may have been deleted.', { status: err.status });
    }
    throw err;
  }
}

async function patchKey(http: OpenRouterHttp, apiKey: string, hash: string, json: Record<string, unknown>): Promise<AccountKey> {
  const key = normalizeKey(apiKey);
  const checked = checkHash(hash);
  const body = await keyRequest(http, key, checked, 'PATCH', json);
  try {
    return validateKeyItemResponse(body, checked);
  } catch (err) {
    throw asCreditsError(err, [key, checked]);
  }
}

/**
 * Renames a key (PATCH /keys/{hash} with {name}). Returns the key as answered.
 *
 * @throws CreditsError — badRequest for a bad name or hash (no request sent)
 * or a 400; forbidden (403); notFound (404) for a key deleted meanwhile; the
 * other status-mapped kinds; malformed.
 */
export async function renameKey(http: OpenRouterHttp, apiKey: string, hash: string, name: string): Promise<AccountKey> {
  return patchKey(http, apiKey, hash, { name: checkName(name) });
}

/**
 * Disables (true) or enables (false) a key (PATCH /keys/{hash} with {disabled}).
 *
 * @throws CreditsError — as renameKey().
 */
export async function setKeyDisabled(http: OpenRouterHttp, apiKey: string, hash: string, disabled: boolean): Promise<AccountKey> {
  if (typeof disabled !== 'boolean') throw new CreditsError('badRequest', 'Disabled must be true or false.');
  return patchKey(http, apiKey, hash, { disabled });
}

/**
 * Deletes a key (DELETE /keys/{hash}); OpenRouter answers {deleted: true}.
 *
 * @throws CreditsError — badRequest for a bad hash (no request sent);
 * forbidden (403); notFound (404) for a key already gone; the other
 * status-mapped kinds; malformed.
 */
export async function deleteKey(http: OpenRouterHttp, apiKey: string, hash: string): Promise<void> {
  const key = normalizeKey(apiKey);
  const checked = checkHash(hash);
  validateDeleted(await keyRequest(http, key, checked, 'DELETE'));
}
