// The account's endpoints (a management key's, but /generation): the keys
// (GET /keys, paged), a key's limit (PATCH /keys/{hash}), the activity
// (GET /activity) and one generation (GET /generation). Each request goes
// through the client's OpenRouterHttp (http.ts). Pure TypeScript: no
// `vscode` import.

import { CreditsError, isCreditsError } from './errors';
import { asCreditsError, normalizeKey, type OpenRouterHttp } from './http';
import type { AccountKey, ActivityRow, GenerationInfo } from '../types';
import { MAX_AMOUNT_USD } from './validate';
import { validateActivityResponse, validateGenerationResponse, validateKeyItemResponse, validateKeyListResponse } from './validateAccount';

/** GET /keys answers this many keys a page; a shorter page is the last. */
export const KEYS_PAGE_SIZE = 100;
/** listKeys() stops after this many pages (5 000 keys), whatever the answers. */
export const MAX_KEY_PAGES = 50;

/**
 * /activity's body cap. Its rows are one per (day, model, provider endpoint):
 * ~310 bytes each as OpenRouter writes them, so 30 days of a busy account
 * (300 endpoints a day) are ~2.8 MB, past the 1 MB of every other answer;
 * the breakdown then never loaded and was asked again every hour. Sized for
 * ACTIVITY_MAX_ROWS_PER_DAY rows of ACTIVITY_MAX_ROW_BYTES (the longest
 * names, full-precision amounts, pretty-printed) on each of 30 days: 15 MB,
 * read once a day (activityDue) and reduced to the breakdown at once.
 */
export const ACTIVITY_MAX_ROWS_PER_DAY = 1000;
export const ACTIVITY_MAX_ROW_BYTES = 500;
export const ACTIVITY_MAX_BODY_BYTES = 30 * ACTIVITY_MAX_ROWS_PER_DAY * ACTIVITY_MAX_ROW_BYTES;

/** The periods after which OpenRouter resets a key's limit (null: never). */
export const LIMIT_RESETS = ['daily', 'weekly', 'monthly'] as const;
export type LimitReset = (typeof LIMIT_RESETS)[number];

/** What updateKeyLimit() sets: both fields, always (null clears them). */
export interface KeyLimitUpdate {
  /** USD, finite and >= 0; null = no limit. */
  limit: number | null;
  /** null = the limit never resets. */
  limitReset: LimitReset | null;
}

/**
 * The account's keys and, apart from them, OpenRouter's hash of each by its
 * AccountKey.id. The hashes are for the extension host only (to name a key
 * in PATCH /keys/{hash}): `keys` may go anywhere, `hashById` never leaves
 * the host (not to the page, the shared files or the log). A Map, so that
 * JSON.stringify of it by mistake gives {}.
 */
export interface KeyListWithHashes {
  keys: AccountKey[];
  hashById: ReadonlyMap<string, string>;
}

/** How a key's hash (or a workspace's id) may look in a path: OpenRouter's are 64 hex digits (UUIDs); this allows any short token. */
export const HASH_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Checks updateKeyLimit()'s arguments before any request.
 *
 * @throws CreditsError('badRequest')
 */
export function validateKeyLimitUpdate(hash: unknown, update: unknown): { hash: string; update: KeyLimitUpdate } {
  if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) throw new CreditsError('badRequest', 'The key to change is not valid.');
  if (typeof update !== 'object' || update === null) throw new CreditsError('badRequest', 'The new limit is missing.');
  const { limit, limitReset } = update as { limit?: unknown; limitReset?: unknown };
  if (limit !== null && (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0 || limit > MAX_AMOUNT_USD)) {
    throw new CreditsError('badRequest', 'The new limit must be an amount of 0 or more, or none.');
  }
  if (limitReset !== null && !(LIMIT_RESETS as readonly unknown[]).includes(limitReset)) {
    throw new CreditsError('badRequest', 'The limit reset must be daily, weekly, monthly or none.');
  }
  return { hash, update: { limit: limit === 0 ? 0 : limit, limitReset: limitReset as LimitReset | null } };
}

/**
 * The keys of one workspace (`workspaceId`), or without it of the Default
 * workspace only (as OpenRouter answers GET /keys), disabled ones included
 * (management key only), with OpenRouter's hash of each key by its id (see
 * KeyListWithHashes: for the extension host only, to call updateKeyLimit):
 * pages of KEYS_PAGE_SIZE with `offset` until a short page, at most
 * MAX_KEY_PAGES. A key seen twice (the list moved while paging) counts once.
 *
 * @throws CreditsError — badRequest for a workspace id that cannot be one (no
 * request sent); forbidden (403) for a normal key; the other status-mapped
 * kinds; malformed for an unusable answer.
 */
