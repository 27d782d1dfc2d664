// OpenRouter's KeyBudget layers ("one budget layer that applies to requests
// made with this key"; newer than the spec and SDK 1.3.19), where an answer
// carries them, e.g. a `budgets` array in /key's data. A tolerant reader:
// a malformed layer is skipped and never breaks the answer it rides on.
// Pure TypeScript: no `vscode` import.

import type { BudgetInterval, KeyBudgetLayer, KeyBudgetScope } from '../org/types';

const SCOPES: readonly KeyBudgetScope[] = ['workspace_default_member', 'workspace_default_key', 'member', 'api_key', 'workspace', 'key_limit'];
/** Larger amounts are not plausible (as MAX_AMOUNT_USD in validate.ts). */
const MAX_USD = 1e12;
const MAX_ID_CHARS = 256;

/** A reset interval as OpenRouter writes it: daily, weekly, monthly; null, absent or "lifetime" = never. undefined: not one. */
export function budgetInterval(raw: unknown): BudgetInterval | undefined {
  if (raw === null || raw === undefined || raw === 'lifetime') return null;
  return raw === 'daily' || raw === 'weekly' || raw === 'monthly' ? raw : undefined;
}

function usd(v: unknown, allowNegative: boolean): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_USD || (v < 0 && !allowNegative)) return undefined;
  return v === 0 ? 0 : v;
}

/** null for null or absent; undefined for anything but a short string. */
function optId(v: unknown): string | null | undefined {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' && v.length <= MAX_ID_CHARS ? v : undefined;
}

function readLayer(raw: unknown): KeyBudgetLayer | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const scope = SCOPES.find((s) => s === o.scope);
  const limitUsd = usd(o.limit_usd, false);
  const spendUsd = usd(o.spend_usd, false);
  const remainingUsd = usd(o.remaining_usd, true);
  const interval = budgetInterval(o.reset_interval);
  const resetsAt = optId(o.resets_at);
  const guardrailId = optId(o.guardrail_id);
  const budgetId = optId(o.budget_id);
  const includeByok = o.include_byok === undefined || o.include_byok === null ? false : o.include_byok;
  if (scope === undefined || limitUsd === undefined || spendUsd === undefined || remainingUsd === undefined || interval === undefined) return undefined;
  if (resetsAt === undefined || (resetsAt !== null && !Number.isFinite(Date.parse(resetsAt)))) return undefined;
  if (guardrailId === undefined || budgetId === undefined || typeof includeByok !== 'boolean') return undefined;
  return { scope, limitUsd, spendUsd, remainingUsd, interval, resetsAt, includeByok, guardrailId, budgetId };
}

/** The well-formed layers of a `budgets` value; undefined when it is not a list (absent: the answer has none). */
export function readKeyBudgetLayers(raw: unknown): KeyBudgetLayer[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const layers: KeyBudgetLayer[] = [];
  for (const item of raw.slice(0, 100)) {
    const layer = readLayer(item);
    if (layer) layers.push(layer);
  }
  return layers;
}
