// Localized user-facing messages for the core's error kinds. `l10n` is
// vscode.l10n in the glue. No `vscode` import here.
import { plainText } from './plain';
import type { L10n } from './strings';

/** Why a key could not be checked (Set API Key): nothing is retried there. */
export function keyCheckMessage(l10n: L10n, kind: string, fallback: string): string {
  switch (kind) {
    case 'invalidKey': return l10n.t('OpenRouter rejected it (401): the key is invalid, disabled or expired.');
    case 'rateLimited': return l10n.t('OpenRouter is rate limiting requests (429). Try again in a moment.');
    case 'serviceError': return l10n.t('OpenRouter is having trouble (server error). Try again in a moment.');
    case 'timeout': return l10n.t('OpenRouter did not answer in time. Check your connection and try again.');
    case 'network': return l10n.t('Cannot reach OpenRouter (offline or network error).');
    case 'malformed': return l10n.t('OpenRouter sent a response that could not be read.');
    default: return errorMessage(l10n, kind, fallback);
  }
}

export function errorMessage(l10n: L10n, kind: string, fallback: string, status?: number): string {
  switch (kind) {
    case 'noKey': return l10n.t('No OpenRouter API key is set.');
    case 'invalidKey': return l10n.t('OpenRouter rejected the API key (401): it is invalid, disabled or expired.');
    case 'outOfCredits': return l10n.t('OpenRouter says you are out of credits (402).');
    case 'forbidden': return l10n.t('OpenRouter refused the request (403).');
    case 'notFound': return l10n.t('OpenRouter did not find the endpoint (404). Check the API base URL setting.');
    case 'rateLimited': return l10n.t('OpenRouter is rate limiting requests (429); retrying later.');
    case 'serviceError': return l10n.t('OpenRouter is having trouble (server error); retrying.');
    case 'timeout': return l10n.t('OpenRouter did not answer in time; retrying.');
    case 'network': return l10n.t('Cannot reach OpenRouter (offline or network error); retrying.');
    case 'malformed': return l10n.t('OpenRouter sent a response that could not be read; retrying.');
    case 'redirect': return l10n.t('OpenRouter answered with a redirect, which is refused so the key stays on the configured origin.');
    case 'badRequest': return l10n.t('OpenRouter rejected the request as invalid.');
    case 'insecureBaseUrl': return l10n.t('The API base URL must use https:// (http:// only for a loopback host). The key was not sent.');
    case 'accountStale': return status
      ? l10n.t('OpenRouter did not return the account balance (HTTP {0}); showing the last known one and retrying.', status)
      : l10n.t('OpenRouter did not return the account balance; showing the last known one and retrying.');
    case 'http': return status ? l10n.t('OpenRouter answered with an unexpected status (HTTP {0}).', status) : l10n.t('OpenRouter answered with an unexpected status.');
    // The fallback can carry the server's words: plain text, so no notification makes a link of them.
    default: return fallback ? plainText(fallback) : l10n.t('Could not refresh the OpenRouter balance.');
  }
}
