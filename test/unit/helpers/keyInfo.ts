import type { KeyInfo } from '../../../src/core/types';

/** A valid KeyInfo for tests: an unlimited normal key with no usage, plus overrides. */
export function keyInfo(overrides: Partial<KeyInfo> = {}): KeyInfo {
  return {
    label: 'k',
    limit: null,
    limitRemaining: null,
    limitReset: null,
    usage: 0,
    usageDaily: 0,
    usageWeekly: 0,
    usageMonthly: 0,
    byokUsage: 0,
    byokUsageDaily: 0,
    byokUsageWeekly: 0,
    byokUsageMonthly: 0,
    includeByokInLimit: false,
    isFreeTier: false,
    isManagementKey: false,
    expiresAt: null,
    ...overrides,
  };
}
