// Organizations and workspaces: the shapes the client reads them into and the
// core's policy works on (issue 20). JSON-serializable, never a key or a key's
// hash: keys are named by AccountKey.id. No `vscode` import here.

/** A budget's period: UTC day, week from Monday, month; null = lifetime. */
export type BudgetInterval = 'daily' | 'weekly' | 'monthly' | null;

/** GET /workspaces item (the fields a monitor uses). */
export interface Workspace {
  id: string;
  name: string;
  slug: string;
  /** Whether BYOK spend counts against this workspace's budgets. */
  includeByokInBudgets: boolean;
  /** The workspace's default guardrail, when it has one. */
  defaultGuardrailId: string | null;
}

/** GET /workspaces/{id}/budgets item: at most one per interval. OpenRouter refuses the workspace's requests (403) once its spend meets one. */
export interface WorkspaceBudget {
  workspaceId: string;
  interval: BudgetInterval;
  limitUsd: number;
}

/** GET /guardrails item: only its budget matters here (allowlists are not spend). */
export interface Guardrail {
  id: string;
  name: string;
  /** null: the guardrail has no budget. */
  limitUsd: number | null;
  interval: BudgetInterval;
  includeByok: boolean;
  /** The workspace it belongs to, when given. */
  workspaceId: string | null;
}

/** GET /guardrails/assignments/keys item, the hash replaced by the key's AccountKey.id. */
export interface GuardrailKeyAssignment {
  guardrailId: string;
  keyId: string;
}

/** GET /organization/members item. */
export interface Member {
  /** creator_user_id of the keys the member made. */
  id: string;
  /** "First Last", else the e-mail, else the id. */
  name: string;
}

/** One layer of OpenRouter's own KeyBudget (newer than the spec): what enforcement compares against. */
export type KeyBudgetScope = 'workspace_default_member' | 'workspace_default_key' | 'member' | 'api_key' | 'workspace' | 'key_limit';

export interface KeyBudgetLayer {
  scope: KeyBudgetScope;
  limitUsd: number;
  spendUsd: number;
  /** ≤ 0 refuses requests. */
  remainingUsd: number;
  interval: BudgetInterval;
  /** ISO 8601, when given. */
  resetsAt: string | null;
  includeByok: boolean;
  guardrailId: string | null;
  budgetId: string | null;
}

/**
 * The organization's structure, as the last refresh that asked read it
 * (workspaces, budgets, guardrails and assignments hourly; members daily). A
 * failed read keeps the last good copy and records its kind and age.
 */
export interface OrgData {
  workspaces?: Workspace[];
  budgets?: WorkspaceBudget[];
  guardrails?: Guardrail[];
  assignments?: GuardrailKeyAssignment[];
  /** When the four above were read. */
  structureAt?: number;
  structureError?: string;
  /** When the structure was last tried (a failed read is tried again after an hour). */
  structureTriedAt?: number;
  members?: Member[];
  membersAt?: number;
  membersError?: string;
  /** When the members were last tried. */
  membersTriedAt?: number;
}
