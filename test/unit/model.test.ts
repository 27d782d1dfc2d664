import assert from 'node:assert/strict';

import {
  buildAccount,
  buildSnapshot,
  roundMoney,
} from '../../src/core/money/model';
import type { KeyInfo } from '../../src/core/types';
import { keyInfo } from './helpers/keyInfo';

function key(overrides: Partial<KeyInfo> = {}): KeyInfo {
  return keyInfo({ usage: 8.45, usageDaily: 1, usageWeekly: 2, usageMonthly: 3, isManagementKey: true, ...overrides });
}

const T = 1_700_000_000_000;

describe('core/model', () => {
  it('reference worked example: $25.00 credits, $8.45 used → $16.55 left, 33.8% used', () => {
    const s = buildSnapshot(key(), { totalCredits: 25, totalUsage: 8.45 }, 'known', T);
    assert.equal(s.fetchedAt, T);
    assert.equal(s.accountStatus, 'known');
    assert.deepEqual(s.account, { totalCredits: 25, totalUsage: 8.45, remaining: 16.55, usagePercent: 33.8 });
    assert.equal(s.spendable, 16.55);
    assert.equal(s.binding, 'account');
    assert.equal(s.keyUsagePercent, undefined);
  });

  it('total credits 0 → usagePercent undefined', () => {
    const a = buildAccount({ totalCredits: 0, totalUsage: 0 });
    assert.equal(a.usagePercent, undefined);
    assert.equal(a.remaining, 0);
    const s = buildSnapshot(key({ usage: 0 }), { totalCredits: 0, totalUsage: 0 }, 'known', T);
    assert.equal(s.accountStatus, 'known');
    assert.equal(s.account?.usagePercent, undefined);
    assert.equal(s.spendable, 0, 'a known $0 balance: out of credits');
  });

  it('zeros that contradict /key usage → unavailable, never a $0 balance', () => {
    const s = buildSnapshot(key({ isManagementKey: false }), { totalCredits: 0, totalUsage: 0 }, 'known', T);
    assert.equal(s.accountStatus, 'unavailable');
    assert.equal(s.account, undefined);
    assert.equal(s.spendable, undefined, 'balance unknown, not out of credits');
  });

  it('unlimited normal key with 403 → spendable undefined (balance unknown)', () => {
    for (const status of ['forbidden', 'skipped', 'error'] as const) {
      const s = buildSnapshot(key({ isManagementKey: false, usage: 12.34 }), undefined, status, T);
      assert.equal(s.accountStatus, status);
      assert.equal(s.spendable, undefined);
      assert.equal(s.binding, undefined);
    }
  });

  it('rounds away float noise in remaining and percentages', () => {
    const a = buildAccount({ totalCredits: 20, totalUsage: 15.8 });
    assert.equal(a.remaining, 4.2);
    assert.equal(a.usagePercent, 79);
    const b = buildAccount({ totalCredits: 0.3, totalUsage: 0.1 });
    assert.equal(b.remaining, 0.2);
    assert.equal(b.usagePercent, 33.333333333);
  });

  it('limited key without account figures → bound by the key', () => {
    const s = buildSnapshot(key({ limit: 20, limitRemaining: 4.2, usage: 15.8 }), undefined, 'forbidden', T);
    assert.equal(s.spendable, 4.2);
    assert.equal(s.binding, 'key');
    assert.equal(s.keyUsagePercent, 79);
  });

  it('spendable is the smaller of key and account remaining; tie → account', () => {
    const k = key({ limit: 20, limitRemaining: 4.2 });
    const keyBound = buildSnapshot(k, { totalCredits: 25, totalUsage: 8.45 }, 'known', T);
    assert.equal(keyBound.spendable, 4.2);
    assert.equal(keyBound.binding, 'key');
    const accountBound = buildSnapshot(k, { totalCredits: 10, totalUsage: 8 }, 'known', T);
    assert.equal(accountBound.spendable, 2);
    assert.equal(accountBound.binding, 'account');
    const tie = buildSnapshot(k, { totalCredits: 10, totalUsage: 5.8 }, 'known', T);
    assert.equal(tie.spendable, 4.2);
    assert.equal(tie.binding, 'account');
  });

  it('overdrawn account → negative spendable, out of credits', () => {
    const s = buildSnapshot(key({ usage: 10.5 }), { totalCredits: 10, totalUsage: 10.5 }, 'known', T);
    assert.equal(s.spendable, -0.5);
  });

  it('keyUsagePercent uses the limit, undefined for limit 0 or unlimited', () => {
    assert.equal(buildSnapshot(key({ limit: 0, limitRemaining: 0 }), undefined, 'forbidden', T).keyUsagePercent, undefined);
    assert.equal(buildSnapshot(key({ limit: 0, limitRemaining: 0 }), undefined, 'forbidden', T).spendable, 0);
    assert.equal(buildSnapshot(key({ limit: 10, limitRemaining: null, usage: 2.5 }), undefined, 'forbidden', T).keyUsagePercent, 25);
    assert.equal(buildSnapshot(key({ limit: 10, limitRemaining: null }), undefined, 'forbidden', T).spendable, undefined);
  });

  it('a "known" status without totals degrades to error', () => {
    const s = buildSnapshot(key(), undefined, 'known', T);
    assert.equal(s.accountStatus, 'error');
    assert.equal(s.account, undefined);
  });

  it('roundMoney removes float noise and -0', () => {
    assert.equal(20 - 15.8, 4.199999999999999);
    assert.equal(roundMoney(20 - 15.8), 4.2);
    assert.equal(roundMoney(25 - 8.45), 16.55);
    assert.equal(roundMoney(0.1 + 0.2), 0.3);
    assert.ok(Object.is(roundMoney(-0), 0));
    assert.ok(Object.is(roundMoney(-1e-12), 0));
    assert.equal(roundMoney(0.0042), 0.0042);
  });

  it('snapshots are JSON-serializable', () => {
    const s = buildSnapshot(key({ limit: 20, limitRemaining: 4.2 }), { totalCredits: 25, totalUsage: 8.45 }, 'known', T);
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  });
});
