// "Sign in with OpenRouter": the OAuth PKCE pieces (RFC 7636), no I/O.
// Pure TypeScript: no `vscode` import.
//
// The flow, as OpenRouter runs it:
// 1. we make a code_verifier and send the user to
//    {origin}/auth?callback_url=…&code_challenge=S256(verifier)&code_challenge_method=S256;
// 2. OpenRouter redirects to callback_url with `code=…` added to its query
//    (headless: without callback_url, its page shows the code for the user to
//    paste);
// 3. POST {baseUrl}/auth/keys with the code and the verifier answers the key
//    (OpenRouterClient.exchangeAuthCode).
//
// OpenRouter does not echo an OAuth `state` parameter. A PkceFlow therefore
// puts its state INTO the callback URL it hands to OpenRouter (as the query
// parameter `state`), and acceptCallback() reads it back from the callback's
// query: a callback that does not carry this flow's state was not started by
// this flow. The headless flow has no callback, hence no state; PKCE alone
// binds a pasted code to this flow's verifier.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { validateBaseUrl } from './baseUrl';

export const PKCE_METHOD = 'S256';
/** The query parameter of our callback URL that carries the flow's state. */
export const STATE_PARAM = 'state';
/** The query parameter OpenRouter adds to the callback URL. */
export const CODE_PARAM = 'code';

/** RFC 7636 §4.1: 43–128 characters of [A-Za-z0-9-._~]. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/** A code as it may travel in a URL or a JSON body: visible ASCII, bounded. */
const CODE_PATTERN = /^[\x21-\x7e]{1,2048}$/;

export function isValidVerifier(verifier: unknown): verifier is string {
  return typeof verifier === 'string' && VERIFIER_PATTERN.test(verifier);
}

/** True for something that may be sent as an authorization code. */
export function isPlausibleCode(code: unknown): code is string {
  return typeof code === 'string' && CODE_PATTERN.test(code);
}

/** A fresh code_verifier: 32 random bytes, base64url (43 characters). */
export function createVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * base64url(SHA-256(verifier)), without padding.
 *
 * @throws TypeError for a verifier outside RFC 7636's alphabet or length (the
 * message never contains it).
 */
export function challengeS256(verifier: string): string {
  if (!isValidVerifier(verifier)) throw new TypeError('PKCE: the code verifier is not a valid RFC 7636 verifier.');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable state value: 32 random bytes, base64url. */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}

export interface AuthUrlOptions {
  /** challengeS256(verifier). */
  challenge: string;
  /** Where OpenRouter sends the user back with `code=`; omitted for the headless flow (the page shows the code). */
  callbackUrl?: string;
  /** Name of the key OpenRouter creates. */
  keyLabel?: string;
}

/**
 * The OpenRouter authorization page on the origin of the configured API base
 * URL: `https://openrouter.ai/api/v1` → `https://openrouter.ai/auth?…`.
 *
 * @throws CreditsError('insecureBaseUrl') for a base URL the client would refuse;
 * TypeError for an empty challenge or a callback URL that is not an absolute URL.
 */
export function authUrl(apiBaseUrl: string, options: AuthUrlOptions): string {
  const base = validateBaseUrl(apiBaseUrl);
  if (typeof options.challenge !== 'string' || !options.challenge) throw new TypeError('PKCE: the code challenge is empty.');
  const url = new URL('/auth', base.origin);
  const query = new URLSearchParams();
  if (options.callbackUrl !== undefined) query.set('callback_url', checkedCallbackUrl(options.callbackUrl).href);
  query.set('code_challenge', options.challenge);
  query.set('code_challenge_method', PKCE_METHOD);
  const label = options.keyLabel?.trim();
  if (label) query.set('key_label', label);
  url.search = query.toString();
  return url.href;
}

/** The callback URL with `state=` set in its query (any earlier `state` replaced). */
export function callbackWithState(callbackUrl: string, state: string): string {
  const url = checkedCallbackUrl(callbackUrl);
  url.searchParams.set(STATE_PARAM, state);
  return url.href;
}

function checkedCallbackUrl(callbackUrl: string): URL {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    throw new TypeError('PKCE: the callback URL is not an absolute URL.');
  }
  if (url.username || url.password) throw new TypeError('PKCE: the callback URL must not contain credentials.');
  // OpenRouter appends `code=` to the query; a fragment would only get in the way.
  if (url.hash) throw new TypeError('PKCE: the callback URL must not contain a fragment.');
  return url;
}

export type PkceFlowStatus =
  /** Waiting for the callback or a pasted code. */
  | 'pending'
  /** A code was accepted; the exchange may run once. */
  | 'accepted'
  /** The exchange ran (whatever its outcome); the verifier is gone. */
  | 'exchanged'
  /** cancel() was called; the verifier is gone. */
  | 'cancelled';

