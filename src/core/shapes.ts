// Shape checks for what comes back from a file (the shared state, the
// start-up cache): a value that claims to be a CreditSnapshot (or a key, an
// account, a breakdown) has every field of its type, typed. Hand-written
// combinators, a few lines each, instead of a schema library (the bundle's
// size matters). Each table lists every field of its type (Record<keyof T>):
// a field added to the type does not compile until its check is added here.
// No `vscode` import here.

import { MAX_AMOUNT_USD } from './openrouter/validate';
import type { DailyModelSpend, ModelSpendRow } from './money/breakdown';
import type { Guardrail, GuardrailKeyAssignment, KeyBudgetLayer, Member, OrgData, Workspace, WorkspaceBudget } from './org/types';
import type { AccountBreakdown, AccountInfo, AccountKey, AccountStatus, CreditSnapshot, FreeModelRequests, KeyInfo } from './types';

export type Check = (v: unknown) => boolean;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const finite: Check = v => typeof v === 'number' && Number.isFinite(v);
/** A USD amount as the validators accept it (may be negative: a remaining amount). */
export const amount: Check = v => finite(v) && Math.abs(v as number) <= MAX_AMOUNT_USD;
export const nonNegative: Check = v => amount(v) && (v as number) >= 0;
/** A time in epoch ms that a Date can hold. */
export const epochMs: Check = v => finite(v) && (v as number) >= 0 && (v as number) <= 8.64e15;
export const text: Check = v => typeof v === 'string';
export const bool: Check = v => typeof v === 'boolean';
export const hex16: Check = v => typeof v === 'string' && /^[0-9a-f]{16}$/.test(v);
export const utcDay: Check = v => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
export const nullable = (c: Check): Check => v => v === null || c(v);
export const optional = (c: Check): Check => v => v === undefined || c(v);
export const oneOf = (...values: readonly unknown[]): Check => v => values.includes(v);
export const listOf = (c: Check): Check => v => Array.isArray(v) && v.every(c);

/** An object whose every listed field passes its check (fields not listed are not looked at). */
export function shape<T>(fields: Record<keyof T, Check>): (v: unknown) => v is T {
  const entries = Object.entries(fields) as [string, Check][];
  return (v: unknown): v is T => isObject(v) && entries.every(([k, c]) => c(v[k]));
}

const isFreeModelRequests = shape<FreeModelRequests>({ limit: nonNegative, remaining: nonNegative, used: nonNegative });

/** A key's limit and spend, the same in its /key answer (KeyInfo) and in the account's list (AccountKey). */
const KEY_FIGURES = {
  limit: nullable(nonNegative),
  limitRemaining: nullable(amount),
  limitReset: nullable(text),
  usage: nonNegative,
  usageDaily: nonNegative,
  usageWeekly: nonNegative,
  usageMonthly: nonNegative,
};

export const isKeyInfo = shape<KeyInfo>({
  label: text,
  ...KEY_FIGURES,
  byokUsage: nonNegative,
  byokUsageDaily: nonNegative,
  byokUsageWeekly: nonNegative,
  byokUsageMonthly: nonNegative,
  includeByokInLimit: bool,
  isFreeTier: bool,
  isManagementKey: bool,
  freeModelRequests: optional(isFreeModelRequests),
  expiresAt: nullable(text),
  organizationId: optional(nullable(text)),
  creatorUserId: optional(nullable(text)),
  budgets: optional(v => listOf(isKeyBudgetLayer)(v)),
});

export const isAccountInfo = shape<AccountInfo>({
  totalCredits: nonNegative,
  totalUsage: nonNegative,
  remaining: amount,
  usagePercent: optional(finite),
});

const ACCOUNT_STATUSES: readonly AccountStatus[] = ['known', 'forbidden', 'unavailable', 'skipped', 'error'];

