import * as assert from 'node:assert/strict';
import { stateText } from '../../src/core/refresh/stateText';
import type { SharedState } from '../../src/core/refresh/sharedState';
import type { AccountBreakdown } from '../../src/core/types';

describe('core/refresh/stateText: the shared state written with its breakdown serialised once', () => {
  const breakdown = { keys: [{ id: 'k1', name: 'CI "key" </script>', label: 'sk-or-v1-abc...def', disabled: false, limit: null, limitRemaining: null, limitReset: null, usage: 1.5, usageDaily: 0, usageWeekly: 0.5, usageMonthly: 1, createdAt: null }], keysAt: 1 } as unknown as AccountBreakdown;

  it('parses to what JSON.stringify gives, with or without a breakdown, and with undefined fields', () => {
    const states: SharedState[] = [
      { v: 1, keyGen: 2, updatedAt: 3 },
      { v: 1, keyGen: 2, updatedAt: 3, breakdown, recheckKey: undefined },
      { breakdown } as unknown as SharedState,
    ];
    for (const s of states) assert.deepEqual(JSON.parse(stateText(s)), JSON.parse(JSON.stringify(s)));
  });

  it('writes the same breakdown object as the text it had, and a new object afresh', () => {
    const s: SharedState = { v: 1, keyGen: 1, updatedAt: 1, breakdown };
    const first = stateText(s);
    // Changed in place (it must not be; the shared state is treated as immutable), the same object keeps its first text.
    (breakdown.keys as unknown as { usage: number }[])[0].usage = 99;
    assert.equal(stateText({ ...s, keyGen: 2 }), first.replace('"keyGen":1', '"keyGen":2'));
    const next = { ...breakdown, keysAt: 2 };
    assert.equal(JSON.parse(stateText({ ...s, breakdown: next })).breakdown.keysAt, 2);
    assert.equal(JSON.parse(stateText({ ...s, breakdown: next })).breakdown.keys[0].usage, 1.5, 'the same keys array: its text as first written');
    const newKeys = { ...breakdown, keys: breakdown.keys!.map(k => ({ ...k })) };
    assert.equal(JSON.parse(stateText({ ...s, breakdown: newKeys })).breakdown.keys[0].usage, 99, 'a new keys array: written afresh');
  });

  it('a refresh\'s new breakdown writes the parts it kept (the daily spend, the organization\'s structure) as they were, and its new parts afresh', () => {
    const daily = [{ date: '2026-12-02', total: 1.25, byModel: { 'a/b': 1.25 } }];
    const workspaces = [{ id: 'w1', name: 'Platform "ops"', slug: 'p' }];
    const b1 = { keys: [{ id: 'k1', usage: 1 }], keysAt: 1, daily, org: { workspaces, budgets: [], structureAt: 5, membersError: undefined } } as unknown as AccountBreakdown;
    const s1: SharedState = { v: 1, keyGen: 1, updatedAt: 1, breakdown: b1 };
    assert.deepEqual(JSON.parse(stateText(s1)), JSON.parse(JSON.stringify(s1)));
    // In place again, to see which text is reused: the daily spend's and the workspaces' (kept objects), not the keys' (a new array).
    daily[0].total = 7;
    workspaces[0].name = 'changed';
    const b2 = { ...b1, keys: [{ id: 'k1', usage: 2 }], keysAt: 2, org: { ...b1.org!, keysAt: 2 } } as unknown as AccountBreakdown;
    const got = JSON.parse(stateText({ ...s1, breakdown: b2 })).breakdown;
    assert.equal(got.daily[0].total, 1.25);
    assert.equal(got.org.workspaces[0].name, 'Platform "ops"');
    assert.equal(got.org.keysAt, 2, 'the organization\'s new object: its own fields afresh');
    assert.equal(got.keys[0].usage, 2);
    assert.ok(!('membersError' in got.org), 'an undefined field is left out, as JSON.stringify does');
  });

  it('a new keys list of mostly kept keys: each kept key\'s text as it was, the new ones afresh; holes as JSON.stringify writes them', () => {
    const a = { id: 'a', usage: 1 };
    const b = { id: 'b', usage: 2 };
    const s1 = { v: 1, keyGen: 1, updatedAt: 1, breakdown: { keys: [a, b] } } as unknown as SharedState;
    stateText(s1);
    a.usage = 50; // in place, to see that a kept key's text is reused
    const c = { id: 'c', usage: 3 };
    const s2 = { ...s1, breakdown: { keys: [a, c, undefined] } } as unknown as SharedState;
    assert.deepEqual(JSON.parse(stateText(s2)).breakdown.keys, [{ id: 'a', usage: 1 }, { id: 'c', usage: 3 }, null]);
  });

  it('writes what JSON.stringify writes for holes, toJSON (with its key), undefined, non-finite numbers and -0', () => {
    // eslint-disable-next-line no-sparse-arrays
    const odd = { daily: [1, , 3], at: new Date(Date.UTC(2026, 11, 3)), named: { toJSON: (k: string) => `key ${k}` }, gone: undefined, inf: Infinity, nz: -0, fn: () => 1, list: [undefined, () => 1] };
    const s = { v: 1, keyGen: 1, updatedAt: 1, breakdown: odd } as unknown as SharedState;
    assert.equal(stateText(s), JSON.stringify(s));
  });
});
