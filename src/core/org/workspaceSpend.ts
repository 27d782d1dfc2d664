// Spend by workspace (issue 20): each workspace's keys summed per period, BYOK
// apart (paid to the user's provider, never added to credit spend). A key
// whose workspace is not listed (absent, or a workspace no longer listed)
// counts in the Default workspace, where OpenRouter attributes spend made
// before workspaces existed. An account with one workspace gets no section.
// No `vscode` import here.

import type { AccountKey } from '../types';
import { keysByok, keysSpend } from './periods';
import type { BudgetInterval, Workspace } from './types';

/** Spend per period; undefined where the figures are of an earlier period (read before a UTC reset). */
export interface PeriodSums {
  today?: number;
  week?: number;
  month?: number;
  lifetime: number;
}

export interface WorkspaceSpendRow {
  workspaceId: string;
  /** Outside text: never markup. */
  name: string;
  isDefault: boolean;
  /** Credit spend (BYOK not included). */
  spend: PeriodSums;
  /** BYOK spend, apart. */
  byok: PeriodSums;
  /** Keys counted here, disabled ones included (they spent before). */
  keyCount: number;
  disabledKeyCount: number;
  /** Of keyCount: keys whose workspace is not listed, counted in the Default workspace. */
  unlistedKeyCount: number;
}

/** The Default workspace: slug or name "default", else the first listed. */
export function defaultWorkspace(workspaces: readonly Workspace[]): Workspace | undefined {
  return workspaces.find(w => w.slug.toLowerCase() === 'default')
    ?? workspaces.find(w => w.name.trim().toLowerCase() === 'default')
    ?? workspaces[0];
}

/** The keys of each listed workspace (every workspace present, maybe with none); unlisted ones in the Default's. */
export function keysByWorkspace(keys: readonly AccountKey[], workspaces: readonly Workspace[]): Map<string, AccountKey[]> {
  const out = new Map<string, AccountKey[]>(workspaces.map(w => [w.id, []]));
  const def = defaultWorkspace(workspaces);
  for (const k of keys) {
    const own = k.workspaceId ? out.get(k.workspaceId) : undefined;
    const list = own ?? (def ? out.get(def.id) : undefined);
    list?.push(k);
  }
  return out;
}

/** The workspace a key counts in (its own when listed, else the Default). */
export function workspaceOfKey(k: Pick<AccountKey, 'workspaceId'>, workspaces: readonly Workspace[]): Workspace | undefined {
  return (k.workspaceId ? workspaces.find(w => w.id === k.workspaceId) : undefined) ?? defaultWorkspace(workspaces);
}

export function periodSums(keys: readonly AccountKey[], byok: 'credit' | 'byok', asOf: number | undefined, now: number): PeriodSums {
  const sum = (i: BudgetInterval): number | undefined => (byok === 'credit' ? keysSpend(keys, i, false, asOf, now) : keysByok(keys, i, asOf, now));
  return { today: sum('daily'), week: sum('weekly'), month: sum('monthly'), lifetime: sum(null) ?? 0 };
}

/**
 * One row per workspace, the biggest spender this month first (then all
 * time, then name); undefined when the account has fewer than two workspaces
 * (or they are not known): the page then looks as it does without workspaces.
 * `asOf`: when the keys were read (AccountBreakdown.keysAt).
 */
export function spendByWorkspace(keys: readonly AccountKey[], workspaces: readonly Workspace[] | undefined, now: number, asOf?: number): WorkspaceSpendRow[] | undefined {
  if (!workspaces || workspaces.length < 2) return undefined;
  const def = defaultWorkspace(workspaces);
  const groups = keysByWorkspace(keys, workspaces);
  const rows = workspaces.map((w): WorkspaceSpendRow => {
    const ks = groups.get(w.id) ?? [];
    return {
      workspaceId: w.id,
      name: w.name,
      isDefault: w.id === def?.id,
      spend: periodSums(ks, 'credit', asOf, now),
      byok: periodSums(ks, 'byok', asOf, now),
      keyCount: ks.length,
      disabledKeyCount: ks.filter(k => k.disabled).length,
      unlistedKeyCount: ks.filter(k => !k.workspaceId || k.workspaceId !== w.id).length,
    };
  });
  return rows.sort((a, b) => (b.spend.month ?? 0) - (a.spend.month ?? 0) || b.spend.lifetime - a.spend.lifetime || a.name.localeCompare(b.name, 'en'));
}
