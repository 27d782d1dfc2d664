/// <reference lib="dom" />
// Where the money goes (issue 10), in the real page: a management key's
// details show the account's Today / This week / This month summed over its
// keys, Spend by key and Spend by model in the right order, the 30-day chart
// from /activity; a normal key without account figures never shows a made-up
// $0.00. The figures are checked against what the fake answers over HTTP, not
// against the extension's own arithmetic. Also the README screenshot of the
// breakdown, and the page's figures with a big account (reported, not timed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { formatUsd } from '../../src/core/text/format';
import {
  ACTIVITY_PATH, FAKE_GENERATION_IDS, FAKE_KEYS, GENERATION_PATH, KEYS_PAGE_SIZE, KEYS_PATH, completedUtcDays, fakeActivityRow, fakeListedKey, type FakeOpenRouter,
} from '../fixtures/fakeOpenRouter';
import { answerInputBox, detailsFrame, extensionLogs, runCommand, statusItem, useScenario, waitForLog, waitForStatus, getJson } from './harness';

interface ListedKey { name: string; disabled: boolean; usage: number; usage_daily: number; usage_weekly: number; usage_monthly: number }
interface Activity { date: string; model: string; usage: number }

/** Every key of the account, as OpenRouter lists them (all pages, disabled ones too). */
async function listedKeys(fake: FakeOpenRouter): Promise<ListedKey[]> {
  const out: ListedKey[] = [];
  for (let offset = 0; ; offset += KEYS_PAGE_SIZE) {
    const page = await getJson<ListedKey[]>(fake, `/keys?include_disabled=true&offset=${offset}`, FAKE_KEYS.management);
    out.push(...page);
    if (page.length < KEYS_PAGE_SIZE) return out;
  }
}

/** USD per model over the activity, largest first. */
function modelTotals(rows: readonly Activity[]): { model: string; spend: number }[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.model, (m.get(r.model) ?? 0) + r.usage);
  return [...m.entries()].map(([model, spend]) => ({ model, spend })).sort((a, b) => b.spend - a.spend);
}

/** The page's log lines so far, `what` ("rendered" or "first paint"): [ms from show(), ms in the page]. */
function pageLines(wb: { profile: Parameters<typeof extensionLogs>[0] }, what: 'rendered' | 'first paint'): [number, number][] {
  const re = new RegExp(`Details panel ${what} (\\d+) ms after it was opened \\(the page's own part: (\\d+) ms\\)`, 'g');
  return extensionLogs(wb.profile).flatMap(f => [...fs.readFileSync(f, 'utf8').matchAll(re)]).map(m => [Number(m[1]), Number(m[2])]);
}

