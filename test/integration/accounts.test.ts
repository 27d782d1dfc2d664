// Several accounts (issue 12), in the real extension host against the fake
// server: two accounts of different kinds on the window's one poller, each
// warning once under its own name; a pin to an account by name, and to a name
// that is none; removal that leaves nothing behind; and the migration of
// today's single key into an account, with its history and thresholds.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LEGACY_SECRET_ID, secretIdOf } from '../../src/core/accounts/accounts';
import { keyId } from '../../src/core/identity';
import { AccountsController } from '../../src/vscode/accounts/accountsController';
import { SharedStore } from '../../src/vscode/sync/sharedStore';
import { normalizeSettings } from '../../src/core/settings';
import { CREDITS_PATH, FAKE_KEYS, KEY_PATH, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { notificationsOf, setSetting, type TestApi, waitFor, withFakeAccount } from './util';

const authOf = (key: string) => `Bearer ${key}`;

/** A second window's accounts on `root`, against the fake, with the running extension's secrets, notifier and log. */
function windowOn(a: TestApi, fake: FakeOpenRouter, root: SharedStore): AccountsController {
  return new AccountsController({
    settings: normalizeSettings({ apiBaseUrl: fake.baseUrl, refreshIntervalSeconds: 300 }, 1),
    secrets: a._test.secrets, root, notifier: a._test.notifier, log: a._test.log, userAgent: 'test',
    workspaceAccount: () => undefined, envName: 'OPENROUTER_API_KEY',
  });
}

describe('several accounts', function () {
  this.timeout(90_000);
  const ctx = withFakeAccount();
  let a: TestApi;
  let fake: FakeOpenRouter;

  before(() => ({ a, fake } = ctx));

  async function removeAll(): Promise<void> {
    for (const acc of [...a._test.controller.accounts]) await a._test.controller.remove(acc.id);
  }

  after(async () => {
    await setSetting('account', undefined);
    await removeAll();
  });

  async function add(key: string, name: string): Promise<string> {
    const snap = await a._test.controller.checkKey(key);
    const r = await a._test.controller.addKey(key, snap, name);
    assert.equal(r.kind, 'added');
    return r.kind === 'added' ? r.account.id : '';
  }

  it('two accounts of different kinds refresh on the one poller, and each warns once under its own name', async () => {
    await setSetting('apiBaseUrl', fake.baseUrl);
    await waitFor('settings applied', () => a._test.controller.view.settings.apiBaseUrl === fake.baseUrl);
    const team = await add(FAKE_KEYS.management, 'Team');
    const personal = await add(FAKE_KEYS.limited, 'Personal');
    const v = a._test.controller.view;
    assert.deepEqual(v.accounts?.rows.map(r => [r.name, r.active, r.shown]), [['Team', false, false], ['Personal', true, true]], 'the added account is active and shown');
    await waitFor('this window polls', () => a._test.controller.poller.isPoller);
    await waitFor('both balances', () => a._test.controller.view.accounts?.rows.every(r => r.spendable !== undefined));
    const rows = a._test.controller.view.accounts!.rows;
    assert.equal(rows[0].kind, 'management');
    assert.equal(rows[1].kind, 'limited');

    // One refresh of the window asks for every account, each by the rules of its kind.
    fake.clearRequests();
    await a.refresh();
    const creditsBy = fake.requestsTo(CREDITS_PATH).map(r => r.headers.authorization);
    assert.ok(creditsBy.includes(authOf(FAKE_KEYS.management)), 'the management key asks /credits');
    assert.ok(!creditsBy.includes(authOf(FAKE_KEYS.limited)), 'the limited key\'s /credits 403 is remembered: not asked again');
    assert.ok(fake.requestsTo(KEY_PATH).some(r => r.headers.authorization === authOf(FAKE_KEYS.limited)), 'the limited key asks /key');

    // Both balances are below this threshold: each account warns, under its own name, once.
    const before = notificationsOf(a, 'lowCredit').length;
    await setSetting('lowCreditThreshold', 1_000_000);
    await waitFor('both warnings', () => notificationsOf(a, 'lowCredit').length >= before + 2);
    await a.refresh();
    await a.refresh();
    const texts = notificationsOf(a, 'lowCredit').slice(before).map(([, t]) => t);
    assert.equal(texts.filter(t => t.startsWith('Team: OpenRouter credit is low: ')).length, 1, texts.join(' | '));
    assert.equal(texts.filter(t => t.startsWith('Personal: OpenRouter credit is low: ')).length, 1, texts.join(' | '));
    assert.equal(texts.length, 2, texts.join(' | '));
    // Each has its own thresholds state, in its own folder.
    for (const id of [team, personal]) {
      const state = JSON.parse(fs.readFileSync(path.join(a._test.root.dir, 'accounts', id, 'state.json'), 'utf8')) as { thresholds?: { kinds: { lowCredit?: { lastFiredAt?: number } } } };
      assert.ok(state.thresholds?.kinds.lowCredit?.lastFiredAt, `account ${id} records its own crossing`);
    }
    await setSetting('lowCreditThreshold', 0);
  });

  it('a second management key of the same OpenRouter account does not fetch it again, and the account counts once in the total, with its normal key', async () => {
    const second = 'sk-or-v1-fake-management-0009';
    const mgmt = fake.getKeyState(FAKE_KEYS.management)!;
    fake.setKeyState(second, { ...mgmt, key: { ...mgmt.key, label: 'Admin key' } });
    const admin = await add(second, 'Team admin');
    const team = a._test.controller.accounts.find(x => x.name === 'Team')!;
    await waitFor('both know the account\'s keys', () => [team.id, admin].every(id => a._test.controller.view.accounts?.rows.find(r => r.id === id)?.spendable !== undefined)
      && a._test.controller.view.breakdown?.keys?.length);
    // From here on, one refresh asks the account's endpoints with the first management key only.
    await a.refresh();
    fake.clearRequests();
    await a.refresh();
    await a.refresh();
    const bySecond = fake.requests.filter(r => r.headers.authorization === authOf(second)).map(r => r.path);
    assert.deepEqual(bySecond, [], 'the second key asked nothing');
    assert.ok(fake.requestsTo(CREDITS_PATH).filter(r => r.headers.authorization === authOf(FAKE_KEYS.management)).length >= 2);
    const rows = a._test.controller.view.accounts!.rows;
    const teamRow = rows.find(r => r.id === team.id)!;
    const adminRow = rows.find(r => r.id === admin)!;
    assert.equal(adminRow.spendable, teamRow.spendable, 'the same account\'s balance');
    assert.equal(adminRow.stale, false, 'kept current by the first key\'s fetch');
    // Every key of the fake is one personal account (/key: organization_id null, one creator_user_id):
    // the limited key 'Personal' is a key of it too, so the total is the account's balance alone.
    const personal = rows.find(r => r.name === 'Personal')!;
    assert.ok(personal.spendable !== undefined && personal.spendable > 0);
    assert.ok(Math.abs(a._test.controller.view.accounts!.total! - teamRow.spendable!) < 1e-9, 'the account counts once in the total');
    await a._test.controller.remove(admin);
    fake.removeKey(second);
  });

  it('Switch Account makes another account active; a pin shows its account, and an unknown name shows no figures at all', async () => {
    const [team, personal] = a._test.controller.accounts;
    // The id is the extension's own callers' (the details page's): the registered command takes none.
    assert.equal(await a._test.commands.switchAccount(team.id), true);
    await waitFor('Team shown', () => a._test.controller.view.accounts?.rows.find(r => r.shown)?.name === 'Team');
    assert.equal(a._test.controller.view.snapshot?.key.isManagementKey, true);
    assert.match(a._test.statusBar.item.text, /Team/);

    await setSetting('account', 'Personal');
    await waitFor('the pin', () => a._test.controller.view.accounts?.pinned && a._test.controller.view.accounts.rows.find(r => r.shown)?.id === personal.id);
    assert.equal(a._test.controller.activeId, team.id, 'a pin changes nothing for the other windows');
    assert.equal(a._test.controller.view.snapshot?.key.isManagementKey, false);

    await setSetting('account', 'personal'); // names match exactly
    await waitFor('unknown account', () => a._test.controller.view.status === 'unknownAccount');
    const v = a._test.controller.view;
    assert.equal(v.snapshot, undefined);
    assert.equal(v.periods, undefined);
    assert.equal(v.accounts?.unknownName, 'personal');
    assert.ok(!/\$\d/.test(a._test.statusBar.item.text), `no figure of another account: ${a._test.statusBar.item.text}`);
    // Such a workspace never decides where a key goes: Set API Key explains instead of storing.
    const count = a._test.controller.accounts.length;
    const answers = notificationsOf(a, 'setApiKey').length;
    assert.equal(await vscode.commands.executeCommand('openrouterCredits.setApiKey'), false);
    assert.equal(notificationsOf(a, 'setApiKey').length, answers + 1);
    assert.match(notificationsOf(a, 'setApiKey').at(-1)![1], /there is no account with that name/);
    assert.equal(a._test.controller.accounts.length, count);

    // Any repository can set the name: it shows as plain text, never as a link that runs a command.
    const hostile = '[Update](command:workbench.action.quit)';
    await setSetting('account', hostile);
    await waitFor('the hostile name', () => a._test.controller.view.accounts?.unknownName === hostile);
    assert.equal(await vscode.commands.executeCommand('openrouterCredits.setApiKey'), false);
    const told = notificationsOf(a, 'setApiKey').at(-1)![1];
    assert.ok(told.includes('"[Update] (command:workbench.action.quit)"'), told);
    assert.ok(!/\]\(/.test(told), `a link in the notification: ${told}`);

    await setSetting('account', undefined);
    await waitFor('the active account again', () => a._test.controller.view.accounts?.rows.find(r => r.shown)?.id === team.id);
    assert.equal(await a._test.commands.renameAccount(team.id, 'Work'), true);
    assert.equal(a._test.controller.view.accounts?.rows.find(r => r.shown)?.name, 'Work');
  });

  it('removing an account leaves nothing of it on disk or in SecretStorage', async () => {
    const personal = a._test.controller.accounts.find(x => x.name === 'Personal')!;
    const dir = path.join(a._test.root.dir, 'accounts', personal.id);
    assert.ok(fs.existsSync(path.join(dir, 'state.json')));
    assert.equal(await a._test.secrets.get(secretIdOf(personal.id)), FAKE_KEYS.limited);
    await a._test.controller.remove(personal.id);
    assert.equal(await a._test.secrets.get(secretIdOf(personal.id)), undefined);
    assert.equal(fs.existsSync(dir), false, 'its folder (state, thresholds, history) is gone');
    // A poll in flight in another part of the window must not bring it back.
    await a.refresh();
    assert.equal(fs.existsSync(dir), false);
    const everything = listFiles(a._test.root.dir).map(f => fs.readFileSync(f, 'utf8')).join('\n');
    assert.ok(!everything.includes(personal.id), 'no file names the removed account');
    assert.ok(!everything.includes('Personal'), 'nor its name');
    assert.ok(!everything.includes(FAKE_KEYS.limited), 'nor its key');
    assert.deepEqual(a._test.controller.view.accounts?.rows.map(r => r.name), ['Work']);
    await removeAll();
    assert.deepEqual(a._test.controller.accounts, []);
  });

  it("migrates today's single key into an account named after its label, with its history and thresholds", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-migrate-'));
    const windowId = crypto.randomBytes(8).toString('hex');
    const root = new SharedStore(dir, windowId, a._test.log);
    const kid = keyId(root.salt, FAKE_KEYS.limited);
    // What an earlier version left: the key under the legacy id, and its state and history beside the shared files.
    await a._test.secrets.store(LEGACY_SECRET_ID, FAKE_KEYS.limited);
    const snap = await a._test.controller.checkKey(FAKE_KEYS.limited);
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({
      v: 1, keyGen: 1, updatedAt: 1, keyId: kid, snapshot: snap,
      thresholds: { v: 1, kinds: { lowCredit: { armed: false, suppressed: true, lastFiredAt: 1 } } },
    }));
    root.saveHistory(kid, [{ t: snap.fetchedAt - 3_600_000, keyUsage: snap.key.usage - 1 }, { t: snap.fetchedAt, keyUsage: snap.key.usage }]);
    const c = windowOn(a, fake, root);
    try {
      await c.start();
      assert.equal(c.accounts.length, 1);
      const acc = c.accounts[0];
      assert.equal(acc.name, snap.key.label, 'named after its label');
      assert.equal(acc.kind, 'limited');
      assert.equal(acc.keyId, kid);
      assert.equal(await a._test.secrets.get(secretIdOf(acc.id)), FAKE_KEYS.limited, 'no re-entry: the key moved');
      assert.equal(await a._test.secrets.get(LEGACY_SECRET_ID), undefined, 'and left the legacy place');
      const moved = JSON.parse(fs.readFileSync(path.join(dir, 'accounts', acc.id, 'state.json'), 'utf8')) as { thresholds?: { kinds: { lowCredit?: { suppressed?: boolean } } } };
      assert.equal(moved.thresholds?.kinds.lowCredit?.suppressed, true, 'its thresholds state came along');
      assert.equal(fs.existsSync(path.join(dir, 'state.json')), false);
      await waitFor('its history shown', () => c.historyPoints.length >= 2);
      assert.equal(c.view.accounts?.rows[0].shown, true);
      assert.equal(c.view.snapshot?.key.label, snap.key.label);
    } finally {
      for (const acc of [...c.accounts]) await c.remove(acc.id);
      c.dispose();
      root.dispose();
      await a._test.secrets.delete(LEGACY_SECRET_ID);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one manual refresh builds the shown account\'s view model once (the spinner is a patch, not a build)', async () => {
    // A window of its own (its own folder, lease and focus records): nothing of the other suites' windows reaches it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-builds-'));
    const root = new SharedStore(dir, crypto.randomBytes(8).toString('hex'), a._test.log);
    const c = windowOn(a, fake, root);
    try {
      await c.start();
      const snap = await c.checkKey(FAKE_KEYS.limited);
      assert.equal((await c.addKey(FAKE_KEYS.limited, snap, 'Counted')).kind, 'added');
      await waitFor('this window polls', () => c.poller.isPoller, 30_000);
      const shown = c.shown!;
      // What adding the account set off (the secret's change event, taking the lease) lands first: no build for 1.5 s.
      await waitFor('the account settles', async () => {
        const b = shown.builds;
        await new Promise(r => setTimeout(r, 1500));
        return shown.builds === b;
      }, 30_000);
      const spins: boolean[] = [];
      const sub = c.onDidChange(v => spins.push(v.refreshing));
      const before = shown.builds;
      const fetchedBefore = c.view.snapshot?.fetchedAt ?? 0;
      await c.refresh();
      sub.dispose();
      assert.ok((c.view.snapshot?.fetchedAt ?? 0) > fetchedBefore, 'the refresh brought new figures');
      assert.equal(shown.builds - before, 1, 'built once, for the answer');
      assert.equal(spins[0], true, 'the spinner went on');
      assert.equal(spins[spins.length - 1], false, 'and off');
    } finally {
      for (const acc of [...c.accounts]) await c.remove(acc.id);
      c.dispose();
      root.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
