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