export interface PkceFlowSeed {
  /** For tests (e.g. the RFC 7636 vector); default createVerifier(). */
  verifier?: string;
  /** For tests; default createState(). */
  state?: string;
}

/**
 * One sign-in attempt: holds its verifier and state in memory, builds the
 * authorization URL, checks the callback, and hands the verifier out exactly
 * once, to the exchange.
 *
 * - acceptCallback() gives the code only for a callback that carries this
 *   flow's state, while the flow is pending: it is single use, and refuses
 *   everything after cancel().
 * - exchange() runs the given exchange with the accepted code and the verifier,
 *   once; the verifier is dropped as it starts.
 */
export class PkceFlow {
  /** challengeS256 of the verifier: public, it goes into the authorization URL. */
  readonly challenge: string;
  /** Travels in the callback URL's query (OpenRouter does not echo `state`). */
  readonly state: string;
  #verifier: string;
  #status: PkceFlowStatus = 'pending';
  #code: string | undefined;

  constructor(seed: PkceFlowSeed = {}) {
    const verifier = seed.verifier ?? createVerifier();
    this.challenge = challengeS256(verifier); // also checks a seeded verifier
    this.#verifier = verifier;
    this.state = seed.state ?? createState();
    if (!this.state) throw new TypeError('PKCE: the state is empty.');
  }

  get status(): PkceFlowStatus {
    return this.#status;
  }

  /**
   * The authorization URL for this flow. With a callbackUrl, this flow's state
   * is added to the callback's query; without one (headless), OpenRouter's page
   * shows the code for the user to paste into acceptPastedCode().
   */
  authUrl(apiBaseUrl: string, options: { callbackUrl?: string; keyLabel?: string } = {}): string {
    return authUrl(apiBaseUrl, {
      challenge: this.challenge,
      callbackUrl: options.callbackUrl === undefined ? undefined : callbackWithState(options.callbackUrl, this.state),
      keyLabel: options.keyLabel,
    });
  }

  /**
   * Checks a callback's query (a string, with or without '?', or
   * URLSearchParams). Returns the code only when the flow is pending, the query
   * carries exactly one `state`, equal to this flow's, and exactly one plausible
   * `code`. A refused callback leaves a pending flow pending; an accepted one
   * makes every later callback refused.
   */
  acceptCallback(query: string | URLSearchParams): string | undefined {
    if (this.#status !== 'pending') return undefined;
    const params = typeof query === 'string' ? new URLSearchParams(query) : query;
    const states = params.getAll(STATE_PARAM);
    const codes = params.getAll(CODE_PARAM);
    if (states.length !== 1 || codes.length !== 1) return undefined;
    if (!sameSecret(states[0], this.state)) return undefined;
    return this.accept(codes[0]);
  }

  /**
   * Headless flow: the code the user copied from OpenRouter's page (surrounding
   * whitespace ignored). Same single-use and cancel rules as acceptCallback();
   * there is no state to check, PKCE binds the code to this flow's verifier.
   */
  acceptPastedCode(code: string): string | undefined {
    if (this.#status !== 'pending' || typeof code !== 'string') return undefined;
    return this.accept(code.trim());
  }

  /**
   * Runs `exchange(code, verifier)` once, for the code this flow accepted; the
   * verifier is dropped before it runs, so a second call, or one after
   * cancel(), rejects without calling it.
   *
   * @throws Error when the flow has no accepted code, it differs from `code`, or
   * the flow was cancelled or already exchanged (the message names neither).
   */
  async exchange<T>(code: string, exchange: (code: string, verifier: string) => Promise<T>): Promise<T> {
    if (this.#status !== 'accepted' || this.#code === undefined || code !== this.#code) {
      throw new Error(`PKCE: no exchange for this code (the sign-in is ${this.#status}).`);
    }
    const verifier = this.#verifier;
    this.forget('exchanged');
    return exchange(code, verifier);
  }

  /** Refuses every later callback and exchange; drops the verifier. Idempotent. */
  cancel(): void {
    if (this.#status === 'pending' || this.#status === 'accepted') this.forget('cancelled');
  }

  private accept(code: string): string | undefined {
    if (!isPlausibleCode(code)) return undefined;
    this.#status = 'accepted';
    this.#code = code;
    return code;
  }

  private forget(status: PkceFlowStatus): void {
    this.#status = status;
    this.#verifier = '';
    this.#code = undefined;
  }

  /** Nothing secret in logs or JSON. */
  toJSON(): { status: PkceFlowStatus } {
    return { status: this.#status };
  }
}

/** Constant-time string comparison (different lengths compare unequal at once). */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
