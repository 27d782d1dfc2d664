// Commands trust no caller (issue 21, item 8): any extension or command link
// can run a registered command with any arguments, so none of them stores a
// key, switches accounts, renames one or writes a file from its arguments.
// Each asks the user instead (a box, a pick, the save dialog), closed here
// unanswered; and nothing changed. The argument forms are the extension's
// own (a._test.commands); outside text in a notification is plain text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { secretIdOf } from '../../src/core/accounts/accounts';
import { FAKE_KEYS, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { notificationsOf, setSetting, type TestApi, waitFor, withFakeAccount } from './util';

/** Runs a command that should ask the user, closes what it shows until it returns, and returns its result. */
async function unanswered<T>(id: string, ...args: unknown[]): Promise<T | undefined> {
  let done = false;
  let result: T | undefined;
  const run = Promise.resolve(vscode.commands.executeCommand<T>(id, ...args)).then(r => { result = r; done = true; });
  await waitFor(`${id} to ask, and to give up when closed`, async () => {
    if (!done) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    return done;
  });
  await run;
  return result;
}

describe('commands from other callers', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount();
  let a: TestApi;
  let fake: FakeOpenRouter;
  let dir: string;

  before(async () => {
    ({ a, fake } = ctx);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-args-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Add API Key, Switch Account, Rename Account and Export Usage act on no argument', async () => {
    await setSetting('apiBaseUrl', fake.baseUrl);
    await waitFor('settings applied', () => a._test.controller.view.settings.apiBaseUrl === fake.baseUrl);
    const team = await a._test.commands.addApiKey(FAKE_KEYS.management, 'Team');
    const personal = await a._test.commands.addApiKey(FAKE_KEYS.limited, 'Personal');
    assert.ok(team && personal, 'the extension\'s own callers still add accounts');
    assert.equal(a._test.controller.activeId, personal);
    const accounts = a._test.controller.accounts.map(x => `${x.id}:${x.name}`);

    assert.equal(await unanswered('openrouterCredits.addApiKey', FAKE_KEYS.unlimited, 'Evil'), undefined);
    assert.equal(await unanswered('openrouterCredits.switchAccount', team), false);
    assert.equal(await unanswered('openrouterCredits.renameAccount', personal, '[Update](command:workbench.action.quit)'), false);
    assert.deepEqual(a._test.controller.accounts.map(x => `${x.id}:${x.name}`), accounts, 'no account added or renamed');
    assert.equal(a._test.controller.activeId, personal, 'no switch');
    for (const acc of a._test.controller.accounts) assert.notEqual(await a._test.secrets.get(secretIdOf(acc.id)), FAKE_KEYS.unlimited);

    const target = vscode.Uri.file(path.join(dir, 'overwritten.csv'));
    fs.writeFileSync(target.fsPath, 'keep me');
    assert.equal(await unanswered('openrouterCredits.exportUsage', target), undefined);
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), 'keep me', 'the file is not overwritten');
  });

  it('a notification shows outside text (a key\'s name, a path) as plain text: no link, no icon', async () => {
    void a._test.notifier.answer('setKeyLimit', 'info', 'The limit of "[Update](command:workbench.action.quit)" is now $(zap)5.');
    const told = notificationsOf(a, 'setKeyLimit').at(-1)![1];
    assert.equal(told, 'The limit of "[Update] (command:workbench.action.quit)" is now $ (zap)5.');
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
