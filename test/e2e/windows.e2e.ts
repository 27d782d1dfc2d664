/// <reference lib="dom" />
// Two windows on one VS Code: one poller, one notification.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { grepTree, startWorkbench, toasts, waitForStatus, waitForToast, type Workbench } from './harness';

const INTERVAL_S = 3;

describe('e2e: two windows share one poller', function () {
  let fake: FakeOpenRouter;
  let wb: Workbench;
  before(async () => {
    fake = await FakeOpenRouter.start();
    wb = await startWorkbench({
      settings: { 'openrouterCredits.apiBaseUrl': fake.baseUrl, 'openrouterCredits.refreshIntervalSeconds': INTERVAL_S },
      env: { OPENROUTER_API_KEY: FAKE_KEYS.limited },
    });
  });
  after(async () => { await wb?.close(); await fake?.close(); });

  it('polls once per interval for both windows and warns once in all', async () => {
    const second = await wb.open();
    await waitForStatus(wb.page, /\$4\.20/);
    await waitForStatus(second, /\$4\.20/);
    // Each window runs its own extension host.
    const hosts = grepTree(path.join(wb.profile.userDataDir, 'logs'), 'OpenRouter Credits 0.').filter(f => f.endsWith('OpenRouter Credits.log'));
    assert.equal(hosts.length, 2, `expected two extension hosts, found logs: ${hosts.join(', ')}`);
    const start = fake.requestsTo('/api/v1/key').length;
    const t0 = Date.now();
    await fake.waitForRequests(start + 4, { path: '/api/v1/key', timeoutMs: 60_000 });
    const elapsed = (Date.now() - t0) / 1000;
    const polls = fake.requestsTo('/api/v1/key').length - start;
    console.log(`      [figure] ${polls} polls in ${elapsed.toFixed(1)} s with two windows at a ${INTERVAL_S} s interval`);
    // With two pollers, four polls would take about two intervals; with one, about four.
    assert.ok(elapsed >= 3 * INTERVAL_S - 1, `polls came too fast: ${polls} in ${elapsed} s`);
    const low = /OpenRouter credit is low/;
    await waitForToast(wb.page, low).catch(() => waitForToast(second, low));
    const count = (await toasts(wb.page).filter({ hasText: low }).count()) + (await toasts(second).filter({ hasText: low }).count());
    assert.equal(count, 1, 'one notification across both windows');
  });

  it('a new window shows the cached snapshot at once, before any request returns', async () => {
    fake.addFault({ path: '/api/v1/key', delayMs: 20_000 });
    const third = await wb.open();
    await waitForStatus(third, /\$4\.20/, 15_000);
    fake.clearFaults();
    await third.close();
    assert.ok(fs.existsSync(wb.profile.userDataDir));
  });
});
