// Error model of the credits core. Pure TypeScript: no `vscode` import.
//
// Every CreditsError carries an English, user-facing `message` that never
// contains key material: messages are built from fixed text plus, at most, a
// short sanitized server message, and are scrubbed of anything that looks like
// an OpenRouter key or a bearer token.

export type CreditsErrorKind =
  | 'noKey'
  | 'invalidKey'
  | 'outOfCredits'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'serviceError'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'redirect'
  | 'badRequest'
  | 'insecureBaseUrl'
  | 'http';

export interface CreditsErrorOptions {
  /** Overrides the default retryability of the kind. */
  retryable?: boolean;
  /** HTTP status, when the error comes from a response. */
  status?: number;
  /** Server-requested delay before retrying (from Retry-After), in ms. */
  retryAfterMs?: number;
  /** Short, sanitized message from the server's error body, if any. */
  serverMessage?: string;
}

/** Longest Retry-After honoured; longer values are capped to this. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Longest server message kept (after sanitizing). */
const MAX_SERVER_MESSAGE_CHARS = 200;

const DEFAULT_MESSAGES: Record<CreditsErrorKind, string> = {
  noKey: 'No OpenRouter API key is set.',
  invalidKey: 'The OpenRouter API key is invalid, disabled or expired.',
  outOfCredits: 'OpenRouter reports that the credits are used up (account balance or key limit).',
  forbidden: 'This OpenRouter key is not permitted to perform this operation.',
  notFound: 'The OpenRouter endpoint was not found. Check the API base URL.',
  rateLimited: 'OpenRouter is rate limiting requests. Try again later.',
  serviceError: 'OpenRouter is temporarily unavailable.',
  timeout: 'The request to OpenRouter timed out.',
  network: 'Could not reach OpenRouter (network error).',
  malformed: 'OpenRouter sent a response that could not be understood.',
  redirect: 'OpenRouter answered with a redirect, which is not followed for security reasons.',
  badRequest: 'OpenRouter rejected the request.',
  insecureBaseUrl:
    'The OpenRouter API base URL is not allowed: it must use https (http only for localhost) and contain no credentials, query or fragment.',
  http: 'OpenRouter answered with an unexpected HTTP status.',
};

/** Whether a string (e.g. a kind recorded in the shared state) is one of the kinds. */
export function isCreditsErrorKind(k: string): k is CreditsErrorKind {
  return Object.prototype.hasOwnProperty.call(DEFAULT_MESSAGES, k);
}

const RETRYABLE_KINDS: ReadonlySet<CreditsErrorKind> = new Set<CreditsErrorKind>([
  'rateLimited',
  'serviceError',
  'timeout',
  'network',
]);

/** Default retryability of a kind (408/425 badRequest is made retryable by errorFromStatus). */
export function isRetryableKind(kind: CreditsErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

const KEY_PATTERN = /sk-or-[\w-]+/gi;
const BEARER_PATTERN = /bearer\s+[^\s"',;]+/gi;

/**
 * Removes anything resembling key material from a text: OpenRouter keys
 * (`sk-or-...`), bearer tokens, and the optional extra secrets given.
 */
export function scrubSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(KEY_PATTERN, '[redacted]').replace(BEARER_PATTERN, 'Bearer [redacted]');
}

/** Makes a server-provided string safe and short enough to show to the user. */
export function sanitizeServerMessage(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let text = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ');
  text = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  if (text.length > MAX_SERVER_MESSAGE_CHARS) text = text.slice(0, MAX_SERVER_MESSAGE_CHARS - 1).trimEnd() + '…';
  return text;
}

export class CreditsError extends Error {
  readonly kind: CreditsErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** Short sanitized server message (already included in `message`). */
  readonly serverMessage?: string;

  constructor(kind: CreditsErrorKind, message?: string, options: CreditsErrorOptions = {}) {
    super(scrubSecrets(message ?? DEFAULT_MESSAGES[kind]));
    this.name = 'CreditsError';
    this.kind = kind;
    this.retryable = options.retryable ?? isRetryableKind(kind);
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    const serverMessage = sanitizeServerMessage(options.serverMessage);
    if (serverMessage !== undefined) this.serverMessage = serverMessage;
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** The default English message of a kind. */
  static defaultMessage(kind: CreditsErrorKind): string {
    return DEFAULT_MESSAGES[kind];
  }

  toJSON(): { kind: CreditsErrorKind; message: string; retryable: boolean; status?: number; retryAfterMs?: number } {
    const out: { kind: CreditsErrorKind; message: string; retryable: boolean; status?: number; retryAfterMs?: number } = {
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.status !== undefined) out.status = this.status;
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    return out;
  }
}

export function isCreditsError(value: unknown): value is CreditsError {
  return value instanceof CreditsError;
}

/**
 * Parses a Retry-After header value (delta-seconds or HTTP-date) into a delay
 * in ms, capped to MAX_RETRY_AFTER_MS. Returns undefined when absent or invalid.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Math.round(Number(text) * 1000);
  } else {
    // HTTP-date: require at least a letter (weekday / month name), so that
    // negative numbers or garbage digits are not taken as dates.
    if (!/[a-z]/i.test(text)) return undefined;
    const at = Date.parse(text);
    if (!Number.isFinite(at)) return undefined;
    ms = at - nowMs;
  }
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** Anything with header lookup: WHATWG/node-fetch Headers, or a plain record. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>
  | undefined
  | null;

export function getHeader(headers: HeadersLike, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(name: string): string | null }).get(name);
    return v ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const lower = name.toLowerCase();
  for (const k of Object.keys(record)) {
    if (k.toLowerCase() === lower) {
      const v = record[k];
      return Array.isArray(v) ? v.join(', ') : v;
    }
  }
  return undefined;
}

/** Extracts `error.message` (or a top-level `message`) from an error body, sanitized. */
export function extractServerMessage(bodyText: string | undefined): string | undefined {
  if (!bodyText) return undefined;
  const trimmed = bodyText.trim();
  if (!trimmed.startsWith('{') || trimmed.length > 100_000) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed && typeof parsed === 'object') {
      const err = (parsed as Record<string, unknown>).error;
      if (err && typeof err === 'object') return sanitizeServerMessage((err as Record<string, unknown>).message);
      if (typeof err === 'string') return sanitizeServerMessage(err);
      return sanitizeServerMessage((parsed as Record<string, unknown>).message);
    }
  } catch {
    // Not JSON: raw bodies (HTML error pages etc.) are never shown.
  }
  return undefined;
}

