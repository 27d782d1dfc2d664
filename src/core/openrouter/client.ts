// HTTP client for OpenRouter's /key and /credits endpoints, the account's
// /keys, /activity and /generation, a key's limit (PATCH /keys/{hash}), and
// the PKCE code exchange (POST /auth/keys). Pure TypeScript: no `vscode` import.
//
// Security rules:
// - the base URL must be https (http only for loopback hosts) and carry no
//   credentials, query or fragment;
// - the Authorization header is only sent to the configured origin: every
//   request URL is built from the validated base and its origin re-checked;
// - redirects are never followed (redirect: 'manual'; any 3xx is an error);
// - the key is kept in memory only for the duration of a call; what is
//   remembered about a key is a short, non-reversible SHA-256 fingerprint;
// - OpenRouter's hash of a listed key only leaves listKeysWithHashes() in a
//   separate map (never in an AccountKey), and no error message contains it;
// - no error message ever contains the key, an authorization code, a code
//   verifier or a raw response body.

import { keyId } from '../identity';

import { CreditsError, errorFromStatus, isCreditsError, scrubSecrets } from './errors';
import { buildSnapshot } from '../money/model';
import type { AccountKey, AccountStatus, ActivityRow, CreditSnapshot, GenerationInfo, KeyInfo } from '../types';
import {
  validateActivityResponse,
  validateAuthKeyResponse,
  validateCreditsResponse,
  validateGenerationResponse,
  validateKeyItemResponse,
  validateKeyListResponse,
  validateKeyResponse,
  MAX_AMOUNT_USD,
  type AuthKeyResult,
  type CreditsTotals,
} from './validate';

/** The subset of a fetch Response the client uses (node-fetch v3 or WHATWG fetch). */
export interface FetchResponseLike {
  readonly status: number;
  readonly ok?: boolean;
  readonly type?: string;
  readonly headers: { get(name: string): string | null };
  /** Node Readable (node-fetch) or WHATWG ReadableStream (global fetch); both async-iterable. */
  readonly body: unknown;
  text?(): Promise<string>;
}

export interface FetchInitLike {
  method: 'GET' | 'POST' | 'PATCH';
  headers: Record<string, string>;
  /** JSON text, for POST and PATCH. */
  body?: string;
  redirect: 'manual';
  signal: AbortSignal;
}

export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

/** Serializable memory of "GET /credits answered 403 for this key". */
export interface CreditsForbiddenState {
  /** keyId() of the key (core/identity.ts). */
  fingerprint: string;
  /** Epoch ms of the 403. */
  at: number;
}

export interface OpenRouterClientOptions {
  /** e.g. https://openrouter.ai/api/v1 (validated by validateBaseUrl). */
  baseUrl: string;
  /** Injectable fetch; defaults to node-fetch. */
  fetch?: FetchLike;
  /** Per-request timeout (headers and body), ms. Default 10 000. */
  timeoutMs?: number;
  /** Largest accepted response body, bytes. Default 1 000 000. */
  maxBodyBytes?: number;
  userAgent?: string;
  /** Sent as HTTP-Referer (OpenRouter app attribution). */
  appUrl?: string;
  /** Sent as X-Title (OpenRouter app attribution). */
  appTitle?: string;
  now?: () => number;
  /** How long a /credits 403 is remembered before /credits is tried again. Default 24 h. */
  creditsRetryMs?: number;
  /** Initial remembered 403 (e.g. restored from storage). */
  creditsForbiddenState?: CreditsForbiddenState;
  /** Called whenever the remembered 403 changes (to persist it). */
  onCreditsForbiddenStateChange?: (state: CreditsForbiddenState | undefined) => void;
  /** Salt of the remembered 403's key fingerprint (per installation); default none. */
  fingerprintSalt?: string;
}