/** Waits until the extension logged more than `before` such lines (the page posted `rendered`, or `painted`). */
async function waitForPage(wb: { profile: Parameters<typeof extensionLogs>[0] }, what: 'rendered' | 'first paint', before: number, timeoutMs = 30_000): Promise<[number, number]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = pageLines(wb, what);
    if (lines.length > before) return lines[before];
    if (Date.now() > deadline) throw new Error(`the page never reported ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Opens the details page and waits for its `painted` (the headline) and `rendered` (the whole page) reports. */
async function openDetails(wb: { page: Page; profile: Parameters<typeof extensionLogs>[0] }): Promise<{ frame: Frame; ms: [number, number]; paint: [number, number] }> {
  const before = pageLines(wb, 'rendered').length;
  const paintsBefore = pageLines(wb, 'first paint').length;
  await runCommand(wb.page, 'Check OpenRouter Credits');
  const frame = await detailsFrame(wb.page);
  const ms = await waitForPage(wb, 'rendered', before);
  const paint = await waitForPage(wb, 'first paint', paintsBefore);
  return { frame, ms, paint };
}

async function closeAllEditors(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'View: Close All Editors');
    const closed = await page.waitForFunction(() => document.querySelectorAll('.tab').length === 0, undefined, { timeout: 10_000 }).then(() => true, () => false);
    if (closed) return;
    assert.ok(attempt < 3, 'the editors did not close');
  }
}

/** The status bar item's hover, as text. */
async function statusTooltip(page: Page): Promise<string> {
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'This month' }).first();
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    await statusItem(page).hover();
    const shown = await hover.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (shown) break;
    assert.ok(attempt < 3, 'the status bar tooltip never showed');
  }
  const text = (await hover.innerText()).replace(/\s+/g, ' ');
  // Away from the item and its (sticky) hover, so that it closes; else a click on the empty explorer.
  await page.mouse.move(150, 600, { steps: 5 });
  await page.keyboard.press('Escape');
  if (!(await hover.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false))) {
    await page.mouse.click(150, 600);
    await hover.waitFor({ state: 'hidden', timeout: 5_000 });
  }
  return text;
}

/** Page text of each figure row (`<dd id>` → text). */
async function figures(frame: Frame): Promise<Record<string, string>> {
  return frame.$$eval('dd[id]', dds => Object.fromEntries(dds.map(d => [d.id, (d.textContent ?? '').trim()])));
}

describe('e2e breakdown: a management key shows where the money goes', function () {
  const s = useScenario({
    key: FAKE_KEYS.management,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    // A key that has used some of its free-model requests today.
    prepare: fake => fake.patchKey(FAKE_KEYS.management, { free_model_daily_requests: { limit: 1000, remaining: 987, used: 13 } }),
  });
  let keys: ListedKey[];
  let frame: Frame;

  it('shows Today, This week and This month summed over the account\'s keys, never the management key\'s own zeros', async () => {
    await waitForStatus(s.wb.page, /\$16\.55/);
    // The first refresh asked the account's keys and activity (the fake's record).
    await s.fake.waitForRequests(1, { path: KEYS_PATH, timeoutMs: 30_000 });
    await s.fake.waitForRequests(1, { path: ACTIVITY_PATH, timeoutMs: 30_000 });
    const own = await getJson<Record<string, number>>(s.fake, '/key', FAKE_KEYS.management);
    assert.deepEqual([own.usage_daily, own.usage_weekly, own.usage_monthly], [0, 0, 0], 'the management key spends nothing itself');
    keys = await listedKeys(s.fake);
    assert.equal(keys.length, 4);
    assert.ok(keys.some(k => k.disabled), 'the account has a disabled key, and it counts');
    ({ frame } = await openDetails(s.wb));
    await frame.waitForFunction(() => document.querySelectorAll('#by-key-rows tr').length === 4 && document.querySelectorAll('#by-model-rows tr').length > 1, undefined, { timeout: 30_000 });
    const sum = (f: 'usage_daily' | 'usage_weekly' | 'usage_monthly') => keys.reduce((n, k) => n + k[f], 0);
    const fig = await figures(frame);
    assert.equal(fig['usage-today'], formatUsd(sum('usage_daily')));
    assert.equal(fig['usage-week'], formatUsd(sum('usage_weekly')));
    assert.equal(fig['usage-month'], formatUsd(sum('usage_monthly')));
    for (const id of ['usage-today', 'usage-week', 'usage-month']) assert.notEqual(fig[id], '$0.00', `${id}: nobody reported $0.00`);
    assert.equal(await frame.$eval('#usage-scope', e => e.textContent), "Spend across the account's 4 keys");
    assert.equal(fig['key-free-requests'], '987 of 1,000 free requests left today');
    assert.equal(await frame.$eval('#balance', e => e.textContent), '$16.55');
    // A $0.00 on the page is a figure that was reported as 0: the management key's own
    // /key usage, or no change in /credits' total usage since the last check.
    const reported: Record<string, boolean> = { 'key-usage': own.usage === 0, 'key-byok': own.byok_usage === 0, 'usage-since': true };
    const zeros = Object.entries(fig).filter(([, v]) => v === '$0.00').map(([id]) => id);
    assert.deepEqual(zeros.filter(id => !reported[id]), [], `$0.00 for a figure nobody reported: ${zeros.join(', ')}`);
  });

  it('lists the keys by month spend, the disabled one marked, with limit, remaining and reset', async () => {
    const rows = await frame.$$eval('#by-key-rows tr', trs => trs.map(tr => ({
      name: tr.querySelector('th .name')?.textContent ?? '',
      badge: tr.querySelector('th .badge')?.textContent ?? '',
      cells: Array.from(tr.querySelectorAll('td')).map(td => td.textContent ?? ''),
    })));
    const expected = [...keys].sort((a, b) => b.usage_monthly - a.usage_monthly);
    assert.deepEqual(rows.map(r => r.name), expected.map(k => k.name));
    assert.deepEqual(rows.map(r => r.cells[2]), expected.map(k => formatUsd(k.usage_monthly)), 'This month per key');
    assert.deepEqual(rows.map(r => r.badge), expected.map(k => (k.disabled ? 'disabled' : '')));
    assert.deepEqual(rows.map(r => r.cells.slice(0, 2)), expected.map(k => [formatUsd(k.usage_daily), formatUsd(k.usage_weekly)]), 'Today and This week per key ($0.00 only where /keys said 0)');
    const staging = rows.find(r => r.name === 'Staging bot')!;
    assert.deepEqual(staging.cells.slice(3, 5), ['$10.00', '$9.60'], 'its limit and what remains of it');
    assert.match(staging.cells[5], /week/i);
    const laptop = rows.find(r => r.name === 'Laptop key')!;
    assert.equal(laptop.cells[3], 'No limit');
  });

  it('lists the models largest first over the last 30 days, "Other (n models)" last', async () => {
    const activity = await getJson<Activity[]>(s.fake, '/activity', FAKE_KEYS.management);
    const totals = modelTotals(activity);
    assert.equal(totals.length, 12);
    const rows = await frame.$$eval('#by-model-rows tr', trs => trs.map(tr => ({
      model: tr.querySelector('th')?.textContent ?? '',
      other: tr.classList.contains('other'),
      spend: tr.querySelector('td')?.textContent ?? '',
    })));
    assert.deepEqual(rows.slice(0, -1).map(r => r.model), totals.slice(0, 10).map(t => t.model));
    assert.deepEqual(rows.slice(0, -1).map(r => r.spend), totals.slice(0, 10).map(t => formatUsd(t.spend)));
    assert.deepEqual(rows.at(-1), { model: 'Other (2 models)', other: true, spend: formatUsd(totals[10].spend + totals[11].spend) });
    assert.match(await frame.$eval('#by-model-period', e => e.textContent ?? ''), /30/);
  });

  it('draws the chart\'s completed days from /activity, each with its split per model on hover, and today from /keys', async () => {
    const activity = await getJson<Activity[]>(s.fake, '/activity', FAKE_KEYS.management);
    // 30 bars: the last 29 of /activity's 30 completed days, and today.
    const days = completedUtcDays(Date.now()).slice(-29);
    const titles = await frame.$$eval('#chart rect.spend title', ts => ts.map(t => t.textContent ?? ''));
    assert.equal(titles.length, 30, JSON.stringify(titles.map(t => t.slice(0, 10))));
    const today = new Date().toISOString().slice(0, 10);
    assert.ok(titles.at(-1)!.startsWith(`${today}: ${formatUsd(keys.reduce((n, k) => n + k.usage_daily, 0))}`), titles.at(-1));
    for (const day of days) {
      const title = titles.find(t => t.startsWith(`${day}:`));
      assert.ok(title, `a bar for ${day}`);
      const rows = activity.filter(r => r.date === day);
      assert.ok(title.startsWith(`${day}: ${formatUsd(rows.reduce((n, r) => n + r.usage, 0))}`), title);
      assert.ok(title.includes(`${modelTotals(rows)[0].model}: `), `${day}'s largest model in ${JSON.stringify(title)}`);
    }
  });

  it('the status bar and its tooltip show the account\'s figures, no $0.00 nobody reported', async () => {
    const text = (await statusItem(s.wb.page).textContent()) ?? '';
    assert.doesNotMatch(text, /\$0\.00/);
    const tip = await statusTooltip(s.wb.page);
    const sum = (f: 'usage_daily' | 'usage_weekly' | 'usage_monthly') => keys.reduce((n, k) => n + k[f], 0);
    assert.ok(tip.includes(formatUsd(sum('usage_daily'))), `Today in ${tip}`);
    assert.ok(tip.includes(formatUsd(sum('usage_monthly'))), `This month in ${tip}`);
    assert.match(tip, /Spend across the account.s 4 keys/);
    assert.match(tip, /Top key today CI key/);
    assert.match(tip, /Top model, last 30 days anthropic\/claude-sonnet-4\.5/);
    assert.match(tip, /987 of 1,000 free requests left today/);
    assert.doesNotMatch(tip, /\$0\.00/);
  });

  it('raised no CSP violation', () => {
    assert.deepEqual(s.wb.consoleErrors.filter(e => /Content Security Policy|Refused to/i.test(e)), []);
  });
});

