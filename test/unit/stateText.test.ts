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
    assert.equal(JSON.parse(stateText({ ...s, breakdown: next })).breakdown.keys[0].usage, 99);
  });
});
