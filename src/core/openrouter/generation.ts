// Look Up Generation Cost: which text is a generation id, and what the lookup
// shows of one (GET /generation: the client's fetchGeneration). `l10n` is
// vscode.l10n in the glue. No `vscode` import here.
import type { Formatter } from '../text/format';
import type { L10n } from '../text/strings';
import type { GenerationInfo } from '../types';

/**
 * What OpenRouter's generation ids look like ("gen-1763990400-Xk2pQ9vL3mN8rT5wY1zA"):
 * a selection that matches pre-fills the input box.
 */
export const GENERATION_ID_PATTERN = /^gen-[A-Za-z0-9_-]{6,}$/;

/** The longest id the input box accepts (OpenRouter's are about 35 characters). */
export const MAX_GENERATION_ID_CHARS = 200;

/** A selection that is a generation id (surrounding quotes, backticks and whitespace ignored), else undefined. */
export function generationIdFrom(text: string | undefined): string | undefined {
  if (!text || text.length > MAX_GENERATION_ID_CHARS + 4) return undefined;
  const t = text.trim().replace(/^(["'`])(.*)\1$/s, '$2').trim();
  return GENERATION_ID_PATTERN.test(t) ? t : undefined;
}

/** Why a typed id cannot be looked up, or undefined when it can (the server has the last word). */
export function generationIdProblem(value: string, l10n: L10n): string | undefined {
  const v = value.trim();
  if (!v) return l10n.t('Enter a generation id, e.g. gen-1234567890-abcdef.');
  // A pasted API key is neither sent as an id nor echoed in a message.
  if (/^sk-or-/i.test(v)) return l10n.t('That is an API key, not a generation id. It was not sent.');
  if (/\s/.test(v) || v.length > MAX_GENERATION_ID_CHARS) return l10n.t('That does not look like a generation id.');
  return undefined;
}

export interface GenerationField {
  label: string;
  value: string;
}

/** The fields the lookup shows, in order; figures OpenRouter did not give are left out. */
export function generationFields(g: GenerationInfo, f: Formatter, l10n: L10n): GenerationField[] {
  const out: GenerationField[] = [
    { label: l10n.t('Total cost'), value: f.usdExact(g.totalCost) },
    { label: l10n.t('Model'), value: g.model },
  ];
  if (g.providerName) out.push({ label: l10n.t('Provider'), value: g.providerName });
  const tokens = [
    g.tokensPrompt !== null ? l10n.t('{0} prompt', f.count(g.tokensPrompt)) : '',
    g.tokensCompletion !== null ? l10n.t('{0} completion', f.count(g.tokensCompletion)) : '',
    g.tokensReasoning !== null ? l10n.t('{0} reasoning', f.count(g.tokensReasoning)) : '',
  ].filter(Boolean);
  if (tokens.length) out.push({ label: l10n.t('Tokens'), value: tokens.join(' · ') });
  if (g.latencyMs !== null) out.push({ label: l10n.t('Latency (first token)'), value: l10n.t('{0} ms', f.count(g.latencyMs)) });
  if (g.generationTimeMs !== null) out.push({ label: l10n.t('Generation time'), value: l10n.t('{0} ms', f.count(g.generationTimeMs)) });
  const at = Date.parse(g.createdAt);
  if (Number.isFinite(at)) out.push({ label: l10n.t('Time'), value: f.dateTime(at) });
  if (g.finishReason) out.push({ label: l10n.t('Finish reason'), value: g.finishReason });
  if (g.isByok) out.push({ label: l10n.t('Billing'), value: l10n.t('Your own provider key (BYOK)') });
  out.push({ label: l10n.t('Generation id'), value: g.id });
  return out;
}

/** What "Copy as JSON" puts on the clipboard: the fields as read from OpenRouter. */
export function generationJson(g: GenerationInfo): string {
  return JSON.stringify(g, null, 2);
}