export interface FetchSnapshotOptions {
  /** Try /credits even when a remembered 403 is not yet due for a retry. */
  forceCredits?: boolean;
  /**
   * /key's answer from an earlier fetch, reused instead of asking /key again
   * (a management key's /key figures are all 0 and its flags rarely change).
   * `knownKeyAt` is when it was asked.
   */
  knownKey?: KeyInfo;
  knownKeyAt?: number;
}

export const DEFAULT_APP_URL = 'https://github.com/openrouter-credits/vscode-openrouter-credits';
export const DEFAULT_APP_TITLE = 'OpenRouter Credits';
export const DEFAULT_USER_AGENT = 'openrouter-credits-vscode';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;
export const DEFAULT_CREDITS_RETRY_MS = 24 * 60 * 60 * 1000;
/** GET /keys answers this many keys a page; a shorter page is the last. */
export const KEYS_PAGE_SIZE = 100;
/** listKeys() stops after this many pages (5 000 keys), whatever the answers. */
export const MAX_KEY_PAGES = 50;

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

/** How a key's hash may look in a path: OpenRouter's are 64 hex digits; this allows any short token. */
const HASH_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

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

function insecure(reason: string): CreditsError {
  return new CreditsError('insecureBaseUrl', `The OpenRouter API base URL is not allowed: ${reason}.`);
}

/** True for localhost, 127.0.0.0/8 and ::1 (as normalised by the URL parser). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost') return true; // not *.localhost: those names may go to DNS
  if (h === '[::1]' || h === '::1') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!m && Number(m[1]) === 127 && m.slice(2).every((p) => Number(p) <= 255);
}

/**
 * Parses and checks an API base URL: https, or http only for a loopback host;
 * no credentials, query or fragment. Returns the URL without trailing slash.
 *
 * @throws CreditsError('insecureBaseUrl')
 */
