// OpenRouter's OAuth PKCE sign-in: GET /auth (the user approves at once and
// gets a code) and POST /api/v1/auth/keys (the code exchanged for a new key).

import { createHash, randomBytes } from 'node:crypto';
import { fail, notAllowed, type Answer } from '../answer';
import { AUTH_CODE_TTL_MS, FAKE_USER_ID, ISSUED_KEY_LIMIT } from '../constants';
import { fakeKeyData } from '../data';
import type { FakeAccountState } from '../state';
import { isRecord } from '../util';

/** A key issued by POST /auth/keys. */
export interface IssuedKey {
  /** Registered in the fake as a limited normal key: /key answers, /credits is 403. */
  key: string;
  userId: string;
  /** The key_label of the authorization request, if any. */
  keyLabel?: string;
  /** The authorization code it was exchanged for. */
  code: string;
  /** Server clock at the exchange. */
  at: number;
}

/** An authorization code issued by GET /auth, not yet exchanged. */
export interface AuthCode {
  challenge: string;
  keyLabel?: string;
  issuedAt: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** OpenRouter's page that shows the code for the headless flow (no callback_url). */
function codePage(code: string, keyLabel: string | undefined): string {
  const label = keyLabel === undefined ? '' : `<p>Key: <span id="key-label">${escapeHtml(keyLabel)}</span></p>`;
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpenRouter authorization code</title></head>' +
    `<body><h1>Authorization code</h1><p>Paste this code into the application:</p><p><code id="code">${escapeHtml(code)}</code></p>${label}</body></html>`
  );
}

/**
 * GET /auth: the user approves at once. Issues a single-use code bound to
 * the challenge (valid AUTH_CODE_TTL_MS), then redirects to callback_url with
 * `code=` added to its query, or shows the code on a page (id="code").
 */
export function authorize(account: FakeAccountState, method: string, fullPath: string, origin: string): Answer {
  if (method !== 'GET') return notAllowed('GET');
  const query = new URL(fullPath, origin).searchParams;
  const challenge = query.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail(400, 'Invalid code_challenge');
  if (query.get('code_challenge_method') !== 'S256') return fail(400, 'Invalid code_challenge_method');
  let callback: URL | undefined;
  const callbackUrl = query.get('callback_url');
  if (callbackUrl !== null) {
    try {
      callback = new URL(callbackUrl);
    } catch {
      return fail(400, 'Invalid callback_url');
    }
    if (callback.protocol !== 'http:' && callback.protocol !== 'https:') return fail(400, 'Invalid callback_url');
  }
  const keyLabel = query.get('key_label') ?? undefined;
  const code = `fake-auth-code-${randomBytes(16).toString('hex')}`;
  account.authCodes.set(code, { challenge, keyLabel, issuedAt: account.now() });
  if (!callback) return { status: 200, payload: {}, html: codePage(code, keyLabel) };
  callback.searchParams.append('code', code);
  return { status: 302, payload: {}, location: callback.href };
}

/**
 * POST /api/v1/auth/keys: any attempt spends the code; S256(code_verifier)
 * must equal its challenge and it must be younger than AUTH_CODE_TTL_MS.
 * Issues a new limited normal key (see issuedKeys).
 */
export function exchangeCode(account: FakeAccountState, method: string, body: string | null | undefined): Answer {
  if (method !== 'POST') return notAllowed('POST');
  if (body === null) return fail(413, 'Payload Too Large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    parsed = undefined;
  }
  const bad = (message: string): Answer => fail(400, message);
  if (!isRecord(parsed) || typeof parsed.code !== 'string') return bad('Invalid request parameters');
  const code = parsed.code;
  const entry = account.authCodes.get(code);
  account.authCodes.delete(code);
  if (!entry || account.now() - entry.issuedAt >= AUTH_CODE_TTL_MS) return bad('Invalid or expired authorization code');
  if (parsed.code_challenge_method !== 'S256') return bad('Invalid code_challenge_method');
  if (typeof parsed.code_verifier !== 'string' || s256(parsed.code_verifier) !== entry.challenge) return bad('Invalid code_verifier');
  const key = `sk-or-v1-fake-oauth-${randomBytes(16).toString('hex')}`;
  account.keys.set(key, {
    key: fakeKeyData({
      label: entry.keyLabel ?? 'OAuth key',
      limit: ISSUED_KEY_LIMIT,
      limit_remaining: ISSUED_KEY_LIMIT,
    }),
    credits: 'forbidden',
  });
  const issued: IssuedKey = { key, userId: FAKE_USER_ID, code, at: account.now() };
  if (entry.keyLabel !== undefined) issued.keyLabel = entry.keyLabel;
  account.issuedKeys.push(issued);
  return { status: 200, payload: { key, user_id: FAKE_USER_ID } };
}
