// Validation of the /key, /credits, /keys, /keys/{hash}, /activity,
// /generation and /auth/keys response bodies (OpenRouter OpenAPI spec).
// Pure TypeScript: no `vscode` import.
//
// /key and /credits are read strictly (the balance depends on them). /keys,
// /activity and /generation are read as tolerant readers: unknown fields are
// ignored, missing optional ones get a default, and only what the figures
// cannot do without (and a wrong type where a value is given) is refused.

import { createHash } from 'node:crypto';

import { CreditsError } from './errors';
import type { FreeModelRequests, AccountKey, ActivityRow, GenerationInfo, KeyInfo } from '../types';

/** Amounts above this (USD) are treated as malformed: no real account holds them. */
export const MAX_AMOUNT_USD = 1e12;

/** Longest label / limit_reset string accepted. */
const MAX_STRING_CHARS = 10_000;

/** What POST /auth/keys gives for an authorization code. */
export interface AuthKeyResult {
  /** The new, user-controlled API key. */
  key: string;
  userId: string | null;
}

export interface CreditsTotals {
  totalCredits: number;
  totalUsage: number;
}

function malformed(endpoint: string, detail: string): CreditsError {
  return new CreditsError('malformed', `OpenRouter sent an invalid ${endpoint} response: ${detail}.`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getData(body: unknown, endpoint: string): Record<string, unknown> {
  if (!isPlainObject(body)) throw malformed(endpoint, 'the body is not a JSON object');
  const data = body.data;
  if (!isPlainObject(data)) throw malformed(endpoint, '"data" is missing or not an object');
  return data;
}

interface FieldReader {
  amount(name: string, opts?: { nullable?: boolean; allowNegative?: boolean }): number | null;
  bool(name: string, opts?: { optional?: boolean }): boolean | undefined;
  str(name: string, opts?: { nullable?: boolean; optional?: boolean }): string | null | undefined;
}

function reader(data: Record<string, unknown>, endpoint: string): FieldReader {
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(data, name);
  return {
    amount(name, opts = {}) {
      if (!has(name)) throw malformed(endpoint, `"${name}" is missing`);
      const v = data[name];
      if (v === null) {
        if (opts.nullable) return null;
        throw malformed(endpoint, `"${name}" must not be null`);
      }
      if (typeof v !== 'number') throw malformed(endpoint, `"${name}" is not a number`);
      if (!Number.isFinite(v)) throw malformed(endpoint, `"${name}" is not a finite number`);
      if (Math.abs(v) > MAX_AMOUNT_USD) throw malformed(endpoint, `"${name}" is implausibly large`);
      if (v < 0 && !opts.allowNegative) throw malformed(endpoint, `"${name}" is negative`);
      return v === 0 ? 0 : v; // normalise -0
    },
    bool(name, opts = {}) {
      if (!has(name) || data[name] === undefined) {
        if (opts.optional) return undefined;
        throw malformed(endpoint, `"${name}" is missing`);
      }
      const v = data[name];
      if (typeof v !== 'boolean') throw malformed(endpoint, `"${name}" is not a boolean`);
      return v;
    },
    str(name, opts = {}) {
      if (!has(name) || data[name] === undefined) {
        if (opts.optional) return undefined;
        throw malformed(endpoint, `"${name}" is missing`);
      }
      const v = data[name];
      if (v === null) {
        if (opts.nullable) return null;
        throw malformed(endpoint, `"${name}" must not be null`);
      }
      if (typeof v !== 'string') throw malformed(endpoint, `"${name}" is not a string`);
      if (v.length > MAX_STRING_CHARS) throw malformed(endpoint, `"${name}" is too long`);
      return v;
    },
  };
}

/**
 * Validates a GET /key body and returns the camelCased KeyInfo.
 *
 * Rules: required fields present; amounts are finite JSON numbers within
 * ±MAX_AMOUNT_USD; usage*, byok_usage* and limit are non-negative;
 * limit_remaining may be negative (a key can overshoot its limit); null only for
 * limit, limit_remaining, limit_reset, expires_at and creator_user_id;
 * expires_at is optional and, when a string, must be a parseable date;
 * the deprecated is_provisioning_key / rate_limit fields are optional (the
 * former stands in for is_management_key when that one is missing).
 *
 * @throws CreditsError('malformed')
 */
export function validateKeyResponse(body: unknown): KeyInfo {
  const endpoint = '/key';
  const data = getData(body, endpoint);
  const r = reader(data, endpoint);

  const label = r.str('label') as string;
  const limit = r.amount('limit', { nullable: true });
  const limitRemaining = r.amount('limit_remaining', { nullable: true, allowNegative: true });
  const limitReset = r.str('limit_reset', { nullable: true }) as string | null;
  const usage = r.amount('usage') as number;
  const usageDaily = r.amount('usage_daily') as number;
  const usageWeekly = r.amount('usage_weekly') as number;
  const usageMonthly = r.amount('usage_monthly') as number;
  const byokUsage = r.amount('byok_usage') as number;
  const byokUsageDaily = r.amount('byok_usage_daily') as number;
  const byokUsageWeekly = r.amount('byok_usage_weekly') as number;
  const byokUsageMonthly = r.amount('byok_usage_monthly') as number;
  const includeByokInLimit = r.bool('include_byok_in_limit') as boolean;
  const isFreeTier = r.bool('is_free_tier') as boolean;
  const provisioning = r.bool('is_provisioning_key', { optional: true });
  let isManagementKey = r.bool('is_management_key', { optional: true });
  if (isManagementKey === undefined) {
    if (provisioning === undefined) throw malformed(endpoint, '"is_management_key" is missing');
    isManagementKey = provisioning;
  }
  r.str('creator_user_id', { nullable: true, optional: true });
  const expiresRaw = r.str('expires_at', { nullable: true, optional: true });
  if (typeof expiresRaw === 'string' && !Number.isFinite(Date.parse(expiresRaw))) {
    throw malformed(endpoint, '"expires_at" is not a valid date');
  }

  const free = freeModelRequests((data as Record<string, unknown>).free_model_daily_requests);
  return {
    ...(free ? { freeModelRequests: free } : {}),
    label,
    limit,
    limitRemaining,
    limitReset,
    usage,
    usageDaily,
    usageWeekly,
    usageMonthly,
    byokUsage,
    byokUsageDaily,
    byokUsageWeekly,
    byokUsageMonthly,
    includeByokInLimit,
    isFreeTier,
    isManagementKey,
    expiresAt: expiresRaw ?? null,
  };
}

/**
 * Validates a GET /credits body: both totals present, finite, non-negative and
 * at most MAX_AMOUNT_USD.
 *
 * @throws CreditsError('malformed')
 */
export function validateCreditsResponse(body: unknown): CreditsTotals {
  const endpoint = '/credits';
  const data = getData(body, endpoint);
  const r = reader(data, endpoint);
  const totalCredits = r.amount('total_credits') as number;
  const totalUsage = r.amount('total_usage') as number;
  return { totalCredits, totalUsage };
}

/**
 * Validates a POST /auth/keys body `{key, user_id}`: `key` a non-empty string
 * of visible ASCII (it goes into an Authorization header later); `user_id` a
 * string or null. A missing `user_id` counts as null: the code is spent by
 * now, and refusing a usable key over a field nothing reads would lose it.
 * No message contains the key.
 *
 * @throws CreditsError('malformed')
 */
export function validateAuthKeyResponse(body: unknown): AuthKeyResult {
  const endpoint = '/auth/keys';
  if (!isPlainObject(body)) throw malformed(endpoint, 'the body is not a JSON object');
  const r = reader(body, endpoint);
  const key = r.str('key') as string;
  if (!/^[\x21-\x7e]+$/.test(key)) throw malformed(endpoint, '"key" is empty or contains characters that are not allowed');
  const userId = r.str('user_id', { nullable: true, optional: true });
  return { key, userId: userId ?? null };
}

// ---- tolerant readers: /keys, /activity, /generation -----------------------

/** A tolerant field reader: absent or null → the fallback; a present value of the wrong type → malformed. */
function tolerant(data: Record<string, unknown>, endpoint: string) {
  const given = (name: string): boolean => data[name] !== undefined && data[name] !== null;
  const amountOf = (name: string, v: unknown, allowNegative: boolean): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw malformed(endpoint, `"${name}" is not a finite number`);
    if (Math.abs(v) > MAX_AMOUNT_USD) throw malformed(endpoint, `"${name}" is implausibly large`);
    if (v < 0 && !allowNegative) throw malformed(endpoint, `"${name}" is negative`);
    return v === 0 ? 0 : v;
  };
  return {
    has: given,
    /** A required USD amount. */
    amount(name: string, opts: { allowNegative?: boolean } = {}): number {
      if (!given(name)) throw malformed(endpoint, `"${name}" is missing`);
      return amountOf(name, data[name], !!opts.allowNegative);
    },
    /** An optional USD amount. */
    optAmount<F extends number | null>(name: string, fallback: F, opts: { allowNegative?: boolean } = {}): number | F {
      return given(name) ? amountOf(name, data[name], !!opts.allowNegative) : fallback;
    },
    /** An optional count (integer >= 0); numeric strings are accepted (analytics counts may be strings). */
    count<F extends number | null>(name: string, fallback: F): number | F {
      if (!given(name)) return fallback;
      const raw = data[name];
      const v = typeof raw === 'string' && /^\s*\d+(\.0+)?\s*$/.test(raw) ? Number(raw) : raw;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
        throw malformed(endpoint, `"${name}" is not a count`);
      }
      return Math.round(v);
    },
    /** A required non-empty string. */
    str(name: string): string {
      const v = data[name];
      if (typeof v !== 'string' || !v) throw malformed(endpoint, `"${name}" is missing or not a string`);
      if (v.length > MAX_STRING_CHARS) throw malformed(endpoint, `"${name}" is too long`);
      return v;
    },
    /** An optional string. */
    optStr<F extends string | null>(name: string, fallback: F): string | F {
      if (!given(name)) return fallback;
      const v = data[name];
      if (typeof v !== 'string') throw malformed(endpoint, `"${name}" is not a string`);
      if (v.length > MAX_STRING_CHARS) throw malformed(endpoint, `"${name}" is too long`);
      return v;
    },
    /** An optional boolean. */
    optBool(name: string, fallback: boolean): boolean {
      if (!given(name)) return fallback;
      const v = data[name];
      if (typeof v !== 'boolean') throw malformed(endpoint, `"${name}" is not a boolean`);
      return v;
    },
  };
}

