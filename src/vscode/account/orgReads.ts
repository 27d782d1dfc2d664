// A management key's account reads for one refresh (issue 20): one /keys per
// workspace (all of them combined into the breakdown's keys), and the
// organization's structure and members when org/etiquette.ts says they are
// due. A failed read keeps its last good copy (mergeBreakdown, mergeOrg) and
// never makes the balance stale. The policy is the core's; this sends.
import type { OpenRouterClient } from '../../core/openrouter/client';
import { isCreditsError } from '../../core/openrouter/errors';
import { combineWorkspaceKeys, type Settled } from '../../core/openrouter/requests';
import { keysToAsk, mergeOrg, planOrgRequests, type OrgStructure } from '../../core/org/etiquette';
import type { Guardrail, Member, OrgData, WorkspaceBudget } from '../../core/org/types';
import type { AccountBreakdown, AccountKey, CreditSnapshot } from '../../core/types';

export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(value => ({ ok: true as const, value }), (e: unknown) => ({ ok: false as const, kind: isCreditsError(e) ? e.kind : 'network' }));
}

/** The workspaces, each one's budgets and guardrails, and the key assignments: one read, all or nothing. */
async function readStructure(client: OpenRouterClient, key: string): Promise<OrgStructure> {
  const listed = await client.listWorkspaces(key);
  const [perWs, assignments] = await Promise.all([
    Promise.all(listed.map(async w => {
      const [b, g] = await Promise.all([client.listWorkspaceBudgets(key, w.id), client.listGuardrails(key, w.id)]);
      return { w: b.includeByokInBudgets === undefined ? w : { ...w, includeByokInBudgets: b.includeByokInBudgets }, budgets: b.budgets, guardrails: g };
    })),
    client.listGuardrailKeyAssignments(key),
  ]);
  const budgets: WorkspaceBudget[] = perWs.flatMap(x => x.budgets);
  const guardrails = new Map<string, Guardrail>();
  for (const x of perWs) for (const g of x.guardrails) guardrails.set(g.id, g);
  return { workspaces: perWs.map(x => x.w), budgets, guardrails: [...guardrails.values()], assignments };
}

export interface OrgReadInput {
  client: OpenRouterClient;
  key: string;
  prev: AccountBreakdown | undefined;
  snapshot: CreditSnapshot | undefined;
  now: number;
  manual: boolean;
  structureDirty: boolean;
}

export interface OrgReadResult {
  keys: Settled<AccountKey[]>;
  org?: OrgData;
  /** The org reads that failed this time, for the log. */
  failed: string[];
}

/**
 * One refresh's /keys (per workspace) and org reads. While the workspaces are
 * not known yet, or right after the user changed them, the structure is read
 * first so that this refresh already counts every workspace.
 */
export async function readOrg(i: OrgReadInput): Promise<OrgReadResult> {
  const prevOrg = i.prev?.org;
  const isOrganization = !!i.snapshot?.key.organizationId || !!i.prev?.keys?.some(k => !!k.creatorUserId);
  const plan = planOrgRequests(prevOrg, i.now, { isManagementKey: true, isOrganization, manual: i.manual, structureDirty: i.structureDirty });
  const structureP = plan.structure ? settle(readStructure(i.client, i.key)) : undefined;
  const membersP = plan.members ? settle(i.client.listMembers(i.key)) : undefined;
  let known = prevOrg;
  if ((!prevOrg?.workspaces?.length || i.structureDirty) && structureP) {
    const s = await structureP;
    if (s?.ok) known = { ...prevOrg, workspaces: s.value.workspaces };
  }
  const keysP = Promise.all(keysToAsk(known, true).map(ws => settle(i.client.listKeys(i.key, ws))));
  const [keyResults, structure, members] = await Promise.all([keysP, structureP, membersP]);
  // A 404 from /organization/members: not an organization; nothing to keep.
  const membersR: Settled<Member[]> = members && !members.ok && members.kind === 'notFound' ? { ok: true, value: [] } : members;
  const failed = [structure && !structure.ok ? `structure: ${structure.kind}` : '', membersR && !membersR.ok ? `members: ${membersR.kind}` : ''].filter(Boolean);
  const org = structure || membersR ? mergeOrg(prevOrg, structure, membersR, i.now) : prevOrg;
  return { keys: combineWorkspaceKeys(keyResults), ...(org ? { org } : {}), failed };
}
