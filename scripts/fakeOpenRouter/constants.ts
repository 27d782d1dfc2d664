// The fake's fixed names: its tokens, paths, ids and limits.

export const FAKE_KEYS = {
  management: 'sk-or-v1-fake-management-0001',
  limited: 'sk-or-v1-fake-limited-0002',
  unlimited: 'sk-or-v1-fake-unlimited-0003',
  revoked: 'sk-or-v1-fake-revoked-0004',
} as const;

export const KEY_PATH = '/api/v1/key';
export const CREDITS_PATH = '/api/v1/credits';
/** The account's keys (management key only), KEYS_PAGE_SIZE a page. */
export const KEYS_PATH = '/api/v1/keys';
/** The last ACTIVITY_DAYS completed UTC days (management key only). */
export const ACTIVITY_PATH = '/api/v1/activity';
/** One generation by `?id=` (any valid key). */
export const GENERATION_PATH = '/api/v1/generation';
export const KEYS_PAGE_SIZE = 100;
/** The limit_reset values PATCH /keys/{hash} accepts (besides null). */
export const LIMIT_RESETS = ['daily', 'weekly', 'monthly'] as const;
/** The fields PATCH /keys/{hash} accepts; any other is a 400. */
export const KEY_PATCH_FIELDS = ['name', 'disabled', 'limit', 'limit_reset', 'include_byok_in_limit'] as const;

/** GET / PATCH one listed key (management key only), by its hash. */
export function keyPath(hash: string): string {
  return `${KEYS_PATH}/${encodeURIComponent(hash)}`;
}
export const ACTIVITY_DAYS = 30;
/** workspace_id of everything the fake owns (the account's default workspace). */
export const FAKE_WORKSPACE_ID = '0df9e665-d932-5740-b2c7-b52af166bc11';
/** The generation ids the fake knows by default. */
export const FAKE_GENERATION_IDS = [
  'gen-1763990400-Xk2pQ9vL3mN8rT5wY1zA',
  'gen-1764004800-bH7cJ4dK6fM2nP8qR0sT',
  'gen-1764019200-uV3wX5yZ7aB9cD1eF2gH',
] as const;
/** The authorization page, at the origin's root (not under /api/v1). */
export const AUTH_PATH = '/auth';
export const AUTH_KEYS_PATH = '/api/v1/auth/keys';
/** How long an authorization code stays valid (OpenRouter: 10 minutes). */
export const AUTH_CODE_TTL_MS = 10 * 60 * 1000;
/** user_id of every key the fake issues (and creator_user_id of its keys). */
export const FAKE_USER_ID = 'user_fake';
/** The limit of a key issued by POST /auth/keys. */
export const ISSUED_KEY_LIMIT = 10;