function getList(body: unknown, endpoint: string): unknown[] {
  if (!isPlainObject(body)) throw malformed(endpoint, 'the body is not a JSON object');
  if (!Array.isArray(body.data)) throw malformed(endpoint, '"data" is missing or not a list');
  return body.data;
}

/**
 * The UI identity of an account key: 16 hex digits of SHA-256 over
 * OpenRouter's key hash. Stable across refreshes and windows, and it does not
 * give the hash back.
 */
export function accountKeyId(hash: string): string {
  return createHash('sha256').update(`openrouter-credits/account-key:${hash}`, 'utf8').digest('hex').slice(0, 16);
}

/** One page of GET /keys: the keys, and how many items the page held (to know a short page). */
export interface KeyListPage {
  keys: AccountKey[];
  /**
   * OpenRouter's hash of each key by its AccountKey.id, for the requests that
   * name a key (PATCH /keys/{hash}). Kept apart from the keys so that an
   * AccountKey never carries it: a Map, which JSON.stringify turns into {}.
   */
  hashById: Map<string, string>;
  /** Items in the answer, valid or not. */
  itemCount: number;
}

/** Reads one /keys item (tolerant; see validateKeyListResponse), and its hash apart. */
function readKeyItem(item: Record<string, unknown>, endpoint: string): { key: AccountKey; hash: string } {
  const r = tolerant(item, endpoint);
  const hash = r.str('hash');
  const key: AccountKey = {
    id: accountKeyId(hash),
    name: r.optStr('name', ''),
    label: r.optStr('label', ''),
    disabled: r.optBool('disabled', false),
    limit: r.optAmount('limit', null),
    limitRemaining: r.optAmount('limit_remaining', null, { allowNegative: true }),
    limitReset: r.optStr('limit_reset', null),
    usage: r.amount('usage'),
    usageDaily: r.amount('usage_daily'),
    usageWeekly: r.amount('usage_weekly'),
    usageMonthly: r.amount('usage_monthly'),
    createdAt: r.optStr('created_at', null),
  };
  return { key, hash };
}