describe('e2e breakdown: an unlimited normal key never shows a made-up $0.00', function () {
  const s = useScenario({ key: FAKE_KEYS.unlimited });

  it('the balance is "unknown", Today is the key\'s own, and every $0.00 is one /key reported', async () => {
    const own = await getJson<Record<string, number>>(s.fake, '/key', FAKE_KEYS.unlimited);
    await waitForStatus(s.wb.page, new RegExp(`${formatUsd(own.usage_daily).replace(/[$.]/g, '\\$&')} today`));
    const { frame } = await openDetails(s.wb);
    await frame.waitForFunction(() => document.querySelector('#usage-today')?.textContent?.includes('$'), undefined, { timeout: 30_000 });
    assert.equal(await frame.$eval('#balance', e => e.textContent), 'Balance unknown');
    const fig = await figures(frame);
    assert.equal(fig['usage-today'], formatUsd(own.usage_daily));
    assert.equal(fig['usage-week'], formatUsd(own.usage_weekly));
    assert.equal(fig['usage-month'], formatUsd(own.usage_monthly));
    assert.equal(await frame.$eval('#usage-scope', e => e.textContent), "This key's own spend");
    // A $0.00 on the page is a /key figure that is 0 (or, since the last check, no change in /key's usage).
    const reported: Record<string, boolean> = {
      'key-usage': own.usage === 0, 'key-byok': own.byok_usage === 0,
      'usage-today': own.usage_daily === 0, 'usage-week': own.usage_weekly === 0, 'usage-month': own.usage_monthly === 0,
      'usage-since': true,
    };
    const zeros = Object.entries(fig).filter(([, v]) => v === '$0.00').map(([id]) => id);
    assert.deepEqual(zeros.filter(id => !reported[id]), [], `$0.00 for a figure nobody reported: ${zeros.join(', ')}`);
    assert.equal(await frame.$('#by-key:not([hidden])'), null, 'no Spend by key for a normal key');
    const text = (await statusItem(s.wb.page).textContent()) ?? '';
    assert.doesNotMatch(text, /\$0\.00/);
    const tip = await statusTooltip(s.wb.page);
    assert.match(tip, /Spendable unknown/);
    assert.match(tip, /This key.s own spend/);
    assert.doesNotMatch(tip, /\$0\.00/);
  });
});

