/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import {
  answerInputBox, clearKey, detailsFrame, extensionLogs, grepTree, runCommand, screenshotsDir, statusElementInfo, statusItem, toasts, useScenario, waitForLog, waitForStatus, waitForToast, type Workbench,
} from './harness';

function noKeyLeak(wb: Workbench, key: string): void {
  const hits = grepTree(path.dirname(wb.profile.userDataDir), key);
  assert.deepEqual(hits, [], `the key was found in: ${hits.join(', ')}`);
}

describe('e2e: a management key set through the palette', function () {
  const s = useScenario({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });

  it('asks for a key when none is set', async () => {
    await waitForStatus(s.wb.page, /Set OpenRouter key/);
  });

  it('stores a key typed into the input box in SecretStorage and shows $16.55 without a reload', async () => {
    await runCommand(s.wb.page, 'OpenRouter: Set API Key');
    await answerInputBox(s.wb.page, FAKE_KEYS.management);
    const text = await waitForStatus(s.wb.page, /\$16\.55/);
    assert.match(text, /\$16\.55/);
    await waitForToast(s.wb.page, /Management key "Management key" saved/);
    const settings = fs.readFileSync(path.join(s.wb.profile.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.ok(!settings.includes(FAKE_KEYS.management), 'key must not be in settings.json');
    noKeyLeak(s.wb, FAKE_KEYS.management);
    // The key went to the configured origin only.
    assert.ok(s.fake.requestsTo('/api/v1/key').some(r => r.headers.authorization === `Bearer ${FAKE_KEYS.management}`));
  });

  it('"Check OpenRouter Credits" shows the reference example in the details panel', async () => {
    const t0 = Date.now();
    await runCommand(s.wb.page, 'Check OpenRouter Credits');
    const frame = await detailsFrame(s.wb.page);
    await frame.waitForFunction(() => document.querySelector('#balance')?.textContent?.includes('$16.55'), undefined, { timeout: 30_000 });
    const ms = Date.now() - t0;
    const first = await waitForLog(s.wb.profile, /Details panel rendered (\d+) ms after it was opened \(the page's own part: (\d+) ms\)/);
    console.log(`      [figure] details panel, first open: ${first[1]} ms from show() to the rendered page, of which ${first[2]} ms in the page's own document (the rest is VS Code's webview host, whose service worker installs on a browser's first webview); ${ms} ms from the palette keystroke, as seen by the browser`);
    const text = (sel: string) => frame.$eval(sel, e => e.textContent ?? '');
    assert.match(await text('#balance'), /\$16\.55/);
    assert.match(await text('#total-credits'), /\$60\.00/);
    assert.match(await text('#total-usage'), /\$43\.45/);
    assert.match(await text('#usage-percent'), /72\.4\s?%/);
  });

  it('opens again warm, as one instance', async () => {
    await runCommand(s.wb.page, 'View: Close All Editors');
    await s.wb.page.waitForFunction(() => document.querySelectorAll('.tab').length === 0);
    await runCommand(s.wb.page, 'Check OpenRouter Credits');
    const frame = await detailsFrame(s.wb.page);
    await frame.waitForFunction(() => document.querySelector('#balance')?.textContent?.includes('$16.55'));
    const m = await waitForLog(s.wb.profile, /Details panel rendered \d+ ms[\s\S]*Details panel rendered (\d+) ms after it was opened \(the page's own part: (\d+) ms\)/);
    console.log(`      [figure] details panel, second open: ${m[1]} ms from show() to the rendered page, ${m[2]} ms of it in the page (aim: under 300 ms)`);
    // Running the command again reveals the same panel.
    await runCommand(s.wb.page, 'Check OpenRouter Credits');
    await s.wb.page.locator('.tab', { hasText: 'OpenRouter Credits' }).first().waitFor();
    assert.equal(await s.wb.page.locator('.tab', { hasText: 'OpenRouter Credits' }).count(), 1, 'one panel instance');
  });

  it('opens fast on the first open after a window reload, with VS Code\'s webview service worker installed', async () => {
    const opened = () => extensionLogs(s.wb.profile).flatMap(f => [...fs.readFileSync(f, 'utf8').matchAll(/Details panel rendered (\d+) ms after it was opened \(the page's own part: (\d+) ms\)/g)]);
    // Close the panel, so that the reloaded window opens it anew (not restores it). The
    // palette may act on another row while its list still filters: check, and try again.
    for (let attempt = 1; ; attempt++) {
      await runCommand(s.wb.page, 'View: Close All Editors');
      const closed = await s.wb.page.waitForFunction(() => document.querySelectorAll('.tab').length === 0, undefined, { timeout: 10_000 }).then(() => true, () => false);
      if (closed) break;
      assert.ok(attempt < 3, 'the editors did not close');
    }
    await s.wb.page.evaluate(() => { (window as unknown as { __beforeReload: number }).__beforeReload = 1; });
    await runCommand(s.wb.page, 'Developer: Reload Window');
    await s.wb.page.waitForFunction(() => (window as unknown as { __beforeReload?: number }).__beforeReload === undefined, undefined, { timeout: 60_000 });
    await waitForStatus(s.wb.page, /\$16\.55/);
    const before = opened().length;
    await runCommand(s.wb.page, 'Check OpenRouter Credits');
    const frame = await detailsFrame(s.wb.page);
    await frame.waitForFunction(() => document.querySelector('#balance')?.textContent?.includes('$16.55'), undefined, { timeout: 30_000 }).catch(async () => {
      const shown = await frame.evaluate(() => document.getElementById('app')?.textContent?.slice(0, 400)).catch(e => String(e));
      throw new Error(`the page never showed $16.55; it shows: ${shown}`);
    });
    const deadline = Date.now() + 20_000;
    while (opened().length <= before && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
    const m = opened()[before];
    assert.ok(m, 'the new window logged its first render');
    console.log(`      [figure] details panel, first open in a reloaded window: ${m[1]} ms from show() to the rendered page, ${m[2]} ms of it in the page (aim: under 1 s)`);
  });

  it('Remove API Key, after confirming, returns the item to "Set OpenRouter key"', async () => {
    await clearKey(s.wb.page);
  });

  it('Esc changes nothing', async () => {
    const before = s.fake.requestsTo('/api/v1/key').length;
    await runCommand(s.wb.page, 'OpenRouter: Set API Key');
    const input = s.wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(FAKE_KEYS.limited);   // typed, then abandoned
    await s.wb.page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden' });
    // Nothing is checked: no request within a measured window (a check starts at once).
    await assert.rejects(s.fake.waitForRequests(before + 1, { path: '/api/v1/key', timeoutMs: 2_000 }), /requests to \/api\/v1\/key/);
    assert.equal(s.fake.requestsTo('/api/v1/key').length, before, 'no /api/v1/key request since');
    await waitForStatus(s.wb.page, /Set OpenRouter key/);
    noKeyLeak(s.wb, FAKE_KEYS.limited);
  });

  it('a rejected key is not stored and the user is told why', async () => {
    const before = s.fake.requestsTo('/api/v1/key').length;
    await runCommand(s.wb.page, 'OpenRouter: Set API Key');
    await answerInputBox(s.wb.page, FAKE_KEYS.revoked);
    const toast = await waitForToast(s.wb.page, /The key was not saved/);
    assert.match((await toast.textContent()) ?? '', /401|invalid/i, 'the reason is given');
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Try Again' }).count(), 1);
    // The check went out with the typed key only: the key abandoned with Esc never did.
    const sent = s.fake.requestsTo('/api/v1/key').slice(before).map(r => r.headers.authorization);
    assert.ok(sent.length >= 1 && sent.every(h => h === `Bearer ${FAKE_KEYS.revoked}`), JSON.stringify(sent.map(h => String(h).slice(0, 24))));
    assert.ok(!s.fake.requests.some(r => r.headers.authorization === `Bearer ${FAKE_KEYS.limited}`), 'the Esc-ed key never left the editor');
    await waitForStatus(s.wb.page, /Set OpenRouter key/);
    noKeyLeak(s.wb, FAKE_KEYS.revoked);
    // Dismiss it (its close button, else Escape with the toast focused).
    await toast.hover();
    const close = toast.locator('.codicon-notifications-clear');
    if (await close.count()) await close.first().click();
    else { await toast.focus(); await s.wb.page.keyboard.press('Escape'); }
    await toast.waitFor({ state: 'hidden' });
    await waitForStatus(s.wb.page, /Set OpenRouter key/);
  });

  it('loaded the details page with no CSP violation and leaked the key nowhere', () => {
    const csp = s.wb.consoleErrors.filter(e => /Content Security Policy|Refused to/i.test(e));
    assert.deepEqual(csp, []);
    noKeyLeak(s.wb, FAKE_KEYS.management);
  });
});

describe('e2e: a normal key with a limit (from OPENROUTER_API_KEY)', function () {
  const s = useScenario({ key: FAKE_KEYS.limited, settings: { 'openrouterCredits.refreshIntervalSeconds': 2, 'workbench.colorTheme': 'Default Dark Modern' } });

  it('shows $4.20 on a warning background and exactly one low-credit notification with Top Up', async () => {
    await waitForStatus(s.wb.page, /\$4\.20/);
    const toast = await waitForToast(s.wb.page, /OpenRouter credit is low: \$4\.20 left/);
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Top Up' }).count(), 1);
    // Several more polls happen; still one notification.
    const before = s.fake.requestsTo('/api/v1/key').length;
    await s.fake.waitForRequests(before + 3, { path: '/api/v1/key', timeoutMs: 30_000 });
    assert.equal(await toasts(s.wb.page).filter({ hasText: /credit is low/ }).count(), 1);
    const info = await statusElementInfo(s.wb.page);
    assert.ok(info, 'status item present');
    const bg = info!.background;
    assert.ok(bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent', `expected a warning background, got ${bg}`);
    const box = await statusItem(s.wb.page).boundingBox();
    const vp = s.wb.page.viewportSize()!;
    if (box) {
      await s.wb.page.screenshot({
        path: path.join(screenshotsDir(), 'statusbar-low-credit.png'),
        clip: { x: Math.max(0, box.x - 260), y: Math.max(0, box.y - 90), width: Math.min(vp.width - Math.max(0, box.x - 260), 520), height: Math.min(120, vp.height - Math.max(0, box.y - 90)) },
      });
    }
  });
});

describe('e2e: a normal key without a limit, in Restricted Mode, with a hostile workspace setting', function () {
  let evil: FakeOpenRouter;
  before(async () => { evil = await FakeOpenRouter.start(); });
  after(async () => { await evil?.close(); });
  const s = useScenario(() => ({
    key: FAKE_KEYS.unlimited,
    workspaceSettings: { 'openrouterCredits.apiBaseUrl': evil.baseUrl },
    restricted: true,
  }));

  it('runs in Restricted Mode and ignores the workspace\'s apiBaseUrl', async () => {
    await waitForStatus(s.wb.page, /today/);
    assert.ok(await s.wb.page.locator('.statusbar-item', { hasText: /Restricted Mode/ }).count() > 0, 'the window is in Restricted Mode');
    assert.ok(s.fake.requestsTo('/api/v1/key').length > 0);
    assert.equal(evil.requests.length, 0, 'the workspace setting must not redirect the key');
  });

  it('claims no dollar balance: usage today instead, and no low-credit warning', async () => {
    const text = await waitForStatus(s.wb.page, /today/);
    assert.match(text, /\$0\.42 today/);
    assert.doesNotMatch(text, /\$0\.00/);
    // Refresh on demand: another full round, still no warning.
    const n = s.fake.requestsTo('/api/v1/key').length;
    await runCommand(s.wb.page, 'OpenRouter: Refresh Credits');
    await s.fake.waitForRequests(n + 1, { path: '/api/v1/key', timeoutMs: 20_000 });
    await waitForStatus(s.wb.page, /\$0\.42 today/);
    assert.equal(await toasts(s.wb.page).filter({ hasText: /credit is low/ }).count(), 0);
  });
});