/**
 * Validates a GET /keys body. Required per item: `hash` and the four usage
 * figures; everything else has a default (name/label '', disabled false,
 * limits null). Items that are not objects are skipped. The hash is not in
 * the keys (see AccountKey.id); `hashById` maps an id back to it.
 *
 * @throws CreditsError('malformed')
 */
export function validateKeyListResponse(body: unknown): KeyListPage {
  const endpoint = '/keys';
  const items = getList(body, endpoint);
  const keys: AccountKey[] = [];
  const hashById = new Map<string, string>();
  for (const item of items) {
    if (!isPlainObject(item)) continue;
    const { key, hash } = readKeyItem(item, endpoint);
    keys.push(key);
    hashById.set(key.id, hash);
  }
  return { keys, hashById, itemCount: items.length };
}

/**
 * Validates the answer of GET or PATCH /keys/{hash}: `{data: item}`, the item
 * read as in validateKeyListResponse. With `expectedHash`, the item must be
 * that key (else malformed): an answer about another key is not this one's.
 *
 * @throws CreditsError('malformed')
 */
export function validateKeyItemResponse(body: unknown, expectedHash?: string): AccountKey {
  const endpoint = '/keys/{hash}';
  const { key, hash } = readKeyItem(getData(body, endpoint), endpoint);
  if (expectedHash !== undefined && hash !== expectedHash) throw malformed(endpoint, 'it is about another key');
  return key;
}