// --- a big account: reported figures, not timed assertions ----------------------

const BIG_KEYS = 200;
const BIG_MODELS = 50;

function bigKeys(): ReturnType<typeof fakeListedKey>[] {
  return Array.from({ length: BIG_KEYS }, (_, i) => {
    const month = Math.round((BIG_KEYS - i) * 0.137 * 100) / 100;
    return fakeListedKey({
      name: `Team key ${String(i + 1).padStart(3, '0')}`,
      disabled: i % 17 === 0,
      usage: month * 3,
      usage_daily: Math.round(month * 0.04 * 100) / 100,
      usage_weekly: Math.round(month * 0.3 * 100) / 100,
      usage_monthly: month,
      ...(i % 3 === 0 ? { limit: 50, limit_remaining: Math.max(0, 50 - month), limit_reset: 'monthly' } : {}),
    });
  });
}

function bigActivity(now: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  completedUtcDays(now).forEach((date, d) => {
    for (let m = 0; m < BIG_MODELS; m++) {
      rows.push(fakeActivityRow({
        date,
        model: `vendor-${m % 9}/model-${String(m).padStart(2, '0')}`,
        provider_name: `Provider ${m % 5}`,
        usage: Math.round((0.02 + (BIG_MODELS - m) * 0.013 + ((d * 7 + m) % 11) * 0.001) * 1e4) / 1e4,
        requests: 5 + ((d + m) % 40),
        prompt_tokens: 12_000 + m * 100,
        completion_tokens: 3_000 + d * 10,
      }));
    }
  });
  return rows;
}

