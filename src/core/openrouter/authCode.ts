// The PKCE code exchange (POST /auth/keys): the authorization code of a
// sign-in (pkce.ts) for a key. Pure TypeScript: no `vscode` import.

import { CreditsError } from './errors';
import type { OpenRouterHttp } from './http';
import { validateAuthKeyResponse, type AuthKeyResult } from './validate';

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
export async function exchangeAuthCode(http: OpenRouterHttp, code: string, verifier: string): Promise<AuthKeyResult> {
  // The flow (pkce.ts) checks the code's and the verifier's shape; OpenRouter judges them.
  const trimmed = typeof code === 'string' ? code.trim() : '';
  if (!trimmed) throw new CreditsError('badRequest', 'The sign-in code is empty.');
  if (typeof verifier !== 'string' || !verifier) throw new CreditsError('badRequest', 'The sign-in code verifier is empty.');
  const body = await http.requestJson({
    method: 'POST',
    path: '/auth/keys',
    json: { code: trimmed, code_verifier: verifier, code_challenge_method: 'S256' },
    secrets: [trimmed, verifier],
  });
  return validateAuthKeyResponse(body);
}
