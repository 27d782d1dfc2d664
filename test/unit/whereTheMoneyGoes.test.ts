// Issue 10, "Where the money goes": every surface (the real page in a DOM, the
// status bar and its tooltip, the copied summary) shows a management key's
// account-true Today / This week / This month ("across N keys"), its spend by
// key and by model, and never a $0.00 that nobody reported.
import * as assert from 'node:assert/strict';
import { dailyFromActivity, spendByModel } from '../../src/core/money/breakdown';
import { detailsContent } from '../../src/core/view/details';
import { buildSnapshot } from '../../src/core/money/model';
import { statusPresentation } from '../../src/core/view/presentation';
import { DEFAULT_SETTINGS, type StatusBarFormat } from '../../src/core/settings';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import type { AccountBreakdown, AccountKey, ActivityRow, CreditSnapshot, KeyInfo } from '../../src/core/types';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN } from './helpers/view';

const NOW = Date.UTC(2026, 10, 26, 12); // Thursday
const MINUTE = 60_000;

const accountKey = (o: Partial<AccountKey>): AccountKey => ({
  id: 'id', name: 'k', label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...o,
});

const activity = (date: string, model: string, usage: number, requests = 1, tokens = 1000): ActivityRow => ({
  date, model, modelPermaslug: model, endpointId: 'e', providerName: 'P', usage, byokUsageInference: 0,
  requests, promptTokens: tokens / 2, completionTokens: tokens / 2, reasoningTokens: 0,
});

/** Three keys (one disabled); the biggest spender this month is not the biggest today. */
const KEYS: AccountKey[] = [
  accountKey({ id: 'c0ffee0000000001', name: 'Old prototype', disabled: true, usageMonthly: 1 }),
  accountKey({ id: 'c0ffee0000000002', name: 'CI bot', limit: 20, limitRemaining: 10, limitReset: 'weekly', usageDaily: 1.5, usageWeekly: 4, usageMonthly: 10 }),
  accountKey({ id: 'c0ffee0000000003', name: 'Laptop', usageDaily: 0.2, usageWeekly: 3, usageMonthly: 12 }),
];

/** 12 models over two completed days: the top 10, then "Other (2 models)". */
const ROWS: ActivityRow[] = [
  activity('2026-11-24', 'anthropic/claude-sonnet-4', 3, 30, 200_000),
  activity('2026-11-25', 'anthropic/claude-sonnet-4', 2, 20, 150_000),
  activity('2026-11-25', 'openai/gpt-4.1', 3, 1200, 1_500_000),
  ...Array.from({ length: 10 }, (_, i) => activity('2026-11-25', `vendor/model-${String(i).padStart(2, '0')}`, 1 - i * 0.05)),
];

function breakdown(over: Partial<AccountBreakdown> = {}): AccountBreakdown {
  return { keys: KEYS, keysAt: NOW - MINUTE, byModel: spendByModel(ROWS), daily: dailyFromActivity(ROWS, { now: NOW }), activityAt: NOW - MINUTE, activityDay: '2026-11-26', ...over };
}

const mgmtKey = (o: Partial<KeyInfo> = {}) => keyInfo({ label: 'Management key', isManagementKey: true, ...o });

function view(snapshot: CreditSnapshot, b?: AccountBreakdown, statusBarFormat: StatusBarFormat = 'remaining'): View {
  return buildView({ snapshot, keySource: 'secret', points: [], breakdown: b, settings: { ...DEFAULT_SETTINGS, statusBarFormat }, focused: true, isPoller: true, now: NOW }, l10nEN);
}

const mgmt = (o: Partial<KeyInfo> = {}) => buildSnapshot(mgmtKey(o), { totalCredits: 100, totalUsage: 40 }, 'known', NOW - MINUTE);
const page = (v: View) => renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: v });
const cells = (tr: Element) => Array.from(tr.children).map(c => c.textContent ?? '');
const hidden = (el: Element | null) => (el as HTMLElement | null)?.hidden;

