// Builds the CreditSnapshot from validated /key and /credits data.
// Pure TypeScript: no `vscode` import.

import type { AccountInfo, AccountStatus, CreditSnapshot, KeyInfo } from '../types';
import type { CreditsTotals } from '../openrouter/validate';

/**
 * Rounds away binary floating-point noise (25 - 8.45 → 16.55, not
 * 16.549999999999997). 9 decimals keeps sub-cent precision intact.
 */
export function roundMoney(n: number): number {
  if (!Number.isFinite(n)) return n;
  const r = Number(n.toFixed(9));
  return r === 0 ? 0 : r; // no -0
}

/** Same rounding for percentages. */
export const roundPercent = roundMoney;

/** Account figures from /credits totals. */
export function buildAccount(totals: CreditsTotals): AccountInfo {
  const { totalCredits, totalUsage } = totals;
  return {
    totalCredits,
    totalUsage,
    remaining: roundMoney(totalCredits - totalUsage),
    usagePercent: totalCredits > 0 ? roundPercent((totalUsage / totalCredits) * 100) : undefined,
  };
}

/**
 * True when /credits answered with both totals 0 and that cannot be a balance:
 * for a normal key never (OpenRouter answers some normal keys with zeros,
 * whatever the account holds, even a fresh key with no usage), for a
 * management key only when /key shows usage (a management key spends nothing
 * itself). A management key's zeros are a real, empty account.
 */
export function creditsAreUnusable(key: KeyInfo, totals: CreditsTotals): boolean {
  if (totals.totalCredits !== 0 || totals.totalUsage !== 0) return false;
  return !key.isManagementKey || key.usage > 0;
}

/**
 * Builds the snapshot. `credits` is only used when `accountStatus` is 'known'
 * (a 'known' status with unusable zeros, see creditsAreUnusable(), is
 * downgraded to 'unavailable'). The client calls this for every fetch, so the
 * rule holds wherever a snapshot comes from.
 */
export function buildSnapshot(
  key: KeyInfo,
  credits: CreditsTotals | undefined,
  accountStatus: AccountStatus,
  fetchedAt: number,
): CreditSnapshot {
  let status = accountStatus;
  let account: AccountInfo | undefined;
  if (status === 'known') {
    if (!credits) status = 'error';
    else if (creditsAreUnusable(key, credits)) status = 'unavailable';
    else account = buildAccount(credits);
  }

  const snapshot: CreditSnapshot = { fetchedAt, key, accountStatus: status };
  if (account) snapshot.account = account;

  const keyRemaining = key.limit !== null && key.limitRemaining !== null ? roundMoney(key.limitRemaining) : undefined;
  const accountRemaining = account?.remaining;
  if (keyRemaining !== undefined && accountRemaining !== undefined) {
    if (keyRemaining < accountRemaining) {
      snapshot.spendable = keyRemaining;
      snapshot.binding = 'key';
    } else {
      snapshot.spendable = accountRemaining;
      snapshot.binding = 'account';
    }
  } else if (keyRemaining !== undefined) {
    snapshot.spendable = keyRemaining;
    snapshot.binding = 'key';
  } else if (accountRemaining !== undefined) {
    snapshot.spendable = accountRemaining;
    snapshot.binding = 'account';
  }

  if (key.limit !== null && key.limit > 0) {
    // limit - limit_remaining honours limit resets (daily/weekly/monthly) and
    // BYOK inclusion; fall back to lifetime usage when limit_remaining is null.
    const used = key.limitRemaining !== null ? key.limit - key.limitRemaining : key.usage;
    snapshot.keyUsagePercent = roundPercent((used / key.limit) * 100);
  }
  return snapshot;
}
