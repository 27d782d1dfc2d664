// OpenRouter in VS Code's Accounts menu (issue 22, item 1): the
// authentication provider `openrouter`, in the real extension host against
// the fake. Its sessions are the accounts of a normal key, one list with the
// extension's own; a management key is never one. A second extension
// (test/fixtures/consumerExtension, loaded by the launcher as a second
// extensionDevelopmentPath) asks for a session as any other extension would.
//
// What cannot be driven from here: VS Code's consent dialog ("The extension
// … wants to sign in using OpenRouter") and the Accounts menu's Sign Out
// confirmation are workbench dialogs; the suite calls the provider's
// removeSession() as Sign Out does after the user confirmed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { secretIdOf } from '../../src/core/accounts/accounts';
import { AUTH_PROVIDER_ID } from '../../src/core/accounts/sessions';
import type { OpenRouterAuthProvider } from '../../src/vscode/integrations/authProvider';
import { FAKE_KEYS } from '../fixtures/fakeOpenRouter';
import { setSetting, waitFor, withFakeAccount, type TestApi } from './util';

const CONSUMER_ID = 'openrouter-credits-test.consumer';
const CONSUMER_GET_SESSION = 'openrouterCreditsTestConsumer.getSession';

type SessionsEvent = vscode.AuthenticationProviderAuthenticationSessionsChangeEvent;
interface ConsumerAnswer { session?: { id: string; label: string; accessToken: string }; error?: string }

