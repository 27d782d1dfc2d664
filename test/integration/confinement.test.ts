// Key confinement: the API key goes to the configured origin only, asserted by
// fake servers that record every request and its headers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FAKE_KEYS, FakeOpenRouter, KEY_PATH, type RecordedRequest } from '../fixtures/fakeOpenRouter';
import { api, logText, notificationsOf, resetSettings, setSetting, statusText, useKey, waitFor, waitForStatus, type TestApi } from './util';

const GOOD = /^\$\(credit-card\) \$4\.20$/;
const ALL_KEYS = Object.values(FAKE_KEYS);

function carriesKey(r: RecordedRequest): boolean {
  const auth = r.headers.authorization;
  const text = Array.isArray(auth) ? auth.join(' ') : auth ?? '';
  return ALL_KEYS.some(k => text.includes(k)) || JSON.stringify(r.headers).includes('sk-or-');
}

const cfg = () => vscode.workspace.getConfiguration('openrouterCredits');

/**
 * The workspace's .vscode/settings.json, written the way a cloned repository
 * would ship it (the file itself). What was there when this was called comes
 * back on restore(). A window-scoped sentinel in the same file tells when VS
 * Code has read it.
 */
function workspaceSettingsFile(): { write(values: Record<string, unknown>): Promise<void>; restore(): Promise<void> } {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the bench opens a workspace folder');
  const dir = path.join(folder.uri.fsPath, '.vscode');
  const file = path.join(dir, 'settings.json');
  const hadDir = fs.existsSync(dir);
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  return {
    async write(values) {
      const settings = { ...(previous ? JSON.parse(previous) as object : {}), ...values, 'openrouterCredits.statusBarFormat': 'remaining' };
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      await waitFor('the workspace settings file is read', () => cfg().inspect('statusBarFormat')?.workspaceValue === 'remaining');
    },
    async restore() {
      if (previous !== undefined) fs.writeFileSync(file, previous);
      else {
        fs.rmSync(file, { force: true });
        if (!hadDir) fs.rmSync(dir, { recursive: true, force: true });
      }
      await waitFor('the workspace settings file is gone', () => cfg().inspect('statusBarFormat')?.workspaceValue === undefined, 10_000).catch(() => undefined);
    },
  };
}

