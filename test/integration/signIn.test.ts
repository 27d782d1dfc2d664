// "Sign in with OpenRouter" (OAuth PKCE) against the fake, in the real
// extension host. The test plays the browser: it opens the authorization URL
// without following the redirect, and hands the callback to the extension's
// registered URI handler as VS Code would (the e2e test takes the whole trip
// through a real browser and code-server's /callback page).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { openAuthUrl } from '../unit/helpers/auth';
import { api, logText, notificationsOf, shownKey, resetSettings, setSetting, statusText, useKey, waitFor, waitForStatus, type TestApi } from './util';

const SIGNED_IN = /^\$\(credit-card\) \$10\.00$/;

/** The extension URI a callback URL stands for: the external callback (code-server's /callback) decoded as its callback page does. */
function handlerUri(callbackUrl: string): vscode.Uri {
  const url = new URL(callbackUrl);
  const p = url.searchParams;
  if (!p.has('vscode-scheme')) return vscode.Uri.parse(callbackUrl, true); // desktop: already the extension's URI
  const query = new URLSearchParams(p.get('vscode-query') ?? '');
  for (const [k, v] of p) if (!k.startsWith('vscode-')) query.set(k, v);
  return vscode.Uri.from({ scheme: p.get('vscode-scheme')!, authority: p.get('vscode-authority')!, path: p.get('vscode-path') ?? '', query: query.toString() });
}

/** The state a flow put into the callback URL of its authorization URL. */
function stateOf(authUrl: string): string {
  return new URL(new URL(authUrl).searchParams.get('callback_url')!).searchParams.get('state')!;
}

/** The callback with another state, as a forger (or a stale tab) would send it. */
function withState(callback: string, state: string): string {
  const url = new URL(callback);
  url.searchParams.set('state', state);
  return url.toString();
}

/** Starts a sign-in and returns the callback that OpenRouter would send the browser to. */
async function authorizedCallback(a: TestApi): Promise<{ callback: string; code: string }> {
  const url = await a._test.signIn.begin();
  const r = await openAuthUrl(url);
  assert.equal(r.status, 302);
  return { callback: r.location!, code: r.code! };
}

/** A sign-in approved on the fake's page whose callback comes back through the URI handler: the code it carries. */
async function codeThroughHandler(a: TestApi): Promise<string | undefined> {
  const { callback } = await authorizedCallback(a);
  const received = a._test.signIn.waitForCallback();
  a._test.signIn.handleUri(handlerUri(callback));
  return received;
}

