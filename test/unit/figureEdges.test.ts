// Issue 21, "Figures": the account's spend is never less than its usage
// history places in a period (a deleted key keeps its spend counted), the chart
// has 30 consecutive days, the burn rate from /activity averages calendar days,
// and one surface has one scope.
import * as assert from 'node:assert/strict';
import { dailyFromActivity, spendByModel } from '../../src/core/money/breakdown';
import { buildSnapshot } from '../../src/core/money/model';
import { mergeBreakdown, planRequests, ACTIVITY_SETTLE_MS } from '../../src/core/openrouter/requests';
import { dailyReport } from '../../src/core/alerts/report';
import { evaluateBudgets } from '../../src/core/money/budgets';
import { detailsContent } from '../../src/core/view/details';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { buildView, periodSpend, withAccountRate, type View } from '../../src/core/view/view';
import type { AccountBreakdown, AccountKey, ActivityRow, CreditSnapshot, HistoryPoint, KeyInfo } from '../../src/core/types';
import { keyInfo } from './helpers/keyInfo';
import { EN, l10nEN } from './helpers/view';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 26, 12); // Thursday
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

const accountKey = (o: Partial<AccountKey>): AccountKey => ({
  id: 'id', name: 'k', label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...o,
});
const row = (date: string, usage: number, model = 'm'): ActivityRow => ({
  date, model, modelPermaslug: model, endpointId: 'e', providerName: 'P', usage, byokUsageInference: 0,
  requests: 1, promptTokens: 1, completionTokens: 1, reasoningTokens: 0,
});

/** Hourly samples of an account that spends `perHour` from `from` to `to` (its usage starts at 100). */
function history(from: number, to: number, perHour: number, keyUsage: (t: number) => number = () => 0): HistoryPoint[] {
  const pts: HistoryPoint[] = [];
  for (let t = from; t <= to; t += HOUR) pts.push({ t, keyUsage: keyUsage(t), totalUsage: 100 + ((t - from) / HOUR) * perHour, totalCredits: 10_000 });
  return pts;
}
const usageAt = (from: number, perHour: number, t: number) => 100 + ((t - from) / HOUR) * perHour;

function snapshotOf(key: KeyInfo, totalUsage: number, at: number): CreditSnapshot {
  return buildSnapshot(key, { totalCredits: 10_000, totalUsage }, 'known', at);
}

function view(snapshot: CreditSnapshot, points: HistoryPoint[], b: AccountBreakdown | undefined, now: number, settings = DEFAULT_SETTINGS): View {
  return buildView({ snapshot, keySource: 'secret', points, breakdown: b, settings, focused: true, isPoller: true, now }, l10nEN);
}

const close = (a: number | undefined, b: number, msg?: string) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-6, `${msg ?? ''} ${a} ≠ ${b}`);

