// Across windows: a warning shows in the focused window (queued in the shared
// state until a window gains focus), and a window that takes over the poller
// lease keeps the back-off of the window that polled before. One real
// extension host; the other window is played through the shared files, the
// same way another extension host writes them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LEASE_RENEW_MS, LEASE_TTL_MS } from '../../src/core/refresh/lease';
import { FAKE_KEYS, FakeOpenRouter, KEY_PATH } from '../fixtures/fakeOpenRouter';
import { logText, notificationsOf, setSetting, type TestApi, waitFor, waitForStatus, withFakeAccount } from './util';

const LIMITED = /^\$\(credit-card\) \$4\.20$/;

describe('across windows: warnings where the user is, and handover', function () {
  this.timeout(90_000);
  const ctx = withFakeAccount(FAKE_KEYS.limited);
  let fake: FakeOpenRouter;
  let a: TestApi;

  before(async () => {
    ({ a, fake } = ctx);
    await waitForStatus(a, LIMITED);
  });
  after(async () => {
    a._test.controller.setWindowFocused(true);
  });

  it('a crossing found while this window is not focused waits in the shared state and shows once when it gains focus', async () => {
    const store = a._test.store;
    a._test.controller.setWindowFocused(false);
    const before = notificationsOf(a, 'lowCredit').length;
    await setSetting('lowCreditThreshold', 5); // $4.20 < $5: a crossing, found by this window
    // The truth: the shared state holds the alert for a focused window, and nothing was shown here.
    const queued = await waitFor('the alert queued in the shared state', () => store.readState()?.pendingAlerts);
    assert.deepEqual(queued.map(p => p.alert.kind), ['lowCredit']);
    assert.match(logText(a), /Threshold crossed: lowCredit .*queued for the first focused window/);
    assert.equal(notificationsOf(a, 'lowCredit').length, before, 'not shown in an unfocused window');
    // Another (unfocused) reading of the same state changes nothing.
    await a.refresh();
    assert.equal(notificationsOf(a, 'lowCredit').length, before);

    a._test.controller.setWindowFocused(true);
    await waitFor('shown on gaining focus', () => notificationsOf(a, 'lowCredit').length === before + 1);
    assert.equal(store.readState()?.pendingAlerts, undefined, 'taken from the queue: no other window shows it');
    // Focus comes and goes, refreshes go on: still once.
    a._test.controller.setWindowFocused(false);
    a._test.controller.setWindowFocused(true);
    await a.refresh();
    assert.equal(notificationsOf(a, 'lowCredit').length, before + 1);
    await setSetting('lowCreditThreshold', 0);
  });

  it('an alert another window queued is shown by this window when it is focused, and only once', async () => {
    const store = a._test.store;
    const before = notificationsOf(a, 'usagePercent').length;
    a._test.controller.setWindowFocused(false);
    // Another window found a crossing while unfocused: it recorded it and queued it.
    const now = Date.now();
    store.update(s => ({
      ...s,
      thresholds: { v: 1, kinds: { ...s.thresholds?.kinds, usagePercent: { armed: false, threshold: 50, lastValue: 58, lastFiredAt: now } } },
      pendingAlerts: [{ alert: { kind: 'usagePercent', value: 58, threshold: 50 }, at: now }],
      writer: 'another-window',
    }));
    a._test.controller.setWindowFocused(true);
    await waitFor('shown here', () => notificationsOf(a, 'usagePercent').length === before + 1);
    assert.equal(store.readState()?.pendingAlerts, undefined);
  });

  it('a window that takes over the lease keeps the back-off of the window that polled, and does not poll early', async () => {
    const store = a._test.store;
    const leasePath = path.join(store.dir, 'poller.lease');
    await waitFor('this window polls', () => a._test.controller.view.isPoller);
    // Another window takes the lease (this one follows), fails, and records its back-off: next try in 12 s.
    fs.writeFileSync(leasePath, JSON.stringify({ owner: 'other-window', until: Date.now() + LEASE_TTL_MS }));
    await waitFor('this window follows', () => !a._test.controller.view.isPoller, LEASE_RENEW_MS + 5000);
    const dueAt = Date.now() + 12_000;
    store.update(s => ({ ...s, retry: { at: dueAt, failures: 3 }, writer: 'other-window' }));
    // It closes: its lease goes.
    const k0 = fake.requestsTo(KEY_PATH).length;
    fs.unlinkSync(leasePath);
    await waitFor('this window takes over', () => a._test.controller.view.isPoller, LEASE_RENEW_MS + 5000);
    assert.match(logText(a), /Taking over after 3 failed refresh\(es\); next try in \d+ s\./);
    // The fake's request record is the truth: nothing before the inherited due time, then one poll.
    fake.addFault({ path: KEY_PATH, status: 503 });
    const req = await fake.waitForRequests(k0 + 1, { path: KEY_PATH, timeoutMs: 30_000 });
    assert.ok(req[k0].at >= dueAt - 50, `polled ${dueAt - req[k0].at} ms early`);
    // It failed again: the back-off grows from the 4th failure (interval/4 × 2³), recorded for the next window.
    const retry = await waitFor('the back-off recorded', () => { const r = store.readState()?.retry; return r && r.failures === 4 ? r : undefined; });
    const interval = a._test.controller.view.settings.refreshIntervalSeconds * 1000;
    assert.ok(retry.at - req[k0].at >= 0.8 * Math.min(8 * interval, 2 * interval) - 1000, `next try ${retry.at - req[k0].at} ms later`);
    fake.clearFaults();
    await a.refresh();
    await waitFor('a success clears it', () => store.readState()?.retry === undefined);
  });
});
