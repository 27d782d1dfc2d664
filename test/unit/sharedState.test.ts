import * as assert from 'node:assert/strict';
import { keyInfo } from './helpers/keyInfo';
import { buildSnapshot } from '../../src/core/money/model';
import { afterAttempt, EMPTY_STATE, readSharedState, withLastAccount, type SharedState } from '../../src/core/refresh/sharedState';
import { historyFileText, historyOf } from '../../src/core/money/samples';
import { keyId } from '../../src/core/identity';

const KEY = keyInfo({ label: 'sk-or-v1-abc...', isManagementKey: true });

const ID = keyId('salt', 'sk-or-v1-one');

describe('shared state after a refresh attempt', () => {
  const good = buildSnapshot(KEY, { totalCredits: 25, totalUsage: 8.45 }, 'known', 1_000);
  const state: SharedState = { ...EMPTY_STATE, keyGen: 3, keyId: ID, snapshot: good, updatedAt: 1_000 };

  it('/credits failed but /key answered: new key figures, the last good account figures, marked with their age', () => {
    const limitedKey = { ...KEY, limit: 20, limitRemaining: 12, limitReset: 'monthly' };
    const partial = { ...buildSnapshot(limitedKey, undefined, 'error', 2_000), accountError: { kind: 'invalidKey', status: 401 } };
    const next = afterAttempt(state, { startKeyGen: 3, keyId: ID, at: 2_000, snapshot: partial, error: { kind: 'accountStale', message: 'm', status: 401, at: 2_000 } })!;
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
    const s1 = afterAttempt(state, { startKeyGen: 3, keyId: ID, at: 2_000, snapshot: partial(2_000), error: err(2_000) })!;
    const s2 = afterAttempt(s1, { startKeyGen: 3, keyId: ID, at: 3_000, snapshot: partial(3_000), error: err(3_000) })!;
    assert.equal(s2.snapshot?.accountAsOf, 1_000);
    assert.equal(s2.snapshot?.account?.remaining, 16.55);
  });

  it('without earlier account figures the partial snapshot stays as it is', () => {
    const partial = buildSnapshot(KEY, undefined, 'error', 2_000);
    assert.equal(withLastAccount(partial, undefined), partial);
  });

  it('a failure of /key keeps the whole last good snapshot; a success replaces it and clears the error', () => {
    const failed = afterAttempt(state, { startKeyGen: 3, keyId: ID, at: 2_000, error: { kind: 'network', message: 'm', at: 2_000 } })!;
    assert.equal(failed.snapshot, good);
    const fresh = buildSnapshot(KEY, { totalCredits: 25, totalUsage: 9 }, 'known', 3_000);
    const ok = afterAttempt(failed, { startKeyGen: 3, keyId: ID, at: 3_000, snapshot: fresh })!;
    assert.equal(ok.snapshot, fresh);
    assert.equal(ok.error, undefined);
  });

  it('another window replaced the key meanwhile: its state wins', () => {
    assert.equal(afterAttempt(state, { startKeyGen: 2, keyId: ID, at: 2_000, snapshot: good }), undefined);
  });

  it("an attempt with another key (a restart with another OPENROUTER_API_KEY) drops the old key's reading, error, warnings and back-off", () => {
    const other = keyId('salt', 'sk-or-v1-two');
    const old: SharedState = { ...state, error: { kind: 'network', message: 'm', at: 1 }, thresholds: { v: 1, kinds: { lowCredit: { armed: false } } }, thresholdsAsOf: 1_000,
      pendingAlerts: [{ alert: { kind: 'lowCredit', value: 1, threshold: 5 }, at: 1 }], retry: { at: 9_000, failures: 2 } };
    const failed = afterAttempt(old, { startKeyGen: 3, keyId: other, at: 2_000, error: { kind: 'timeout', message: 'm', at: 2_000 } })!;
    assert.equal(failed.keyId, other);
    assert.equal(failed.snapshot, undefined, "the old key's balance is not the new key's, not even as a stale one");
    assert.equal(failed.thresholds, undefined);
    assert.equal(failed.pendingAlerts, undefined);
    assert.equal(failed.retry, undefined);
    assert.equal(failed.error?.kind, 'timeout');
    // Only /credits failed for the new key: nothing of the old key's account is carried over.
    const partial = buildSnapshot(KEY, undefined, 'error', 2_000);
    const p = afterAttempt(old, { startKeyGen: 3, keyId: other, at: 2_000, snapshot: partial, error: { kind: 'accountStale', message: 'm', at: 2_000 } })!;
    assert.equal(p.snapshot?.account, undefined);
  });
});

describe('key identity: a salted fingerprint, never the key', () => {
  it('is 16 hex digits, stable for a salt, different across salts and keys, and contains nothing of the key', () => {
    const a = keyId('s1', 'sk-or-v1-abcdef0123456789');
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.equal(keyId('s1', ' sk-or-v1-abcdef0123456789 '), a, 'surrounding space is not part of the key');
    assert.notEqual(keyId('s2', 'sk-or-v1-abcdef0123456789'), a);
    assert.notEqual(keyId('s1', 'sk-or-v1-abcdef012345678X'), a);
    assert.ok(!'sk-or-v1-abcdef0123456789'.includes(a));
    // The /credits 403 memory is salted the same way.
    assert.notEqual(keyId('s1', 'sk-or-v1-abc'), keyId('s2', 'sk-or-v1-abc'));
    assert.notEqual(keyId('s1', 'sk-or-v1-abc'), keyId('', 'sk-or-v1-abc'));
  });

  it("parses the state's key id strictly", () => {
    const id = keyId('s', 'k');
    assert.equal(readSharedState(JSON.stringify({ v: 1, keyGen: 0, updatedAt: 1, keyId: id })).state?.keyId, id);
    assert.equal(readSharedState(JSON.stringify({ v: 1, keyGen: 0, updatedAt: 1, keyId: 'sk-or-v1-secret' })).state?.keyId, undefined);
  });

  it("the history file holds one key's points: another key reads it as empty and replaces it; a bare array is adopted", () => {
    const a = keyId('s', 'key-a');
    const b = keyId('s', 'key-b');
    const fileA = historyFileText(undefined, a, [{ t: 1, keyUsage: 1 }, { t: 2, keyUsage: 2 }]);
    assert.equal(historyOf(fileA, a).length, 2);
    assert.deepEqual(historyOf(fileA, b), [], "another key's usage is not this key's spend");
    const fileB = historyFileText(fileA, b, [{ t: 3, keyUsage: 50 }]);
    assert.deepEqual(historyOf(fileB, b), [{ t: 3, keyUsage: 50 }]);
    assert.deepEqual(historyOf(fileB, a), []);
    assert.equal(historyOf(JSON.stringify([{ t: 1, keyUsage: 1 }]), a).length, 1, 'a file from before key ids');
    assert.deepEqual(historyOf('{torn', a), []);
    assert.deepEqual(JSON.parse(historyFileText(fileA, a, [])), { keyId: a, points: [] });
  });
});
