import * as assert from 'node:assert/strict';
import { budgetStatus, evaluateBudgets, periodEnd, periodStart, type BudgetSettings } from '../../src/core/money/budgets';
import { mainFigure } from '../../src/core/view/presentation';
import { ThresholdEngine } from '../../src/core/alerts/thresholds';
import { EN, l10nEN, viewOf } from './helpers/view';
import { dailyReport, dailyReportDue, dailyReportText } from '../../src/core/alerts/report';

const S: BudgetSettings = { dailyBudget: 0, weeklyBudget: 0, monthlyBudget: 10, budgetWarningPercent: 80 };
const NOV_26 = Date.UTC(2026, 10, 26, 12); // a Thursday

describe('core/budgets', () => {
  it('UTC periods: the day, the week from Monday, the month', () => {
    assert.equal(new Date(periodStart('day', NOV_26)).toISOString(), '2026-11-26T00:00:00.000Z');
    assert.equal(new Date(periodStart('week', NOV_26)).toISOString(), '2026-11-23T00:00:00.000Z');
    assert.equal(new Date(periodStart('week', Date.UTC(2026, 10, 29, 23))).toISOString(), '2026-11-23T00:00:00.000Z', 'Sunday belongs to the week of Monday before');
    assert.equal(new Date(periodStart('month', NOV_26)).toISOString(), '2026-11-01T00:00:00.000Z');
    assert.equal(new Date(periodEnd('month', NOV_26)).toISOString(), '2026-12-01T00:00:00.000Z');
    assert.equal(new Date(periodEnd('month', Date.UTC(2026, 11, 31))).toISOString(), '2027-01-01T00:00:00.000Z');
  });

  it('warns once at the warning percent and once at 100 %, naming spend and budget', () => {
    let st = evaluateBudgets(undefined, { month: 5 }, S, undefined, NOV_26);
    assert.deepEqual(st.alerts, []);
    st = evaluateBudgets(st.state, { month: 8.1 }, S, undefined, NOV_26 + 1000);
    assert.deepEqual(st.alerts, [{ kind: 'budgetMonth', value: 8.1, threshold: 10 }]);
    st = evaluateBudgets(st.state, { month: 9 }, S, undefined, NOV_26 + 2000);
    assert.deepEqual(st.alerts, [], 'once per crossing');
    st = evaluateBudgets(st.state, { month: 15.95 }, S, undefined, NOV_26 + 3000);
    assert.deepEqual(st.alerts, [{ kind: 'budgetMonth', value: 15.95, threshold: 10 }]);
    st = evaluateBudgets(st.state, { month: 16 }, S, undefined, NOV_26 + 4000);
    assert.deepEqual(st.alerts, []);
  });

  it('past both marks in one refresh: only the 100 % warning', () => {
    const st = evaluateBudgets(undefined, { month: 12 }, S, undefined, NOV_26);
    assert.equal(st.alerts.length, 1);
    assert.equal(st.state.month?.fired, 2);
    assert.deepEqual(evaluateBudgets(st.state, { month: 12 }, S, undefined, NOV_26 + 1).alerts, []);
  });

  it('re-arms when the next period starts, and when the budget changes', () => {
    const st = evaluateBudgets(undefined, { month: 12 }, S, undefined, NOV_26);
    const dec = Date.UTC(2026, 11, 1, 0, 5);
    assert.deepEqual(evaluateBudgets(st.state, { month: 0.1 }, S, undefined, dec).alerts, []);
    assert.equal(evaluateBudgets(st.state, { month: 9 }, S, undefined, dec).alerts.length, 1, 'a new month warns again');
    assert.equal(evaluateBudgets(st.state, { month: 12 }, { ...S, monthlyBudget: 11 }, undefined, NOV_26 + 1).alerts.length, 1, 'a new budget warns again');
  });

  it('day and week budgets run side by side; unknown spend and an off budget record nothing', () => {
    const s = { dailyBudget: 1, weeklyBudget: 5, monthlyBudget: 0, budgetWarningPercent: 50 };
    const st = evaluateBudgets(undefined, { today: 1.2, week: 2.6 }, s, undefined, NOV_26);
    assert.deepEqual(st.alerts.map(a => a.kind), ['budgetDay', 'budgetWeek']);
    assert.equal(st.state.month, undefined);
    assert.deepEqual(evaluateBudgets(undefined, { today: undefined }, s, undefined, NOV_26).alerts, []);
  });

  it('a snoozed or dismissed budget warning records nothing, so it fires when the snooze ends', () => {
    const e = new ThresholdEngine();
    e.snooze('budgetMonth', NOV_26 + 60_000);
    const st = evaluateBudgets(undefined, { month: 12 }, S, e.toJSON(), NOV_26);
    assert.deepEqual(st.alerts, []);
    assert.equal(evaluateBudgets(st.state, { month: 12 }, S, e.toJSON(), NOV_26 + 60_001).alerts.length, 1);
    const d = new ThresholdEngine();
    d.suppressForever('budgetMonth');
    assert.deepEqual(evaluateBudgets(undefined, { month: 12 }, S, d.toJSON(), NOV_26).alerts, []);
  });

  it('pace: the share of the period elapsed, and where the spend ends at this pace', () => {
    const [m] = budgetStatus({ month: 6 }, S, NOV_26);
    const elapsed = (NOV_26 - Date.UTC(2026, 10, 1)) / (30 * 86_400_000);
    assert.ok(Math.abs(m.pace - elapsed) < 1e-12);
    assert.ok(Math.abs(m.projected! - 6 / elapsed) < 1e-9);
    assert.equal(m.used, 0.6);
    const early = budgetStatus({ month: 1 }, S, Date.UTC(2026, 10, 1, 2))[0];
    assert.equal(early.projected, undefined, 'too early in the month to project');
    assert.equal(budgetStatus({}, S, NOV_26)[0].spend, undefined);
  });

  it('the status bar format "budget" shows spend of the monthly budget, e.g. $12.40 / $50', () => {
    const b = budgetStatus({ month: 12.4, week: 3 }, { ...S, monthlyBudget: 50, weeklyBudget: 20 }, NOV_26);
    const snap = { fetchedAt: NOV_26, accountStatus: 'forbidden' as const, key: { label: 'k', limit: null, limitRemaining: null, limitReset: null, usage: 1, usageDaily: 1, usageWeekly: 3, usageMonthly: 12.4, byokUsage: 0, byokUsageDaily: 0, byokUsageWeekly: 0, byokUsageMonthly: 0, includeByokInLimit: false, isFreeTier: false, isManagementKey: false, expiresAt: null } };
    assert.equal(mainFigure(snap, { today: 1, week: 3, month: 12.4, scope: 'key' }, 'budget', l10nEN, EN, b), '$12.40 / $50.00');
  });
});

