// The in-editor experience, in the real extension host against the fake server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import {
  api, logText, notificationsOf, resetSettings, setSetting, statusBackground, statusText, useKey, waitFor, waitForStatus, type TestApi,
} from './util';

describe('experience: status bar, keys and warnings', function () {
  let fake: FakeOpenRouter;
  let a: TestApi;

  before(async () => {
    a = await api();
    fake = await FakeOpenRouter.start();
  });
  after(async () => {
    await useKey(a, fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await fake.close();
  });

  it('creates the item with the contracted id and name', () => {
    const item = a._test.statusBar.item;
    assert.equal(item.id, 'openrouterCredits.status');
    assert.equal(item.name, 'OpenRouter Credits');
    assert.ok(item.accessibilityInformation?.label.startsWith('OpenRouter Credits'));
  });

  it('a management key with 25.00 credits and 8.45 used shows $16.55', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    assert.equal(statusBackground(a), undefined);
    assert.equal(a.getSnapshot()?.spendable, 16.55);
    assert.equal(a.hasCredits(10), true);
    assert.equal(a.hasCredits(20), false);
    const viaCommand = await vscode.commands.executeCommand<{ spendable: number }>('openrouterCredits.getSnapshot');
    assert.equal(viaCommand.spendable, 16.55);
    assert.ok(!JSON.stringify(viaCommand).includes(FAKE_KEYS.management), 'snapshot must not hold the key');
  });

  it('the key lives in SecretStorage only, never in settings', () => {
    const all = JSON.stringify(vscode.workspace.getConfiguration('openrouterCredits'));
    assert.ok(!all.includes(FAKE_KEYS.management));
    assert.ok(!logText(a).includes(FAKE_KEYS.management), 'key must not be logged');
  });

  it('the tooltip shows figures and trusted command links only', () => {
    const tip = a._test.statusBar.item.tooltip as vscode.MarkdownString;
    assert.match(tip.value, /\$25\.00/);
    assert.match(tip.value, /command:openrouterCredits\.refresh/);
    assert.match(tip.value, /openrouter\.ai\/settings\/credits/);
    assert.deepEqual(tip.isTrusted, { enabledCommands: ['openrouterCredits.refresh', 'openrouterCredits.checkCredits', 'openrouterCredits.setApiKey', 'openrouterCredits.showLog', 'workbench.action.openSettings'] });
  });

  it('status bar formats apply live', async () => {
    await setSetting('statusBarFormat', 'remainingOfTotal');
    await waitForStatus(a, /\$16\.55 \/ \$25\.00/);
    await setSetting('statusBarFormat', 'percentUsed');
    await waitForStatus(a, /33\.8% used/);
    await setSetting('statusBarFormat', 'usageToday');
    await waitForStatus(a, /\$1\.25 today/);
    await setSetting('statusBarFormat', undefined);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
  });

  it('a normal key with limit 20 and 4.20 left: $4.20, warning background, one low-credit notification', async () => {
    const before = notificationsOf(a, 'lowCredit').length;
    await setSetting('refreshIntervalSeconds', 1);
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    await waitForStatus(a, /\$4\.20/);
    assert.equal(statusBackground(a), 'statusBarItem.warningBackground');
    await waitFor('the low-credit notification', () => notificationsOf(a, 'lowCredit').length > before);
    // Several polls later, still exactly one.
    const n = fake.requestsTo('/api/v1/key').length;
    await fake.waitForRequests(n + 3, { path: '/api/v1/key', timeoutMs: 20_000 });
    const shown = notificationsOf(a, 'lowCredit').slice(before);
    assert.equal(shown.length, 1);
    assert.equal(shown[0][1], 'OpenRouter credit is low: $4.20 left');
    await setSetting('refreshIntervalSeconds', undefined);
  });

  it('a normal key without a limit claims no balance: usage today, no warning', async () => {
    const before = a._test.notifier.shown.length;
    await useKey(a, fake.baseUrl, FAKE_KEYS.unlimited);
    const text = await waitForStatus(a, /today/);
    assert.equal(text, '$(credit-card) $0.42 today');
    assert.equal(statusBackground(a), undefined);
    assert.equal(a.getSnapshot()?.spendable, undefined);
    assert.equal(a.hasCredits(1), undefined);
    await a.refresh();
    assert.equal(a._test.notifier.shown.length, before);
  });

  it('clearing the key returns the item to "Set OpenRouter key"', async () => {
    await useKey(a, fake.baseUrl, undefined);
    await waitForStatus(a, /^\$\(key\) Set OpenRouter key$/);
    assert.equal(a._test.statusBar.item.command, 'openrouterCredits.setApiKey');
    assert.equal(a.getSnapshot(), undefined);
  });

  it('a 401 gives the invalid-key state with a way to set the key, and one notification', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    await waitForStatus(a, /\$4\.20/);
    const before = notificationsOf(a, 'invalidKey').length;
    fake.addFault({ status: 401 });
    await a.refresh();
    await waitForStatus(a, /OpenRouter key invalid/);
    assert.equal(a._test.statusBar.item.command, 'openrouterCredits.setApiKey');
    await a.refresh();
    assert.equal(notificationsOf(a, 'invalidKey').length - before, 1);
    fake.clearFaults();
    await a.refresh();
    await waitForStatus(a, /\$\(warning\) \$4\.20/);
  });

  it('a 5xx keeps the last value, marked stale; the log shows the backoff; it recovers on its own', async () => {
    await setSetting('refreshIntervalSeconds', 1);
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    fake.addFault({ status: 503 });
    await waitForStatus(a, /^\$\(cloud-offline\) \$16\.55$/);
    await waitFor('a backoff line in the log', () => /Refresh failed \(serviceError, attempt \d+\); next try in \d+ s/.test(logText(a)), 20_000, 200);
    fake.clearFaults();
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/, 30_000);
    await setSetting('refreshIntervalSeconds', undefined);
  });

  it('a timeout keeps the last value, marked stale', async function () {
    this.timeout(60_000);
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    fake.addFault({ hang: true, times: 2 });
    await a.refresh();
    await waitForStatus(a, /^\$\(cloud-offline\) \$16\.55$/);
    assert.equal(a._test.controller.view.error?.kind, 'timeout');
    fake.clearFaults();
    await a.refresh();
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
  });

  it('a balance that drains across the threshold warns once; a top-up re-arms the warning', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /\$16\.55/);
    const before = notificationsOf(a, 'lowCredit').length;
    await setSetting('lowCreditThreshold', 15);
    for (const spend of [0.5, 0.5, 0.5, 0.5]) {   // 16.55 → 14.55: crosses 15 once
      fake.spend(FAKE_KEYS.management, spend);
      await a.refresh();
    }
    await waitForStatus(a, /\$14\.55/);
    assert.equal(notificationsOf(a, 'lowCredit').length - before, 1);
    fake.topUp(FAKE_KEYS.management, 10);          // 24.55: well above threshold + hysteresis
    await a.refresh();
    await waitForStatus(a, /^\$\(credit-card\) \$24\.55$/);
    fake.spend(FAKE_KEYS.management, 10);          // 14.55 again: a new crossing
    await a.refresh();
    await waitFor('the second warning', () => notificationsOf(a, 'lowCredit').length - before === 2);
    await setSetting('lowCreditThreshold', undefined);
  });
});