describe('issue 21: figures that hold at the edges', () => {
  describe('1. a deleted key does not take its spend with it', () => {
    const from = Date.UTC(2026, 9, 31, 23); // an hour before the month starts
    const perHour = 1;
    const at = NOW - MINUTE;
    const pts = history(from, at - HOUR, perHour);
    const snap = snapshotOf(keyInfo({ isManagementKey: true }), usageAt(from, perHour, at), at);
    // Only key a is listed now: b, which spent most of the month, was deleted.
    const b: AccountBreakdown = { keys: [accountKey({ usageDaily: 1, usageWeekly: 5, usageMonthly: 20, usage: 20 })], keysAt: at };
    const settings = { ...DEFAULT_SETTINGS, monthlyBudget: 100 };

    it('today / week / month are at least what the history places in them, and the budget sees it', () => {
      const v = view(snap, pts, b, NOW, settings);
      const month = usageAt(from, perHour, at) - usageAt(from, perHour, Date.UTC(2026, 10, 1));
      const week = usageAt(from, perHour, at) - usageAt(from, perHour, Date.UTC(2026, 10, 23));
      const today = usageAt(from, perHour, at) - usageAt(from, perHour, Date.UTC(2026, 10, 26));
      close(v.periods?.month, month, 'month');
      close(v.periods?.week, week, 'week');
      close(v.periods?.today, today, 'today');
      assert.equal(v.periods?.scope, 'account');
      const budget = v.budgets?.find(x => x.period === 'month');
      close(budget?.spend, month, 'budget');
      assert.ok(budget!.used! > 1, 'over the budget');
      // A leaked key deleted between two polls still raises the budget warning.
      const alerts = evaluateBudgets(undefined, v.periods!, settings, undefined, NOW).alerts;
      assert.deepEqual(alerts.map(x => x.kind), ['budgetMonth']);
      assert.equal(evaluateBudgets(undefined, view(snap, [], b, NOW, settings).periods!, settings, undefined, NOW).alerts.length, 0, 'the keys alone: $20 of $100');
      // The chart's today is the same figure.
      close(v.derived?.daily.at(-1)?.spend, today, 'chart today');
    });

    it('says the figures come from the usage history', () => {
      const c = detailsContent(view(snap, pts, b, NOW, settings), EN);
      assert.equal(c.usageScope, "The account's spend from its usage history, which records more than its keys show now (a deleted key's spend)");
      // Each figure raised by the history says so, on the page (on hover) and in the summary.
      for (const id of ['usage-today', 'usage-week', 'usage-month']) {
        assert.equal(c.usage.find(r => r.id === id)?.hint, "From the account's usage history: more than its keys show now", id);
      }
      assert.match(buildMarkdownSummary(view(snap, pts, b, NOW, settings), EN), /^- This month: \$611\.98 \(From the account's usage history: more than its keys show now\)$/m);
    });

    it('the sums over the keys stand where the history records no more, or cannot place the period', () => {
      const listed: AccountBreakdown = { keys: [accountKey({ usageDaily: 30, usageWeekly: 200, usageMonthly: 1000 })], keysAt: at };
      const v = view(snap, pts, listed, NOW);
      assert.deepEqual([v.periods?.today, v.periods?.week, v.periods?.month], [30, 200, 1000]);
      assert.equal(detailsContent(v, EN).usageScope, "Spend across the account's 1 key");
      const noHistory = view(snap, [], b, NOW);
      assert.deepEqual([noHistory.periods?.today, noHistory.periods?.week, noHistory.periods?.month], [1, 5, 20]);
      assert.equal(detailsContent(noHistory, EN).usage.find(r => r.id === 'usage-month')?.hint, undefined);
    });
  });

  describe('1b. a week that began last month', () => {
    const DEC3 = Date.UTC(2026, 11, 3, 12); // Thursday: the week began on Monday, November 30
    const mgmt = (t: number) => buildSnapshot(keyInfo({ isManagementKey: true, usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, limit: null, limitRemaining: null }), { totalCredits: 100, totalUsage: 40 }, 'known', t);
    const periods = (t: number, k: Partial<AccountKey>) => periodSpend(mgmt(t), undefined, { keys: [accountKey(k)], keysAt: t }, t);

    it('this week may be more than this month: it holds the last days of the month before', () => {
      const p = periods(DEC3, { usageDaily: 0.5, usageWeekly: 3.05, usageMonthly: 2.43 });
      assert.deepEqual([p.today, p.week, p.month], [0.5, 3.05, 2.43], 'the month is not raised to the week');
    });

    it('the month still holds today, and a week that began in the month still floors it', () => {
      const early = periods(DEC3, { usageDaily: 3, usageWeekly: 4, usageMonthly: 2 });
      assert.equal(early.month, 3, 'the month holds today');
      const NOV26 = Date.UTC(2026, 10, 26, 12); // Thursday: the week began on the 23rd
      const late = periods(NOV26, { usageDaily: 1, usageWeekly: 5, usageMonthly: 2 });
      assert.equal(late.month, 5, 'a week inside the month is part of it');
    });
  });

  describe('2. the chart has 30 consecutive days', () => {
    const now = Date.UTC(2026, 10, 26, 0, 10); // just after midnight
    const fetched = Date.UTC(2026, 10, 26, 0, 5);
    // OpenRouter has not added yesterday yet; Nov 20 had no rows.
    const rows = [row('2026-11-10', 2), row('2026-11-19', 3), row('2026-11-21', 4), row('2026-11-24', 5)];
    const b = mergeBreakdown(undefined, { ok: true, value: [accountKey({ usageDaily: 0.5 })] }, { ok: true, value: rows }, fetched);
    const from = Date.UTC(2026, 10, 24, 23);
    const pts = history(from, now - 5 * MINUTE, 1);
    const snap = snapshotOf(keyInfo({ isManagementKey: true }), usageAt(from, 1, now - MINUTE), now - MINUTE);

    it('activity where it has the day, else the history, else an explicit unknown day', () => {
      assert.equal(b.activityHasYesterday, false);
      const v = view(snap, pts, b, now);
      const daily = v.derived!.daily;
      assert.equal(daily.length, 30);
      for (let i = 0; i < 30; i++) assert.equal(daily[i].day, dayOf(now - (29 - i) * DAY), `day ${i}`);
      const on = (d: string) => daily.find(x => x.day === d)!;
      assert.equal(on('2026-11-24').spend, 5);
      assert.equal(on('2026-11-20').spend, 0, 'a day the activity covers without rows is $0');
      assert.equal(on('2026-11-10').spend, 2);
      close(on('2026-11-25').spend, 24, 'yesterday keeps the history\'s figure');
      close(on('2026-11-26').spend, 0.5, 'today from /keys');
      const noHistory = view(snap, [], b, now).derived!.daily;
      assert.equal(noHistory.length, 30);
      const y = noHistory.find(x => x.day === '2026-11-25')!;
      assert.equal(y.spend, undefined);
      assert.equal(y.unknown, 'history');
    });

    it('the daily report has yesterday\'s spend from the history', () => {
      close(dailyReport(view(snap, pts, b, now)).spend, 24);
    });
  });

  describe('3. the burn rate from /activity averages calendar days', () => {
    const snap = buildSnapshot(keyInfo({ isManagementKey: true }), { totalCredits: 100, totalUsage: 30 }, 'known', NOW);
    const noRate = { daily: [], unknownReasons: { burnRate7d: 'history' as const, forecast: 'history' as const } };
    const activity = (rows: ActivityRow[], at: number): AccountBreakdown => mergeBreakdown(undefined, undefined, { ok: true, value: rows }, at);

    it('a day without rows is $0 once /activity covers it', () => {
      // $10 a day until 3 days ago, nothing since; fetched this morning, once OpenRouter had settled yesterday.
      const rows = Array.from({ length: 20 }, (_, i) => row(dayOf(NOW - (3 + i) * DAY), 10));
      const b = activity(rows, Date.UTC(2026, 10, 26, 7));
      const d = withAccountRate(noRate, snap, b, NOW);
      close(d.burnRate7d, 50 / 7);
      close(d.forecast?.daysLeft, 70 / (50 / 7));
    });

    it('spend that stopped weeks ago shows $0/day, and no run-out', () => {
      const rows = Array.from({ length: 10 }, (_, i) => row(dayOf(NOW - (20 + i) * DAY), 10));
      const d = withAccountRate(noRate, snap, activity(rows, Date.UTC(2026, 10, 26, 7)), NOW);
      assert.equal(d.burnRate7d, 0);
      assert.equal(d.forecast, undefined);
    });

    it('stops asking /activity once yesterday is known to be empty', () => {
      const day = Date.UTC(2026, 10, 26);
      const mgmt = buildSnapshot(keyInfo({ isManagementKey: true }), { totalCredits: 1, totalUsage: 0 }, 'known', day);
      const early = activity([row('2026-11-20', 1)], day + 30 * MINUTE);
      assert.equal(planRequests(mgmt, early, day + 90 * MINUTE).activity, true, 'early: OpenRouter may not have added yesterday yet');
      const settled = activity([row('2026-11-20', 1)], day + ACTIVITY_SETTLE_MS);
      for (let h = 1; h < 18; h++) assert.equal(planRequests(mgmt, settled, day + ACTIVITY_SETTLE_MS + h * HOUR).activity, false, `hour ${h}`);
      // And its chart says $0 for yesterday, not unknown.
      const v = view(mgmt, [], { ...settled, byModel: spendByModel([]) }, day + ACTIVITY_SETTLE_MS + HOUR);
      assert.equal(v.derived?.daily.find(x => x.day === '2026-11-25')?.spend, 0);
    });
  });

  describe('4. one page, one scope', () => {
    const from = Date.UTC(2026, 9, 31, 23);
    const at = NOW - MINUTE;
    // A normal key whose /credits answers: the account spends $1/h, this key $0.10/h of it.
    const own = (t: number) => ((t - from) / HOUR) * 0.1;
    const pts = history(from, at - HOUR, 1, own);
    const key = keyInfo({ usage: own(at), usageDaily: 1.2, usageWeekly: 8, usageMonthly: 60 });
    const snap = snapshotOf(key, usageAt(from, 1, at), at);

    it('the periods are the account\'s, as the chart, the reports and "Since last check" are', () => {
      const v = view(snap, pts, undefined, NOW);
      const today = usageAt(from, 1, at) - usageAt(from, 1, Date.UTC(2026, 10, 26));
      close(v.periods?.today, today);
      close(v.periods?.month, usageAt(from, 1, at) - usageAt(from, 1, Date.UTC(2026, 10, 1)));
      close(v.derived?.daily.at(-1)?.spend, v.periods!.today!, 'the chart\'s today');
      close(v.derived?.spendSinceLastCheck, usageAt(from, 1, at) - pts[pts.length - 1].totalUsage!, 'since last check: the account\'s');
      close(view(snap, pts, undefined, NOW, { ...DEFAULT_SETTINGS, dailyBudget: 5 }).budgets?.[0].spend, today, 'the budget');
      assert.equal(detailsContent(v, EN).usageScope, "The account's spend, as recorded while VS Code was open");
    });

    it('where the history does not reach yet, the key\'s own figure is the floor, and the page says so', () => {
      const v = view(snap, [], undefined, NOW);
      assert.deepEqual([v.periods?.today, v.periods?.week, v.periods?.month], [1.2, 8, 60]);
      assert.equal(v.periods?.scope, 'history');
      assert.equal(detailsContent(v, EN).usageScope, "The account's spend, as recorded while VS Code was open; where that does not reach back yet, at least this key's own");
      assert.equal(detailsContent(v, EN).usage.find(r => r.id === 'usage-today')?.hint, "This key's own spend: the account's history does not reach back yet");
    });

    it('without the account\'s figures, everything is the key\'s own', () => {
      const keyOnly = buildSnapshot(key, undefined, 'forbidden', at);
      const v = view(keyOnly, pts.map(({ t, keyUsage }) => ({ t, keyUsage })), undefined, NOW);
      assert.equal(v.periods?.scope, 'key');
      assert.equal(v.periods?.today, 1.2);
      assert.equal(v.derived?.daily.at(-1)?.spend, 1.2);
      assert.equal(detailsContent(v, EN).usageScope, "This key's own spend");
    });
  });
});