describe('core/report: the daily report', () => {
  it('is due once per UTC day', () => {
    assert.equal(dailyReportDue(undefined, NOV_26), true);
    assert.equal(dailyReportDue('2026-11-26', NOV_26), false);
    assert.equal(dailyReportDue('2026-11-26', Date.UTC(2026, 10, 27, 0, 1)), true);
  });

  it("says yesterday's spend and top model from the activity, the balance and the run-out", () => {
    const v = viewOf(undefined);
    const r = dailyReport({ ...v, now: NOV_26, breakdown: { daily: [{ day: '2026-11-25', total: 3.2, byModel: [{ model: 'anthropic/claude', spend: 2 }, { model: 'x', spend: 1.2 }] }] } });
    assert.equal(r.day, '2026-11-25');
    assert.equal(r.spend, 3.2);
    assert.deepEqual(r.topModel, { model: 'anthropic/claude', spend: 2 });
  });

  it('the report text: yesterday, the top model, the balance and the run-out; "—" for an unknown spend', () => {
    assert.equal(dailyReportText({ day: '2026-11-25', spend: 3.2, topModel: { model: 'anthropic/claude-sonnet-4.5', spend: 2 }, balance: 16.55, runOutAt: Date.UTC(2026, 11, 9, 12) }, l10nEN, EN),
      'OpenRouter yesterday (Nov 25): $3.20 spent · top model anthropic/claude-sonnet-4.5 ($2.00) · $16.55 left · runs out around Dec 9, 2026');
    assert.equal(dailyReportText({ day: '2026-11-25' }, l10nEN, EN), 'OpenRouter yesterday (Nov 25): — spent');
  });
});

describe('core/budgets: pace on the first and the last day of a month', () => {
  const S2 = { dailyBudget: 0, weeklyBudget: 0, monthlyBudget: 31, budgetWarningPercent: 80 };
  it('early in the month: a small share elapsed, no projection under 5 % of the month, one from then on', () => {
    const first = budgetStatus({ month: 0.5 }, S2, Date.UTC(2026, 11, 1, 0, 30))[0];
    assert.ok(Math.abs(first.pace - 0.5 / (31 * 24)) < 1e-12);
    assert.equal(first.projected, undefined);
    const day2 = budgetStatus({ month: 2 }, S2, Date.UTC(2026, 11, 2, 12))[0];
    assert.ok(Math.abs(day2.pace - 1.5 / 31) < 1e-12);
    assert.equal(day2.projected, undefined, 'under 5 % of the month: too early to project');
    const day3 = budgetStatus({ month: 2 }, S2, Date.UTC(2026, 11, 3, 12))[0];
    assert.ok(Math.abs(day3.projected! - 2 / (2.5 / 31)) < 1e-9);
  });
  it('on the last day: almost all elapsed, the projection close to the spend; the period ends at midnight UTC', () => {
    const last = budgetStatus({ month: 30 }, S2, Date.UTC(2026, 11, 31, 18))[0];
    assert.ok(Math.abs(last.pace - 30.75 / 31) < 1e-12);
    assert.ok(Math.abs(last.projected! - 30 / (30.75 / 31)) < 1e-9);
    assert.equal(new Date(last.endsAt).toISOString(), '2027-01-01T00:00:00.000Z');
    const feb = budgetStatus({ month: 27 }, { ...S2, monthlyBudget: 28 }, Date.UTC(2027, 1, 28, 23, 59))[0];
    assert.ok(feb.pace > 0.999 && feb.pace < 1);
  });
});
