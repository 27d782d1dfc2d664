// Validation of the /key, /credits and /auth/keys response bodies (OpenRouter
// OpenAPI spec), and the helpers the account's readers (validateAccount.ts)
// share. Pure TypeScript: no `vscode` import.
//
// /key and /credits are read strictly (the balance depends on them).

import { CreditsError } from './errors';
import type { FreeModelRequests, KeyInfo } from '../types';
import { readKeyBudgetLayers } from './keyBudgets';

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

export function malformed(endpoint: string, detail: string): CreditsError {
  return new CreditsError('malformed', `OpenRouter sent an invalid ${endpoint} response: ${detail}.`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getData(body: unknown, endpoint: string): Record<string, unknown> {
  if (!isPlainObject(body)) throw malformed(endpoint, 'the body is not a JSON object');
  const data = body.data;
  if (!isPlainObject(data)) throw malformed(endpoint, '"data" is missing or not an object');
  return data;
}

/** A USD amount: a finite number within ±MAX_AMOUNT_USD, not negative unless allowed; -0 becomes 0. */
export function checkAmount(endpoint: string, name: string, v: unknown, allowNegative: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw malformed(endpoint, `"${name}" is not a finite number`);
  if (Math.abs(v) > MAX_AMOUNT_USD) throw malformed(endpoint, `"${name}" is implausibly large`);
  if (v < 0 && !allowNegative) throw malformed(endpoint, `"${name}" is negative`);
  return v === 0 ? 0 : v; // normalise -0
}

/** A string of at most MAX_STRING_CHARS. */
export function checkString(endpoint: string, name: string, v: unknown): string {
  if (typeof v !== 'string') throw malformed(endpoint, `"${name}" is not a string`);
  if (v.length > MAX_STRING_CHARS) throw malformed(endpoint, `"${name}" is too long`);
  return v;
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
      return checkAmount(endpoint, name, v, !!opts.allowNegative);
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
      return checkString(endpoint, name, v);
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
 * former stands in for is_management_key when that one is missing);
 * creator_user_id and organization_id are kept: they tell which OpenRouter
 * account the key belongs to.
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
  const creatorUserId = r.str('creator_user_id', { nullable: true, optional: true });
  const organizationId = optionalId(data.organization_id);
  const expiresRaw = r.str('expires_at', { nullable: true, optional: true });
  if (typeof expiresRaw === 'string' && !Number.isFinite(Date.parse(expiresRaw))) {
    throw malformed(endpoint, '"expires_at" is not a valid date');
  }

  const free = freeModelRequests((data as Record<string, unknown>).free_model_daily_requests);
  const budgets = readKeyBudgetLayers(data.budgets);
  return {
    ...(free ? { freeModelRequests: free } : {}),
    ...(budgets ? { budgets } : {}),
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
    ...(creatorUserId !== undefined ? { creatorUserId } : {}),
    ...(organizationId !== undefined ? { organizationId } : {}),
  };
}

/**
 * `organization_id` (newer than the shared spec): a string or null, else
 * treated as not said. A tolerant reader: who owns the key only groups
 * accounts in the total (fleet.ts accountOwnerOf()), it never breaks the
 * balance.
 */
function optionalId(raw: unknown): string | null | undefined {
  if (raw === null) return null;
  return typeof raw === 'string' && raw.length > 0 && raw.length <= MAX_STRING_CHARS ? raw : undefined;
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
