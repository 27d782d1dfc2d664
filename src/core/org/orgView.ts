// The organization's part of the view model (issue 20): what every surface
// reads of workspaces, their budgets, members and the headroom. Built once per
// change by buildView() from the snapshot and the breakdown; pure.

import type { AccountBreakdown, CreditSnapshot } from '../types';
import { headroom, headroomIndex, type Headroom } from './headroom';
import { spendByMember, type MemberSpendRow } from './members';
import { orgAges } from './etiquette';
import { workspaceBudgetStatus, type WorkspaceBudgetStatus } from './workspaceBudgets';
import { defaultWorkspace, spendByWorkspace, workspaceOfKey, type WorkspaceSpendRow } from './workspaceSpend';

export interface OrgView {
  /** Spend by workspace; absent for an account with one workspace (the page looks as it did). */
  workspaces?: WorkspaceSpendRow[];
  /** Every budget of every workspace, with its spend, share, pace and reset. */
  budgets: WorkspaceBudgetStatus[];
  /** Spend by member; absent outside an organization. */
  members?: MemberSpendRow[];
  /** What stops the shown key's next request, and when. */
  headroom?: Headroom;
  /** The same for each key row of the breakdown, by AccountKey.id (management key). */
  keyHeadroom: Record<string, Headroom>;
  /** Each key row's workspace name, by AccountKey.id, when the account has several workspaces. */
  keyWorkspace: Record<string, string>;
  /** How old the organization's structure and members are (ms), when read. */
  ages: { structureMs?: number; membersMs?: number };
  /** The last failed read of the structure or the members, while it lasts. */
  structureError?: string;
  membersError?: string;
}

/** The organization's part of the view, or undefined when there is nothing to show beyond today's page. */
export function buildOrgView(snapshot: CreditSnapshot | undefined, breakdown: AccountBreakdown | undefined, now: number): OrgView | undefined {
  if (!snapshot) return undefined;
  const org = breakdown?.org;
  const keys = breakdown?.keys ?? [];
  const mgmt = snapshot.key.isManagementKey;
  const accountRemaining = snapshot.account?.remaining;
  const shownHeadroom = mgmt
    ? undefined // a management key spends nothing itself: each key row has its own
    : headroom({ key: snapshot.key, accountRemaining, canReadOrg: false }, now);
  if (!mgmt && !snapshot.key.budgets?.length) return shownHeadroom ? { budgets: [], keyHeadroom: {}, keyWorkspace: {}, ages: {}, headroom: shownHeadroom } : undefined;
  const keyHeadroom: Record<string, Headroom> = {};
  const keyWorkspace: Record<string, string> = {};
  const several = (org?.workspaces?.length ?? 0) >= 2;
  // Grouped and summed once for every row.
  const index = headroomIndex(keys, org);
  for (const k of keys) {
    keyHeadroom[k.id] = headroom({ key: k, keys, org, keysAt: breakdown?.keysAt, accountRemaining, canReadOrg: true, index }, now);
    if (several) keyWorkspace[k.id] = (workspaceOfKey(k, org!.workspaces!) ?? defaultWorkspace(org!.workspaces!))?.name ?? '';
  }
  return {
    workspaces: mgmt ? spendByWorkspace(keys, org?.workspaces, now, breakdown?.keysAt) : undefined,
    budgets: mgmt ? workspaceBudgetStatus(org, keys, now, breakdown?.keysAt) : [],
    members: mgmt ? spendByMember(keys, org?.members, now, breakdown?.keysAt) : undefined,
    headroom: shownHeadroom,
    keyHeadroom,
    keyWorkspace,
    ages: orgAges(org, now),
    structureError: org?.structureError,
    membersError: org?.membersError,
  };
}
