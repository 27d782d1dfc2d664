// GET /keys (the account's key list, paged) and GET / PATCH /keys/{hash}
// (one listed key, and the rules of a key's patch and of its limit).

import { fail, managementOnly, notAllowed, type Answer } from '../answer';
import { KEYS_PAGE_SIZE, KEY_PATCH_FIELDS, LIMIT_RESETS } from '../constants';
import type { FakeAccountState } from '../state';
import { isRecord, roundUsd } from '../util';
import { authenticate } from './keyAndCredits';

/**
 * What is left of a key's limit as the fake models it: null without a limit;
 * else the limit minus the usage of the reset period (usage_daily, _weekly,
 * _monthly, or all-time `usage` when it never resets), plus the same BYOK
 * figure when include_byok_in_limit; never below 0.
 */
export function limitRemainingOf(k: Record<string, unknown>): number | null {
  if (typeof k.limit !== 'number') return null;
  const suffix = k.limit_reset === 'daily' ? '_daily' : k.limit_reset === 'weekly' ? '_weekly' : k.limit_reset === 'monthly' ? '_monthly' : '';
  const num = (f: string): number => (typeof k[f] === 'number' ? (k[f] as number) : 0);
  const used = num(`usage${suffix}`) + (k.include_byok_in_limit === true ? num(`byok_usage${suffix}`) : 0);
  return Math.max(0, roundUsd(k.limit - used));
}

/**
 * Checks a PATCH /keys/{hash} body: a JSON object of KEY_PATCH_FIELDS only,
 * `name` a non-empty string, `disabled` and `include_byok_in_limit` booleans,
 * `limit` null or a finite number >= 0, `limit_reset` null or one of
 * LIMIT_RESETS. Returns the patch, or the 400 message.
 */
export function parseKeyPatch(body: string | undefined): { patch: Record<string, unknown> } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return { error: 'Invalid JSON body' };
  }
  if (!isRecord(parsed)) return { error: 'The body must be a JSON object' };
  for (const f of Object.keys(parsed)) {
    if (!(KEY_PATCH_FIELDS as readonly string[]).includes(f)) return { error: `Unknown field: ${f}` };
  }
  const has = (f: string): boolean => Object.prototype.hasOwnProperty.call(parsed, f);
  if (has('name') && (typeof parsed.name !== 'string' || !parsed.name.trim())) return { error: 'name must be a non-empty string' };
  for (const f of ['disabled', 'include_byok_in_limit']) {
    if (has(f) && typeof parsed[f] !== 'boolean') return { error: `${f} must be a boolean` };
  }
  if (has('limit') && parsed.limit !== null && (typeof parsed.limit !== 'number' || !Number.isFinite(parsed.limit) || parsed.limit < 0)) {
    return { error: 'limit must be null or a number >= 0' };
  }
  if (has('limit_reset') && parsed.limit_reset !== null && !(LIMIT_RESETS as readonly unknown[]).includes(parsed.limit_reset)) {
    return { error: 'limit_reset must be daily, weekly, monthly or null' };
  }
  return { patch: parsed };
}

/** GET /keys: KEYS_PAGE_SIZE items from `offset`; disabled ones only with include_disabled=true. */
export function keyList(account: FakeAccountState, query: URLSearchParams): Answer {
  const offsetText = query.get('offset');
  let offset = 0;
  if (offsetText !== null && offsetText !== '') {
    if (!/^\d+$/.test(offsetText)) return fail(400, 'Invalid request parameters');
    offset = Number(offsetText);
  }
  const includeDisabled = query.get('include_disabled') === 'true';
  const items = account.listedKeys().filter((k) => includeDisabled || k.disabled !== true);
  return { status: 200, payload: { data: items.slice(offset, offset + KEYS_PAGE_SIZE) } };
}

/**
 * GET and PATCH /keys/{hash} (management key only: 403 for a normal key,
 * 401 for an unknown one; 404 for a hash not in the list). PATCH applies
 * parseKeyPatch()'s fields to the listed key (limit, limit_reset and
 * include_byok_in_limit of a token-tied key go to that token's /key state,
 * so /key and /keys agree), recomputes limit_remaining (limitRemainingOf)
 * when one of those changed, sets updated_at, and answers {data: item}.
 * `disabled` is only recorded in the list: the token keeps answering.
 */
export function oneKey(account: FakeAccountState, method: string, encodedHash: string, token: string | undefined, body: string | null | undefined): Answer {
  if (method !== 'GET' && method !== 'PATCH') return notAllowed('GET, PATCH');
  const auth = authenticate(account.keys, token);
  if ('answer' in auth) return auth.answer;
  if (auth.state.key.is_management_key !== true) return managementOnly();
  let hash: string;
  try {
    hash = decodeURIComponent(encodedHash);
  } catch {
    return fail(404, 'Resource not found');
  }
  const entry = account.accountKeys.find((k) => k.item.hash === hash);
  if (!entry) return fail(404, 'Resource not found');
  if (method === 'GET') return { status: 200, payload: { data: account.listItem(entry) } };
  if (body === null) return fail(413, 'Payload Too Large');
  const parsed = parseKeyPatch(body);
  if ('error' in parsed) return fail(400, parsed.error);
  const patch = parsed.patch;
  const live = entry.token === undefined ? undefined : account.keys.get(entry.token);
  const figures = live ? live.key : entry.item;
  if ('name' in patch) entry.item.name = patch.name;
  if ('disabled' in patch) entry.item.disabled = patch.disabled;
  let limitChanged = false;
  for (const f of ['limit', 'limit_reset', 'include_byok_in_limit']) {
    if (f in patch) {
      figures[f] = patch[f];
      limitChanged = true;
    }
  }
  if (limitChanged) figures.limit_remaining = limitRemainingOf(figures);
  entry.item.updated_at = new Date(account.now()).toISOString();
  return { status: 200, payload: { data: account.listItem(entry) } };
}
