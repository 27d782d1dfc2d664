// Issue 11, "Pace" and the weekly report: the real details page (in a DOM)
// shows each set budget as a progress bar with the pace mark, the projection
// and the over-budget state, in words as well as in the picture; the 30-day
// chart draws the budget's daily pace only when a budget is set; the copied
// summary holds the week: spend per day, by model, by key and the budgets.
import * as assert from 'node:assert/strict';
import { budgetStatus } from '../../src/core/money/budgets';
import { dailyFromActivity, spendByModel, spendByModelOfDays } from '../../src/core/money/breakdown';
import { detailsContent } from '../../src/core/view/details';
import { buildSnapshot } from '../../src/core/money/model';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import type { AccountBreakdown, AccountKey, ActivityRow } from '../../src/core/types';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN, viewOf } from './helpers/view';

const NOW = Date.UTC(2026, 10, 26, 12); // Thursday: 85 % of November, 50 % of the week (from Monday) and of the day
const MINUTE = 60_000;
const HOSTILE_KEY = '[click](https://evil.example) <img src=x> | *bold*';
const HOSTILE_MODEL = '<script>alert(1)</script>|_x_';

const accountKey = (o: Partial<AccountKey>): AccountKey => ({
  id: 'id', name: 'k', label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...o,
});

/** Today $1.50, this week $8.00, this month $40.50; the hostile key spent more this week, less this month. */
const KEYS: AccountKey[] = [
  accountKey({ id: 'k1', name: 'Laptop', usageDaily: 1, usageWeekly: 3, usageMonthly: 30 }),
  accountKey({ id: 'k2', name: HOSTILE_KEY, usageDaily: 0.5, usageWeekly: 5, usageMonthly: 10.5 }),
];

const activity = (date: string, model: string, usage: number): ActivityRow => ({
  date, model, modelPermaslug: model, endpointId: 'e', providerName: 'P', usage, byokUsageInference: 0,
  requests: 1, promptTokens: 500, completionTokens: 500, reasoningTokens: 0,
});

/** Nov 18 is outside the last 7 completed days (Nov 19 to 25). */
const ROWS: ActivityRow[] = [
  activity('2026-11-18', 'old/model', 5),
  activity('2026-11-20', 'anthropic/claude-sonnet-4', 2),
  activity('2026-11-24', 'anthropic/claude-sonnet-4', 1),
  activity('2026-11-24', HOSTILE_MODEL, 0.5),
  activity('2026-11-25', 'openai/gpt-4.1', 3),
];

function breakdown(): AccountBreakdown {
  return { keys: KEYS, keysAt: NOW - MINUTE, byModel: spendByModel(ROWS), daily: dailyFromActivity(ROWS, { now: NOW }), activityAt: NOW - MINUTE, activityDay: '2026-11-26' };
}

const mgmt = () => buildSnapshot(keyInfo({ label: 'Management key', isManagementKey: true }), { totalCredits: 100, totalUsage: 40 }, 'known', NOW - MINUTE);

/** `b` null: no breakdown yet. */
function view(budgets: Partial<Settings>, b: AccountBreakdown | null = breakdown()): View {
  return buildView({ snapshot: mgmt(), keySource: 'secret', points: [], breakdown: b ?? undefined, settings: { ...DEFAULT_SETTINGS, ...budgets }, focused: true, isPoller: true, now: NOW }, l10nEN);
}

const page = (v: View) => renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: v });
const attrs = (el: Element | null, ...names: string[]) => Object.fromEntries(names.map(n => [n, el?.getAttribute(n) ?? null]));
const hidden = (el: Element | null) => (el as HTMLElement | null)?.hidden;

/** Markdown that a renderer would turn into markup or a link (not backslash-escaped). */
function rawMarkup(md: string): string[] {
  const hits: string[] = [];
  for (const re of [/(^|[^\\])<\s*img/gi, /(^|[^\\])<\s*script/gi, /(^|[^\\])\]\(/g]) for (const m of md.matchAll(re)) hits.push(m[0]);
  return hits;
}

