// Review of issues 19/21: today ≤ this week ≤ this month on every surface,
// also where the history floor covers today but not the week (the history
// began this week) and raises today above the keys' week.
import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/money/model';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { buildView } from '../../src/core/view/view';
import type { AccountBreakdown, AccountKey, HistoryPoint } from '../../src/core/types';
import { keyInfo } from './helpers/keyInfo';
import { l10nEN } from './helpers/view';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12); // Thursday

const accountKey = (o: Partial<AccountKey>): AccountKey => ({
  id: 'id', name: 'k', label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...o,
});

describe('period order: today ≤ week ≤ month', () => {
  // The history starts this morning (installed today): it places today, not the week or the month.
  const from = Date.UTC(2026, 10, 26, 0, 5);
  const pts: HistoryPoint[] = [];
  for (let t = from; t < NOW; t += HOUR) pts.push({ t, keyUsage: 0, totalUsage: 100 + ((t - from) / HOUR) * 10, totalCredits: 10_000 });
  const usageNow = 100 + ((NOW - from) / HOUR) * 10;

  it('a management key: a deleted key\'s spend today raises the week and the month too', () => {
    const snap = buildSnapshot(keyInfo({ isManagementKey: true }), { totalCredits: 10_000, totalUsage: usageNow }, 'known', NOW);
    // Key a, listed now, spent $5 today, this week and this month; the rest of today's spend was a deleted key's.
    const b: AccountBreakdown = { keys: [accountKey({ usageDaily: 5, usageWeekly: 5, usageMonthly: 5, usage: 5 })], keysAt: NOW };
    const p = buildView({ snapshot: snap, keySource: 'secret', points: pts, breakdown: b, settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, l10nEN).periods!;
    assert.ok(p.today! > 100, `today from the history: ${p.today}`);
    assert.ok(p.today! <= p.week!, `today ${p.today} ≤ week ${p.week}`);
    assert.ok(p.week! <= p.month!, `week ${p.week} ≤ month ${p.month}`);
  });

  it('a normal key whose /credits answers: the account\'s today raises the key\'s own week and month', () => {
    const snap = buildSnapshot(keyInfo({ usageDaily: 1, usageWeekly: 1, usageMonthly: 1 }), { totalCredits: 10_000, totalUsage: usageNow }, 'known', NOW);
    const p = buildView({ snapshot: snap, keySource: 'secret', points: pts, breakdown: undefined, settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, l10nEN).periods!;
    assert.ok(p.today! > 100, `today from the history: ${p.today}`);
    assert.ok(p.today! <= p.week!, `today ${p.today} ≤ week ${p.week}`);
    assert.ok(p.week! <= p.month!, `week ${p.week} ≤ month ${p.month}`);
    assert.equal(p.from?.week, undefined, 'the week is the history\'s today, not the key\'s own figure');
  });
});