describe('e2e breakdown benchmark: the page with 200 keys and 30 days × 50 models', function () {
  const s = useScenario({
    key: FAKE_KEYS.management,
    prepare: fake => {
      fake.setAccountKeys(bigKeys().map(item => ({ item })));
      fake.setActivity(bigActivity);
    },
  });

  it('renders all 200 key rows; reports show() → rendered (warm) and the page\'s size', async () => {
    await waitForStatus(s.wb.page, /\$16\.55/);
    await s.fake.waitForRequests(2, { path: KEYS_PATH, timeoutMs: 30_000 }); // two pages of 100
    await s.fake.waitForRequests(1, { path: ACTIVITY_PATH, timeoutMs: 30_000 });
    const cold = await openDetails(s.wb);
    // The key table shows 100 rows at a time, with "Show more" for the next 100.
    await cold.frame.waitForFunction(() => document.querySelectorAll('#by-key-rows tr').length === 100, undefined, { timeout: 30_000 });
    await closeAllEditors(s.wb.page);
    const warm = await openDetails(s.wb);
    const frame = warm.frame;
    // The warm page rendered the whole account once it reported rendered (the HTML holds the first screen only);
    // its key table pages by 100: one click on "Show more" brings the other 100 rows, and the button goes.
    await frame.waitForFunction(() => document.querySelectorAll('#by-key-rows tr').length === 100, undefined, { timeout: 30_000 });
    await frame.click('#by-key-more');
    await frame.waitForFunction((n) => document.querySelectorAll('#by-key-rows tr').length === n, BIG_KEYS, { timeout: 30_000 });
    assert.equal(await frame.$eval('#by-key-more', e => (e as HTMLElement).hidden), true, 'no "Show more" once every row shows');
    const shown = await frame.evaluate(() => ({
      keys: document.querySelectorAll('#by-key-rows tr').length,
      disabled: document.querySelectorAll('#by-key-rows tr.disabled').length,
      models: document.querySelectorAll('#by-model-rows tr').length,
      other: document.querySelector('#by-model-rows tr:last-child th')?.textContent ?? '',
      bars: document.querySelectorAll('#chart rect.spend').length,
      stateBytes: new TextEncoder().encode(document.getElementById('page-init')?.textContent ?? '').length,
      init: document.getElementById('page-init')?.textContent ?? '',
      domBytes: new TextEncoder().encode(document.documentElement.outerHTML).length,
      nodes: document.getElementsByTagName('*').length,
    }));
    // Where the state's bytes go (the view's breakdown and derived figures, the strings).
    const init = JSON.parse(shown.init) as { view: { breakdown?: Record<string, unknown>; derived?: unknown }; strings: unknown };
    const size = (x: unknown) => Buffer.byteLength(JSON.stringify(x ?? null));
    const parts = {
      'view.breakdown.keys': size(init.view.breakdown?.keys),
      'view.breakdown.daily': size(init.view.breakdown?.daily),
      'view.breakdown.byModel': size(init.view.breakdown?.byModel),
      'view.derived': size(init.view.derived),
      strings: size(init.strings),
    };
    assert.equal(shown.keys, BIG_KEYS, 'every key has its row');
    assert.equal(shown.disabled, Math.ceil(BIG_KEYS / 17));
    assert.equal(shown.models, 11);
    assert.equal(shown.other, `Other (${BIG_MODELS - 10} models)`);
    assert.ok(shown.bars >= 30, `bars: ${shown.bars}`);
    const firstName = await frame.$eval('#by-key-rows tr th .name', e => e.textContent);
    assert.equal(firstName, 'Team key 001', 'the biggest spender first');
    console.log(`      [figure] details page, ${BIG_KEYS} keys and 30 days × ${BIG_MODELS} models: first open ${cold.paint[0]} ms from show() to first paint (${cold.paint[1]} ms in the page), ${cold.ms[0]} ms to rendered (${cold.ms[1]} ms in the page); warm (second) open ${warm.paint[0]} ms to first paint (${warm.paint[1]} ms in the page), ${warm.ms[0]} ms to rendered (${warm.ms[1]} ms in the page)`);
    console.log(`      [figure] details page, ${BIG_KEYS} keys and 30 days × ${BIG_MODELS} models: state JSON in the HTML ${shown.stateBytes} B (${Object.entries(parts).map(([k, v]) => `${k} ${v} B`).join(', ')}); rendered document ${shown.domBytes} B, ${shown.nodes} elements`);
  });
});

