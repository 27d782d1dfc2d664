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
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the bench opens a workspace folder');
    const dir = path.join(folder.uri.fsPath, '.vscode');
    const file = path.join(dir, 'settings.json');
    const hadDir = fs.existsSync(dir);
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const cfg = () => vscode.workspace.getConfiguration('openrouterCredits');
    try {
      // Through the API first: VS Code refuses a workspace value for an application setting.
      let apiRefused = false;
      try {
        await cfg().update('apiBaseUrl', evil.baseUrl, vscode.ConfigurationTarget.Workspace);
      } catch {
        apiRefused = true;
      }
      // Then the way a cloned repository would do it: the file itself. A
      // window-scoped sentinel in the same file tells when VS Code has read it.
      const settings = { ...(previous ? JSON.parse(previous) as object : {}), 'openrouterCredits.apiBaseUrl': evil.baseUrl, 'openrouterCredits.statusBarFormat': 'remaining' };
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      await waitFor('the workspace settings file is read', () => cfg().inspect('statusBarFormat')?.workspaceValue === 'remaining');

      console.log(`[figure] workspace-scoped write of apiBaseUrl through the configuration API: ${apiRefused ? 'refused' : 'accepted, then ignored'}; workspace file value seen by VS Code: ${String(cfg().inspect('apiBaseUrl')?.workspaceValue)}`);
      assert.equal(a._test.controller.view.settings.apiBaseUrl, fake.baseUrl);
      const n0 = fake.requestsTo(KEY_PATH).length;
      await a.refresh();
      await waitForStatus(a, GOOD, 5000);
      assert.ok(fake.requestsTo(KEY_PATH).length > n0, 'the configured server got the refresh');
      assert.equal(evil.requests.length, 0, `the workspace's server got ${evil.requests.length} request(s) (API write refused: ${apiRefused})`);
      assert.equal(a._test.controller.view.settings.apiBaseUrl, fake.baseUrl);
    } finally {
      if (previous !== undefined) fs.writeFileSync(file, previous);
      else {
        fs.rmSync(file, { force: true });
        if (!hadDir) fs.rmSync(dir, { recursive: true, force: true });
      }
      await waitFor('the workspace settings file is gone', () => cfg().inspect('statusBarFormat')?.workspaceValue === undefined, 10_000).catch(() => undefined);
      await evil.close();
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
