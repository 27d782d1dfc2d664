// Review of issue 21 item 6 (never keep a time in the future): a snooze
// stored further ahead than any the user can set (24 h) was written before
// the clock was set back, or crafted; it must not silence a warning for longer.
import * as assert from 'node:assert/strict';
import { MAX_SNOOZE_MS, ThresholdEngine, type ThresholdSettings } from '../../src/core/alerts/thresholds';
import { evaluateBudgets, type BudgetSettings } from '../../src/core/money/budgets';

const S: ThresholdSettings = { lowCreditUsd: 5, usagePercent: 90, spendPerHourUsd: 0 };
const T0 = Date.UTC(2026, 10, 26, 12);
const HOUR = 3_600_000;

describe('a snooze from before a clock set-back', () => {
  it('the engine: a snooze 30 days ahead ends at most MAX_SNOOZE_MS from now', () => {
    const e = new ThresholdEngine({ v: 1, kinds: { lowCredit: { armed: true, snoozedUntil: T0 + 30 * 24 * HOUR } } });
    assert.equal(e.evaluate({ spendable: 4 }, S, T0).length, 0, 'still snoozed now');
    assert.equal(e.evaluate({ spendable: 4 }, S, T0 + MAX_SNOOZE_MS).length, 1, 'fires when the longest snooze would have ended');
  });

  it('an ordinary snooze is unchanged', () => {
    const e = new ThresholdEngine();
    e.snooze('lowCredit', T0 + MAX_SNOOZE_MS);
    assert.equal(e.evaluate({ spendable: 4 }, S, T0 + MAX_SNOOZE_MS - 1).length, 0);
    assert.equal(e.evaluate({ spendable: 4 }, S, T0 + MAX_SNOOZE_MS).length, 1);
  });

  it('a budget: a snooze further ahead than MAX_SNOOZE_MS does not hold the budget warning', () => {
    const b: BudgetSettings = { dailyBudget: 0, weeklyBudget: 0, monthlyBudget: 10, budgetWarningPercent: 80 };
    const thresholds = { v: 1 as const, kinds: { budgetMonth: { armed: true, snoozedUntil: T0 + 30 * 24 * HOUR } } };
    const r = evaluateBudgets(undefined, { today: 12, week: 12, month: 12 }, b, thresholds, T0);
    assert.equal(r.alerts.length, 1);
  });
});
