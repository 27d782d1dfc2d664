// The first balance after Set/Add API Key: the key check's answer is the new
// account's first state (keyChanges.ts addKey() seeds its slot with it), so
// the status bar shows it at once and no second request is due before it.
import * as assert from 'node:assert/strict';
import { keyMode, lastPollAt } from '../../src/core/accounts/keyMode';
import { buildSnapshot } from '../../src/core/money/model';
import { checkedKeyState, EMPTY_STATE } from '../../src/core/refresh/sharedState';
import { buildView } from '../../src/core/view/view';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { keyInfo } from './helpers/keyInfo';

const NOW = Date.UTC(2026, 11, 3, 9, 0);

describe('checkedKeyState (the first balance)', () => {
  const checked = buildSnapshot(keyInfo({ limit: 10, limitRemaining: 7.5 }), { totalCredits: 20, totalUsage: 4 }, 'known', NOW - 120);
  const state = checkedKeyState({ ...EMPTY_STATE, keyId: 'old', error: { kind: 'network', message: 'x', at: NOW - 5 } }, 'new', checked, NOW);

  it("is the new key's own state with the checked figures and no earlier key's error", () => {
    assert.equal(state.keyId, 'new');
    assert.equal(state.error, undefined);
    assert.equal(state.snapshot?.spendable, checked.spendable);
    assert.equal(state.snapshot?.keyAt, checked.fetchedAt);
    assert.equal(keyMode({ source: 'secret', id: 'new' }, state, state.keyGen), 'own');
  });

  it('counts as a poll just made: nothing is due before the interval', () => {
    assert.equal(lastPollAt('own', state, NOW), NOW);
  });

  it('is shown as the balance at once', () => {
    const view = buildView({ snapshot: state.snapshot, error: state.error, points: [], settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, { t: (s: string) => s });
    assert.equal(view.snapshot?.spendable, checked.spendable);
    assert.notEqual(view.status, 'noKey');
  });
});
