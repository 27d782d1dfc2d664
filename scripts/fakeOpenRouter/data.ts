// Builders of the account's key data: /key states, /keys list items, and the
// reference account (a management key over a limited and an unlimited key).

import { FAKE_KEYS, FAKE_USER_ID, FAKE_WORKSPACE_ID } from './constants';
import type { FakeActivity } from './activityData';
import { sha256Hex } from './util';

export type FakeCredits = { total_credits: number; total_usage: number } | 'forbidden' | 'zeros';

export interface FakeKeyState {
  /** The /key `data` object, in OpenRouter's snake_case shape. */
  key: Record<string, unknown>;
  /** What /credits answers for this key; undefined is treated like 'forbidden'. */
  credits?: FakeCredits;
}

/**
 * One entry of the account's key list (GET /keys). `item` is the list item in
 * OpenRouter's snake_case shape (see fakeListedKey()). With `token`, the
 * figures (limit*, usage*, byok_usage*, include_byok_in_limit, expires_at,
 * creator_user_id) come live from that token's /key state, so /keys and /key
 * agree, also after spend() or drain().
 */
export interface FakeListedKey {
  token?: string;
  item: Record<string, unknown>;
}

/** The account behind the management key (what reset() restores). */
export interface FakeAccount {
  /** Default: defaultAccountKeys(). */
  keys?: FakeListedKey[];
  /** Default: defaultActivity. */
  activity?: FakeActivity;
  /** Generation `data` objects by id. Default: defaultGenerations(). */
  generations?: Record<string, Record<string, unknown>>;
}

const RATE_LIMIT_NOTE = 'This field is deprecated and safe to ignore.';

/** The usage figures of a key that has spent nothing (in /key's and /keys' order). */
const NO_USAGE = {
  usage: 0,
  usage_daily: 0,
  usage_weekly: 0,
  usage_monthly: 0,
  byok_usage: 0,
  byok_usage_daily: 0,
  byok_usage_weekly: 0,
  byok_usage_monthly: 0,
} as const;

/** A complete /key `data` object (every field the spec requires), with overrides. */
export function fakeKeyData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = {
    label: 'Fake key',
    limit: null,
    limit_remaining: null,
    limit_reset: null,
    ...NO_USAGE,
    include_byok_in_limit: false,
    is_free_tier: false,
    is_management_key: false,
    is_provisioning_key: false,
    expires_at: null,
    creator_user_id: FAKE_USER_ID,
    rate_limit: { requests: -1, interval: '10s', note: RATE_LIMIT_NOTE },
    // newer than the spec, required by @openrouter/sdk's validators
    organization_id: null,
    workspace_id: FAKE_WORKSPACE_ID,
    allowed_data_regions: ['global'],
    free_model_daily_requests: { limit: 1000, remaining: 1000, used: 0 },
    ...overrides,
  };
  if (!('is_provisioning_key' in overrides)) data.is_provisioning_key = data.is_management_key;
  return data;
}

/**
 * The reference worked example: management, limited and unlimited keys
 * (revoked = unknown → 401). The management key spends nothing itself: its
 * usage figures are 0; the account's spend is in its keys (defaultAccountKeys).
 */
export function defaultKeyStates(): Record<string, FakeKeyState> {
  return {
    [FAKE_KEYS.management]: {
      key: fakeKeyData({
        label: 'Management key',
        is_management_key: true,
      }),
      credits: { total_credits: 25, total_usage: 8.45 },
    },
    [FAKE_KEYS.limited]: {
      key: fakeKeyData({
        label: 'CI key',
        limit: 20,
        limit_remaining: 4.2,
        limit_reset: 'monthly',
        usage: 15.8,
        usage_daily: 0.6,
        usage_weekly: 3.2,
        usage_monthly: 15.8,
        expires_at: '2099-12-31T23:59:59Z',
      }),
      credits: 'forbidden',
    },
    [FAKE_KEYS.unlimited]: {
      key: fakeKeyData({
        label: 'Laptop key',
        usage: 12.34,
        usage_daily: 0.42,
        usage_weekly: 2.5,
        usage_monthly: 7.9,
      }),
      credits: 'forbidden',
    },
  };
}

/** How OpenRouter shows a key in lists: the start and the end, never the secret. */
export function maskedKeyLabel(secret: string): string {
  return `${secret.slice(0, 12)}...${secret.slice(-4)}`;
}

/** The /key fields a token-tied FakeListedKey takes from that key's live state. */
export const LIVE_KEY_FIELDS = [
  'limit', 'limit_remaining', 'limit_reset', 'include_byok_in_limit',
  'usage', 'usage_daily', 'usage_weekly', 'usage_monthly',
  'byok_usage', 'byok_usage_daily', 'byok_usage_weekly', 'byok_usage_monthly',
  'expires_at', 'creator_user_id',
] as const;

/**
 * A complete GET /keys item (every field of the spec and of the SDK), with
 * overrides. `secret` (default: derived from the name) gives the hash
 * (its SHA-256, as OpenRouter's) and the masked label.
 */
export function fakeListedKey(overrides: Record<string, unknown> = {}, secret?: string): Record<string, unknown> {
  const name = typeof overrides.name === 'string' ? overrides.name : 'Fake key';
  const key = secret ?? `sk-or-v1-${sha256Hex(`secret:${name}`)}`;
  return {
    hash: sha256Hex(key),
    name,
    label: maskedKeyLabel(key),
    disabled: false,
    limit: null,
    limit_remaining: null,
    limit_reset: null,
    include_byok_in_limit: false,
    ...NO_USAGE,
    created_at: '2026-03-02T09:14:27.511Z',
    updated_at: '2026-10-20T16:02:51.204Z',
    expires_at: null,
    creator_user_id: FAKE_USER_ID,
    workspace_id: FAKE_WORKSPACE_ID,
    external_user: null,
    ...overrides,
  };
}

/** A key list entry tied to a token of the fake (figures live from its /key). */
export function tiedListedKey(token: string, overrides: Record<string, unknown> = {}): FakeListedKey {
  return { token, item: fakeListedKey(overrides, token) };
}

/**
 * The account's keys by default: the limited ('CI key') and unlimited
 * ('Laptop key') keys of the fake (figures live from their /key), a limited
 * staging key and a disabled key that spent this month.
 */
export function defaultAccountKeys(): FakeListedKey[] {
  return [
    tiedListedKey(FAKE_KEYS.limited, { name: 'CI key', created_at: '2026-01-12T08:30:00.000Z' }),
    tiedListedKey(FAKE_KEYS.unlimited, { name: 'Laptop key', created_at: '2025-11-03T19:45:12.000Z' }),
    {
      item: fakeListedKey({
        name: 'Staging bot',
        limit: 10,
        limit_remaining: 9.6,
        limit_reset: 'weekly',
        usage: 3.1,
        usage_daily: 0.05,
        usage_weekly: 0.4,
        usage_monthly: 1.2,
        created_at: '2026-06-18T11:02:40.000Z',
      }),
    },
    {
      item: fakeListedKey({
        name: 'Old prototype',
        disabled: true,
        usage: 4.5,
        usage_monthly: 0.3,
        created_at: '2025-08-24T10:30:00.000Z',
        updated_at: '2026-11-04T07:21:09.000Z',
      }),
    },
  ];
}