describe('e2e budgets: the budget bar and the pace line on the details page', function () {
  const s = useScenario({
    key: FAKE_KEYS.management,
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'openrouterCredits.monthlyBudget': 30 },
  });

  it('shows the monthly budget as a bar with its pace, and the chart draws the budget\'s daily pace', async () => {
    await waitForStatus(s.wb.page, /\$16\.55/);
    const keys = await listedKeys(s.fake);
    const month = keys.reduce((n, k) => n + k.usage_monthly, 0);
    // The account's month (from /keys) must have arrived before the page is judged.
    const { frame } = await openDetails(s.wb);
    await frame.waitForFunction(m => (document.getElementById('budget-month-text')?.textContent ?? '').startsWith(m), formatUsd(month), { timeout: 30_000 });
    const bar = await frame.$eval('#budget-month-bar', e => ({
      now: e.getAttribute('aria-valuenow'), max: e.getAttribute('aria-valuemax'), label: e.getAttribute('aria-label'), text: e.getAttribute('aria-valuetext'),
    }));
    assert.equal(bar.text?.startsWith(`${formatUsd(month)} of $30.00 this month`), true, JSON.stringify(bar));
    assert.equal(Math.round(Number(bar.now)), Math.round((month / 30) * 100));
    assert.equal(bar.max, '100');
    const budgetText = await frame.$eval('#budget-month', e => (e.textContent ?? '').replace(/\s+/g, ' '));
    assert.match(budgetText, /Pace for today: \$\d+\.\d\d/);
    // The chart: a dashed line at the budget's even daily share (budget ÷ days in this month).
    const now = new Date();
    const days = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
    const perDay = Number(await frame.$eval('#chart-pace', e => e.getAttribute('data-per-day')));
    assert.ok(Math.abs(perDay - 30 / days) < 1e-9, `pace line at ${perDay}`);
  });

  it('looks up a generation\'s cost from the palette', async () => {
    await closeAllEditors(s.wb.page);
    const g0 = s.fake.requestsTo(GENERATION_PATH).length;
    await runCommand(s.wb.page, 'OpenRouter: Look Up Generation Cost');
    await answerInputBox(s.wb.page, FAKE_GENERATION_IDS[0]);
    // The truth: the fake was asked for that id (at the configured origin) and the extension logged the answer.
    await s.fake.waitForRequests(g0 + 1, { path: GENERATION_PATH, timeoutMs: 30_000 });
    assert.match(s.fake.requestsTo(GENERATION_PATH)[g0].path, new RegExp(`\\?id=${FAKE_GENERATION_IDS[0]}$`));
    await waitForLog(s.wb.profile, /Generation looked up: anthropic\/claude-sonnet-4\.5, 0\.004215 USD\./, 30_000);
    // What the user sees: the cost and the model in the quick pick, with the fields and Copy as JSON.
    const widget = s.wb.page.locator('.quick-input-widget');
    await widget.getByText('Generation cost: $0.004215 (anthropic/claude-sonnet-4.5)').waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok(await widget.getByText('Copy as JSON').isVisible());
    await s.wb.page.keyboard.press('Escape');
  });
});
