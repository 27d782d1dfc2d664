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
  const rows = once(() => keyRows(breakdown, accountRemaining, now));
  // The tables only the page, the export and the key commands read are worked out when first read:
  // a refresh with no page open (the status bar, the warnings) does not build 1,000 key rows.
  return withLazy({
    budgets: mgmt ? workspaceBudgetStatus(org, keys, now, breakdown?.keysAt) : [],
    headroom: shownHeadroom,
    ages: orgAges(org, now),
    structureError: org?.structureError,
    membersError: org?.membersError,
  }, {
    workspaces: () => mgmt ? spendByWorkspace(keys, org?.workspaces, now, breakdown?.keysAt) : undefined,
    members: () => mgmt ? spendByMember(keys, org?.members, now, breakdown?.keysAt) : undefined,
    keyHeadroom: () => rows().keyHeadroom,
    keyWorkspace: () => rows().keyWorkspace,
  });
}

function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) { value = fn(); done = true; }
    return value;
  };
}

/**
 * `eager` with each of `lazy`'s fields as an enumerable getter worked out on
 * its first read and kept: to every reader (a spread, JSON, postMessage's
 * clone, deepStrictEqual) the object is plain data with all its fields.
 */
function withLazy<E extends object, L extends object>(eager: E, lazy: { [K in keyof L]: () => L[K] }): E & L {
  for (const name of Object.keys(lazy) as (keyof L & string)[]) {
    Object.defineProperty(eager, name, { enumerable: true, configurable: true, get: once(lazy[name]) });
  }
  return eager as E & L;
}

const DAY_MS = 86_400_000;

interface KeyRows {
  keyHeadroom: Record<string, Headroom>;
  keyWorkspace: Record<string, string>;
}

/**
 * Each key row's headroom and workspace, for one breakdown (compared by
 * identity: a breakdown is never changed in place, a refresh makes a new one),
 * one account balance and one UTC day: every period, reset and "is this
 * figure of the current period" they hold turns at a UTC midnight. A view
 * rebuilt without new data (a window's focus, the status bar's minute) reuses
 * them rather than working out 1,000 rows again.
 */
const keyRowsMemo = new WeakMap<AccountBreakdown, { day: number; accountRemaining: number | undefined; rows: KeyRows }>();

function keyRows(breakdown: AccountBreakdown | undefined, accountRemaining: number | undefined, now: number): KeyRows {
  const day = Math.floor(now / DAY_MS);
  const hit = breakdown && keyRowsMemo.get(breakdown);
  if (hit && hit.day === day && hit.accountRemaining === accountRemaining) return hit.rows;
  const org = breakdown?.org;
  const keys = breakdown?.keys ?? [];
  const rows: KeyRows = { keyHeadroom: {}, keyWorkspace: {} };
  const several = (org?.workspaces?.length ?? 0) >= 2;
  // Grouped and summed once for every row.
  const index = headroomIndex(keys, org);
  for (const k of keys) {
    rows.keyHeadroom[k.id] = headroom({ key: k, keys, org, keysAt: breakdown?.keysAt, accountRemaining, canReadOrg: true, index }, now);
    if (several) rows.keyWorkspace[k.id] = (workspaceOfKey(k, org!.workspaces!) ?? defaultWorkspace(org!.workspaces!))?.name ?? '';
  }
  if (breakdown) keyRowsMemo.set(breakdown, { day, accountRemaining, rows });
  return rows;
}