export async function listKeysWithHashes(http: OpenRouterHttp, apiKey: string, workspaceId?: string): Promise<KeyListWithHashes> {
  const key = normalizeKey(apiKey);
  if (workspaceId !== undefined && (typeof workspaceId !== 'string' || !HASH_PATTERN.test(workspaceId))) {
    throw new CreditsError('badRequest', 'The workspace is not valid.');
  }
  const scope: Record<string, string> = workspaceId === undefined ? {} : { workspace_id: workspaceId };
  const byId = new Map<string, AccountKey>();
  const hashById = new Map<string, string>();
  for (let page = 0; page < MAX_KEY_PAGES; page++) {
    const body = await http.requestJson({
      method: 'GET',
      path: '/keys',
      query: { include_disabled: 'true', offset: String(page * KEYS_PAGE_SIZE), ...scope },
      key,
      secrets: [key],
    });
    const list = validateKeyListResponse(body);
    for (const k of list.keys) {
      if (byId.has(k.id)) continue;
      byId.set(k.id, k);
      const hash = list.hashById.get(k.id);
      if (hash !== undefined) hashById.set(k.id, hash);
    }
    if (list.itemCount < KEYS_PAGE_SIZE) break;
  }
  return { keys: [...byId.values()], hashById };
}

/**
 * Sets a key's limit and when it resets (PATCH /keys/{hash} with
 * {limit, limit_reset}, management key only), through the same origin,
 * timeout, size and no-redirect rules as every request. The arguments are
 * checked first (validateKeyLimitUpdate): nothing is sent for a bad one.
 * Returns the key as OpenRouter answers it (its hash must be the one asked).
 *
 * @throws CreditsError — badRequest for bad arguments (no request sent) or a
 * 400; forbidden (403) for a normal key; invalidKey (401); notFound (404)
 * for a key OpenRouter does not know (deleted meanwhile); the other
 * status-mapped kinds; malformed for an unusable answer. No message
 * contains the API key or the hash.
 */
export async function updateKeyLimit(http: OpenRouterHttp, apiKey: string, hash: string, update: KeyLimitUpdate): Promise<AccountKey> {
  const key = normalizeKey(apiKey);
  const checked = validateKeyLimitUpdate(hash, update);
  const secrets = [key, checked.hash];
  let body: unknown;
  try {
    body = await http.requestJson({
      method: 'PATCH',
      path: `/keys/${encodeURIComponent(checked.hash)}`,
      json: { limit: checked.update.limit, limit_reset: checked.update.limitReset },
      key,
      secrets,
    });
  } catch (err) {
    if (isCreditsError(err) && err.kind === 'notFound') {
      throw new CreditsError('notFound', 'OpenRouter does not know this key: it may have been deleted.', { status: err.status });
    }
    throw err;
  }
  try {
    return validateKeyItemResponse(body, checked.hash);
  } catch (err) {
    throw asCreditsError(err, secrets);
  }
}

/**
 * The account's activity (GET /activity, management key only): the last 30
 * completed UTC days, one row per day, model and provider endpoint. Its
 * body may be up to ACTIVITY_MAX_BODY_BYTES (the other answers: 1 MB).
 *
 * @throws CreditsError — forbidden (403) for a normal key; the other
 * status-mapped kinds; malformed for an unusable answer.
 */
export async function fetchActivity(http: OpenRouterHttp, apiKey: string): Promise<ActivityRow[]> {
  const key = normalizeKey(apiKey);
  return validateActivityResponse(await http.requestJson({ method: 'GET', path: '/activity', key, secrets: [key], maxBodyBytes: ACTIVITY_MAX_BODY_BYTES }));
}

/**
 * One generation (GET /generation?id=, any valid key).
 *
 * @throws CreditsError — badRequest for an empty id (no request sent);
 * notFound (404) for an unknown id; the other status-mapped kinds.
 */
export async function fetchGeneration(http: OpenRouterHttp, apiKey: string, id: string): Promise<GenerationInfo> {
  const key = normalizeKey(apiKey);
  const trimmed = typeof id === 'string' ? id.trim() : '';
  if (!trimmed) throw new CreditsError('badRequest', 'The generation id is empty.');
  const body = await http.requestJson({ method: 'GET', path: '/generation', query: { id: trimmed }, key, secrets: [key] });
  return validateGenerationResponse(body);
}