describe('sign in with OpenRouter', function () {
  this.timeout(60_000);
  let a: TestApi;
  let fake: FakeOpenRouter;

  before(async () => {
    a = await api();
    fake = await FakeOpenRouter.start();
    await setSetting('lowCreditThreshold', 0);
    await useKey(a, fake.baseUrl, undefined);
    await waitForStatus(a, /Set OpenRouter key/);
  });

  after(async () => {
    await useKey(a, fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await fake.close();
  });

  it('the callback comes back through the URI handler, the code is exchanged and the key stored', async () => {
    const code = await codeThroughHandler(a);
    assert.ok(code, 'the handler accepted the callback');
    assert.equal(await a._test.signIn.exchange(code), true);
    await waitForStatus(a, SIGNED_IN);
    const issued = fake.issuedKeys.at(-1)!;
    assert.equal(await shownKey(a), issued.key);
    assert.match(issued.keyLabel ?? '', /^OpenRouter Credits \(VS Code on .+\)$/);
    // The exchange carried the verifier, never a key.
    const exchange = fake.requestsTo('/api/v1/auth/keys').at(-1)!;
    assert.equal(exchange.headers.authorization, undefined);
  });

  it('ignores a callback with a wrong state, and a reused one: nothing is stored', async () => {
    const before = await shownKey(a);
    const { callback } = await authorizedCallback(a);
    let settled = false;
    const received = a._test.signIn.waitForCallback().then(c => { settled = true; return c; });
    a._test.signIn.handleUri(handlerUri(withState(callback, 'not-this-flow')));
    await waitFor('the warning in the log', () => /ignored a callback that no sign-in in progress asked for/.test(logText(a)));
    assert.equal(settled, false, 'a wrong state does not end the sign-in');
    // The real callback still works once; the same callback again is refused.
    a._test.signIn.handleUri(handlerUri(callback));
    const code = await received;
    assert.ok(code);
    const warnings = (logText(a).match(/ignored a callback/g) ?? []).length;
    a._test.signIn.handleUri(handlerUri(callback));
    await waitFor('the reused callback refused', () => (logText(a).match(/ignored a callback/g) ?? []).length > warnings);
    assert.equal(await shownKey(a), before, 'nothing was stored by the refused callbacks');
    a._test.signIn.dispose(); // abandon this flow
  });

  it('a code exchanged with another flow\'s verifier, or a reused code, stores nothing', async () => {
    const stored = await shownKey(a);
    const first = await authorizedCallback(a);
    const second = await a._test.signIn.begin(); // a new flow: a new verifier and state
    const issued = fake.issuedKeys.length;
    // The first flow's code, delivered with the second flow's state: the verifier does not match.
    const received = a._test.signIn.waitForCallback();
    a._test.signIn.handleUri(handlerUri(withState(first.callback, stateOf(second))));
    const code = await received;
    assert.equal(code, first.code);
    assert.equal(await a._test.signIn.exchange(code!), false);
    // The same code again, now spent, in a third flow.
    const third = await a._test.signIn.begin();
    const again = a._test.signIn.waitForCallback();
    a._test.signIn.handleUri(handlerUri(withState(first.callback, stateOf(third))));
    assert.equal(await a._test.signIn.exchange((await again)!), false);
    assert.equal(fake.issuedKeys.length, issued, 'no key was issued');
    assert.equal(await shownKey(a), stored, 'the stored key is unchanged');
    assert.match(statusText(a), SIGNED_IN);
    a._test.signIn.dispose();
  });

  for (const status of [403, 500, 503]) {
    it(`an exchange answered with HTTP ${status} stores nothing and says so`, async () => {
      const stored = await shownKey(a);
      const issued = fake.issuedKeys.length;
      const code = await codeThroughHandler(a);
      fake.addFault({ path: '/api/v1/auth/keys', status, times: 1 });
      assert.equal(await a._test.signIn.exchange(code!), false);
      await waitFor('the failure in the log', () => new RegExp(`Sign-in failed \\((forbidden|serviceError)\\)`).test(logText(a)));
      assert.equal(fake.issuedKeys.length, issued, 'no key was issued');
      assert.equal(await shownKey(a), stored, 'the stored key is unchanged');
    });
  }

  it('a key check that fails after the exchange says the new key stays on the account, with the Keys page', async () => {
    const stored = await shownKey(a);
    const issued = fake.issuedKeys.length;
    const code = await codeThroughHandler(a);
    const before = notificationsOf(a, 'signIn').length;
    fake.addFault({ path: '/api/v1/key', status: 500 }); // /auth/keys answers; the new key's /key check does not
    try {
      assert.equal(await a._test.signIn.exchange(code!), false);
    } finally {
      fake.clearFaults();
    }
    assert.equal(fake.issuedKeys.length, issued + 1, 'OpenRouter made a key');
    assert.equal(await shownKey(a), stored, 'it was not stored');
    const said = notificationsOf(a, 'signIn').slice(before).map(([, t]) => t);
    assert.equal(said.length, 1, said.join(' | '));
    assert.match(said[0], /^Sign-in failed after OpenRouter made a key for it\. OpenRouter is having trouble\. .*stays on your OpenRouter account: delete it on the Keys page\.$/);
    assert.doesNotMatch(said[0], /\]\(|https?:/, 'the Keys page is a button, not a link in the text');
    assert.ok(!said[0].includes(fake.issuedKeys.at(-1)!.key), 'never the key');
    await waitFor('the failure in the log', () => /Sign-in failed after OpenRouter made its key \(serviceError\)/.test(logText(a)));
  });

  it('no code, verifier or issued key reaches the log', () => {
    const log = logText(a);
    for (const k of fake.issuedKeys) {
      assert.ok(!log.includes(k.key), 'an issued key is in the log');
      assert.ok(!log.includes(k.code), 'a code is in the log');
    }
    for (const r of fake.requestsTo('/api/v1/auth/keys')) {
      const verifier = (JSON.parse(r.body ?? '{}') as { code_verifier?: string }).code_verifier;
      if (verifier) assert.ok(!log.includes(verifier), 'a verifier is in the log');
    }
  });
});