describe('the OpenRouter authentication provider', function () {
  this.timeout(90_000);
  const ctx = withFakeAccount();
  let a: TestApi;
  let auth: OpenRouterAuthProvider;

  before(async () => {
    a = ctx.a;
    auth = a._test.auth;
    assert.ok(auth, 'the test hooks carry the provider');
    await setSetting('apiBaseUrl', ctx.fake.baseUrl);
    await waitFor('settings applied', () => a._test.controller.view.settings.apiBaseUrl === ctx.fake.baseUrl);
    await removeAll();
  });

  after(removeAll);

  async function removeAll(): Promise<void> {
    for (const acc of [...a._test.controller.accounts]) await a._test.controller.remove(acc.id);
  }

  async function add(key: string, name: string): Promise<string> {
    const snap = await a._test.controller.checkKey(key);
    const r = await a._test.controller.addKey(key, snap, name);
    assert.equal(r.kind, 'added');
    return r.kind === 'added' ? r.account.id : '';
  }

  /** Records the provider's events until disposed. */
  function record(): { events: SessionsEvent[]; dispose(): void } {
    const events: SessionsEvent[] = [];
    const sub = auth.onDidChangeSessions(e => events.push(e));
    return { events, dispose: () => sub.dispose() };
  }

  const labels = (list: readonly vscode.AuthenticationSession[] | undefined) => (list ?? []).map(s => s.account.label);

  it('is registered with VS Code: getSession("openrouter") answers, and without consent hands nothing out', async () => {
    await add(FAKE_KEYS.limited, 'Personal');
    // An unregistered provider makes getSession reject; a registered one answers (silently: no prompt).
    const s = await vscode.authentication.getSession(AUTH_PROVIDER_ID, [], { silent: true });
    // Not even this extension is given a key it has not been allowed by the user.
    assert.equal(s, undefined);
  });

  it('lists the accounts of a normal key with their keys, never a management key\'s', async () => {
    const team = await add(FAKE_KEYS.management, 'Team');
    const home = await add(FAKE_KEYS.unlimited, 'Home');
    const personal = a._test.controller.accounts.find(x => x.name === 'Personal')!;
    const sessions = await auth.getSessions([]);
    assert.deepEqual(labels(sessions), ['Personal', 'Home']);
    assert.deepEqual(sessions.map(s => s.id), [personal.id, home]);
    assert.deepEqual(sessions.map(s => s.account.id), [personal.id, home]);
    assert.equal(sessions[0].accessToken, FAKE_KEYS.limited);
    assert.equal(sessions[1].accessToken, FAKE_KEYS.unlimited);
    assert.ok(sessions.every(s => s.scopes.length === 0));
    assert.ok(!sessions.some(s => s.id === team || s.accessToken === FAKE_KEYS.management), 'no session for the management key');
    // Scopes asked for change nothing: OpenRouter keys have none.
    assert.deepEqual(labels(await auth.getSessions(['anything'])), ['Personal', 'Home']);
  });

  it('tells VS Code when an account is added, renamed or removed; Sign Out removes the account as Remove API Key does', async () => {
    const rec = record();
    let vscodeHeard = 0;
    const pub = vscode.authentication.onDidChangeSessions(e => { if (e.provider.id === AUTH_PROVIDER_ID) vscodeHeard++; });
    try {
      const sideKey = 'sk-or-v1-fake-limited-0042';
      const limited = ctx.fake.getKeyState(FAKE_KEYS.limited)!;
      ctx.fake.setKeyState(sideKey, { ...limited, key: { ...limited.key, label: 'Side key' } });
      const side = await add(sideKey, 'Side project');
      const added = await waitFor('the added session announced', () => rec.events.find(e => labels(e.added).includes('Side project')));
      assert.equal(added.added![0].id, side);

      assert.equal((await a._test.controller.rename(side, 'Renamed')).ok, true);
      const changed = await waitFor('the renamed session announced', () => rec.events.find(e => labels(e.changed).includes('Renamed')));
      assert.equal(changed.changed![0].id, side);
      assert.equal(changed.changed![0].accessToken, '', 'an event names a session, never its key');

      await auth.removeSession(side);
      assert.ok(!a._test.controller.accounts.some(x => x.id === side), 'the account is gone');
      assert.equal(await a._test.secrets.get(secretIdOf(side)), undefined, 'and its key');
      const removed = await waitFor('the removed session announced', () => rec.events.find(e => e.removed?.some(s => s.id === side)));
      assert.deepEqual(labels(removed.removed), ['Renamed']);
      assert.ok(!(await auth.getSessions()).some(s => s.id === side));
      await waitFor('VS Code told the extensions', () => vscodeHeard > 0);
    } finally {
      rec.dispose();
      pub.dispose();
    }
  });

  it('Sign Out of a management key\'s account (not a session) removes nothing; its changes are never announced', async () => {
    const team = a._test.controller.accounts.find(x => x.name === 'Team')!;
    const rec = record();
    try {
      await auth.removeSession(team.id);
      assert.ok(a._test.controller.accounts.some(x => x.id === team.id));
      assert.equal((await a._test.controller.rename(team.id, 'Admin')).ok, true);
      await a._test.controller.remove(team.id);
      assert.deepEqual(rec.events, []);
    } finally {
      rec.dispose();
    }
  });

  it('another extension gets no session, and no key, before the user has allowed it', async () => {
    const consumer = vscode.extensions.getExtension(CONSUMER_ID);
    assert.ok(consumer, 'the launcher loads test/fixtures/consumerExtension next to the extension');
    assert.ok((await auth.getSessions()).length > 0, 'there is a session to ask for');
    const silent = await vscode.commands.executeCommand<ConsumerAnswer>(CONSUMER_GET_SESSION, { silent: true });
    assert.ok(silent && typeof silent === 'object', 'the consumer answered');
    assert.equal(silent.error, undefined);
    assert.equal(silent.session, undefined);
    // Not silent: VS Code puts a request for access in the Accounts menu, and answers nothing until the user allows it.
    const asked = await vscode.commands.executeCommand<ConsumerAnswer>(CONSUMER_GET_SESSION, { createIfNone: false });
    assert.ok(asked && typeof asked === 'object', 'the consumer answered');
    assert.equal(asked.error, undefined);
    assert.equal(asked.session, undefined);
  });
});