export function validateBaseUrl(url: string): URL {
  if (typeof url !== 'string' || !url.trim()) throw insecure('it is empty');
  const text = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw insecure('it is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw insecure('it must use https');
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw insecure('it must use https (plain http is only allowed for localhost)');
  }
  if (!parsed.hostname) throw insecure('it has no host');
  if (parsed.username || parsed.password || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(text)) {
    throw insecure('it must not contain credentials');
  }
  if (parsed.search || parsed.hash || /[?#]/.test(text)) throw insecure('it must not contain a query or fragment');
  parsed.pathname = parsed.pathname.replace(/\/+$/, '') || '/';
  return parsed;
}

function normalizeKey(apiKey: unknown): string {
  if (typeof apiKey !== 'string' || !apiKey.trim()) throw new CreditsError('noKey');
  const key = apiKey.trim();
  // Only visible ASCII may go into an HTTP header.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new CreditsError('invalidKey', 'The OpenRouter API key contains characters that are not allowed.');
  }
  return key;
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkError(err: unknown): CreditsError {
  const code = errorCode(err);
  const text = err instanceof Error ? err.message.toLowerCase() : '';
  let detail: string;
  switch (code) {
    case 'ECONNREFUSED':
      detail = 'the connection was refused';
      break;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      detail = 'the connection was reset';
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      detail = 'the host name could not be resolved';
      break;
    case 'ETIMEDOUT':
    case 'ECONNABORTED':
      detail = 'the connection timed out';
      break;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      detail = 'the network is unreachable';
      break;
    case 'ERR_STREAM_PREMATURE_CLOSE':
      detail = 'the connection closed before the response was complete';
      break;
    default:
      if (/premature close|socket hang up|aborted|terminated|reset/.test(text)) {
        detail = 'the connection closed before the response was complete';
      } else if (/certificate|ssl|tls/.test(text)) {
        detail = 'a secure connection could not be established';
      } else {
        detail = 'network error';
      }
  }
  return new CreditsError('network', `Could not reach OpenRouter (${detail}).`);
}

function tooLarge(): CreditsError {
  return new CreditsError('malformed', 'OpenRouter sent a response that is too large.');
}

function discardBody(res: FetchResponseLike): void {
  try {
    const body = res.body as { destroy?: () => void; cancel?: () => Promise<void> } | null | undefined;
    if (body && typeof body.destroy === 'function') body.destroy();
    else if (body && typeof body.cancel === 'function') body.cancel().catch(() => undefined);
  } catch {
    // ignore
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
  throw new TypeError('unexpected body chunk');
}

/** Reads the body as UTF-8 text, failing once more than maxBytes arrived. */
async function readBodyCapped(res: FetchResponseLike, maxBytes: number, abort: () => void): Promise<string> {
  const lengthHeader = res.headers.get('content-length');
  if (lengthHeader !== null && /^\s*\d+\s*$/.test(lengthHeader) && Number(lengthHeader) > maxBytes) {
    discardBody(res);
    abort();
    throw tooLarge();
  }
  const body = res.body;
  let buf: Buffer;
  if (body === null || body === undefined) {
    buf = Buffer.alloc(0);
  } else if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body as AsyncIterable<unknown>) {
      const b = toBuffer(chunk);
      total += b.byteLength;
      if (total > maxBytes) {
        abort();
        throw tooLarge(); // leaving the loop destroys / cancels the stream
      }
      chunks.push(b);
    }
    buf = Buffer.concat(chunks, total);
  } else if (typeof res.text === 'function') {
    buf = Buffer.from(await res.text(), 'utf8');
    if (buf.byteLength > maxBytes) throw tooLarge();
  } else {
    throw new TypeError('unreadable response body');
  }
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/**
 * node-fetch, loaded on the first request rather than at start-up: it is most
 * of the extension's code, and activation should not wait for it to parse.
 * (The production build ships it as a separate file, dist/node-fetch.js.)
 */
let nodeFetchModule: Promise<FetchLike> | undefined;
const nodeFetch: FetchLike = async (url, init) => {
  nodeFetchModule ??= import('node-fetch').then(
    m => m.default as unknown as FetchLike,
    e => { nodeFetchModule = undefined; throw e; },
  );
  return (await nodeFetchModule)(url, init);
};

export class OpenRouterClient {
  /** Validated base URL (no trailing slash). */
  readonly baseUrl: URL;
  readonly origin: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly userAgent: string;
  private readonly appUrl: string;
  private readonly appTitle: string;
  private readonly now: () => number;
  private readonly creditsRetryMs: number;
  private readonly fingerprintSalt: string;
  private readonly onForbiddenChange?: (state: CreditsForbiddenState | undefined) => void;
  private forbidden: CreditsForbiddenState | undefined;

  constructor(options: OpenRouterClientOptions) {
    this.baseUrl = validateBaseUrl(options.baseUrl);
    this.origin = this.baseUrl.origin;
    this.fetchImpl = options.fetch ?? nodeFetch;
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.maxBodyBytes = positive(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
    this.userAgent = headerSafe(options.userAgent, DEFAULT_USER_AGENT);
    this.appUrl = headerSafe(options.appUrl, DEFAULT_APP_URL);
    this.appTitle = headerSafe(options.appTitle, DEFAULT_APP_TITLE);
    this.now = options.now ?? Date.now;
    this.creditsRetryMs = options.creditsRetryMs !== undefined && options.creditsRetryMs >= 0
      ? options.creditsRetryMs
      : DEFAULT_CREDITS_RETRY_MS;
    this.onForbiddenChange = options.onCreditsForbiddenStateChange;
    this.fingerprintSalt = options.fingerprintSalt ?? '';
    this.forbidden = sanitizeForbiddenState(options.creditsForbiddenState);
  }

  /** The remembered /credits 403 (serializable), if any. */
  get creditsForbiddenState(): CreditsForbiddenState | undefined {
    return this.forbidden ? { ...this.forbidden } : undefined;
  }

  set creditsForbiddenState(state: CreditsForbiddenState | undefined) {
    this.forbidden = sanitizeForbiddenState(state);
  }

  private shouldSkipCredits(fingerprint: string, now: number): boolean {
    const f = this.forbidden;
    if (!f || f.fingerprint !== fingerprint) return false;
    const age = now - f.at;
    return age >= 0 && age < this.creditsRetryMs; // a clock that went backwards retries
  }

  private setForbidden(state: CreditsForbiddenState | undefined): void {
    const changed = state?.fingerprint !== this.forbidden?.fingerprint || state?.at !== this.forbidden?.at;
    this.forbidden = state;
    if (changed && this.onForbiddenChange) {
      try {
        this.onForbiddenChange(state ? { ...state } : undefined);
      } catch {
        // a persistence failure must not break the fetch
      }
    }
  }

  /**
   * Fetches /key (always) and /credits (unless a remembered 403 for this key is
   * not yet due), concurrently, and builds the snapshot.
   *
   * @throws CreditsError — /key's error. /key answered, so the key is valid:
   * any /credits failure but a 403 (a 401 too) gives accountStatus 'error'
   * with its kind, status and Retry-After in `accountError`.
   */
  async fetchSnapshot(apiKey: string, options: FetchSnapshotOptions = {}): Promise<CreditSnapshot> {
    const key = normalizeKey(apiKey);
    const fingerprint = keyId(this.fingerprintSalt, key);
    const skipCredits = !options.forceCredits && this.shouldSkipCredits(fingerprint, this.now());

    const creditsAbort = new AbortController();
    const keyPromise = options.knownKey ? Promise.resolve(options.knownKey) : this.getJson('/key', key).then(validateKeyResponse);
    const creditsPromise: Promise<CreditsTotals | undefined> = skipCredits
      ? Promise.resolve(undefined)
      : this.getJson('/credits', key, creditsAbort.signal).then(validateCreditsResponse);
    // Once /key failed, /credits no longer matters: stop waiting for it.
    keyPromise.catch(() => creditsAbort.abort());

    const [keyResult, creditsResult] = await Promise.allSettled([keyPromise, creditsPromise]);
    if (keyResult.status === 'rejected') throw asCreditsError(keyResult.reason, [key]);
    const info = keyResult.value;

    let accountStatus: AccountStatus;
    let totals: CreditsTotals | undefined;
    let accountError: CreditSnapshot['accountError'];
    if (skipCredits) {
      accountStatus = 'skipped';
    } else if (creditsResult.status === 'fulfilled') {
      totals = creditsResult.value;
      accountStatus = 'known';
      if (this.forbidden?.fingerprint === fingerprint) this.setForbidden(undefined);
    } else {
      const err = asCreditsError(creditsResult.reason, [key]);
      if (err.kind === 'forbidden') {
        accountStatus = 'forbidden';
        if (!info.isManagementKey) this.setForbidden({ fingerprint, at: this.now() });
      } else {
        accountStatus = 'error';
        accountError = { kind: err.kind, ...(err.status !== undefined ? { status: err.status } : {}), ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
      }
    }
    const snapshot = buildSnapshot(info, totals, accountStatus, this.now());
    if (accountError) snapshot.accountError = accountError;
    if (options.knownKey) snapshot.keyAt = options.knownKeyAt ?? snapshot.fetchedAt;
    return snapshot;
  }

  /**
   * Exchanges the authorization code of a PKCE flow (pkce.ts) for a key:
   * POST {baseUrl}/auth/keys with {code, code_verifier, code_challenge_method:
   * 'S256'}, without Authorization. Same timeout, size limit and no-redirect
   * rules as the other requests. The code is single use on OpenRouter's side:
   * after any answer (or a timeout) it may be spent, so a failed exchange
   * needs a new sign-in, not a retry.
   *
   * @throws CreditsError — badRequest for an empty code or verifier (no
   * request sent); the status-mapped kinds (400 badRequest for an unknown,
   * expired, reused or mismatched code); malformed for an unusable answer.
   * No message contains the code, the verifier or the key.
   */
  async exchangeAuthCode(code: string, verifier: string): Promise<AuthKeyResult> {
    // The flow (pkce.ts) checks the code's and the verifier's shape; OpenRouter judges them.
    const trimmed = typeof code === 'string' ? code.trim() : '';
    if (!trimmed) throw new CreditsError('badRequest', 'The sign-in code is empty.');
    if (typeof verifier !== 'string' || !verifier) throw new CreditsError('badRequest', 'The sign-in code verifier is empty.');
    const body = await this.requestJson({
      method: 'POST',
      path: '/auth/keys',
      json: { code: trimmed, code_verifier: verifier, code_challenge_method: 'S256' },
      secrets: [trimmed, verifier],
    });
    return validateAuthKeyResponse(body);
  }

  /**
   * The account's keys, disabled ones included (GET /keys, management key
   * only): pages of KEYS_PAGE_SIZE with `offset` until a short page, at most
   * MAX_KEY_PAGES. A key seen twice (the list moved while paging) counts once.
   *
   * @throws CreditsError — forbidden (403) for a normal key; the other
   * status-mapped kinds; malformed for an unusable answer.
   */
  async listKeys(apiKey: string): Promise<AccountKey[]> {
    return (await this.listKeysWithHashes(apiKey)).keys;
  }

  /**
   * listKeys(), with OpenRouter's hash of each key by its id (see
   * KeyListWithHashes: for the extension host only, to call updateKeyLimit).
   *
   * @throws as listKeys()
   */
  async listKeysWithHashes(apiKey: string): Promise<KeyListWithHashes> {
    const key = normalizeKey(apiKey);
    const byId = new Map<string, AccountKey>();
    const hashById = new Map<string, string>();
    for (let page = 0; page < MAX_KEY_PAGES; page++) {
      const body = await this.requestJson({
        method: 'GET',
        path: '/keys',
        query: { include_disabled: 'true', offset: String(page * KEYS_PAGE_SIZE) },
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
  async updateKeyLimit(apiKey: string, hash: string, update: KeyLimitUpdate): Promise<AccountKey> {
    const key = normalizeKey(apiKey);
    const checked = validateKeyLimitUpdate(hash, update);
    const secrets = [key, checked.hash];
    let body: unknown;
    try {
      body = await this.requestJson({
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
   * completed UTC days, one row per day, model and provider endpoint.
   *
   * @throws CreditsError — forbidden (403) for a normal key; the other
   * status-mapped kinds; malformed for an unusable answer.
   */
  async fetchActivity(apiKey: string): Promise<ActivityRow[]> {
    const key = normalizeKey(apiKey);
    return validateActivityResponse(await this.getJson('/activity', key));
  }

  /**
   * One generation (GET /generation?id=, any valid key).
   *
   * @throws CreditsError — badRequest for an empty id (no request sent);
   * notFound (404) for an unknown id; the other status-mapped kinds.
   */
  async fetchGeneration(apiKey: string, id: string): Promise<GenerationInfo> {
    const key = normalizeKey(apiKey);
    const trimmed = typeof id === 'string' ? id.trim() : '';
    if (!trimmed) throw new CreditsError('badRequest', 'The generation id is empty.');
    const body = await this.requestJson({ method: 'GET', path: '/generation', query: { id: trimmed }, key, secrets: [key] });
    return validateGenerationResponse(body);
  }

  /** Builds {base}{path}?{query} and checks it stays on the configured origin. */
  private buildUrl(path: string, query?: Record<string, string>): string {
    const url = new URL(this.baseUrl.href);
    url.pathname = this.baseUrl.pathname.replace(/\/+$/, '') + path;
    url.search = query ? new URLSearchParams(query).toString() : '';
    url.hash = '';
    if (url.origin !== this.origin || url.username || url.password) {
      throw new CreditsError('insecureBaseUrl', 'Refusing to send a request outside the configured OpenRouter origin.');
    }
    return url.href;
  }

  /** GET a JSON endpoint with the key. */
  private getJson(path: string, key: string, signal?: AbortSignal): Promise<unknown> {
    return this.requestJson({ method: 'GET', path, key, secrets: [key], signal });
  }

  /**
   * One request to a JSON endpoint: timeout over headers and body, capped
   * body, redirects refused. Maps every failure to a CreditsError whose
   * message contains none of `secrets`.
   */
  private async requestJson(req: JsonRequest): Promise<unknown> {
    const { path, secrets, signal: outerSignal } = req;
    const url = this.buildUrl(path, req.query);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onOuterAbort = (): void => controller.abort();
    if (outerSignal) {
      if (outerSignal.aborted) controller.abort();
      else outerSignal.addEventListener('abort', onOuterAbort, { once: true });
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.userAgent,
      'HTTP-Referer': this.appUrl,
      'X-Title': this.appTitle,
    };
    if (req.key !== undefined) headers.Authorization = `Bearer ${req.key}`;
    const init: FetchInitLike = { method: req.method, headers, redirect: 'manual', signal: controller.signal };
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(req.json);
    }
    try {
      const res = await this.fetchImpl(url, init);
      const status = res.status;
      if ((status >= 300 && status < 400) || res.type === 'opaqueredirect' || status === 0) {
        discardBody(res);
        controller.abort();
        throw new CreditsError(
          'redirect',
          `OpenRouter answered with a redirect${status ? ` (HTTP ${status})` : ''}, which is not followed for security reasons.`,
          status ? { status } : {},
        );
      }
      if (status < 200 || status > 299) {
        let text = '';
        try {
          text = await readBodyCapped(res, Math.min(this.maxBodyBytes, 64 * 1024), () => controller.abort());
        } catch (err) {
          if (timedOut) throw err;
          // An unreadable error body does not hide the status.
        }
        throw errorFromStatus(status, res.headers, text, this.now());
      }
      const text = await readBodyCapped(res, this.maxBodyBytes, () => controller.abort());
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new CreditsError('malformed', `OpenRouter sent a response from ${path} that is not valid JSON.`);
      }
    } catch (err) {
      if (timedOut) {
        throw new CreditsError('timeout', `The request to OpenRouter timed out after ${formatSeconds(this.timeoutMs)}.`);
      }
      throw asCreditsError(err, secrets);
    } finally {
      clearTimeout(timer);
      outerSignal?.removeEventListener('abort', onOuterAbort);
    }
  }
}

interface JsonRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Below the base URL, e.g. '/key'. */
  path: string;
  /** The query string's parameters (encoded here). */
  query?: Record<string, string>;
  /** Sent as a bearer token; omitted for /auth/keys. */
  key?: string;
  /** Sent as the JSON body. */
  json?: unknown;
  /** Never in an error message: the key (and a key's hash), or the code and verifier. */
  secrets: readonly string[];
  signal?: AbortSignal;
}

function asCreditsError(err: unknown, secrets: readonly string[]): CreditsError {
  if (isCreditsError(err)) {
    if (secrets.some((s) => s && err.message.includes(s))) {
      return new CreditsError(err.kind, scrubSecrets(err.message, secrets), {
        retryable: err.retryable,
        status: err.status,
        retryAfterMs: err.retryAfterMs,
      });
    }
    return err;
  }
  return networkError(err);
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function headerSafe(value: string | undefined, fallback: string): string {
  return typeof value === 'string' && /^[\x20-\x7e]+$/.test(value) && value.trim() ? value : fallback;
}

export function sanitizeForbiddenState(state: unknown): CreditsForbiddenState | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const { fingerprint, at } = state as { fingerprint?: unknown; at?: unknown };
  if (typeof fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(fingerprint)) return undefined;
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  return { fingerprint, at };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