function withServerMessage(base: string, serverMessage: string | undefined): string {
  if (!serverMessage) return base;
  return `${base} (OpenRouter: "${serverMessage}")`;
}

/**
 * Maps a non-2xx HTTP response to a CreditsError. Only a short sanitized
 * server message from a JSON error body is ever included; raw bodies are not.
 */
export function errorFromStatus(
  status: number,
  headers: HeadersLike,
  bodyText?: string,
  nowMs: number = Date.now(),
): CreditsError {
  const serverMessage = extractServerMessage(bodyText);
  const retryAfterMs = parseRetryAfter(getHeader(headers, 'retry-after'), nowMs);
  const opts = (kind: CreditsErrorKind, extra: CreditsErrorOptions = {}): CreditsErrorOptions => ({
    status,
    serverMessage,
    ...(retryAfterMs !== undefined && (kind === 'rateLimited' || kind === 'serviceError' || extra.retryable)
      ? { retryAfterMs }
      : {}),
    ...extra,
  });
  const make = (kind: CreditsErrorKind, base: string, extra: CreditsErrorOptions = {}): CreditsError =>
    new CreditsError(kind, withServerMessage(base, serverMessage), opts(kind, extra));

  if (status >= 300 && status < 400) {
    return new CreditsError('redirect', `${DEFAULT_MESSAGES.redirect} (HTTP ${status})`, { status });
  }
  switch (status) {
    case 401:
      return make('invalidKey', DEFAULT_MESSAGES.invalidKey);
    case 402:
      return make('outOfCredits', DEFAULT_MESSAGES.outOfCredits);
    case 403:
      return make('forbidden', DEFAULT_MESSAGES.forbidden);
    case 404:
    case 410:
      return make('notFound', `${DEFAULT_MESSAGES.notFound} (HTTP ${status})`);
    case 429:
      return make('rateLimited', DEFAULT_MESSAGES.rateLimited);
    case 408:
      // The server gave up waiting: a timeout, as far as the user is concerned.
      return make('timeout', `OpenRouter did not receive the request in time (HTTP ${status}).`);
    case 425:
      return make('badRequest', `OpenRouter did not receive the request in time (HTTP ${status}).`, {
        retryable: true,
      });
    case 400:
    case 405:
    case 406:
    case 409:
    case 411:
    case 413:
    case 414:
    case 415:
    case 422:
      return make('badRequest', `${DEFAULT_MESSAGES.badRequest} (HTTP ${status})`);
    default:
      break;
  }
  if (status >= 500 && status <= 599) {
    return make('serviceError', `${DEFAULT_MESSAGES.serviceError} (HTTP ${status})`);
  }
  return make('http', `OpenRouter answered with an unexpected HTTP status ${status}.`);
}