/**
 * Validates a GET /activity body. Required per row: `date` (YYYY-MM-DD),
 * `model` and `usage`; the rest defaults to '' or 0 (counts may be numeric
 * strings). Items that are not objects are skipped.
 *
 * @throws CreditsError('malformed')
 */
export function validateActivityResponse(body: unknown): ActivityRow[] {
  const endpoint = '/activity';
  const rows: ActivityRow[] = [];
  for (const item of getList(body, endpoint)) {
    if (!isPlainObject(item)) continue;
    const r = tolerant(item, endpoint);
    const date = r.str('date');
    if (!/^\d{4}-\d\d-\d\d$/.test(date) || !Number.isFinite(Date.parse(`${date}T00:00:00Z`))) {
      throw malformed(endpoint, '"date" is not a YYYY-MM-DD date');
    }
    const model = r.str('model');
    rows.push({
      date,
      model,
      modelPermaslug: r.optStr('model_permaslug', model) || model,
      endpointId: r.optStr('endpoint_id', ''),
      providerName: r.optStr('provider_name', ''),
      usage: r.amount('usage'),
      byokUsageInference: r.optAmount('byok_usage_inference', 0),
      requests: r.count('requests', 0),
      promptTokens: r.count('prompt_tokens', 0),
      completionTokens: r.count('completion_tokens', 0),
      reasoningTokens: r.count('reasoning_tokens', 0),
    });
  }
  return rows;
}

/**
 * Validates a GET /generation body. Required: `id`, `model` and `total_cost`;
 * the rest is optional.
 *
 * @throws CreditsError('malformed')
 */
export function validateGenerationResponse(body: unknown): GenerationInfo {
  const endpoint = '/generation';
  const r = tolerant(getData(body, endpoint), endpoint);
  return {
    id: r.str('id'),
    model: r.str('model'),
    providerName: r.optStr('provider_name', null),
    totalCost: r.amount('total_cost'),
    createdAt: r.optStr('created_at', ''),
    tokensPrompt: r.count('tokens_prompt', null),
    tokensCompletion: r.count('tokens_completion', null),
    tokensReasoning: r.count('native_tokens_reasoning', null),
    latencyMs: r.optAmount('latency', null),
    generationTimeMs: r.optAmount('generation_time', null),
    isByok: r.optBool('is_byok', false),
    finishReason: r.optStr('finish_reason', null),
  };
}

/**
 * `free_model_daily_requests` {limit, remaining, used} (newer than the shared
 * spec): read when it is whole and sane, else ignored. A tolerant reader: it
 * never breaks the balance.
 */
function freeModelRequests(raw: unknown): FreeModelRequests | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { limit, remaining, used } = raw as Record<string, unknown>;
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;
  return ok(limit) && ok(remaining) && ok(used) && remaining <= limit ? { limit, remaining, used } : undefined;
}