describe('hardening: key confinement', function () {
  this.timeout(60_000);
  let a: TestApi;
  let fake: FakeOpenRouter;
  let other: FakeOpenRouter;

  before(async () => {
    a = await api();
    fake = await FakeOpenRouter.start();
    other = await FakeOpenRouter.start();
    await setSetting('lowCreditThreshold', 0);
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    await a.refresh();
    await waitForStatus(a, GOOD);
  });

  after(async () => {
    fake.clearFaults();
    await useKey(a, fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await fake.close();
    await other.close();
  });

  it('the key reaches the configured origin only', async () => {
    const n0 = fake.requests.length;
    for (let i = 0; i < 3; i++) await a.refresh();
    const mine = fake.requests.slice(n0);
    assert.ok(mine.length >= 3, `${mine.length} requests`);
    for (const r of fake.requests) {
      assert.equal(r.port, fake.port);
      assert.ok(r.path.startsWith('/api/v1/'), r.path);
    }
    // Every request that carried a key carried the configured one, as a bearer token.
    for (const r of mine) assert.equal(r.headers.authorization, `Bearer ${FAKE_KEYS.limited}`);
    assert.equal(other.requests.length, 0, 'the other server got a request');
  });

  for (const code of [301, 302, 307, 308]) {
    it(`a ${code} redirect to another origin does not take the key along`, async () => {
      const n0 = other.requests.length;
      fake.addFault({ path: KEY_PATH, redirectTo: `${other.origin}/`, redirectStatus: code });
      try {
        await a.refresh();
        await waitFor('redirect error', () => a._test.controller.view.error?.kind === 'redirect');
        assert.match(statusText(a), /^\$\(cloud-offline\) \$4\.20$/);
        // The client does not follow: the target hears nothing at all.
        assert.equal(other.requests.length, n0);
        assert.ok(!other.requests.some(carriesKey));
      } finally {
        fake.clearFaults();
      }
      await a.refresh();
      await waitForStatus(a, GOOD, 5000);
    });
  }

  it('a workspace .vscode/settings.json cannot redirect the key (apiBaseUrl is application-scoped)', async () => {
    const evil = await FakeOpenRouter.start();
    const ws = workspaceSettingsFile();
    try {
      // Through the API first: VS Code refuses a workspace value for an application setting.
      let apiRefused = false;
      try {
        await cfg().update('apiBaseUrl', evil.baseUrl, vscode.ConfigurationTarget.Workspace);
      } catch {
        apiRefused = true;
      }
      // Then the way a cloned repository would do it: the file itself.
      await ws.write({ 'openrouterCredits.apiBaseUrl': evil.baseUrl });

      console.log(`[figure] workspace-scoped write of apiBaseUrl through the configuration API: ${apiRefused ? 'refused' : 'accepted, then ignored'}; workspace file value seen by VS Code: ${String(cfg().inspect('apiBaseUrl')?.workspaceValue)}`);
      assert.equal(a._test.controller.view.settings.apiBaseUrl, fake.baseUrl);
      const n0 = fake.requestsTo(KEY_PATH).length;
      await a.refresh();
      await waitForStatus(a, GOOD, 5000);
      assert.ok(fake.requestsTo(KEY_PATH).length > n0, 'the configured server got the refresh');
      assert.equal(evil.requests.length, 0, `the workspace's server got ${evil.requests.length} request(s) (API write refused: ${apiRefused})`);
      assert.equal(a._test.controller.view.settings.apiBaseUrl, fake.baseUrl);
    } finally {
      await ws.restore();
      await evil.close();
    }
  });

  it('a workspace .vscode/settings.json can make warnings come sooner, never silence or loosen them', async () => {
    const user = { notifications: true, usageWarningPercent: 90, spendAlertPerHour: 2, dailyBudget: 10, monthlyBudget: 50, budgetWarningPercent: 80, dailyReport: false } as const;
    for (const [k, v] of Object.entries(user)) await setSetting(k, v);
    await waitFor('the user settings', () => a._test.controller.view.settings.monthlyBudget === 50 && a._test.controller.view.settings.spendAlertPerHour === 2);
    const ws = workspaceSettingsFile();
    try {
      await ws.write({
        // Silencing and loosening: none of these may count.
        'openrouterCredits.notifications': false,
        'openrouterCredits.usageWarningPercent': 0,
        'openrouterCredits.spendAlertPerHour': 0,
        'openrouterCredits.monthlyBudget': 5000,
        'openrouterCredits.budgetWarningPercent': 100,
        'openrouterCredits.refreshIntervalSeconds': 86_400,
        // Tightening: these count.
        'openrouterCredits.dailyBudget': 3,
        'openrouterCredits.weeklyBudget': 20,
        'openrouterCredits.lowCreditThreshold': 2,
      });
      assert.equal(cfg().inspect('notifications')?.workspaceValue, false, 'VS Code sees the workspace values');
      // The tightened budget shows the extension has read the file.
      await waitFor('the workspace budget takes effect', () => a._test.controller.view.settings.dailyBudget === 3);
      const s = a._test.controller.view.settings;
      assert.deepEqual(
        { notifications: s.notifications, usageWarningPercent: s.usageWarningPercent, spendAlertPerHour: s.spendAlertPerHour, dailyBudget: s.dailyBudget, monthlyBudget: s.monthlyBudget, budgetWarningPercent: s.budgetWarningPercent, dailyReport: s.dailyReport },
        { ...user, dailyBudget: 3 },
      );
      assert.equal(s.refreshIntervalSeconds, 300, 'the default interval, not a day');
      assert.equal(s.weeklyBudget, 20, 'a budget where the user has none');
      assert.equal(s.lowCreditThreshold, 2, 'warns at a higher balance than the user\'s 0 (off)');
      assert.equal(a._test.notifier['enabled'](), true, 'the notifier reads notifications through the same rule');
    } finally {
      await ws.restore();
      for (const k of Object.keys(user)) await setSetting(k, undefined);
      await setSetting('lowCreditThreshold', 0);
      await waitFor('the settings are back', () => a._test.controller.view.settings.dailyBudget === 0 && a._test.controller.view.settings.lowCreditThreshold === 0);
    }
  });

  it('a base URL that is neither https nor loopback is refused, and nothing is sent', async () => {
    const n0 = fake.requests.length;
    const o0 = other.requests.length;
    const refused0 = notificationsOf(a, 'insecureBaseUrl').length;
    try {
      await setSetting('apiBaseUrl', 'http://example.com/api/v1');
      await waitFor('the setting is applied', () => a._test.controller.view.settings.apiBaseUrl === 'http://example.com/api/v1');
      await a.refresh();
      const v = a._test.controller.view;
      assert.equal(v.status, 'error');
      assert.equal(v.error?.kind, 'insecureBaseUrl');
      assert.match(v.error!.message, /https/);
      assert.match(statusText(a), /^\$\(cloud-offline\) /);
      assert.equal(notificationsOf(a, 'insecureBaseUrl').length, refused0 + 1);
      assert.match(notificationsOf(a, 'insecureBaseUrl').at(-1)![1], /https/);
      // checkKey (the Set API Key path) refuses too.
      await assert.rejects(a._test.controller.checkKey(FAKE_KEYS.management), (e: { kind?: string }) => e.kind === 'insecureBaseUrl');
      assert.equal(fake.requests.length, n0, 'the fake server got a request');
      assert.equal(other.requests.length, o0);
    } finally {
      await setSetting('apiBaseUrl', fake.baseUrl);
      await waitFor('the setting is applied', () => a._test.controller.view.settings.apiBaseUrl === fake.baseUrl);
    }
    await a.refresh();
    await waitForStatus(a, GOOD, 5000);
  });

  it('no log line, status bar text, tooltip or error message contains the key', async () => {
    // Produce some errors whose messages could echo the request.
    fake.addFault({ path: KEY_PATH, status: 401, times: 1 });
    await a.refresh();
    await waitFor('invalid key', () => a._test.controller.view.status === 'invalidKey');
    const texts: Array<[string, string]> = [];
    const collect = (where: string) => {
      const item = a._test.statusBar.item;
      const tip = item.tooltip as vscode.MarkdownString | string | undefined;
      texts.push([`${where}: text`, item.text]);
      texts.push([`${where}: tooltip`, typeof tip === 'string' ? tip : tip?.value ?? '']);
      texts.push([`${where}: accessibility`, item.accessibilityInformation?.label ?? '']);
      texts.push([`${where}: error`, JSON.stringify(a._test.controller.view.error ?? null)]);
    };
    collect('invalid key');
    fake.addFault({ path: KEY_PATH, status: 500, body: JSON.stringify({ error: { code: 500, message: `boom Bearer ${FAKE_KEYS.limited}` } }), times: 1 });
    await a.refresh();
    await waitFor('server error', () => a._test.controller.view.error?.kind === 'serviceError');
    collect('server error echoing the key');
    await a.refresh();
    await waitForStatus(a, GOOD, 5000);
    collect('healthy');
    texts.push(['notifications', JSON.stringify(a._test.notifier.shown)]);
    texts.push(['snapshot', JSON.stringify(a.getSnapshot() ?? null)]);
    // The log file is written asynchronously: wait until it holds the latest refresh.
    await waitFor('the echoed server message in the log', () => logText(a).includes('boom'), 10_000);
    texts.push(['log', logText(a)]);
    for (const [where, text] of texts) {
      for (const k of ALL_KEYS) assert.ok(!text.includes(k), `${where} contains a key`);
      assert.ok(!/sk-or-v1-[a-z0-9-]{6,}/i.test(text), `${where} contains key material: ${text.slice(0, 200)}`);
    }
    assert.ok(texts.find(([w]) => w === 'log')![1].length > 0, 'the log is readable');
  });
});
