// The window's list of accounts (issue 12), as every surface shows it: one row
// per account with its balance and status, which one this window shows, and
// the total, counting one OpenRouter account once. Pure: the glue passes each
// account's view and the pick.
import { accountsTotal, type AccountRow, type AccountsView, type View } from '../view/view';
import { accountKindOf, ENV_ACCOUNT_ID, type Account, type AccountPick } from './accounts';
import { sharedSpendable } from './fleet';

/** The account a pick shows: the pinned or active one; with nothing stored, the fallback account when it is there. */
export function shownAccountId(pick: AccountPick, hasEnvAccount: boolean): string | undefined {
  switch (pick.kind) {
    case 'pinned':
    case 'active': return pick.account.id;
    case 'none': return hasEnvAccount ? ENV_ACCOUNT_ID : undefined;
    default: return undefined;
  }
}

/** The ids the list shows, in the order added; the fallback account alone (when there) with nothing stored. */
export function rowIds(accounts: readonly Account[], hasEnvAccount: boolean): string[] {
  if (accounts.length) return accounts.map(a => a.id);
  return hasEnvAccount ? [ENV_ACCOUNT_ID] : [];
}

export interface RowsInput {
  accounts: readonly Account[];
  activeId?: string;
  /** The fallback account (OPENROUTER_API_KEY) has a slot. */
  hasEnvAccount: boolean;
  pick: AccountPick;
  /** An account's view, once its controller has one. */
  viewOf(id: string): Pick<View, 'snapshot' | 'periods' | 'status' | 'stale'> | undefined;
  nameOf(id: string): string;
  /** Accounts the total leaves out (fleet.ts countedOnce()): another stored account already counts their OpenRouter account (→ that one). */
  countedOnce: ReadonlyMap<string, string>;
}

/** One row per account: what it can spend, its spend today, its status, whether it is shown and active. */
export function accountRows(input: RowsInput): AccountRow[] {
  const shownId = shownAccountId(input.pick, input.hasEnvAccount);
  const active = input.activeId ?? input.accounts[0]?.id;
  return rowIds(input.accounts, input.hasEnvAccount).map(id => {
    const v = input.viewOf(id);
    const account = input.accounts.find(a => a.id === id);
    return {
      id,
      name: input.nameOf(id),
      kind: v?.snapshot ? accountKindOf(v.snapshot.key) : account?.kind ?? 'unknown',
      ...(v?.snapshot?.spendable !== undefined ? { spendable: v.snapshot.spendable } : {}),
      ...(v?.periods?.today !== undefined ? { today: v.periods.today } : {}),
      status: v?.status ?? 'loading',
      stale: v?.stale ?? false,
      ...(v?.snapshot ? { fetchedAt: v.snapshot.fetchedAt } : {}),
      shown: id === shownId,
      active: account ? id === active : id === ENV_ACCOUNT_ID,
    };
  });
}

/**
 * What all accounts can spend together (the `total` format): one OpenRouter
 * account counts once, however many of its keys are stored. The accounts
 * countedOnce() maps to another are left out; a management account counts its
 * balance (the whole account's); a normal key that heads other normal keys of
 * its account counts what they can spend together (sharedSpendable()).
 * Undefined when no balance is known.
 */
export function fleetTotal(rows: readonly AccountRow[], input: Pick<RowsInput, 'viewOf' | 'countedOnce'>): number | undefined {
  const members = new Map<string, string[]>();
  for (const [id, head] of input.countedOnce) members.set(head, [...(members.get(head) ?? []), id]);
  const counted = rows.map(r => {
    const group = members.get(r.id);
    if (!group || r.kind === 'management') return r;
    return { id: r.id, spendable: sharedSpendable([r.id, ...group].map(id => input.viewOf(id)?.snapshot)) };
  });
  return accountsTotal(counted, input.countedOnce).total;
}

/** The list as the view holds it: the rows, whether the workspace pins this window's account, and the total. */
export function accountsView(input: RowsInput): AccountsView {
  const rows = accountRows(input);
  const total = fleetTotal(rows, input);
  const { pick } = input;
  return {
    rows,
    pinned: pick.kind === 'pinned' || pick.kind === 'unknownAccount',
    ...(pick.kind === 'unknownAccount' ? { unknownName: pick.name } : {}),
    ...(total !== undefined ? { total } : {}),
  };
}
