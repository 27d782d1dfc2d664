/// <reference lib="dom" />
// Two windows on one VS Code: one poller, one notification.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_KEYS } from '../fixtures/fakeOpenRouter';
import {
  answerInputBox, extensionLogs, grepTree, runCommand, toasts, useScenario, waitForLog, waitForStatus,
} from './harness';

const INTERVAL_S = 3;

describe('e2e: two windows share one poller', function () {
  const s = useScenario({ key: FAKE_KEYS.limited, settings: { 'openrouterCredits.refreshIntervalSeconds': INTERVAL_S } });

  it('polls once per interval for both windows and warns once in all', async () => {
    const second = await s.wb.open();
    await waitForStatus(s.wb.page, /\$4\.20/);
    await waitForStatus(second, /\$4\.20/);
    // Each window runs its own extension host. The status bar can show the cached
    // figure before a host's log reaches the disk: wait for both logs.
    const hostLogs = () => grepTree(path.join(s.wb.profile.userDataDir, 'logs'), 'OpenRouter Credits 0.').filter(f => f.endsWith('OpenRouter Credits.log'));
    const deadline = Date.now() + 30_000;
    while (hostLogs().length < 2 && Date.now() < deadline) await new Promise(r => setTimeout(r, 200));
    const hosts = hostLogs();
    assert.equal(hosts.length, 2, `expected two extension hosts, found logs: ${hosts.join(', ')}`);
    // The warning is raised (in one of the windows) while the polls go on. Wait on
    // the truth, the extension's log, not on a toast being drawn on a busy machine.
    const low = /OpenRouter credit is low/;
    await waitForLog(s.wb.profile, /Notification \(lowCredit\)/, 45_000);
    const start = s.fake.requestsTo('/api/v1/key').length;
    const t0 = Date.now();
    await s.fake.waitForRequests(start + 4, { path: '/api/v1/key', timeoutMs: 60_000 });
    const elapsed = (Date.now() - t0) / 1000;
    const polls = s.fake.requestsTo('/api/v1/key').length - start;
    console.log(`      [figure] ${polls} polls in ${elapsed.toFixed(1)} s with two windows at a ${INTERVAL_S} s interval`);
    // With two pollers, four polls would take about two intervals; with one, about four.
    assert.ok(elapsed >= 3 * INTERVAL_S - 1, `polls came too fast: ${polls} in ${elapsed} s`);
    // Exactly one notification was raised across both extension hosts.
    const raised = extensionLogs(s.wb.profile).reduce((n, f) => n + (fs.readFileSync(f, 'utf8').match(/Notification \(lowCredit\)/g)?.length ?? 0), 0);
    assert.equal(raised, 1, 'one notification across both windows');
    const visible = (await toasts(s.wb.page).filter({ hasText: low }).count()) + (await toasts(second).filter({ hasText: low }).count());
    assert.ok(visible <= 1, `${visible} low-credit toasts visible`);
    // One window took the poller lease, once, and kept it.
    const takeovers = extensionLogs(s.wb.profile).reduce((n, f) => n + (fs.readFileSync(f, 'utf8').match(/This window now polls OpenRouter for all windows\./g)?.length ?? 0), 0);
    assert.equal(takeovers, 1, 'one poller for the whole test');
    // No two polls closer than 0.7 × the interval, from the first request on.
    const at = s.fake.requestsTo('/api/v1/key').map(r => r.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    console.log(`      [figure] gaps between /key requests: ${gaps.map(g => (g / 1000).toFixed(1)).join(', ')} s`);
    assert.ok(gaps.every(g => g >= 0.7 * INTERVAL_S * 1000), `polls too close together: ${gaps.join(', ')} ms`);
  });

  it('a new window shows the cached snapshot at once, before any request returns', async () => {
    s.fake.addFault({ path: '/api/v1/key', delayMs: 20_000 });
    const third = await s.wb.open();
    await waitForStatus(third, /\$4\.20/, 15_000);
    s.fake.clearFaults();
    await third.close();
    assert.ok(fs.existsSync(s.wb.profile.userDataDir));
  });

  it('a key set in one window reaches the other within seconds', async () => {
    const second = await s.wb.open();
    await waitForStatus(second, /\$4\.20/);
    await runCommand(s.wb.page, 'OpenRouter: Set API Key');
    await answerInputBox(s.wb.page, FAKE_KEYS.management);
    await waitForStatus(s.wb.page, /\$16\.55/);
    const t0 = Date.now();
    await waitForStatus(second, /\$16\.55/, 15_000);
    console.log(`      [figure] key change reached the other window in ${Date.now() - t0} ms`);
    await second.close();
  });
});

describe('e2e: a warning shows in the focused window', function () {
  const s = useScenario({
    key: FAKE_KEYS.management,
    settings: { 'openrouterCredits.refreshIntervalSeconds': INTERVAL_S, 'openrouterCredits.lowCreditThreshold': 15 },
  });

  /** Each window's id (from its extension host's log) and the log file. */
  function hostWindows(): Array<{ id: string; log: string; text: string }> {
    return extensionLogs(s.wb.profile).map(f => {
      const text = fs.readFileSync(f, 'utf8');
      return { id: /starting in VS Code .*, window ([0-9a-f]+)\./.exec(text)?.[1] ?? '', log: f, text };
    });
  }
  function focusRecords(): Record<string, { focused: boolean }> {
    try {
      return JSON.parse(fs.readFileSync(path.join(s.wb.profile.userDataDir, 'User', 'globalStorage', 'openrouter-credits.openrouter-credits', 'focus.json'), 'utf8'));
    } catch { return {}; }
  }

  it('a warning raised while the other window is focused appears in that window, once', async () => {
    const second = await s.wb.open();
    await waitForStatus(s.wb.page, /\$16\.55/);
    await waitForStatus(second, /\$16\.55/);
    // Headless Chromium emulates focus for every page. Give the second page the
    // focus and take it from the first: stop emulating focus there and tell
    // its workbench that it lost focus (a real blur event on its window).
    await second.bringToFront();
    const cdp = await s.wb.page.context().newCDPSession(s.wb.page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const hasFocus = await s.wb.page.evaluate(() => document.hasFocus());
    console.log(`      [figure] the first page's document.hasFocus() without focus emulation: ${hasFocus}`);
    if (hasFocus) {
      // Headless Chromium still reports focus for a background page: the workbench asks document.hasFocus().
      await s.wb.page.evaluate("Object.defineProperty(document, 'hasFocus', { value: function () { return false; }, configurable: true })");
    }
    await s.wb.page.evaluate(() => window.dispatchEvent(new FocusEvent('blur')));
    // The truth is the shared focus file: one window focused, one not.
    const deadline = Date.now() + 30_000;
    let focus = focusRecords();
    while (!(Object.values(focus).length === 2 && Object.values(focus).filter(r => r.focused).length === 1)) {
      if (Date.now() > deadline) throw new Error(`focus never split between the windows: ${JSON.stringify(focus)}`);
      await new Promise(r => setTimeout(r, 200));
      focus = focusRecords();
    }
    const focusedId = Object.keys(focus).find(id => focus[id].focused)!;
    const hosts = hostWindows();
    assert.equal(hosts.length, 2, 'two extension hosts');
    assert.ok(hosts.some(h => h.id === focusedId), `the focused window ${focusedId} is one of ${hosts.map(h => h.id).join(', ')}`);

    s.fake.spend(FAKE_KEYS.management, 2); // $16.55 → $14.55: below 15, at the next poll
    await waitForLog(s.wb.profile, /Showing the lowCredit warning in this window/, 45_000);
    const shownIn = hostWindows().filter(h => /Showing the lowCredit warning in this window/.test(h.text));
    assert.equal(shownIn.length, 1, 'shown in one window');
    assert.equal(shownIn[0].id, focusedId, 'shown in the focused window');
    const foundIn = hostWindows().find(h => /Threshold crossed: lowCredit/.test(h.text));
    console.log(`      [figure] the crossing was found by the ${foundIn?.id === focusedId ? 'focused' : 'unfocused'} window, ${foundIn && /queued for the first focused window/.test(foundIn.text) ? 'which queued it' : 'which showed it'}`);
    // The toast is drawn in the second page, and never in the first.
    await toasts(second).filter({ hasText: /OpenRouter credit is low/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await toasts(s.wb.page).filter({ hasText: /OpenRouter credit is low/ }).count(), 0);
    await second.close();
  });
});
