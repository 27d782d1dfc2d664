import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/model';
import { afterAttempt, EMPTY_STATE, withLastAccount, type SharedState } from '../../src/core/sharedState';
import type { KeyInfo } from '../../src/core/types';

const KEY: KeyInfo = {
  label: 'sk-or-v1-abc...', limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0,
  byokUsage: 0, byokUsageDaily: 0, byokUsageWeekly: 0, byokUsageMonthly: 0,
  includeByokInLimit: false, isFreeTier: false, isManagementKey: true, expiresAt: null,
};

describe('shared state after a refresh attempt', () => {
  const good = buildSnapshot(KEY, { totalCredits: 25, totalUsage: 8.45 }, 'known', 1_000);
  const state: SharedState = { ...EMPTY_STATE, keyGen: 3, snapshot: good, updatedAt: 1_000 };

  it('/credits failed but /key answered: new key figures, the last good account figures, marked with their age', () => {
    const limitedKey = { ...KEY, limit: 20, limitRemaining: 12, limitReset: 'monthly' };
    const partial = { ...buildSnapshot(limitedKey, undefined, 'error', 2_000), accountError: { kind: 'invalidKey', status: 401 } };
    const next = afterAttempt(state, { startKeyGen: 3, at: 2_000, snapshot: partial, error: { kind: 'accountStale', message: 'm', status: 401, at: 2_000 } })!;
    assert.equal(next.snapshot?.fetchedAt, 2_000);
    assert.equal(next.snapshot?.key.limitRemaining, 12, 'the key figures are the new ones');
    assert.equal(next.snapshot?.account?.remaining, 16.55, 'the account figures are the last good ones');
    assert.equal(next.snapshot?.accountAsOf, 1_000);
    assert.equal(next.snapshot?.accountStatus, 'error');
    assert.deepEqual(next.snapshot?.accountError, { kind: 'invalidKey', status: 401 });
    assert.equal(next.snapshot?.spendable, 12, 'spendable is recomputed from both');
    assert.equal(next.snapshot?.binding, 'key');
    assert.equal(next.error?.kind, 'accountStale');
  });

  it('keeps the first age of the carried account figures over several failures', () => {
    const partial = (at: number) => buildSnapshot(KEY, undefined, 'error', at);
    const err = (at: number) => ({ kind: 'accountStale', message: 'm', at });
    const s1 = afterAttempt(state, { startKeyGen: 3, at: 2_000, snapshot: partial(2_000), error: err(2_000) })!;
    const s2 = afterAttempt(s1, { startKeyGen: 3, at: 3_000, snapshot: partial(3_000), error: err(3_000) })!;
    assert.equal(s2.snapshot?.accountAsOf, 1_000);
    assert.equal(s2.snapshot?.account?.remaining, 16.55);
  });

  it('without earlier account figures the partial snapshot stays as it is', () => {
    const partial = buildSnapshot(KEY, undefined, 'error', 2_000);
    assert.equal(withLastAccount(partial, undefined), partial);
  });

  it('a failure of /key keeps the whole last good snapshot; a success replaces it and clears the error', () => {
    const failed = afterAttempt(state, { startKeyGen: 3, at: 2_000, error: { kind: 'network', message: 'm', at: 2_000 } })!;
    assert.equal(failed.snapshot, good);
    const fresh = buildSnapshot(KEY, { totalCredits: 25, totalUsage: 9 }, 'known', 3_000);
    const ok = afterAttempt(failed, { startKeyGen: 3, at: 3_000, snapshot: fresh })!;
    assert.equal(ok.snapshot, fresh);
    assert.equal(ok.error, undefined);
  });

  it('another window replaced the key meanwhile: its state wins', () => {
    assert.equal(afterAttempt(state, { startKeyGen: 2, at: 2_000, snapshot: good }), undefined);
  });
});