describe('budget pace on the page, the chart and the weekly report', () => {
  const both = view({ monthlyBudget: 50, weeklyBudget: 5 });

  describe('the budget bars', () => {
    it('a bar per set budget, monthly first, with progressbar semantics and its value in words', () => {
      const p = page(both);
      assert.equal(hidden(p.document.getElementById('budgets')), false);
      assert.deepEqual(Array.from(p.document.querySelectorAll('#budget-list .budget')).map(e => e.id), ['budget-month', 'budget-week']);
      const month = p.document.getElementById('budget-month-bar');
      assert.deepEqual(attrs(month, 'role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext'), {
        role: 'progressbar', 'aria-label': 'Monthly budget', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '81.0',
        'aria-valuetext': '$40.50 of $50.00 this month (81.0%)',
      });
      assert.equal(p.text('budget-month-text'), '$40.50 of $50.00 this month');
      assert.equal(p.document.getElementById('budget-month-fill')?.getAttribute('width'), '81.00');
    });

    it('the pace mark sits at the share of the period gone, is decorative, and the pace is said in words', () => {
      const p = page(both);
      const mark = p.document.getElementById('budget-month-pace-mark');
      assert.deepEqual(attrs(mark, 'x1', 'x2'), { x1: '85.00', x2: '85.00' }, '25.5 of November\'s 30 days');
      assert.equal(mark?.closest('svg')?.getAttribute('aria-hidden'), 'true');
      assert.equal(p.document.getElementById('budget-week-pace-mark')?.getAttribute('x1'), '50.00', 'Thursday noon: half the week from Monday');
      assert.equal(p.text('budget-month-pace'), 'Pace for today: $42.50');
      assert.equal(p.text('budget-week-pace'), 'Pace for today: $2.50');
    });

    it('"On pace for" from the projection', () => {
      const p = page(both);
      assert.equal(p.text('budget-month-projected'), 'On pace for $47.65 by the end of the month'); // 40.50 / 0.85
      assert.equal(p.text('budget-week-projected'), 'On pace for $16.00 by the end of the week');
      assert.ok(p.document.getElementById('budget-week-projected')?.classList.contains('warn'), 'a projection above the budget warns');
      assert.ok(!p.document.getElementById('budget-month-projected')?.classList.contains('warn'));
    });

    it('over budget: a full bar in the over state, said in words and in the value text', () => {
      const p = page(both);
      const week = p.document.getElementById('budget-week-bar');
      assert.equal(week?.getAttribute('aria-valuenow'), '100.0');
      assert.equal(week?.getAttribute('aria-valuetext'), '$8.00 of $5.00 this week (160.0%); Over budget by $3.00');
      assert.equal(week?.getAttribute('data-level'), 'over');
      assert.equal(p.document.getElementById('budget-week-fill')?.getAttribute('width'), '100.00');
      assert.equal(p.text('budget-week-over'), 'Over budget by $3.00');
      assert.equal(p.document.getElementById('budget-month-bar')?.getAttribute('data-level'), 'warn', '81 % is past the 80 % warning');
      assert.equal(p.document.getElementById('budget-month-over'), null);
    });

    it('exactly at the budget: used up, not "over by $0.00"', () => {
      const lines = detailsContent(viewOf(mgmt(), { now: NOW, budgets: budgetStatus({ today: 2 }, { dailyBudget: 2, weeklyBudget: 0, monthlyBudget: 0, budgetWarningPercent: 80 }, NOW) }), EN).budgets;
      assert.equal(lines[0].level, 'over');
      assert.equal(lines[0].overText, 'Budget used up');
      assert.equal(lines[0].paceText, 'Pace for now: $1.00');
    });

    it('unknown spend: no value, "—" in words, no projection', () => {
      const v = view({ monthlyBudget: 50 }, null); // a management key before /keys answered, without history
      const p = page(v);
      const bar = p.document.getElementById('budget-month-bar');
      assert.equal(bar?.hasAttribute('aria-valuenow'), false);
      assert.equal(bar?.getAttribute('aria-valuetext'), '— of $50.00 this month');
      assert.equal(p.document.getElementById('budget-month-projected'), null);
      assert.equal(p.text('budget-month-pace'), 'Pace for today: $42.50');
    });

    it('no budget set: no section', () => {
      const p = page(view({}));
      assert.equal(hidden(p.document.getElementById('budgets')), true);
      assert.equal(p.document.querySelectorAll('.budget').length, 0);
    });
  });

  describe('the chart\'s pace line', () => {
    it('the monthly budget spread over the days of the month, dashed across the bars and in the text description', () => {
      const p = page(view({ monthlyBudget: 50, weeklyBudget: 5 }));
      const line = p.document.getElementById('chart-pace');
      assert.ok(line, 'drawn');
      assert.equal(Number(line.getAttribute('data-per-day')).toFixed(4), (50 / 30).toFixed(4));
      assert.equal(line.getAttribute('y1'), line.getAttribute('y2'));
      assert.match(p.text('chart-desc'), / A dashed line marks the budget pace of \$1\.67 \/ day\.$/);
      assert.equal(hidden(p.document.getElementById('legend-pace')), false);
      assert.match(p.text('legend-pace'), /Budget pace: \$1\.67 \/ day \(dashed\)/);
      // Inside the plot: between its top and its baseline.
      const y = Number(line.getAttribute('y1'));
      const base = Number(p.document.querySelector('#chart line.baseline')?.getAttribute('y1'));
      assert.ok(y >= 12 && y < base, `y ${y} within the plot`);
    });

    it('a weekly budget alone: budget / 7; a daily one alone: the daily budget', () => {
      assert.equal(page(view({ weeklyBudget: 7 })).document.getElementById('chart-pace')?.getAttribute('data-per-day'), '1');
      assert.equal(page(view({ dailyBudget: 2.5 })).document.getElementById('chart-pace')?.getAttribute('data-per-day'), '2.5');
    });

    it('no budget: no line, no legend entry, and the description does not mention one', () => {
      const p = page(view({}));
      assert.equal(p.document.getElementById('chart-pace'), null);
      assert.equal(hidden(p.document.getElementById('legend-pace')), true);
      assert.doesNotMatch(p.text('chart-desc'), /pace/);
    });

    it('follows a new state: set, then removed', () => {
      const p = page(view({}));
      p.post({ type: 'state', view: view({ monthlyBudget: 50 }) });
      assert.ok(p.document.getElementById('chart-pace'));
      assert.equal(p.document.querySelectorAll('.budget').length, 1);
      p.post({ type: 'state', view: view({}) });
      assert.equal(p.document.getElementById('chart-pace'), null);
      assert.equal(hidden(p.document.getElementById('budgets')), true);
    });
  });

  describe('the weekly report in Copy summary', () => {
    const md = buildMarkdownSummary(both, EN);
    const week = md.slice(md.indexOf('### This week'));

    it('spend per day for the last 7 UTC days, today so far, and their total', () => {
      assert.match(week, /^\*\*Spend per day, the last 7 days \(UTC\); today so far\*\*\n\n\| Day \(UTC\) \| Spend \|\n\|:--\|--:\|\n\| 2026-11-20 \| \$2\.00 \|\n\| 2026-11-21 \| \$0\.00 \|\n\| 2026-11-22 \| \$0\.00 \|\n\| 2026-11-23 \| \$0\.00 \|\n\| 2026-11-24 \| \$1\.50 \|\n\| 2026-11-25 \| \$3\.00 \|\n\| 2026-11-26 \(today\) \| \$1\.50 \|\n\| Total \| \$8\.00 \|$/m);
    });

    it('an unknown day is "—" with its reason, and the total is unknown', () => {
      const v = viewOf(mgmt(), { now: NOW, derived: { daily: [{ day: '2026-11-24', unknown: 'gap' }, { day: '2026-11-26', spend: 1 }] } as View['derived'] });
      const text = buildMarkdownSummary(v, EN);
      assert.match(text, /^\| 2026-11-24 \| — \(No data: VS Code was closed for part of this period\) \|$/m);
      assert.match(text, /^\| 2026-11-20 \| — \|$/m);
      assert.match(text, /^\| Total \| — \|$/m);
    });

    it('by model over the last 7 completed days, from the activity\'s days, and says so', () => {
      assert.match(week, /^\*\*By model, the last 7 completed days \(UTC\); today is not included yet\*\*\n\n\| Model \| Spend \| Share \|\n\|:--\|--:\|--:\|\n\| anthropic\/claude-sonnet-4 \| \$3\.00 \| 46\.2% \|\n\| openai\/gpt-4\.1 \| \$3\.00 \| 46\.2% \|\n\| \\<script\\>alert\(1\)\\<\/script\\>\\\|\\_x\\_ \| \$0\.50 \| 7\.7% \|$/m);
      assert.doesNotMatch(week, /old\/model/, 'Nov 18 is before the 7 days');
      assert.match(md, /old\/model/, 'the 30-day table still has it');
    });

    it('the same week without the breakdown\'s copy of the days, as the page gets the view', () => {
      const forPage: View = { ...both, breakdown: { ...both.breakdown!, daily: undefined } };
      assert.deepEqual(detailsContent(forPage, EN).week, detailsContent(both, EN).week);
    });

    it('by key, this week\'s column, the biggest spender this week first, names escaped', () => {
      assert.match(week, /^\*\*By key, this week \(UTC, from Monday\)\*\*\n\n\| Key \| This week \|\n\|:--\|--:\|\n\| \\\[click\\\]\(https:\/\/evil\.example\) \\<img src=x\\> \\\| \\\*bold\\\* \| \$5\.00 \|\n\| Laptop \| \$3\.00 \|$/m);
    });

    it('the budgets: spend of budget, % used, over, on pace for, the pace', () => {
      assert.match(week, /^\*\*Budgets\*\*\n\n- Monthly budget: \$40\.50 of \$50\.00 this month \(81\.0%\)\n {2}- On pace for \$47\.65 by the end of the month\n {2}- Pace for today: \$42\.50\n- Weekly budget: \$8\.00 of \$5\.00 this week \(160\.0%\)\n {2}- \*\*Over budget by \$3\.00\*\*\n {2}- On pace for \$16\.00 by the end of the week\n {2}- Pace for today: \$2\.50$/m);
    });

    it('hostile key and model names never become markup', () => {
      assert.deepEqual(rawMarkup(md), []);
      assert.ok(!md.includes('<script>'));
    });

    it('no budgets: no budget part; a normal key: only the days', () => {
      const none = buildMarkdownSummary(view({}), EN);
      assert.match(none, /^### This week$/m);
      assert.doesNotMatch(none, /Budgets/);
      const normal = buildMarkdownSummary(viewOf(buildSnapshot(keyInfo({ usageDaily: 1 }), undefined, 'forbidden', NOW - MINUTE), { now: NOW }), EN);
      assert.match(normal, /^### This week$/m);
      assert.doesNotMatch(normal, /By model, the last 7|By key, this week/);
    });
  });

  it('spendByModelOfDays folds models after the top into "other"', () => {
    const days = [{ day: '2026-11-25', total: 6, byModel: [{ model: 'a', spend: 3 }, { model: 'b', spend: 2 }, { model: 'c', spend: 1 }] }];
    assert.deepEqual(spendByModelOfDays(days, 1), [
      { model: 'a', spend: 3, other: false, modelCount: 1, share: 0.5 },
      { model: '', other: true, modelCount: 2, spend: 3, share: 0.5 },
    ]);
  });
});
