// Review of issue 21 items 6 and 13: a balance "fetched" hours in the future
// (before the clock was set back) is of unknown age: the pre-flight check
// and hasCredits() do not decide on it after a failed refresh.
import * as assert from 'node:assert/strict';
import { keyInfo } from './helpers/keyInfo';
import { buildSnapshot } from '../../src/core/money/model';
import { hasCredits, preflight, type BalanceClock } from '../../src/core/view/preflight';
import { EN, l10nEN, viewOf } from './helpers/view';

const HOUR = 3_600_000;
const KEY = keyInfo({ limit: 20, limitRemaining: 4.2, usage: 15.8, usageDaily: 1, usageWeekly: 2, usageMonthly: 3 });

describe('pre-flight after the clock was set back', () => {
  const snap = buildSnapshot(KEY, undefined, 'forbidden', Date.UTC(2026, 10, 26, 12));
  const failed = { error: { kind: 'network', message: 'm' }, status: 'error' as const, stale: true };
  const back: BalanceClock = { now: snap.fetchedAt - 6 * HOUR, focused: true };

  it('the task fails on a balance from 6 hours "ahead"', () => {
    assert.equal(preflight(viewOf(snap, failed), 1, l10nEN, EN, 'https://openrouter.ai/settings/credits', back).ok, false);
  });

  it('hasCredits() says unknown', () => {
    assert.equal(hasCredits(viewOf(snap, failed), 1, back), undefined);
  });

  it('a minute of clock skew between windows is not a clock change', () => {
    assert.equal(preflight(viewOf(snap), 1, l10nEN, EN, 'https://openrouter.ai/settings/credits', { now: snap.fetchedAt - 60_000, focused: true }).ok, true);
  });
});
