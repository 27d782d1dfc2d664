// The one factory for clients of the configured origin: every request this
// extension makes (a refresh, a key check, a sign-in's exchange) goes through
// a client made here, with the extension's User-Agent. The base URL is
// validated by the client itself (core/openrouter/validate.ts).
import { OpenRouterClient, type OpenRouterClientOptions } from '../../core/openrouter/client';

/** What a client is made with besides the origin and the User-Agent. */
export type ClientExtras = Omit<OpenRouterClientOptions, 'baseUrl' | 'userAgent'>;

/** Makes a client of `baseUrl` (throws the client's CreditsError for a refused base URL). */
export type ClientFactory = (baseUrl: string, extras?: ClientExtras) => OpenRouterClient;

export function clientFactory(userAgent: string): ClientFactory {
  return (baseUrl, extras = {}) => new OpenRouterClient({ ...extras, baseUrl, userAgent });
}
