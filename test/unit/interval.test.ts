import * as assert from 'node:assert/strict';
import { effectiveIntervalMs, intervalMs, slowFactor, UNFOCUSED_SLOWDOWN } from '../../src/core/refresh/interval';

describe('the effective refresh interval', () => {
  it('is the setting in ms while some window is focused', () => {
    assert.equal(intervalMs(60), 60_000);
    assert.equal(effectiveIntervalMs(60, true), 60_000);
    assert.equal(slowFactor(true), 1);
  });

  it('is UNFOCUSED_SLOWDOWN (4×) slower while no window is focused', () => {
    assert.equal(UNFOCUSED_SLOWDOWN, 4);
    assert.equal(slowFactor(false), 4);
    assert.equal(effectiveIntervalMs(60, false), 240_000);
    assert.equal(effectiveIntervalMs(300, false), 1_200_000);
  });
});
