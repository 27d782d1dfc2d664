// Commands where they can act (issue 22), in the real extension host: the
// context keys the palette's rules read follow the window's accounts (VS Code
// has no getContext: the glue's record of what it set is read here), and
// Clear API Key is Remove API Key under its old name.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/core/commands';
import { commandContext, CONTEXT_KEYS, type ContextFlag } from '../../src/core/view/context';
import { FAKE_KEYS } from '../fixtures/fakeOpenRouter';
import { useKey, waitFor, withFakeAccount } from './util';

describe('context keys (issue 22)', function () {
  this.timeout(90_000);
  const ctx = withFakeAccount();
  const flags = Object.keys(CONTEXT_KEYS) as ContextFlag[];

  /** The context keys as the glue last set them, by flag. */
  const set = () => Object.fromEntries(flags.map(f => [f, ctx.a._test.contextKeys.values.get(CONTEXT_KEYS[f])]));
  /** What core makes of the window's view now: the keys must say the same. */
  const expected = () => commandContext(ctx.a._test.controller.view);

  it('are all false in a window with no account, and follow the accounts as they are added', async () => {
    const { a, fake } = ctx;
    await useKey(a, fake.baseUrl, undefined);
    // No stored account; the OPENROUTER_API_KEY fallback row may show, keyless ("No key"), which acts on nothing.
    await waitFor('no account', () => a._test.controller.accounts.length === 0 && !a._test.controller.view.snapshot);
    assert.deepEqual(set(), Object.fromEntries(flags.map(f => [f, false])));

    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitFor('a management key shown', () => a._test.controller.view.snapshot?.key.isManagementKey);
    await waitFor('the keys set, no refresh in flight', () => set().hasAccount && set().managementKey && !set().refreshing);
    assert.deepEqual(set(), { hasAccount: true, storedAccount: true, severalAccounts: false, managementKey: true, pinned: false, refreshing: false });
    assert.deepEqual(set(), expected());

    const snap = await a._test.controller.checkKey(FAKE_KEYS.limited);
    assert.equal((await a._test.controller.addKey(FAKE_KEYS.limited, snap, 'Second')).kind, 'added');
    await waitFor('several accounts', () => set().severalAccounts);
    // The limited key is now the active one: no management key shown.
    await waitFor('no management key', () => set().managementKey === false);
    assert.deepEqual(set(), expected());
  });

  it('Clear API Key runs Remove API Key: given a name that is no account, both remove nothing and ask nothing', async () => {
    const { a } = ctx;
    const before = a._test.controller.accounts.length;
    assert.ok(before > 0);
    assert.ok((await vscode.commands.getCommands(true)).includes(COMMANDS.clearApiKey), 'still registered (keybindings)');
    // The old Clear API Key took no argument and always asked in a modal dialog; Remove API Key finds the account first.
    assert.equal(await vscode.commands.executeCommand(COMMANDS.clearApiKey, 'No Such Account'), false);
    assert.equal(await vscode.commands.executeCommand(COMMANDS.removeApiKey, 'No Such Account'), false);
    assert.equal(a._test.controller.accounts.length, before);
  });
});
