// The API base URL policy: https, or http only for a loopback host; no
// credentials, query or fragment. Every request URL is built from a base that
// passed validateBaseUrl (http.ts). Pure TypeScript: no `vscode` import.

import { CreditsError } from './errors';

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
