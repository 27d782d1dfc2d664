// Fixtures for the org policy tests: keys and workspaces with only the fields that matter set.
import type { AccountKey } from '../../../src/core/types';
import type { Workspace } from '../../../src/core/org/types';

let n = 0;
export function key(over: Partial<AccountKey> = {}): AccountKey {
  n++;
  return {
    id: `k${n}`, name: `key ${n}`, label: '', disabled: false, limit: null, limitRemaining: null, limitReset: null,
    usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...over,
  };
}

export function ws(id: string, name: string, over: Partial<Workspace> = {}): Workspace {
  return { id, name, slug: name.toLowerCase(), includeByokInBudgets: false, defaultGuardrailId: null, ...over };
}

export const DEFAULT = ws('w-def', 'Default');
export const PLATFORM = ws('w-plat', 'Platform');
