// Validation of the account's /keys, /keys/{hash}, /activity and /generation
// response bodies (OpenRouter OpenAPI spec). Pure TypeScript: no `vscode`
// import.
//
// These are read as tolerant readers: unknown fields are ignored, missing
// optional ones get a default, and only what the figures cannot do without
// (and a wrong type where a value is given) is refused.

import { createHash } from 'node:crypto';

import type { AccountKey, ActivityRow, GenerationInfo } from '../types';
import { checkAmount, checkString, getData, isPlainObject, malformed } from './validate';

/** A tolerant field reader: absent or null → the fallback; a present value of the wrong type → malformed. */
export function tolerant(data: Record<string, unknown>, endpoint: string): Tolerant {
  return new Tolerant(data, endpoint);
}

/** One object per item read (a page of 100 keys reads 100): its methods are the prototype's, not closures made per item. */
export class Tolerant {
  constructor(private readonly data: Record<string, unknown>, private readonly endpoint: string) {}

  has(name: string): boolean {
    return this.data[name] !== undefined && this.data[name] !== null;
  }

  /** A required USD amount. */
  amount(name: string, opts: { allowNegative?: boolean } = {}): number {
    if (!this.has(name)) throw malformed(this.endpoint, `"${name}" is missing`);
    return checkAmount(this.endpoint, name, this.data[name], !!opts.allowNegative);
  }

  /** An optional USD amount. */
  optAmount<F extends number | null>(name: string, fallback: F, opts: { allowNegative?: boolean } = {}): number | F {
    return this.has(name) ? checkAmount(this.endpoint, name, this.data[name], !!opts.allowNegative) : fallback;
  }

  /** An optional count (integer >= 0); numeric strings are accepted (analytics counts may be strings). */
  count<F extends number | null>(name: string, fallback: F): number | F {
    if (!this.has(name)) return fallback;
    const raw = this.data[name];
    const v = typeof raw === 'string' && /^\s*\d+(\.0+)?\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
      throw malformed(this.endpoint, `"${name}" is not a count`);
    }
    return Math.round(v);
  }

  /** A required non-empty string. */
  str(name: string): string {
    const v = this.data[name];
    if (typeof v !== 'string' || !v) throw malformed(this.endpoint, `"${name}" is missing or not a string`);
    return checkString(this.endpoint, name, v);
  }

  /** An optional string. */
  optStr<F extends string | null>(name: string, fallback: F): string | F {
    return this.has(name) ? checkString(this.endpoint, name, this.data[name]) : fallback;
  }

  /** An optional boolean. */
  optBool(name: string, fallback: boolean): boolean {
    if (!this.has(name)) return fallback;
    const v = this.data[name];
    if (typeof v !== 'boolean') throw malformed(this.endpoint, `"${name}" is not a boolean`);
    return v;
  }
}

export function getList(body: unknown, endpoint: string): unknown[] {
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
  let id = knownIds.get(hash);
  if (id === undefined) {
    id = createHash('sha256').update(`openrouter-credits/account-key:${hash}`, 'utf8').digest('hex').slice(0, 16);
    // A key's id never changes: a refresh of 1,000 keys hashes only the new ones (bounded: an account's keys, not every key ever seen).
    if (knownIds.size >= KNOWN_IDS_MAX) knownIds.clear();
    knownIds.set(hash, id);
  }
  return id;
}

const KNOWN_IDS_MAX = 20_000;
const knownIds = new Map<string, string>();

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

function isGiven(item: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(item, name) && item[name] !== undefined;
}

const BYOK_FIELDS = [['byokUsage', 'byok_usage'], ['byokUsageDaily', 'byok_usage_daily'], ['byokUsageWeekly', 'byok_usage_weekly'], ['byokUsageMonthly', 'byok_usage_monthly']] as const;
const NEGATIVE_OK = { allowNegative: true };

/** Reads one /keys item (tolerant; see validateKeyListResponse), and its hash apart. */
export function readKeyItem(item: Record<string, unknown>, endpoint: string): { key: AccountKey; hash: string } {
  const r = tolerant(item, endpoint);
  const hash = r.str('hash');
  const key: AccountKey = {
    id: accountKeyId(hash),
    name: r.optStr('name', ''),
    label: r.optStr('label', ''),
    disabled: r.optBool('disabled', false),
    limit: r.optAmount('limit', null),
    limitRemaining: r.optAmount('limit_remaining', null, NEGATIVE_OK),
    limitReset: r.optStr('limit_reset', null),
    usage: r.amount('usage'),
    usageDaily: r.amount('usage_daily'),
    usageWeekly: r.amount('usage_weekly'),
    usageMonthly: r.amount('usage_monthly'),
    createdAt: r.optStr('created_at', null),
  };
  // Newer fields: set only when given, so an answer without them reads as before.
  for (const [field, name] of BYOK_FIELDS) {
    if (r.has(name)) key[field] = r.amount(name);
  }
  if (isGiven(item, 'workspace_id')) key.workspaceId = r.optStr('workspace_id', null);
  if (isGiven(item, 'creator_user_id')) key.creatorUserId = r.optStr('creator_user_id', null);
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
