// Review of issue 21 item 6: a time of the /activity read stored in the
// future (written before the clock was set back) holds nothing up.
import * as assert from 'node:assert/strict';
import { activityDue } from '../../src/core/openrouter/requests';
import type { AccountBreakdown } from '../../src/core/types';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const today = '2026-11-26';

describe('/activity after the clock was set back', () => {
  it('a failed read "tried" in the future does not hold the retry off', () => {
    const b: AccountBreakdown = { activityError: 'network', activityTriedAt: NOW + 6 * HOUR };
    assert.equal(activityDue(b, NOW, false), true);
  });

  it('a read "done" in the future does not hold a manual refresh off', () => {
    const b: AccountBreakdown = { activityDay: today, activityAt: NOW + 6 * HOUR, activityHasYesterday: true };
    assert.equal(activityDue(b, NOW, true), true);
  });
});
