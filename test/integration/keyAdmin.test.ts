// Managing the account's keys (issue 20, item 6) against the fake
// OpenRouter: Create Key (the POST, the secret shown once in the modal's
// detail, Copy, Add as Account), Rename, Disable, Enable and Delete (a modal
// naming the key and its month's spend; cancelled, nothing is deleted). A
// modal cannot be answered from a test: the commands' dialogs are the
// extension's own seam (a._test.commands with a scripted KeyAdminUi). The
// secret and the hashes never reach the log or a notification.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { secretIdOf } from '../../src/core/accounts/accounts';
import { COMMANDS } from '../../src/core/commands';
import type { KeyAdminUi } from '../../src/vscode/commands/keyAdmin';
import { FAKE_KEYS, FAKE_WORKSPACE_ID, KEYS_PATH, fakeListedKey, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { logText, type TestApi, waitFor, withFakeAccount } from './util';

const PLATFORM = 'b7c1f0de-2a4e-4c8b-9f3a-5d6e7f809a1b';

/** A KeyAdminUi that answers from `answers` in order (a pick: the item whose label includes the answer) and records what it showed. */
function scripted(answers: Array<string | undefined>): KeyAdminUi & { shown: string[]; left: () => number } {
  const queue = [...answers];
  const shown: string[] = [];
  const next = (): string | undefined => {
    if (queue.length === 0) throw new Error(`an unexpected dialog (shown so far: ${shown.join(' | ')})`);
    return queue.shift();
  };
  return {
    shown,
    left: () => queue.length,
    pick: async (items, options) => {
      shown.push(`pick ${options.title ?? ''}: ${items.map(i => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`).join('; ')}`);
      const a = next();
      return a === undefined ? undefined : items.find(i => i.label.includes(a));
    },
    input: async options => {
      shown.push(`input ${options.title ?? ''} ${options.prompt ?? ''} ${options.value ?? ''}`);
      return next();
    },
    modal: async (message, detail, ...buttons) => {
      shown.push(`modal ${message}\n${detail}\n[${buttons.join(', ')}]`);
      return next();
    },
  };
}

describe('managing the account\'s keys', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount(FAKE_KEYS.management);
  let a: TestApi;
  let fake: FakeOpenRouter;
  let managementAccount: string;

  before(async () => {
    ({ a, fake } = ctx);
    fake.setWorkspaces([{ id: FAKE_WORKSPACE_ID, name: 'Default' }, { id: PLATFORM, name: 'Platform' }]);
    fake.setWorkspaceKeys(PLATFORM, [{ item: fakeListedKey({ name: 'Batch jobs', usage_monthly: 20 }) }]);
    await a._test.controller.refresh();
    await waitFor('the account\'s keys', () => a._test.controller.view.breakdown?.keys?.some(k => k.name === 'Staging bot'));
    managementAccount = a._test.controller.view.accounts!.rows.find(r => r.shown)!.id;
  });

  const posts = () => fake.requestsTo(KEYS_PATH).filter(r => r.method === 'POST');
  const changes = (method: string) => fake.requests.filter(r => r.method === method && r.path.startsWith('/api/v1/keys/'));
  const row = (name: string) => a._test.controller.view.breakdown!.keys!.find(k => k.name === name)!;
  const listed = (name: string) => fake.listedKeys().find(k => k.name === name);

  it('Create Key: name, limit, reset, workspace; the secret once, in the modal\'s detail; Copy puts it on the clipboard', async () => {
    await vscode.env.clipboard.writeText('');
    const ui = scripted(['Release bot', '15', 'Resets weekly', 'Platform', 'Copy']);
    assert.equal(await a._test.commands.createKey(ui), true);
    assert.equal(ui.left(), 0);
    assert.equal(posts().length, 1);
    assert.deepEqual(JSON.parse(posts()[0].body!), { name: 'Release bot', limit: 15, limit_reset: 'weekly', workspace_id: PLATFORM });
    assert.ok(fake.listedKeys(PLATFORM).some(k => k.name === 'Release bot'), 'made in the workspace picked');
    const secret = /sk-or-v1-[0-9a-f]{64}/.exec(ui.shown.join('\n'))?.[0];
    assert.ok(secret, 'the secret is shown');
    const withSecret = ui.shown.filter(t => t.includes(secret));
    assert.equal(withSecret.length, 1);
    assert.match(withSecret[0], /^modal The key "Release bot" was created\. Copy it now: it is shown only this once\.\nsk-or-v1-[0-9a-f]{64}\n\[Copy, Add as Account\]$/);
    assert.equal(await vscode.env.clipboard.readText(), secret);
    await vscode.env.clipboard.writeText('');
    assert.ok(!logText(a).includes(secret) && !logText(a).includes(secret.slice(9, 40)), 'never in the log');
    assert.match(logText(a), /Key "Release bot" created\./);
    assert.ok(!JSON.stringify(a._test.notifier.shown).includes(secret.slice(9, 40)), 'never in a notification');
    assert.ok(!JSON.stringify(a._test.controller.view).includes(secret.slice(9, 40)), 'never in the view (the page)');
    for (const acc of a._test.controller.accounts) assert.notEqual(await a._test.secrets.get(secretIdOf(acc.id)), secret, 'not stored');
  });

  it('Create Key: Add as Account checks the new key and stores it as an account', async () => {
    const ui = scripted(['Second bot', '', 'Default', 'Add as Account', 'Bot account']);
    assert.equal(await a._test.commands.createKey(ui), true);
    assert.deepEqual(JSON.parse(posts().at(-1)!.body!), { name: 'Second bot', limit: null, limit_reset: null, workspace_id: FAKE_WORKSPACE_ID });
    const secret = /sk-or-v1-[0-9a-f]{64}/.exec(ui.shown.join('\n'))![0];
    const added = a._test.controller.accounts.find(x => x.name === 'Bot account');
    assert.ok(added, 'the account is added');
    assert.equal(await a._test.secrets.get(secretIdOf(added.id)), secret);
    assert.ok(!logText(a).includes(secret.slice(9, 40)));
    assert.equal(await a._test.commands.switchAccount(managementAccount), true);
    await waitFor('the management account shown again', () => a._test.controller.view.breakdown?.keys?.some(k => k.name === 'Staging bot'));
  });

  it('Rename, Disable, Enable: each asks, then changes the key; the log names the key and the action, never the hash', async () => {
    const id = row('Staging bot').id;
    const hash = listed('Staging bot')!.hash as string;
    assert.equal(await a._test.commands.manageKey('rename', id, scripted(['Staging runner'])), true);
    assert.deepEqual(JSON.parse(changes('PATCH').at(-1)!.body!), { name: 'Staging runner' });
    assert.ok(listed('Staging runner'));
    await waitFor('the new name on the page', () => a._test.controller.view.breakdown?.keys?.some(k => k.id === id && k.name === 'Staging runner'));

    const disable = scripted(['Disable']);
    assert.equal(await a._test.commands.manageKey('disable', id, disable), true);
    assert.match(disable.shown[0], /^modal Disable the key "Staging runner"\?/);
    assert.deepEqual(JSON.parse(changes('PATCH').at(-1)!.body!), { disabled: true });
    assert.equal(listed('Staging runner')!.disabled, true);
    await waitFor('disabled on the page', () => a._test.controller.view.breakdown?.keys?.find(k => k.id === id)?.disabled);

    assert.equal(await a._test.commands.manageKey('enable', id, scripted(['Enable'])), true);
    assert.deepEqual(JSON.parse(changes('PATCH').at(-1)!.body!), { disabled: false });
    assert.equal(listed('Staging runner')!.disabled, false);

    const before = changes('PATCH').length;
    assert.equal(await a._test.commands.manageKey('disable', id, scripted([undefined])), false, 'cancelled');
    assert.equal(changes('PATCH').length, before);
    assert.match(logText(a), /Key "Staging runner": disable done\./);
    assert.ok(!logText(a).includes(hash), 'no hash in the log');
  });

  it('Delete: a modal naming the key and its month\'s spend; cancelled, nothing is deleted; confirmed, the key goes', async () => {
    const key = row('Old prototype');
    const cancel = scripted([undefined]);
    assert.equal(await a._test.commands.manageKey('delete', key.id, cancel), false);
    assert.equal(changes('DELETE').length, 0);
    assert.ok(listed('Old prototype'));
    const month = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(key.usageMonthly);
    assert.equal(cancel.shown[0].split('\n')[0], 'modal Delete the key "Old prototype"?');
    assert.ok(cancel.shown[0].includes(`It spent ${month} this month.`), cancel.shown[0]);

    assert.equal(await a._test.commands.manageKey('delete', key.id, scripted(['Delete'])), true);
    assert.equal(changes('DELETE').length, 1);
    assert.equal(listed('Old prototype'), undefined);
    await waitFor('gone from the page', () => !a._test.controller.view.breakdown?.keys?.some(k => k.id === key.id));
  });

  it('the registered command with a row id only preselects: closed unanswered, nothing changes', async () => {
    const id = row('Laptop key').id;
    const before = fake.requests.filter(r => r.method !== 'GET').length;
    let done = false;
    const run = Promise.resolve(vscode.commands.executeCommand(COMMANDS.renameKey, id)).then(() => { done = true; });
    await waitFor('Rename Key to ask, and to give up when closed', async () => {
      if (!done) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return done;
    });
    await run;
    assert.equal(fake.requests.filter(r => r.method !== 'GET').length, before);
    assert.ok(listed('Laptop key'));
  });
});