describe('where the money goes, on every surface', () => {
  describe('a management key with its keys and activity', () => {
    const v = view(mgmt(), breakdown(), 'usageToday');

    it('Today / This week / This month are the sums over the account\'s keys, and say so', () => {
      assert.deepEqual(v.periods, { today: 1.7, week: 7, month: 23, scope: 'account', keyCount: 3 });
      const p = page(v);
      assert.equal(p.text('usage-today'), '$1.70');
      assert.equal(p.text('usage-week'), '$7.00');
      assert.equal(p.text('usage-month'), '$23.00');
      assert.equal(p.text('usage-scope'), "Spend across the account's 3 keys");
      const s = statusPresentation(v, l10nEN, EN);
      assert.equal(s.text, '$(credit-card) $1.70 today');
      assert.match(s.tooltip, /^\| Today \| \$1\.70 \|$/m);
      assert.match(s.tooltip, /^\| This month \| \$23\.00 \|$/m);
      assert.match(s.tooltip, /^\| \| _Spend across the account's 3 keys_ \|$/m);
      const md = buildMarkdownSummary(v, EN);
      assert.match(md, /^- Today: \$1\.70$/m);
      assert.match(md, /^_Spend across the account's 3 keys_$/m);
    });

    it('lists the keys, the biggest spender this month first, with limits and a disabled marker, never an id', () => {
      const p = page(v);
      assert.equal(hidden(p.document.getElementById('by-key')), false);
      const rows = Array.from(p.document.querySelectorAll('#by-key-rows tr')).map(cells);
      // The last column: Set Limit… (a management key may change its keys' limits).
      assert.deepEqual(rows, [
        ['Laptop', '$0.20', '$3.00', '$12.00', 'No limit', '—', '—', 'Set Limit…Rename…DisableDelete…'],
        ['CI bot', '$1.50', '$4.00', '$10.00', '$20.00', '$10.00', 'Weekly', 'Set Limit…Rename…DisableDelete…'],
        ['Old prototype disabled', '$0.00', '$0.00', '$1.00', 'No limit', '—', '—', 'Set Limit…Rename…EnableDelete…'],
      ]);
      assert.equal(p.document.querySelector('#by-key-rows tr.disabled .badge')?.textContent, 'disabled');
      assert.equal(hidden(p.document.getElementById('by-key-stale')), true);
      // A key's UI id is never shown: it sits only in its Set Limit button's data attribute, what the button sends.
      const app = p.document.getElementById('app')!;
      assert.ok(!app.textContent!.includes('c0ffee'), 'no key id is shown');
      const buttons = Array.from(app.querySelectorAll('button[data-set-limit]'));
      assert.deepEqual(buttons.map(b => b.getAttribute('data-set-limit')), ['c0ffee0000000003', 'c0ffee0000000002', 'c0ffee0000000001']);
      for (const b of buttons) b.removeAttribute('data-set-limit');
      // Rename…, Disable/Enable and Delete… send the same id (issue 20).
      for (const b of Array.from(app.querySelectorAll('button[data-key-id]'))) b.removeAttribute('data-key-id');
      assert.ok(!app.innerHTML.includes('c0ffee'), 'nowhere else in the page');
    });

    it('lists the models largest first, then "Other (2 models)", with the period they cover', () => {
      const p = page(v);
      assert.equal(p.text('by-model-period'), 'The last 30 completed days (UTC); today is not included yet.');
      const rows = Array.from(p.document.querySelectorAll('#by-model-rows tr')).map(cells);
      assert.equal(rows.length, 11);
      // $5 of $15.75: 31.7 %; 50 requests; 350K tokens.
      assert.deepEqual(rows[0], ['anthropic/claude-sonnet-4', '$5.00', '31.7%', '50', '350K']);
      assert.deepEqual(rows[1], ['openai/gpt-4.1', '$3.00', '19.0%', '1,200', '1.5M']);
      assert.deepEqual(rows[10], ['Other (2 models)', '$1.15', '7.3%', '2', '2K']);
      assert.ok(p.document.querySelector('#by-model-rows tr:last-child')?.classList.contains('other'));
      const spends = rows.slice(0, 10).map(r => Number(r[1].slice(1)));
      assert.deepEqual(spends, [...spends].sort((a, b) => b - a));
    });

    it('the tooltip names the top key today and the top model of the last 30 days', () => {
      const t = statusPresentation(v, l10nEN, EN).tooltip;
      assert.match(t, /^\| Top key today \| CI bot \(\$1\.50\) \|$/m);
      assert.match(t, /^\| Top model, last 30 days \| anthropic\/claude-sonnet-4 \(\$5\.00, 31\.7%\) \|$/m);
    });

    it('the summary holds both tables in Markdown', () => {
      const md = buildMarkdownSummary(v, EN);
      assert.match(md, /^### Spend by key\n\n\| Key \| Today \| This week \| This month \| Limit \| Remaining \| Resets \|\n\|:--\|--:\|--:\|--:\|--:\|--:\|--:\|\n\| Laptop \| \$0\.20 \| \$3\.00 \| \$12\.00 \| No limit \| — \| — \|\n\| CI bot \|/m);
      assert.match(md, /^\| Old prototype \(disabled\) \| \$0\.00 \| \$0\.00 \| \$1\.00 \| No limit \| — \| — \|$/m);
      assert.match(md, /^### Spend by model\n\n\| Model \| Spend \| Share \| Requests \| Tokens \|\n\|:--\|--:\|--:\|--:\|--:\|\n\| anthropic\/claude-sonnet-4 \| \$5\.00 \| 31\.7% \| 50 \| 350K \|$/m);
      assert.match(md, /^\| Other \(2 models\) \| \$1\.15 \| 7\.3% \| 2 \| 2K \|$/m);
      assert.match(md, /^_The last 30 completed days \(UTC\); today is not included yet\._$/m);
    });

    it('the chart shows a day\'s split per model on hover and in its data table', () => {
      const p = page(v);
      const bar = Array.from(p.document.querySelectorAll('#chart rect.spend')).map(r => r.textContent ?? '').find(t => t.startsWith('2026-11-25'));
      assert.equal(bar, '2026-11-25: $12.75\nopenai/gpt-4.1: $3.00\nanthropic/claude-sonnet-4: $2.00\nvendor/model-00: $1.00\n9 more models: $6.75');
      assert.equal(hidden(p.document.getElementById('col-models')), false);
      const row = Array.from(p.document.querySelectorAll('#history-rows tr')).find(r => r.firstElementChild?.textContent === '2026-11-24');
      assert.deepEqual(row && cells(row), ['2026-11-24', '$3.00', '—', 'anthropic/claude-sonnet-4: $3.00']);
      // The description stays true: it counts every bar, today's from /keys included.
      assert.match(p.text('chart-desc'), /total spend \$17\.45\./);
    });

    it('marks the last good lists when a refresh of /keys or /activity failed', () => {
      const p = page(view(mgmt(), breakdown({ keysError: 'network', activityError: 'serviceError' })));
      assert.equal(hidden(p.document.getElementById('by-key-stale')), false);
      assert.equal(p.text('by-key-stale'), "Couldn't refresh: showing the last list");
      assert.equal(hidden(p.document.getElementById('by-model-stale')), false);
      assert.equal(p.document.querySelectorAll('#by-key-rows tr').length, 3, 'the last good list is shown');
      const md = buildMarkdownSummary(view(mgmt(), breakdown({ keysError: 'network' })), EN);
      assert.match(md, /^### Spend by key\n\n_Couldn't refresh: showing the last list_$/m);
    });
  });

  describe('a management key before /keys and /activity answered', () => {
    const v = view(mgmt(), undefined, 'usageToday');

    it('shows "—" for the periods, never its own $0.00', () => {
      assert.equal(v.periods?.scope, 'history');
      const p = page(v);
      // No history yet either: "—" with the reason, as for any figure the history cannot place.
      const why = "No data: the history doesn't reach back far enough yet";
      for (const id of ['usage-today', 'usage-week', 'usage-month']) {
        assert.equal(p.text(id), '—', id);
        assert.equal(p.document.getElementById(id)?.getAttribute('title'), why, id);
      }
      assert.equal(p.text('usage-scope'), "The account's spend, as recorded while VS Code was open");
      const s = statusPresentation(v, l10nEN, EN);
      assert.equal(s.text, '$(credit-card) — today');
      assert.match(s.tooltip, /^\| Today \| — _\(No data: the history doesn't reach back far enough yet\)_ \|$/m);
      assert.doesNotMatch(s.tooltip, /Top key|Top model/);
      assert.match(buildMarkdownSummary(v, EN), /^- Today: — \(No data: the history doesn't reach back far enough yet\)$/m);
      assert.doesNotMatch(buildMarkdownSummary(v, EN), /^- (Today|This week|This month): \$0\.00/m);
    });

    it('says the lists are not loaded yet, or could not be loaded', () => {
      const p = page(v);
      assert.equal(hidden(p.document.getElementById('by-key')), false);
      assert.equal(p.text('by-key-empty'), "The account's keys haven't been loaded yet.");
      assert.equal(hidden(p.document.getElementById('by-key-table')), true);
      assert.equal(p.text('by-model-empty'), "The account's activity hasn't been loaded yet.");
      const failed = page(view(mgmt(), { keysError: 'network', activityError: 'network' }));
      assert.equal(failed.text('by-key-empty'), "The account's keys couldn't be loaded.");
      assert.equal(failed.text('by-model-empty'), "The account's activity couldn't be loaded.");
      assert.equal(failed.text('usage-today'), '—');
    });
  });

  describe('normal keys', () => {
    it('a limited key: its own figures, labelled as this key\'s; no account tables', () => {
      const snap = buildSnapshot(keyInfo({ label: 'CI', limit: 20, limitRemaining: 4.2, limitReset: 'monthly', usage: 15.8, usageDaily: 0.6, usageWeekly: 3.2, usageMonthly: 15.8 }), undefined, 'forbidden', NOW - MINUTE);
      // A breakdown handed to a normal key is ignored.
      const v = view(snap, breakdown(), 'usageToday');
      assert.equal(v.breakdown, undefined);
      const p = page(v);
      assert.equal(p.text('usage-today'), '$0.60');
      assert.equal(p.text('usage-scope'), "This key's own spend");
      assert.equal(hidden(p.document.getElementById('by-key')), true);
      assert.equal(hidden(p.document.getElementById('by-model')), true);
      const c = detailsContent(v, EN);
      assert.equal(c.byKey, undefined);
      assert.equal(c.byModel, undefined);
      const s = statusPresentation(v, l10nEN, EN);
      assert.equal(s.text, '$(warning) $0.60 today');
      assert.match(s.tooltip, /^\| \| _This key's own spend_ \|$/m);
      assert.doesNotMatch(buildMarkdownSummary(v, EN), /Spend by key|Spend by model/);
    });

    it('an unlimited key and a fresh key: this key\'s own figures, $0.00 only where /key reported it', () => {
      const unlimited = view(buildSnapshot(keyInfo({ usageDaily: 0.42, usageWeekly: 2.5, usageMonthly: 7.9 }), undefined, 'forbidden', NOW - MINUTE));
      assert.equal(detailsContent(unlimited, EN).headline.note, 'Used today: $0.42');
      assert.equal(page(unlimited).text('usage-month'), '$7.90');
      const fresh = view(buildSnapshot(keyInfo(), { totalCredits: 0, totalUsage: 0 }, 'known', NOW - MINUTE));
      // /key reported 0 for this key: a real zero, labelled as this key's.
      const p = page(fresh);
      assert.equal(p.text('usage-today'), '$0.00');
      assert.equal(p.text('usage-scope'), "This key's own spend");
      assert.equal(p.text('balance'), 'Balance unknown');
    });
  });

  it('free-model requests left today, on the page and in the tooltip', () => {
    const snap = buildSnapshot(keyInfo({ freeModelRequests: { limit: 1000, remaining: 987, used: 13 } }), undefined, 'forbidden', NOW - MINUTE);
    const v = view(snap);
    assert.equal(page(v).text('key-free-requests'), '987 of 1,000 free requests left today');
    assert.match(statusPresentation(v, l10nEN, EN).tooltip, /^\| Free models \| 987 of 1,000 free requests left today \|$/m);
    assert.match(buildMarkdownSummary(v, EN), /^- Free models: 987 of 1,000 free requests left today$/m);
    assert.equal(page(view(buildSnapshot(keyInfo(), undefined, 'forbidden', NOW - MINUTE))).text('key-free-requests'), '', 'absent when /key does not report it');
  });

  it('a hostile key name and model slug are shown as text, and escaped in Markdown', () => {
    const evilName = '<img src=x onerror="alert(1)"><b>k</b> [x](command:evil) | pipe';
    const evilModel = '<script>alert(1)</script>[m](https://evil.example)';
    const b = breakdown({
      keys: [accountKey({ id: 'e', name: evilName, usageDaily: 9, usageMonthly: 99 })],
      byModel: spendByModel([activity('2026-11-25', evilModel, 4)]),
      daily: dailyFromActivity([activity('2026-11-25', evilModel, 4)], { now: NOW }),
    });
    const v = view(mgmt(), b);
    const p = page(v);
    assert.equal(p.document.querySelector('#by-key-rows th .name')?.textContent, evilName);
    assert.equal(p.document.querySelector('#by-model-rows th .name')?.textContent, evilModel);
    assert.equal(p.document.querySelectorAll('#app img, #app b, #app script, #app a').length, 0);
    // Markup a renderer would act on: a tag or a link not backslash-escaped.
    const raw = (md: string) => [...md.matchAll(/(^|[^\\])(<\s*(img|script|b)|\]\()/gi)].map(m => m[0]).filter(m => !m.includes('](command:openrouterCredits') && !m.includes('](command:workbench'));
    const t = statusPresentation(v, l10nEN, EN).tooltip;
    assert.deepEqual(raw(t.split('\n').filter(l => l.startsWith('| Top')).join('\n')), [], t);
    assert.match(t, /\\<img src=x/);
    const md = buildMarkdownSummary(v, EN);
    assert.deepEqual(raw(md), [], md);
    assert.match(md, /\\<script\\>alert\(1\)\\<\/script\\>\\\[m\\\]\(https:\/\/evil\.example\)/);
    // The name's pipe cannot split the table row: the row keeps its 7 cells.
    const row = md.split('\n').find(l => l.includes('onerror'))!;
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 7, row);
  });
});
