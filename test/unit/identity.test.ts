// Whose state is it: the salted key id on the shared state and the history
// (issue 13, identity). Another key's state is never this key's.
import * as assert from 'node:assert/strict';
import { historyFileText, historyOf } from '../../src/core/samples';
import { EMPTY_STATE, afterAttempt, keyId, type SharedState } from '../../src/core/sharedState';
import { buildSnapshot } from '../../src/core/model';
import { keyInfo } from './helpers/keyInfo';

const A = 'sk-or-v1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'sk-or-v1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('identity: key ids', () => {
  it('a key id is short, salted, stable and never the key', () => {
    const id = keyId('salt-1', A);
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.equal(keyId('salt-1', ` ${A}\n`), id, 'the key as typed, trimmed');
    assert.notEqual(keyId('salt-2', A), id, 'another installation, another id');
    assert.notEqual(keyId('salt-1', B), id);
    assert.ok(!A.includes(id));
  });

  it("an attempt with another key drops the old key's snapshot, error and thresholds", () => {
    const snapA = buildSnapshot(keyInfo({ label: 'A', limit: 20, limitRemaining: 4.2 }), undefined, 'forbidden', 1);
    const s: SharedState = { ...EMPTY_STATE, keyId: 'id-a', snapshot: snapA, error: { kind: 'serviceError', message: '', at: 1 }, thresholds: { v: 1, kinds: { lowCredit: { armed: false } } } };
    const failed = afterAttempt(s, { startKeyGen: 0, keyId: 'id-b', at: 2, error: { kind: 'network', message: '', at: 2 } })!;
    assert.equal(failed.keyId, 'id-b');
    assert.equal(failed.snapshot, undefined, "A's balance is not B's");
    assert.equal(failed.thresholds, undefined);
    assert.equal(failed.error?.kind, 'network');
    const same = afterAttempt(s, { startKeyGen: 0, keyId: 'id-a', at: 2, error: { kind: 'network', message: '', at: 2 } })!;
    assert.equal(same.snapshot, snapA, 'the same key keeps its last good value');
    assert.ok(same.thresholds);
  });

  it("the history file holds one key's points; another key reads it as empty and replaces it", () => {
    const a = [{ t: 1, keyUsage: 1 }, { t: 2, keyUsage: 2 }];
    const text = historyFileText(undefined, 'id-a', a);
    assert.deepEqual(historyOf(text, 'id-a'), a);
    assert.deepEqual(historyOf(text, 'id-b'), [], "A's usage never reads as B's spend");
    const replaced = historyFileText(text, 'id-b', [{ t: 3, keyUsage: 0 }]);
    assert.deepEqual(JSON.parse(replaced), { keyId: 'id-b', points: [{ t: 3, keyUsage: 0 }] });
    assert.deepEqual(historyOf(JSON.stringify(a), 'id-b'), a, 'a history from before key ids is adopted');
    assert.deepEqual(historyOf('{torn', 'id-a'), []);
  });
});
