// The in-editor experience, in the real extension host against the fake server.
import { secretIdOf } from '../../src/core/accounts/accounts';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CreditSnapshot, HistoryPoint } from '../../src/core/types';
import { CREDITS_PATH, FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import {
  EXT_ID, api, logText, notificationsOf, resetSettings, setSetting, statusBackground, statusText, useKey, waitFor, waitForStatus, type TestApi,
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

  it('a management key with 60.00 credits and 43.45 used shows $16.55', async () => {
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
    assert.match(tip.value, /\$60\.00/);
    assert.match(tip.value, /command:openrouterCredits\.refresh/);
    assert.match(tip.value, /openrouter\.ai\/settings\/credits/);
    assert.deepEqual(tip.isTrusted, { enabledCommands: ['openrouterCredits.refresh', 'openrouterCredits.signIn', 'openrouterCredits.checkCredits', 'openrouterCredits.setApiKey', 'openrouterCredits.showLog', 'openrouterCredits.switchAccount', 'openrouterCredits.addApiKey', 'workbench.action.openSettings'] });
  });

  it('status bar formats apply live', async () => {
    await setSetting('statusBarFormat', 'remainingOfTotal');
    await waitForStatus(a, /\$16\.55 \/ \$60\.00/);
    await setSetting('statusBarFormat', 'percentUsed');
    await waitForStatus(a, /72\.4% used/);
    await setSetting('statusBarFormat', 'usageToday');
    // A management key spends nothing itself: today is the account's, summed over its keys (GET /keys).
    const today = await waitFor('the account periods', () => (a._test.controller.view.periods?.scope === 'account' ? a._test.controller.view.periods.today : undefined));
    assert.ok(today > 0);
    await waitForStatus(a, new RegExp(`\\$${today.toFixed(2).replace('.', '\\.')} today`));
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

  it('a manual refresh spins the status bar until its answer arrives', async () => {
    fake.reset();
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    // A management key's refresh asks /credits and /keys (its /key within the hour is reused).
    fake.addFault({ path: '/api/v1/credits', delayMs: 1500, times: 1 });
    const pending = a.refresh();
    await waitForStatus(a, /^\$\(sync~spin\) \$16\.55$/);
    assert.equal(a._test.controller.view.refreshing, true);
    await pending;
    assert.match(statusText(a), /^\$\(credit-card\) \$16\.55$/);
    assert.equal(a._test.controller.view.refreshing, false);
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

  it('a timeout keeps the last value, marked stale, and recovers on its own', async function () {
    this.timeout(60_000);
    await setSetting('refreshIntervalSeconds', 1);
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    try {
      // The next polls' /credits hang (client timeout: 10 s). Only /credits: a management key's
      // other reads (its keys per workspace, the organization) keep their last good copy when they fail.
      fake.addFault({ path: CREDITS_PATH, hang: true, times: 2 });
      await waitFor('a timeout error', () => a._test.controller.view.error?.kind === 'timeout', 30_000, 100);
      await waitForStatus(a, /^\$\(cloud-offline\) \$16\.55$/);
      fake.clearFaults();
      // No manual refresh: the poller's back-off retries by itself.
      await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/, 20_000);
      assert.equal(a._test.controller.view.error, undefined);
    } finally {
      fake.clearFaults();
      await setSetting('refreshIntervalSeconds', undefined);
    }
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
  it('usage above usageWarningPercent warns once, naming the percentage', async () => {
    fake.reset();                                   // the reference example again: 43.45 of 60.00 used (72.4%)
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    const before = notificationsOf(a, 'usagePercent').length;
    await setSetting('usageWarningPercent', 30);    // applies live: no refresh needed
    await waitFor('the usage notification', () => notificationsOf(a, 'usagePercent').length > before);
    await a.refresh();
    await a.refresh();
    const shown = notificationsOf(a, 'usagePercent').slice(before);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0][1], /72\.4%/);
    await setSetting('usageWarningPercent', undefined);
  });

  it('onDidChangeSnapshot fires once per new snapshot, never for state writes that carry none', async () => {
    fake.reset();
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /\$16\.55/);
    const events: Array<CreditSnapshot | undefined> = [];
    const sub = a.onDidChangeSnapshot(s => events.push(s));
    try {
      fake.spend(FAKE_KEYS.management, 1);
      await a.refresh();
      assert.equal(events.length, 1, 'one refresh, one event');
      assert.equal(events[0]?.spendable, 15.55);
      assert.equal(events[0]?.account?.totalUsage, 44.45);
      // Settings that re-evaluate thresholds or re-render write the shared state and
      // update the views, but the snapshot is the same one: no event.
      await setSetting('lowCreditThreshold', 2);
      await waitFor('the threshold applied', () => a._test.controller.view.settings.lowCreditThreshold === 2);
      await setSetting('statusBarFormat', 'percentUsed');
      await waitForStatus(a, /used/);
      await setSetting('statusBarFormat', undefined);
      await setSetting('lowCreditThreshold', undefined);
      await waitForStatus(a, /^\$\(credit-card\) \$15\.55$/);
      await waitFor('the threshold reset', () => a._test.controller.view.settings.lowCreditThreshold === 5);
      assert.equal(events.length, 1, `no event without a new snapshot (got ${events.length})`);
      // The next refresh brings a new snapshot (a new fetchedAt): exactly one more event.
      const before = a.getSnapshot()!.fetchedAt;
      await a.refresh();
      assert.ok(a.getSnapshot()!.fetchedAt > before);
      assert.equal(events.length, 2, `one event for the second snapshot (got ${events.length})`);
      assert.equal(events[1]?.fetchedAt, a.getSnapshot()!.fetchedAt);
      // Clearing the key fires undefined, once.
      await useKey(a, fake.baseUrl, undefined);
      await waitForStatus(a, /Set OpenRouter key/);
      assert.equal(events.length, 3);
      assert.equal(events[2], undefined);
    } finally {
      sub.dispose();
    }
  });

  it('hasCredits is false after a 402 whatever was cached, undefined on a rejected key, and recovers', async () => {
    fake.reset();
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    assert.equal(a.hasCredits(1), true);
    fake.addFault({ status: 402 });
    await a.refresh();
    await waitFor('the 402 to be seen', () => a._test.controller.view.error?.kind === 'outOfCredits');
    assert.equal(a.getSnapshot()?.spendable, 16.55, 'the cached balance is kept');
    assert.equal(a.hasCredits(1), false, 'OpenRouter refuses requests now');
    assert.equal(a.hasCredits(0.01), false);
    fake.clearFaults();
    fake.addFault({ status: 401 });
    await a.refresh();
    await waitForStatus(a, /OpenRouter key invalid/);
    assert.equal(a.hasCredits(1), undefined, 'a rejected key: the balance is unknown');
    fake.clearFaults();
    await a.refresh();
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    assert.equal(a.hasCredits(1), true);
    assert.equal(a.hasCredits(17), false);
  });

  it('the key set through the commands is in the extension\'s SecretStorage, as its account\'s; clearing removes it', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    assert.equal(a._test.controller.accounts.length, 1, 'Set API Key with no account makes the first one');
    const SECRET_ID = secretIdOf(a._test.controller.accounts[0].id);
    assert.equal(await a._test.secrets.get(SECRET_ID), FAKE_KEYS.limited);
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    assert.equal(a._test.controller.accounts.length, 1, 'Set API Key replaces the account\'s key');
    assert.equal(await a._test.secrets.get(SECRET_ID), FAKE_KEYS.management);
    await useKey(a, fake.baseUrl, undefined);
    await waitForStatus(a, /^\$\(key\) Set OpenRouter key$/);
    assert.equal(await a._test.secrets.get(SECRET_ID), undefined);
    assert.equal(a._test.controller.accounts.length, 0);
    assert.equal(a.hasCredits(1), undefined, 'no key: unknown');
  });

  it('the welcome walkthrough exists and opens', async () => {
    // VS Code opens its Welcome page for any walkthrough id, so check the contribution too.
    const ext = vscode.extensions.getExtension(EXT_ID)!;
    const walkthroughs = (ext.packageJSON.contributes?.walkthroughs ?? []) as Array<{ id: string; title: string; steps: Array<{ id: string; title: string; media?: { markdown?: string } }> }>;
    const w = walkthroughs.find(x => x.id === 'openrouterCredits.welcome');
    assert.ok(w, 'the walkthrough is contributed');
    assert.deepEqual(w!.steps.map(st => st.id), ['getKey', 'setKey', 'threshold']);
    for (const st of w!.steps) {
      if (st.media?.markdown) assert.ok(fs.existsSync(path.join(ext.extensionPath, st.media.markdown)), `${st.media.markdown} ships`);
    }
    const labels = () => vscode.window.tabGroups.all.flatMap(g => g.tabs.map(t => t.label));
    const before = new Set(labels());
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXT_ID}#openrouterCredits.welcome`, false);
    const tab = await waitFor('the walkthrough tab', () => vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => !before.has(t.label) && /Welcome|Get started|OpenRouter/i.test(t.label)));
    await vscode.window.tabGroups.close(tab);
    await waitFor('the walkthrough tab closed', () => !labels().includes(tab.label));
  });

  it('an unusual hour of spend warns once, naming the amount', async () => {
    fake.reset();
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    const snap = a.getSnapshot()!;
    const acct = snap.account!;
    // An hour of history: flat until 60 min ago, then $3 of the account's spend up to its
    // current usage (a management key spends nothing itself: its own usage stays as it is).
    const now = Date.now();
    const points: HistoryPoint[] = [];
    for (let m = 65; m >= 5; m -= 5) {
      const missing = m >= 60 ? 3 : 3 * (m - 5) / 55;  // $3 still to spend at -60 min, $0 at -5 min
      const totalUsage = acct.totalUsage - missing;
      points.push({ t: now - m * 60_000, keyUsage: snap.key.usage, totalUsage, totalCredits: acct.totalCredits, spendable: acct.totalCredits - totalUsage });
    }
    a._test.store.saveHistory(a._test.controller.keys!.id!, points);
    // Test seam: the controller keeps the history in memory; reload() re-reads the file
    // (as it does when another window writes it), and fire() recomputes the view.
    (a._test.controller.shown as unknown as { history: { reload(): void } }).history.reload();
    a._test.controller.fire();
    const spent = a._test.controller.view.derived?.spendLastHour;
    assert.ok(spent !== undefined && Math.abs(spent - 3) < 1e-6, `spend in the last hour: ${spent}`);
    const before = notificationsOf(a, 'spendSpike').length;
    await setSetting('spendAlertPerHour', 1);
    await a.refresh();
    await waitFor('the spend notification', () => notificationsOf(a, 'spendSpike').length > before);
    await a.refresh();
    const shown = notificationsOf(a, 'spendSpike').slice(before);
    assert.deepEqual(shown, [['spendSpike', 'Unusual OpenRouter spend: $3.00 in the last hour']]);
    await setSetting('spendAlertPerHour', undefined);
  });
});
