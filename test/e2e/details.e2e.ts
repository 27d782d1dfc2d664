/// <reference lib="dom" />
// The details view in a light theme, with seeded history, a hostile key label,
// and the screenshots the README uses (npm run screenshots regenerates them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_KEYS } from '../fixtures/fakeOpenRouter';
import {
  detailsFrame, runCommand, useScenario, waitForStatus,
} from './harness';

const HOUR = 3_600_000;
const EVIL = '<img src=x onerror="document.title=\'pwned\'">';

/** Seven days of hourly samples: $1/day of usage, from $23.55 down to $16.55. */
function seedHistory(dir: string): void {
  const now = Date.now();
  const points = [];
  for (let h = 7 * 24; h >= 1; h--) {
    const usage = 43.45 - h / 24;
    points.push({ t: now - h * HOUR, spendable: +(60 - usage).toFixed(6), totalCredits: 60, totalUsage: +usage.toFixed(6), keyUsage: +usage.toFixed(6) });
  }
  fs.writeFileSync(path.join(dir, 'history.json'), JSON.stringify(points));
}

describe('e2e screenshots: the details view with history, light theme, hostile label', function () {
  const s = useScenario({
    key: FAKE_KEYS.management,
    settings: { 'workbench.colorTheme': 'Default Light Modern' },
    prepare: server => server.patchKey(FAKE_KEYS.management, { label: EVIL }),
    seed: seedHistory,
  });

  it('renders the chart and the forecast from 7 days of history', async () => {
    await waitForStatus(s.wb.page, /\$16\.55/);
    await runCommand(s.wb.page, 'Check OpenRouter Credits');
    const frame = await detailsFrame(s.wb.page);
    await frame.waitForFunction(() => /Runs out in ~\d+ days/.test(document.querySelector('#forecast')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const forecast = await frame.$eval('#forecast', e => e.textContent ?? '');
    const days = Number(/~(\d+) days/.exec(forecast)![1]);
    assert.ok(days >= 14 && days <= 19, `forecast ${forecast}`);
    const bars = await frame.$$eval('#chart rect', r => r.length);
    const lines = await frame.$$eval('#chart path, #chart polyline', r => r.length);
    assert.ok(bars >= 7, `expected daily spend bars, got ${bars}`);
    assert.ok(lines >= 1, 'expected a balance line');
    const rows = await frame.$$eval('#history-rows tr', r => r.length);
    assert.ok(rows >= 7, `accessible table rows: ${rows}`);
  });

  it('shows a key label with markup as text and runs nothing', async () => {
    const frame = await detailsFrame(s.wb.page);
    const label = await frame.$eval('#key-label', e => ({ text: e.textContent, imgs: e.querySelectorAll('img').length }));
    assert.equal(label.text, EVIL);
    assert.equal(label.imgs, 0);
    assert.notEqual(await frame.evaluate(() => document.title), 'pwned');
    assert.equal(await frame.$$eval('img', i => i.length), 0);
  });

  it('carries its script and style sheet in its HTML, under the nonce: no request before the first paint', async () => {
    const frame = await detailsFrame(s.wb.page);
    const page = await frame.evaluate(() => ({
      linked: document.querySelectorAll('script[src], link[rel="stylesheet"]').length,
      // Ours (VS Code adds a script and default styles of its own to every webview).
      inline: ['page-style', 'page-script'].map(id => document.getElementById(id)).map(e => ({ tag: e?.tagName, nonce: !!(e as HTMLElement | null)?.nonce, bytes: (e?.textContent ?? '').length })),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      // A rule of media/details.css in force: the cards' grid.
      grid: getComputedStyle(document.getElementById('data')!).display,
    }));
    assert.equal(page.linked, 0, 'no script or style sheet fetched');
    assert.deepEqual(page.inline.map(e => [e.tag, e.nonce, e.bytes > 1000]), [['STYLE', true, true], ['SCRIPT', true, true]], 'our style sheet and script, inline under the nonce');
    assert.match(page.csp, /script-src 'nonce-[^']+'(;|$)/);
    assert.match(page.csp, /style-src [^;]*'nonce-[^']+'/);
    assert.doesNotMatch(page.csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.grid, 'grid');
  });

  it('updates live, without a reload, when its Refresh button brings a new snapshot', async () => {
    const frame = await detailsFrame(s.wb.page);
    await frame.evaluate(() => { (window as unknown as { __marker: number }).__marker = 42; });
    s.fake.spend(FAKE_KEYS.management, 1);
    await frame.click('button[data-command="refresh"]');
    await frame.waitForFunction(() => document.querySelector('#balance')?.textContent?.includes('$15.55'), undefined, { timeout: 20_000 });
    // Same document: the page was patched, not reloaded.
    assert.equal(await frame.evaluate(() => (window as unknown as { __marker?: number }).__marker), 42);
    // The headline paints first; the cards follow within the next frames.
    await frame.waitForFunction(() => document.querySelector('#total-usage')?.textContent?.includes('$44.45'), undefined, { timeout: 20_000 });
    assert.match(await frame.$eval('#total-usage', e => e.textContent ?? ''), /\$44\.45/);
    await waitForStatus(s.wb.page, /\$15\.55/);
  });

  it('is restored after a window reload, rebuilt from state', async () => {
    await s.wb.page.evaluate(() => { (window as unknown as { __beforeReload: number }).__beforeReload = 1; });
    await runCommand(s.wb.page, 'Developer: Reload Window');
    await s.wb.page.waitForFunction(() => (window as unknown as { __beforeReload?: number }).__beforeReload === undefined, undefined, { timeout: 60_000 });
    await s.wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const frame = await detailsFrame(s.wb.page, 60_000);
    await frame.waitForFunction(() => document.querySelector('#balance')?.textContent?.includes('$15.55'), undefined, { timeout: 30_000 });
    assert.equal(await s.wb.page.locator('.tab', { hasText: 'OpenRouter Credits' }).count(), 1);
  });

  it('raised no CSP violation', () => {
    const csp = s.wb.consoleErrors.filter(e => /Content Security Policy|Refused to/i.test(e));
    assert.deepEqual(csp, []);
  });
});

describe('e2e screenshots: the details view in a high-contrast theme', function () {
  const s = useScenario({ key: FAKE_KEYS.management, settings: { 'workbench.colorTheme': 'Default High Contrast' } });

  it('reads well: the headline has at least 7:1 contrast against the page', async () => {
    await waitForStatus(s.wb.page, /\$16\.55/);
    await runCommand(s.wb.page, 'Check OpenRouter Credits');
    const frame = await detailsFrame(s.wb.page);
    await frame.waitForFunction(() => document.querySelector('#balance')?.textContent?.includes('$16.55'));
    // WCAG contrast of the headline against the nearest opaque background. A string,
    // so the test runner's transpiler adds no helpers to code that runs in the page.
    const ratio = await frame.evaluate<number>(`(() => {
      const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
      const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      const lum = c => { const [r, g, b] = rgb(c); return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      let el = document.querySelector('#balance');
      const fg = lum(getComputedStyle(el).color);
      let bg = 'rgba(0, 0, 0, 0)';
      while (el && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
      const b = lum(bg);
      return (Math.max(fg, b) + 0.05) / (Math.min(fg, b) + 0.05);
    })()`);
    console.log(`      [figure] high-contrast headline contrast ratio ${ratio.toFixed(1)}:1`);
    assert.ok(ratio >= 7, `contrast ${ratio}`);
  });
});
