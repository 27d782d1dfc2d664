import assert from 'node:assert/strict';

import { CreditsError } from '../../src/core/openrouter/errors';
import {
  PkceFlow,
  authUrl,
  callbackWithState,
  challengeS256,
  createState,
  createVerifier,
  isValidVerifier,
} from '../../src/core/openrouter/pkce';

// RFC 7636 Appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const CALLBACK = 'http://127.0.0.1:43123/callback';

/** The query OpenRouter sends back: the callback URL we gave it, plus code=. */
function callbackQuery(flowUrl: string, code: string): string {
  const callback = new URL(new URL(flowUrl).searchParams.get('callback_url') ?? '');
  callback.searchParams.append('code', code);
  return callback.search;
}

describe('core/pkce', () => {
  describe('verifier, challenge, state', () => {
    it('createVerifier: 43 characters of the RFC 7636 unreserved alphabet, fresh every time', () => {
      const seen = new Set<string>();
      for (let i = 0; i < 2000; i++) {
        const v = createVerifier();
        assert.equal(v.length, 43);
        assert.match(v, /^[A-Za-z0-9\-._~]+$/);
        assert.ok(isValidVerifier(v));
        seen.add(v);
      }
      assert.equal(seen.size, 2000);
    });

    it('challengeS256 matches the RFC 7636 Appendix B test vector', () => {
      assert.equal(challengeS256(RFC_VERIFIER), RFC_CHALLENGE);
      assert.match(challengeS256(createVerifier()), /^[A-Za-z0-9_-]{43}$/, 'base64url, no padding');
    });

    it('challengeS256 refuses a verifier outside RFC 7636, without naming it', () => {
      for (const bad of ['', 'short', 'a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)}+`, `${'a'.repeat(42)}=`, `${'a'.repeat(42)} `]) {
        assert.throws(
          () => challengeS256(bad),
          (e: unknown) => e instanceof TypeError && (bad.length < 4 || !e.message.includes(bad)),
          JSON.stringify(bad),
        );
      }
      assert.equal(challengeS256('a'.repeat(128)).length, 43);
    });

    it('createState: long, URL-safe and fresh every time', () => {
      const seen = new Set<string>();
      for (let i = 0; i < 1000; i++) {
        const s = createState();
        assert.match(s, /^[A-Za-z0-9_-]{43}$/);
        seen.add(s);
      }
      assert.equal(seen.size, 1000);
    });
  });

  describe('authUrl', () => {
    it('goes to /auth on the origin of the configured base URL', () => {
      const url = new URL(authUrl('https://openrouter.ai/api/v1', { challenge: RFC_CHALLENGE, callbackUrl: CALLBACK, keyLabel: 'VS Code' }));
      assert.equal(url.origin + url.pathname, 'https://openrouter.ai/auth');
      assert.deepEqual([...url.searchParams], [
        ['callback_url', `${CALLBACK}`],
        ['code_challenge', RFC_CHALLENGE],
        ['code_challenge_method', 'S256'],
        ['key_label', 'VS Code'],
      ]);
      const local = new URL(authUrl('http://127.0.0.1:8080/api/v1/', { challenge: RFC_CHALLENGE }));
      assert.equal(local.origin + local.pathname, 'http://127.0.0.1:8080/auth');
    });

    it('the headless flow has no callback_url; an empty key label is left out', () => {
      const url = new URL(authUrl('https://openrouter.ai/api/v1', { challenge: RFC_CHALLENGE, keyLabel: '  ' }));
      assert.deepEqual([...url.searchParams], [
        ['code_challenge', RFC_CHALLENGE],
        ['code_challenge_method', 'S256'],
      ]);
    });

    it('encodes the callback URL with its own query', () => {
      const href = authUrl('https://openrouter.ai/api/v1', { challenge: RFC_CHALLENGE, callbackUrl: `${CALLBACK}?state=a%26b&x=1` });
      assert.ok(href.includes(`callback_url=${encodeURIComponent(`${CALLBACK}?state=a%26b&x=1`)}`), href);
      assert.equal(new URL(href).searchParams.get('callback_url'), `${CALLBACK}?state=a%26b&x=1`);
    });

    it('refuses a base URL the client refuses, and a bad callback URL', () => {
      for (const base of ['http://openrouter.ai/api/v1', 'https://u:p@openrouter.ai/api/v1', 'not a url']) {
        assert.throws(() => authUrl(base, { challenge: RFC_CHALLENGE }), (e: unknown) => e instanceof CreditsError && e.kind === 'insecureBaseUrl');
      }
      for (const callbackUrl of ['/callback', 'http://u:p@127.0.0.1/cb', `${CALLBACK}#frag`]) {
        assert.throws(() => authUrl('https://openrouter.ai/api/v1', { challenge: RFC_CHALLENGE, callbackUrl }), TypeError, callbackUrl);
      }
      assert.throws(() => authUrl('https://openrouter.ai/api/v1', { challenge: '' }), TypeError);
    });

    it('callbackWithState sets state in the callback query, replacing any earlier one', () => {
      const url = new URL(callbackWithState(`${CALLBACK}?a=1&state=old`, 's/t'));
      assert.deepEqual([...url.searchParams], [['a', '1'], ['state', 's/t']]);
    });
  });

  describe('PkceFlow', () => {
    it('holds a verifier whose challenge goes into the URL, and its state in the callback URL', () => {
      const flow = new PkceFlow({ verifier: RFC_VERIFIER, state: 'st4te' });
      assert.equal(flow.challenge, RFC_CHALLENGE);
      const url = new URL(flow.authUrl('https://openrouter.ai/api/v1', { callbackUrl: CALLBACK, keyLabel: 'k' }));
      assert.equal(url.searchParams.get('code_challenge'), RFC_CHALLENGE);
      assert.equal(url.searchParams.get('callback_url'), `${CALLBACK}?state=st4te`);
      assert.ok(!url.href.includes(RFC_VERIFIER));
      assert.equal(new URL(flow.authUrl('https://openrouter.ai/api/v1')).searchParams.has('callback_url'), false);
    });

    it('fresh flows have different verifiers and states; JSON shows neither; no exchange before a code', async () => {
      const a = new PkceFlow();
      const b = new PkceFlow();
      assert.notEqual(a.challenge, b.challenge);
      assert.notEqual(a.state, b.state);
      assert.deepEqual(JSON.parse(JSON.stringify(a)), { status: 'pending' });
      let called = false;
      await assert.rejects(a.exchange('x', async () => (called = true)), /pending/);
      assert.equal(called, false);
    });

    it('accepts the callback with its state, once', () => {
      const flow = new PkceFlow();
      const query = callbackQuery(flow.authUrl('https://openrouter.ai/api/v1', { callbackUrl: CALLBACK }), 'the-code');
      assert.equal(flow.acceptCallback(query), 'the-code');
      assert.equal(flow.status, 'accepted');
      assert.equal(flow.acceptCallback(query), undefined, 'a reused callback is refused');
      assert.equal(flow.acceptCallback(new URLSearchParams({ state: flow.state, code: 'another' })), undefined);
    });

    it('takes the query as a string with or without "?", or as URLSearchParams', () => {
      const queries = (state: string): Array<string | URLSearchParams> => [
        `?state=${encodeURIComponent(state)}&code=c1`,
        `state=${encodeURIComponent(state)}&code=c1`,
        new URLSearchParams({ code: 'c1', state }),
      ];
      for (const i of [0, 1, 2]) {
        const flow = new PkceFlow();
        assert.equal(flow.acceptCallback(queries(flow.state)[i]), 'c1', String(i));
      }
    });

    it('refuses a wrong, missing or repeated state, and a missing, repeated or implausible code', () => {
      const flow = new PkceFlow({ state: 'right-state' });
      const refused = [
        'state=wrong-state&code=c',
        'state=right-stat&code=c',
        'state=right-statee&code=c',
        'state=&code=c',
        'code=c',
        'state=right-state&state=right-state&code=c',
        'state=wrong&state=right-state&code=c',
        'state=right-state',
        'state=right-state&code=',
        'state=right-state&code=a&code=b',
        'state=right-state&code=has%20space',
        `state=right-state&code=${'x'.repeat(2049)}`,
      ];
      for (const q of refused) assert.equal(flow.acceptCallback(q), undefined, q);
      assert.equal(flow.status, 'pending', 'refused callbacks leave the flow waiting');
      assert.equal(flow.acceptCallback('state=right-state&code=c&extra=1'), 'c');
    });

    it('after cancel() every callback, pasted code and exchange is refused', async () => {
      const flow = new PkceFlow();
      flow.cancel();
      assert.equal(flow.status, 'cancelled');
      assert.equal(flow.acceptCallback(new URLSearchParams({ state: flow.state, code: 'c' })), undefined);
      assert.equal(flow.acceptPastedCode('c'), undefined);

      const accepted = new PkceFlow();
      const code = accepted.acceptCallback(new URLSearchParams({ state: accepted.state, code: 'c' }));
      assert.equal(code, 'c');
      accepted.cancel();
      let called = false;
      await assert.rejects(accepted.exchange('c', async () => (called = true)), /cancelled/);
      assert.equal(called, false);
      accepted.cancel(); // idempotent
      assert.equal(accepted.status, 'cancelled');
    });

    it('exchange hands out the verifier once, for the accepted code only', async () => {
      const flow = new PkceFlow({ verifier: RFC_VERIFIER });
      const code = flow.acceptCallback(new URLSearchParams({ state: flow.state, code: 'abc123' }));
      assert.equal(code, 'abc123');
      const calls: Array<[string, string]> = [];
      const exchange = async (c: string, v: string) => {
        calls.push([c, v]);
        return 'key';
      };
      await assert.rejects(flow.exchange('other-code', exchange), (e: Error) => !e.message.includes('abc123') && !e.message.includes(RFC_VERIFIER));
      assert.equal(await flow.exchange('abc123', exchange), 'key');
      assert.deepEqual(calls, [['abc123', RFC_VERIFIER]]);
      assert.equal(flow.status, 'exchanged');
      await assert.rejects(flow.exchange('abc123', exchange), /exchanged/);
      assert.equal(calls.length, 1);
      flow.cancel();
      assert.equal(flow.status, 'exchanged', 'cancel after the exchange changes nothing');
    });

    it('a failed exchange still ends the flow (the code is spent)', async () => {
      const flow = new PkceFlow();
      flow.acceptCallback(new URLSearchParams({ state: flow.state, code: 'c' }));
      await assert.rejects(flow.exchange('c', async () => Promise.reject(new Error('400'))), /400/);
      assert.equal(flow.status, 'exchanged');
      await assert.rejects(flow.exchange('c', async () => 'again'));
    });

    it('headless: a pasted code (trimmed) is accepted once', () => {
      const flow = new PkceFlow();
      assert.equal(flow.acceptPastedCode('   '), undefined);
      assert.equal(flow.acceptPastedCode('a b'), undefined);
      assert.equal(flow.status, 'pending');
      assert.equal(flow.acceptPastedCode('  pasted-code\n'), 'pasted-code');
      assert.equal(flow.acceptPastedCode('pasted-code'), undefined);
      assert.equal(flow.acceptCallback(new URLSearchParams({ state: flow.state, code: 'c' })), undefined);
    });

    it('refuses a seeded verifier outside RFC 7636 and an empty state', () => {
      assert.throws(() => new PkceFlow({ verifier: 'short' }), TypeError);
      assert.throws(() => new PkceFlow({ state: '' }), TypeError);
    });
  });
});
