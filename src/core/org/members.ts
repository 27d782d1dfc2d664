// Spend by member (issue 20): an organization's keys grouped by who made them
// (creator_user_id), named from GET /organization/members. Workspace-owned
// keys (creator null) are a group of their own. Names are outside text: the
// page renders them as text, notifications pass them through plainText().
// No `vscode` import here.

import type { AccountKey } from '../types';
import type { Member } from './types';
import { periodSums, type PeriodSums } from './workspaceSpend';

export interface MemberSpendRow {
  /** creator_user_id; null: workspace-owned keys; undefined: /keys did not say. */
  memberId: string | null | undefined;
  /** The member's name, else the id; '' for the workspace-owned and the unknown rows (memberLabel() names them). */
  name: string;
  /** Named from the members list. */
  named: boolean;
  spend: PeriodSums;
  byok: PeriodSums;
  keyCount: number;
}

/**
 * One row per member, the biggest spender this month first; undefined when
 * no key names its creator (not an organization) or when all keys have one
 * creator (the row would repeat the account's figures).
 */
export function spendByMember(keys: readonly AccountKey[], members: readonly Member[] | undefined, now: number, asOf?: number): MemberSpendRow[] | undefined {
  const groups = new Map<string | null | undefined, AccountKey[]>();
  for (const k of keys) {
    const id = typeof k.creatorUserId === 'string' && k.creatorUserId ? k.creatorUserId : k.creatorUserId === null ? null : undefined;
    const list = groups.get(id) ?? [];
    list.push(k);
    groups.set(id, list);
  }
  if (![...groups.keys()].some(id => typeof id === 'string') || groups.size < 2) return undefined;
  const names = new Map((members ?? []).map(m => [m.id, m.name]));
  const rows = [...groups.entries()].map(([id, ks]): MemberSpendRow => {
    const known = typeof id === 'string' ? names.get(id) : undefined;
    return {
      memberId: id,
      name: typeof id === 'string' ? (known?.trim() ? known : id) : '',
      named: known !== undefined && known.trim() !== '',
      spend: periodSums(ks, 'credit', asOf, now),
      byok: periodSums(ks, 'byok', asOf, now),
      keyCount: ks.length,
    };
  });
  const rank = (r: MemberSpendRow): number => (typeof r.memberId === 'string' ? 0 : r.memberId === null ? 1 : 2);
  return rows.sort((a, b) => rank(a) - rank(b) || (b.spend.month ?? 0) - (a.spend.month ?? 0) || b.spend.lifetime - a.spend.lifetime || a.name.localeCompare(b.name, 'en'));
}