export const isCreditSnapshot = shape<CreditSnapshot>({
  fetchedAt: epochMs,
  key: isKeyInfo,
  account: optional(isAccountInfo),
  accountStatus: oneOf(...ACCOUNT_STATUSES),
  spendable: optional(amount),
  binding: optional(oneOf('key', 'account')),
  keyUsagePercent: optional(finite),
  keyAt: optional(epochMs),
  accountError: optional(shape<NonNullable<CreditSnapshot['accountError']>>({ kind: text, status: optional(finite), retryAfterMs: optional(finite) })),
  accountAsOf: optional(epochMs),
});

/** Every field of an AccountKey, with its check (a Record: a field added to the type must be added here). */
const ACCOUNT_KEY_SHAPE: Record<keyof AccountKey, Check> = {
  id: hex16,
  name: text,
  label: text,
  disabled: bool,
  ...KEY_FIGURES,
  createdAt: nullable(text),
  byokUsage: optional(nonNegative),
  byokUsageDaily: optional(nonNegative),
  byokUsageWeekly: optional(nonNegative),
  byokUsageMonthly: optional(nonNegative),
  workspaceId: optional(nullable(text)),
  creatorUserId: optional(nullable(text)),
};

export const isAccountKey = shape<AccountKey>(ACCOUNT_KEY_SHAPE);

/** The names of every field an AccountKey may have. */
export const ACCOUNT_KEY_FIELDS = Object.keys(ACCOUNT_KEY_SHAPE) as (keyof AccountKey)[];

const isModelSpend = shape<{ model: string; spend: number }>({ model: text, spend: nonNegative });

const isModelSpendRow = shape<ModelSpendRow>({
  model: text,
  other: bool,
  modelCount: nonNegative,
  spend: nonNegative,
  share: finite,
  requests: nonNegative,
  tokens: nonNegative,
});

const isDailyModelSpend = shape<DailyModelSpend>({ day: utcDay, total: nonNegative, byModel: listOf(isModelSpend) });

const interval = oneOf('daily', 'weekly', 'monthly', null);

const isKeyBudgetLayer = shape<KeyBudgetLayer>({
  scope: oneOf('workspace_default_member', 'workspace_default_key', 'member', 'api_key', 'workspace', 'key_limit'),
  limitUsd: finite,
  spendUsd: finite,
  remainingUsd: finite,
  interval,
  resetsAt: nullable(text),
  includeByok: bool,
  guardrailId: nullable(text),
  budgetId: nullable(text),
});

const isOrgData = shape<OrgData>({
  workspaces: optional(listOf(shape<Workspace>({ id: text, name: text, slug: text, includeByokInBudgets: bool, defaultGuardrailId: nullable(text) }))),
  budgets: optional(listOf(shape<WorkspaceBudget>({ workspaceId: text, interval, limitUsd: nonNegative }))),
  guardrails: optional(listOf(shape<Guardrail>({ id: text, name: text, limitUsd: nullable(nonNegative), interval, includeByok: bool, workspaceId: nullable(text) }))),
  assignments: optional(listOf(shape<GuardrailKeyAssignment>({ guardrailId: text, keyId: text }))),
  structureAt: optional(epochMs),
  structureError: optional(text),
  structureTriedAt: optional(epochMs),
  members: optional(listOf(shape<Member>({ id: text, name: text }))),
  membersAt: optional(epochMs),
  membersError: optional(text),
  membersTriedAt: optional(epochMs),
});

/** A breakdown as a whole: one bad key would make the sums over keys wrong, so no part is kept without the others. */
export const isAccountBreakdown = shape<AccountBreakdown>({
  keys: optional(listOf(isAccountKey)),
  keysAt: optional(epochMs),
  keysError: optional(text),
  byModel: optional(listOf(isModelSpendRow)),
  daily: optional(listOf(isDailyModelSpend)),
  activityAt: optional(epochMs),
  activityDay: optional(utcDay),
  activityHasYesterday: optional(bool),
  activityError: optional(text),
  activityTriedAt: optional(epochMs),
  org: optional(isOrgData),
});
