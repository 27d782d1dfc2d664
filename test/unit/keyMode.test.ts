import * as assert from 'node:assert/strict';
import { historyKeyId, inStep, keyMode, keySourceShown, lastPollAt, orphaned, ownFetchDue, type KeyFacts } from '../../src/core/accounts/keyMode';
import { buildSnapshot } from '../../src/core/money/model';
import { keyInfo } from './helpers/keyInfo';

const NOW = 1_700_000_000_000;
const snapshot = buildSnapshot(keyInfo(), undefined, 'unavailable', NOW - 5000);
const mine: KeyFacts = { source: 'secret', id: 'k1', secretId: 's' };

describe('key modes: whose the shared state is', () => {
  it('own: the key\'s, nobody\'s, or before the key was read', () => {
    assert.equal(keyMode(mine, { keyId: 'k1', keyGen: 3 }, 0), 'own');
    assert.equal(keyMode(mine, { keyGen: 3 }, 0), 'own');
    assert.equal(keyMode({ source: undefined, id: undefined }, { keyId: 'k2', keyGen: 3 }, 0), 'own');
    assert.equal(keyMode({ source: 'none', id: undefined }, { keyId: 'k2', keyGen: 3 }, 0), 'own');
  });

  it('newer: another window set a key after this one read its own; other: another key\'s', () => {
    assert.equal(keyMode(mine, { keyId: 'k2', keyGen: 4 }, 3), 'newer');
    assert.equal(keyMode(mine, { keyId: 'k2', keyGen: 3 }, 3), 'other');
  });

  it('a key read is in step with a state of its own key, of nobody, or when there is no key', () => {
    assert.ok(inStep(mine, { keyId: 'k1' }));
    assert.ok(inStep(mine, {}));
    assert.ok(inStep({ source: 'none', id: undefined }, { keyId: 'k2' }));
    assert.ok(!inStep(mine, { keyId: 'k2' }));
  });

  it('a stored account\'s key this window cannot read shows the shared figures as its key\'s, with that key\'s history', () => {
    const unread: KeyFacts = { source: 'none', id: undefined, secretId: 's' };
    assert.equal(keySourceShown(unread, { keyId: 'k1', snapshot }), 'secret');
    assert.equal(keySourceShown(unread, { keyId: 'k1' }), 'none', 'no figures: no key');
    assert.equal(keySourceShown({ source: 'none', id: undefined }, { keyId: 'k1', snapshot }), 'none', 'the fallback account has no secret');
    assert.equal(historyKeyId(unread, 'own', { keyId: 'k1' }), 'k1');
    assert.equal(historyKeyId(mine, 'newer', { keyId: 'k2' }), 'k2');
    assert.equal(historyKeyId(mine, 'other', { keyId: 'k2' }), 'k1');
  });

  it('the last poll is the state\'s own attempt or fetch, never another key\'s', () => {
    assert.equal(lastPollAt('own', { snapshot, attemptAt: NOW }, NOW), NOW);
    assert.equal(lastPollAt('own', { snapshot }, NOW), NOW - 5000);
    assert.equal(lastPollAt('other', { snapshot, attemptAt: NOW }, NOW), 0);
    assert.equal(lastPollAt('own', {}, NOW), 0);
  });
});

describe('the follower\'s rules', () => {
  it('fetches for itself at most once per configured interval', () => {
    assert.ok(ownFetchDue(undefined, 60, NOW));
    assert.ok(!ownFetchDue(NOW - 59_999, 60, NOW));
    assert.ok(ownFetchDue(NOW - 60_000, 60, NOW));
  });

  it('refreshes an account nobody refreshed for three effective intervals (four times longer unfocused)', () => {
    const a = (last: number, o: object = {}) => ({ hasKey: true, shared: { snapshot }, lastPollAt: last, ...o });
    assert.ok(!orphaned(a(NOW - 179_999), 60, true, NOW));
    assert.ok(orphaned(a(NOW - 180_000), 60, true, NOW));
    assert.ok(!orphaned(a(NOW - 180_000), 60, false, NOW), 'unfocused: 3 × 4 intervals');
    assert.ok(orphaned(a(NOW - 720_000), 60, false, NOW));
    assert.ok(!orphaned(a(NOW - 720_000, { hasKey: false }), 60, true, NOW), 'no key here');
    assert.ok(!orphaned(a(NOW - 720_000, { shared: { snapshot, retry: { at: NOW, failures: 1 } } }), 60, true, NOW), 'backing off');
    assert.ok(!orphaned(a(0), 60, true, NOW), 'never polled (another key\'s state)');
  });
});
