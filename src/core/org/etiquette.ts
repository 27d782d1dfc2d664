// Request etiquette for organizations (issue 20). Steady state for a
// management key: /credits plus one /keys per workspace each refresh (1 + W
// requests: no cheaper read gives each workspace's spend). The structure
// (/workspaces, each workspace's budgets, /guardrails and the key
// assignments) at most hourly, and right after the user changes one
// (`structureDirty`); members at most daily, and only in an organization. A
// failed read keeps its last good copy with its age and is tried again after
// an hour (at once on a manual refresh); it never makes the balance stale. A
// normal key asks none of these. Pure decisions; the glue sends the requests.
// No `vscode` import here.

import type { Settled } from '../openrouter/requests';
import type { GuardrailKeyAssignment, Guardrail, Member, OrgData, Workspace, WorkspaceBudget } from './types';

export const STRUCTURE_MS = 60 * 60 * 1000;
export const MEMBERS_MS = 24 * 60 * 60 * 1000;
/** A failed read is tried again after this long (at once on a manual refresh). */
export const ORG_RETRY_MS = 60 * 60 * 1000;

export interface OrgPlanInput {
  isManagementKey: boolean;
  /** The key belongs to an organization (/key's organization_id, or keys that name their creator). */
  isOrganization: boolean;
  manual?: boolean;
  /** The user just changed a workspace, budget, guardrail or assignment. */
  structureDirty?: boolean;
}

export interface OrgPlan {
  /** Read /workspaces, every workspace's budgets, /guardrails and /guardrails/assignments/keys. */
  structure: boolean;
  /** Read /organization/members. */
  members: boolean;
}

function due(at: number | undefined, triedAt: number | undefined, failed: boolean, every: number, now: number, manual: boolean): boolean {
  if (failed) {
    if (manual || triedAt === undefined || now < triedAt || now - triedAt >= ORG_RETRY_MS) return true;
    return false;
  }
  return at === undefined || now < at || now - at >= every;
}

/** What of the org to read this refresh (the /keys reads are keysToAsk()). */
export function planOrgRequests(org: OrgData | undefined, now: number, input: OrgPlanInput): OrgPlan {
  if (!input.isManagementKey) return { structure: false, members: false };
  const manual = !!input.manual;
  const structure = !!input.structureDirty || due(org?.structureAt, org?.structureTriedAt, !!org?.structureError, STRUCTURE_MS, now, manual);
  const members = input.isOrganization && due(org?.membersAt, org?.membersTriedAt, !!org?.membersError, MEMBERS_MS, now, manual);
  return { structure, members };
}

/**
 * Which /keys reads this refresh: one per known workspace (`workspace_id`),
 * or, while the workspaces are not known, the one without `workspace_id`
 * (the Default workspace's keys): `[undefined]`. A normal key: none.
 */
export function keysToAsk(org: OrgData | undefined, isManagementKey: boolean): Array<string | undefined> {
  if (!isManagementKey) return [];
  const ws = org?.workspaces;
  return ws && ws.length ? ws.map(w => w.id) : [undefined];
}

export interface OrgStructure {
  workspaces: Workspace[];
  budgets: WorkspaceBudget[];
  guardrails: Guardrail[];
  assignments: GuardrailKeyAssignment[];
}

/**
 * The org data after one refresh: a new answer replaces the old, a failure
 * keeps the last good copy (and its time) and records its kind and when it
 * was tried. `undefined`: not asked.
 */
export function mergeOrg(prev: OrgData | undefined, structure: Settled<OrgStructure>, members: Settled<Member[]>, now: number): OrgData {
  const next: OrgData = { ...prev };
  if (structure?.ok) {
    Object.assign(next, structure.value, { structureAt: now, structureTriedAt: now });
    delete next.structureError;
  } else if (structure) {
    next.structureError = structure.kind;
    next.structureTriedAt = now;
  }
  if (members?.ok) {
    next.members = members.value;
    next.membersAt = now;
    next.membersTriedAt = now;
    delete next.membersError;
  } else if (members) {
    next.membersError = members.kind;
    next.membersTriedAt = now;
  }
  return next;
}

/** How old each part's last good copy is (ms), for "as of" marks; undefined: never read. */
export function orgAges(org: OrgData | undefined, now: number): { structureMs?: number; membersMs?: number } {
  const out: { structureMs?: number; membersMs?: number } = {};
  if (org?.structureAt !== undefined) out.structureMs = Math.max(0, now - org.structureAt);
  if (org?.membersAt !== undefined) out.membersMs = Math.max(0, now - org.membersAt);
  return out;
}
