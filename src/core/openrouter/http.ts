// One JSON request to OpenRouter: the URL built below the validated base and
// kept on its origin, the headers, a timeout over headers and body, a capped
// body, redirects refused, and every failure mapped to a CreditsError whose
// message holds no secret (see the rules in client.ts). node-fetch is loaded
// on the first request. Pure TypeScript: no `vscode` import.

import { CreditsError, errorFromStatus, isCreditsError, scrubSecrets } from './errors';

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
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  /** JSON text, for POST and PATCH. */
  body?: string;
  redirect: 'manual';
  signal: AbortSignal;
}

export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

/** How requests are made (OpenRouterClientOptions holds these too). */
export interface HttpOptions {
  /** Injectable fetch; defaults to node-fetch. */
  fetch?: FetchLike;
  /** Per-request timeout (headers and body), ms. Default 10 000. */
  timeoutMs?: number;
  /** Largest accepted response body, bytes. Default 1 000 000 (/activity: at least ACTIVITY_MAX_BODY_BYTES, accountApi.ts). */
  maxBodyBytes?: number;
  userAgent?: string;
  /** Sent as HTTP-Referer (OpenRouter app attribution). */
  appUrl?: string;
  /** Sent as X-Title (OpenRouter app attribution). */
  appTitle?: string;
  now?: () => number;
}

export const DEFAULT_APP_URL = 'https://github.com/openrouter-credits/vscode-openrouter-credits';
export const DEFAULT_APP_TITLE = 'OpenRouter Credits';
export const DEFAULT_USER_AGENT = 'openrouter-credits-vscode';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
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
  /** This endpoint's larger body cap, bytes (/activity); never below the client's. */
  maxBodyBytes?: number;
}

/** The trimmed API key, checked to be sendable in a header. @throws CreditsError — noKey, invalidKey */
export function normalizeKey(apiKey: unknown): string {
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

/** Any failure as a CreditsError whose message contains none of `secrets`. */
export function asCreditsError(err: unknown, secrets: readonly string[]): CreditsError {
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

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Makes the requests of one client, below one validated base URL. */
export class OpenRouterHttp {
  readonly origin: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly userAgent: string;
  private readonly appUrl: string;
  private readonly appTitle: string;
  private readonly now: () => number;

  /** `baseUrl`: validated by validateBaseUrl (baseUrl.ts). */
  constructor(readonly baseUrl: URL, options: HttpOptions) {
    this.origin = baseUrl.origin;
    this.fetchImpl = options.fetch ?? nodeFetch;
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.maxBodyBytes = positive(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
    this.userAgent = headerSafe(options.userAgent, DEFAULT_USER_AGENT);
    this.appUrl = headerSafe(options.appUrl, DEFAULT_APP_URL);
    this.appTitle = headerSafe(options.appTitle, DEFAULT_APP_TITLE);
    this.now = options.now ?? Date.now;
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
  getJson(path: string, key: string, signal?: AbortSignal): Promise<unknown> {
    return this.requestJson({ method: 'GET', path, key, secrets: [key], signal });
  }

  /**
   * One request to a JSON endpoint: timeout over headers and body, capped
   * body, redirects refused. Maps every failure to a CreditsError whose
   * message contains none of `secrets`.
   */
  async requestJson(req: JsonRequest): Promise<unknown> {
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
      const cap = Math.max(this.maxBodyBytes, positive(req.maxBodyBytes, 0));
      const text = await readBodyCapped(res, cap, () => controller.abort());
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
