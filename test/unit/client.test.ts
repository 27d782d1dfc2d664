import { keyId } from '../../src/core/identity';
import { STATUS_CASES } from './helpers/statusCases';
import assert from 'node:assert/strict';

import fetch from 'node-fetch';

import { validateBaseUrl } from '../../src/core/openrouter/baseUrl';
import { OpenRouterClient, type CreditsForbiddenState, type OpenRouterClientOptions } from '../../src/core/openrouter/client';
import type { FetchLike } from '../../src/core/openrouter/http';
import { CreditsError, type CreditsErrorKind } from '../../src/core/openrouter/errors';
import { PkceFlow } from '../../src/core/openrouter/pkce';
import { AUTH_KEYS_PATH, CREDITS_PATH, FAKE_KEYS, FAKE_USER_ID, FakeOpenRouter, ISSUED_KEY_LIMIT, KEY_PATH } from '../fixtures/fakeOpenRouter';
import { authorize, openAuthUrl } from './helpers/auth';

/** Never in an error message: the fake's keys, and the sign-in's codes, verifiers and issued keys (added as they appear). */
const SECRETS: string[] = Object.values(FAKE_KEYS);

/** Every error seen in this file, checked at the end for key material. */
const seenErrors: CreditsError[] = [];

async function expectError(p: Promise<unknown>, kind: CreditsErrorKind): Promise<CreditsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CreditsError, `expected CreditsError, got ${String(e)}`);
    seenErrors.push(e);
    assert.equal(e.kind, kind, `kind (message: ${e.message})`);
    for (const k of SECRETS) assert.ok(!e.message.includes(k), 'message contains a key, code or verifier');
    assert.ok(!/sk-or-/i.test(e.message), 'message contains key-like text');
    assert.ok(!/bearer\s+(?!\[redacted\])\S/i.test(e.message), 'message contains a bearer token');
    return e;
  }
  assert.fail(`expected CreditsError(${kind}), got success`);
}

describe('core/client', function () {
  let server: FakeOpenRouter;
  let other: FakeOpenRouter;

  const client = (opts: Partial<OpenRouterClientOptions> = {}): OpenRouterClient =>
    new OpenRouterClient({ baseUrl: server.baseUrl, timeoutMs: 2000, userAgent: 'test-agent/1.0', ...opts });

  before(async () => {
    server = await FakeOpenRouter.start();
    other = await FakeOpenRouter.start();
  });

  after(async () => {
    await Promise.all([server.close(), other.close()]);
    for (const e of seenErrors) for (const k of SECRETS) assert.ok(!e.message.includes(k));
  });

  beforeEach(() => {
    server.reset();
    server.clearRequests();
    other.reset();
    other.clearRequests();
  });

  describe('validateBaseUrl', () => {
    it('accepts https and loopback http', () => {
      for (const u of [
        'https://openrouter.ai/api/v1',
        'https://openrouter.ai/api/v1/',
        'http://127.0.0.1:8080/api/v1',
        'http://127.1.2.3/api/v1',
        'http://localhost:3000/api/v1',
        'http://[::1]:3000/api/v1',
        ' https://example.com ',
      ]) {
        assert.ok(validateBaseUrl(u) instanceof URL, u);
      }
      assert.equal(validateBaseUrl('https://openrouter.ai/api/v1/').pathname, '/api/v1');
    });

    it('refuses insecure or unsafe URLs', () => {
      for (const u of [
        '',
        'not a url',
        'http://openrouter.ai/api/v1',
        'http://10.0.0.1/api/v1',
        'http://localhost.evil.example/api/v1',
        'http://127.0.0.1.evil.example/api/v1',
        'http://[::ffff:127.0.0.1]/api/v1',
        'ftp://openrouter.ai/api/v1',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'https://user:pass@openrouter.ai/api/v1',
        'https://user@openrouter.ai/api/v1',
        'https://openrouter.ai/api/v1?x=1',
        'https://openrouter.ai/api/v1?',
        'https://openrouter.ai/api/v1#frag',
      ]) {
        assert.throws(() => validateBaseUrl(u), (e: unknown) => e instanceof CreditsError && e.kind === 'insecureBaseUrl', u);
      }
    });

    it('the client refuses an insecure base URL before any request', async () => {
      let calls = 0;
      const spy: FetchLike = async () => {
        calls++;
        throw new Error('must not be called');
      };
      for (const baseUrl of ['http://example.com/api/v1', 'https://u:p@example.com/api/v1', 'http://0.0.0.0:1/api/v1']) {
        await expectError(
          (async () => new OpenRouterClient({ baseUrl, fetch: spy }).fetchSnapshot(FAKE_KEYS.management))(),
          'insecureBaseUrl',
        );
      }
      assert.equal(calls, 0);
    });
  });

  describe('snapshots', () => {
    it('management key: /key and /credits → the reference worked example', async () => {
      const s = await client().fetchSnapshot(FAKE_KEYS.management);
      assert.equal(s.accountStatus, 'known');
      assert.deepEqual(s.account, { totalCredits: 60, totalUsage: 43.45, remaining: 16.55, usagePercent: 72.416666667 });
      assert.equal(s.spendable, 16.55);
      assert.equal(s.binding, 'account');
      assert.equal(s.key.isManagementKey, true);
      assert.equal(s.key.usage, 0, 'a management key spends nothing itself');
      assert.equal(server.requestsTo(KEY_PATH).length, 1);
      assert.equal(server.requestsTo(CREDITS_PATH).length, 1);
    });

    it('sends the documented headers', async () => {
      await client({ appUrl: 'https://example.org/app', appTitle: 'My Title' }).fetchSnapshot(FAKE_KEYS.management);
      assert.equal(server.requests.length, 2);
      for (const r of server.requests) {
        assert.equal(r.method, 'GET');
        assert.equal(r.headers.authorization, `Bearer ${FAKE_KEYS.management}`);
        assert.equal(r.headers.accept, 'application/json');
        assert.equal(r.headers['user-agent'], 'test-agent/1.0');
        assert.equal(r.headers['http-referer'], 'https://example.org/app');
        assert.equal(r.headers['x-title'], 'My Title');
      }
    });

    it('default attribution headers', async () => {
      await new OpenRouterClient({ baseUrl: server.baseUrl }).fetchSnapshot(FAKE_KEYS.management);
      const r = server.requests[0];
      assert.equal(r.headers['http-referer'], 'https://github.com/openrouter-credits/vscode-openrouter-credits');
      assert.equal(r.headers['x-title'], 'OpenRouter Credits');
      assert.ok(typeof r.headers['user-agent'] === 'string' && r.headers['user-agent'].length > 0);
    });

    it('a trailing slash in the base URL gives the same paths', async () => {
      await client({ baseUrl: server.baseUrl + '/' }).fetchSnapshot(FAKE_KEYS.management);
      assert.deepEqual(server.requests.map((r) => r.path).sort(), [CREDITS_PATH, KEY_PATH]);
    });

    it('requests /key and /credits concurrently', async () => {
      const delayMs = 300;
      server.addFault({ path: KEY_PATH, delayMs, times: 1 });
      server.addFault({ path: CREDITS_PATH, delayMs, times: 1 });
      const t0 = Date.now();
      const s = await client().fetchSnapshot(FAKE_KEYS.management);
      const elapsed = Date.now() - t0;
      assert.equal(s.accountStatus, 'known');
      const [k] = server.requestsTo(KEY_PATH);
      const [c] = server.requestsTo(CREDITS_PATH);
      assert.ok(k && c);
      assert.ok(Math.abs(k.at - c.at) < delayMs, 'the second request arrived before the first was answered');
      assert.ok(elapsed < 2 * delayMs, `elapsed ${elapsed} ms`);
    });

    it('zeros that contradict /key usage → unavailable', async () => {
      server.setCredits(FAKE_KEYS.unlimited, 'zeros');
      const s = await client().fetchSnapshot(FAKE_KEYS.unlimited);
      assert.equal(s.accountStatus, 'unavailable');
      assert.equal(s.account, undefined);
      assert.equal(s.spendable, undefined);
    });

    it('a normal key that can read /credits gets real numbers', async () => {
      server.setCredits(FAKE_KEYS.limited, { total_credits: 10, total_usage: 8 });
      const s = await client().fetchSnapshot(FAKE_KEYS.limited);
      assert.equal(s.accountStatus, 'known');
      assert.equal(s.spendable, 2);
      assert.equal(s.binding, 'account');
    });

    it('unlimited normal key with 403 → balance unknown', async () => {
      const s = await client().fetchSnapshot(FAKE_KEYS.unlimited);
      assert.equal(s.accountStatus, 'forbidden');
      assert.equal(s.spendable, undefined);
      assert.equal(s.key.limit, null);
    });

    it('works with the WHATWG global fetch too', async () => {
      const s = await client({ fetch: globalThis.fetch as unknown as FetchLike }).fetchSnapshot(FAKE_KEYS.management);
      assert.equal(s.spendable, 16.55);
      other.clearRequests();
      server.addFault({ path: KEY_PATH, redirectTo: other.origin + '/' });
      await expectError(client({ fetch: globalThis.fetch as unknown as FetchLike }).fetchSnapshot(FAKE_KEYS.management), 'redirect');
      assert.equal(other.requests.length, 0);
    });
  });

  describe('/credits 403 memory', () => {
    it('remembers the 403, skips /credits until creditsRetryMs, retries for another key', async () => {
      let now = 1_000_000;
      const changes: Array<CreditsForbiddenState | undefined> = [];
      const c = client({ now: () => now, creditsRetryMs: 60_000, onCreditsForbiddenStateChange: (s) => changes.push(s) });

      const first = await c.fetchSnapshot(FAKE_KEYS.limited);
      assert.equal(first.accountStatus, 'forbidden');
      assert.equal(first.spendable, 4.2);
      assert.equal(first.binding, 'key');
      assert.equal(first.keyUsagePercent, 79);
      assert.equal(server.requestsTo(CREDITS_PATH).length, 1);
      const state = c.creditsForbiddenState;
      assert.deepEqual(state, { fingerprint: keyId('', FAKE_KEYS.limited), at: 1_000_000 });
      assert.ok(!JSON.stringify(state).includes(FAKE_KEYS.limited));
      assert.deepEqual(changes, [state]);

      now += 59_999;
      const second = await c.fetchSnapshot(FAKE_KEYS.limited);
      assert.equal(second.accountStatus, 'skipped');
      assert.equal(second.spendable, 4.2);
      assert.equal(server.requestsTo(KEY_PATH).length, 2);
      assert.equal(server.requestsTo(CREDITS_PATH).length, 1, 'no /credits request while remembered');

      now += 1;
      const third = await c.fetchSnapshot(FAKE_KEYS.limited);
      assert.equal(third.accountStatus, 'forbidden');
      assert.equal(server.requestsTo(CREDITS_PATH).length, 2, '/credits retried after creditsRetryMs');
      assert.equal(c.creditsForbiddenState?.at, now);

      const otherKey = await c.fetchSnapshot(FAKE_KEYS.unlimited);
      assert.equal(otherKey.accountStatus, 'forbidden');
      assert.equal(server.requestsTo(CREDITS_PATH).length, 3, 'a different key tries /credits');
    });

    it('forceCredits tries /credits despite the memory; a 200 clears it', async () => {
      const c = client();
      await c.fetchSnapshot(FAKE_KEYS.limited);
      assert.ok(c.creditsForbiddenState);
      server.setCredits(FAKE_KEYS.limited, { total_credits: 30, total_usage: 15.8 });
      assert.equal((await c.fetchSnapshot(FAKE_KEYS.limited)).accountStatus, 'skipped');
      const s = await c.fetchSnapshot(FAKE_KEYS.limited, { forceCredits: true });
      assert.equal(s.accountStatus, 'known');
      assert.equal(c.creditsForbiddenState, undefined);
      assert.equal(server.requestsTo(CREDITS_PATH).length, 2);
    });

    it('restores a persisted state (and ignores invalid ones)', async () => {
      const state = { fingerprint: keyId('', FAKE_KEYS.limited), at: Date.now() };
      const c = client({ creditsForbiddenState: state });
      assert.equal((await c.fetchSnapshot(FAKE_KEYS.limited)).accountStatus, 'skipped');
      assert.equal(server.requestsTo(CREDITS_PATH).length, 0);

      const c2 = client();
      c2.creditsForbiddenState = state;
      assert.deepEqual(c2.creditsForbiddenState, state);
      c2.creditsForbiddenState = { fingerprint: 'nope', at: 1 };
      assert.equal(c2.creditsForbiddenState, undefined);
      c2.creditsForbiddenState = JSON.parse('{"fingerprint":"0123456789abcdef","at":"x"}');
      assert.equal(c2.creditsForbiddenState, undefined);
    });

    it('a management key never remembers a 403', async () => {
      server.setCredits(FAKE_KEYS.management, 'forbidden');
      const c = client();
      assert.equal((await c.fetchSnapshot(FAKE_KEYS.management)).accountStatus, 'forbidden');
      assert.equal(c.creditsForbiddenState, undefined);
    });

    it('keyId is short, stable and not the key', () => {
      const f = keyId('', FAKE_KEYS.limited);
      assert.match(f, /^[0-9a-f]{16}$/);
      assert.equal(keyId('', ` ${FAKE_KEYS.limited} `), f);
      assert.notEqual(keyId('', FAKE_KEYS.unlimited), f);
    });
  });

  describe('errors', () => {
    it('no key → noKey, without a request', async () => {
      for (const k of ['', '   ', undefined as unknown as string]) await expectError(client().fetchSnapshot(k), 'noKey');
      await expectError(client().fetchSnapshot('sk-or-v1-abc\ndef'), 'invalidKey');
      await expectError(client().fetchSnapshot('sk-or-v1-äbc'), 'invalidKey');
      assert.equal(server.requests.length, 0);
    });

    it('401 (revoked key) → invalidKey', async () => {
      const e = await expectError(client().fetchSnapshot(FAKE_KEYS.revoked), 'invalidKey');
      assert.equal(e.status, 401);
      assert.equal(e.retryable, false);
    });

    // 401 (revoked key), 429 (Retry-After) and 3xx (redirect target) have tests of their own.
    const statusCases = STATUS_CASES.filter(([status]) => status >= 400 && status !== 401 && status !== 429);
    for (const [status, kind, retryable] of statusCases) {
      it(`${status} on /key → ${kind}`, async () => {
        server.addFault({ path: KEY_PATH, status });
        const e = await expectError(client().fetchSnapshot(FAKE_KEYS.management), kind);
        assert.equal(e.status, status);
        assert.equal(e.retryable, retryable);
      });
    }

    it('429 with Retry-After seconds', async () => {
      server.addFault({ path: KEY_PATH, status: 429, retryAfter: '7' });
      const e = await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'rateLimited');
      assert.equal(e.retryAfterMs, 7000);
      assert.equal(e.retryable, true);
    });

    it('429 with Retry-After HTTP-date', async () => {
      const now = Date.UTC(2031, 4, 6, 7, 8, 9);
      server.addFault({ path: KEY_PATH, status: 429, retryAfter: new Date(now + 45_000).toUTCString() });
      const e = await expectError(client({ now: () => now }).fetchSnapshot(FAKE_KEYS.management), 'rateLimited');
      assert.equal(e.retryAfterMs, 45_000);
    });

    it('503 with Retry-After', async () => {
      server.addFault({ path: KEY_PATH, status: 503, retryAfter: '3' });
      const e = await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'serviceError');
      assert.equal(e.retryAfterMs, 3000);
    });

    it('/credits failures other than 401 keep the /key snapshot (accountStatus error)', async () => {
      for (const fault of [{ status: 500 }, { status: 429 }, { body: 'nope' }, { body: '{"data":{"total_credits":"25","total_usage":8.45}}' }]) {
        server.clearFaults();
        server.addFault({ path: CREDITS_PATH, ...fault });
        const s = await client().fetchSnapshot(FAKE_KEYS.management);
        assert.equal(s.accountStatus, 'error', JSON.stringify(fault));
        assert.equal(s.account, undefined);
        assert.equal(s.spendable, undefined);
        assert.equal(s.key.label, 'Management key');
      }
    });

    it('/credits 401 with /key 200: the key figures stand, the account is an error with its own status', async () => {
      server.addFault({ path: CREDITS_PATH, status: 401 });
      const s = await client().fetchSnapshot(FAKE_KEYS.management);
      assert.equal(s.accountStatus, 'error');
      assert.equal(s.account, undefined);
      assert.deepEqual(s.accountError, { kind: 'invalidKey', status: 401 });
      assert.equal(s.key.isManagementKey, true);
    });

    it("/credits 503 with Retry-After: the account error carries /credits' own delay", async () => {
      server.addFault({ path: CREDITS_PATH, status: 503, retryAfter: '120' });
      const s = await client().fetchSnapshot(FAKE_KEYS.management);
      assert.equal(s.accountError?.kind, 'serviceError');
      assert.equal(s.accountError?.status, 503);
      assert.equal(s.accountError?.retryAfterMs, 120_000);
    });

    it("/key's error wins over /credits' error", async () => {
      server.addFault({ path: KEY_PATH, status: 502 });
      server.addFault({ path: CREDITS_PATH, status: 401 });
      await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'serviceError');
    });

    it('a failing /key does not wait for a hanging /credits', async () => {
      server.addFault({ path: KEY_PATH, status: 500 });
      server.addFault({ path: CREDITS_PATH, hang: true });
      const t0 = Date.now();
      await expectError(client({ timeoutMs: 5000 }).fetchSnapshot(FAKE_KEYS.management), 'serviceError');
      assert.ok(Date.now() - t0 < 2000);
    });

    it('timeout on /key (hang)', async () => {
      server.addFault({ path: KEY_PATH, hang: true });
      const t0 = Date.now();
      const e = await expectError(client({ timeoutMs: 200 }).fetchSnapshot(FAKE_KEYS.management), 'timeout');
      assert.ok(Date.now() - t0 < 1500);
      assert.equal(e.retryable, true);
    });

    it('timeout on /credits only → accountStatus error', async () => {
      server.addFault({ path: CREDITS_PATH, hang: true });
      const s = await client({ timeoutMs: 200 }).fetchSnapshot(FAKE_KEYS.management);
      assert.equal(s.accountStatus, 'error');
    });

    it('invalid JSON → malformed', async () => {
      server.addFault({ path: KEY_PATH, body: '<html>not json sk-or-v1-leak</html>' });
      const e = await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'malformed');
      assert.ok(!e.message.includes('<html>'));
    });

    it('empty 200 body → malformed', async () => {
      server.addFault({ path: KEY_PATH, body: '' });
      await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'malformed');
    });

    it('truncated body → malformed', async () => {
      server.addFault({ path: KEY_PATH, truncate: true });
      await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'malformed');
    });

    it('oversized body (Content-Length) → malformed, too large', async () => {
      server.addFault({ path: KEY_PATH, bigBodyBytes: 2_000_000 });
      const e = await expectError(client({ maxBodyBytes: 1_000_000 }).fetchSnapshot(FAKE_KEYS.management), 'malformed');
      assert.match(e.message, /too large/);
    });

    it('oversized body without Content-Length → stops reading, malformed', async () => {
      // Hide Content-Length so that the streaming cap is what stops the read.
      let bytesSeen = 0;
      const noLength: FetchLike = async (url, init) => {
        const res = await fetch(url, init);
        return {
          status: res.status,
          ok: res.ok,
          headers: { get: (n: string) => (n.toLowerCase() === 'content-length' ? null : res.headers.get(n)) },
          body: (async function* () {
            for await (const chunk of res.body as AsyncIterable<Buffer>) {
              bytesSeen += chunk.length;
              yield chunk;
            }
          })(),
        };
      };
      server.addFault({ path: KEY_PATH, bigBodyBytes: 2_000_000 });
      const e = await expectError(client({ fetch: noLength, maxBodyBytes: 1_000_000 }).fetchSnapshot(FAKE_KEYS.management), 'malformed');
      assert.match(e.message, /too large/);
      assert.ok(bytesSeen < 1_500_000, `read ${bytesSeen} bytes`);
    });

    it('a body just under the cap is fine', async () => {
      server.addFault({ path: KEY_PATH, bigBodyBytes: 50_000 });
      const s = await client({ maxBodyBytes: 50_000 }).fetchSnapshot(FAKE_KEYS.management);
      assert.equal(s.key.label, 'Management key');
      assert.equal(s.account?.totalUsage, 43.45);
    });

    it('connection reset mid-body → network', async () => {
      server.addFault({ path: KEY_PATH, resetMidBody: true });
      await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'network');
    });

    it('connection refused → network', async () => {
      const gone = await FakeOpenRouter.start();
      const baseUrl = gone.baseUrl;
      await gone.close();
      const e = await expectError(new OpenRouterClient({ baseUrl, timeoutMs: 2000 }).fetchSnapshot(FAKE_KEYS.management), 'network');
      assert.match(e.message, /refused/);
      assert.equal(e.retryable, true);
    });

    it('fetch implementation throwing anything → network', async () => {
      const broken: FetchLike = async () => {
        throw Object.assign(new Error(`boom ${FAKE_KEYS.management}`), { code: 'ENOTFOUND' });
      };
      const e = await expectError(client({ fetch: broken }).fetchSnapshot(FAKE_KEYS.management), 'network');
      assert.match(e.message, /resolved/);
    });

    const badKeyData: Array<[string, Record<string, unknown>]> = [
      ['numbers as strings', { usage: '8.45' }],
      ['negative usage', { usage_daily: -1 }],
      ['1e308', { usage: 1e308 }],
      ['null usage', { usage: null }],
      ['null boolean', { is_free_tier: null }],
      ['string limit', { limit: '20' }],
      ['negative limit', { limit: -5 }],
      ['non-string label', { label: 42 }],
    ];
    for (const [name, dataOverride] of badKeyData) {
      it(`/key with ${name} → malformed`, async () => {
        server.addFault({ path: KEY_PATH, dataOverride });
        await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'malformed');
      });
    }

    it('/credits with bad numbers → accountStatus error, never a $0 balance', async () => {
      for (const dataOverride of [{ total_credits: '25' }, { total_usage: -1 }, { total_credits: 1e308 }, { total_usage: null }]) {
        server.clearFaults();
        server.addFault({ path: CREDITS_PATH, dataOverride });
        const s = await client().fetchSnapshot(FAKE_KEYS.management);
        assert.equal(s.accountStatus, 'error', JSON.stringify(dataOverride));
        assert.equal(s.spendable, undefined);
      }
    });

    for (const redirectStatus of [301, 302, 303, 307, 308]) {
      it(`${redirectStatus} redirect is not followed; the target never sees the key`, async () => {
        server.addFault({ path: KEY_PATH, redirectTo: other.origin + '/', redirectStatus });
        server.addFault({ path: CREDITS_PATH, redirectTo: other.baseUrl + '/credits', redirectStatus });
        const e = await expectError(client().fetchSnapshot(FAKE_KEYS.management), 'redirect');
        assert.equal(e.status, redirectStatus);
        assert.equal(e.retryable, false);
        assert.ok(server.requestsTo(KEY_PATH).length === 1);
        assert.equal(other.requests.length, 0);
      });
    }

    it('a redirect on /credits only → accountStatus error, target never contacted', async () => {
      server.addFault({ path: CREDITS_PATH, redirectTo: other.origin + '/' });
      const s = await client().fetchSnapshot(FAKE_KEYS.management);
      assert.equal(s.accountStatus, 'error');
      assert.equal(other.requests.length, 0);
    });

    it('server messages echoing the key are scrubbed', async () => {
      const secret = 'custom-token-without-prefix-1234';
      server.setKeyState(secret, { key: server.getKeyState(FAKE_KEYS.unlimited)!.key });
      for (const k of [secret, FAKE_KEYS.management]) {
        const echo = JSON.stringify({ error: { code: 401, message: `bad key ${k} (Bearer ${k})` } });
        server.clearFaults();
        server.addFault({ path: KEY_PATH, status: 401, body: echo });
        const e = await expectError(client().fetchSnapshot(k), 'invalidKey');
        assert.match(e.message, /bad key/);
        assert.ok(!e.message.includes(k));
        assert.ok(!JSON.stringify(e).includes(k));
        assert.ok(!String(e.serverMessage ?? '').includes(k));
        assert.ok(!String(e.stack ?? '').includes(k));
      }
    });
  });
  describe('exchangeAuthCode (PKCE sign-in)', () => {
    const CALLBACK = 'http://127.0.0.1:1/callback';

    /** A flow whose secrets the error checks know about. */
    const newFlow = (): PkceFlow => {
      const flow = new PkceFlow();
      SECRETS.push(flow.state);
      return flow;
    };
    /** A flow that has accepted its code (headless: pasted from the fake's page). */
    const acceptedFlow = async (): Promise<{ flow: PkceFlow; code: string }> => {
      const flow = newFlow();
      const code = flow.acceptPastedCode(await authorize(flow.authUrl(server.baseUrl)));
      assert.ok(code);
      SECRETS.push(code);
      return { flow, code };
    };
    /** Runs the exchange of a flow, with the verifier known to the error checks. */
    const exchange = (flow: PkceFlow, code: string, c: OpenRouterClient = client()) =>
      flow.exchange(code, (codeArg, verifier) => {
        SECRETS.push(verifier);
        return c.exchangeAuthCode(codeArg, verifier);
      });

    it('the full flow: /auth with the challenge → callback with state and code → exchange → /key works with the new key', async () => {
      const flow = newFlow();
      const r = await openAuthUrl(flow.authUrl(server.baseUrl, { callbackUrl: CALLBACK, keyLabel: 'VS Code' }));
      assert.equal(r.status, 302);
      const back = new URL(r.location ?? '');
      assert.equal(back.searchParams.get('state'), flow.state, 'the state travels in the callback URL');
      const code = flow.acceptCallback(back.search);
      assert.ok(code);
      SECRETS.push(code);

      const result = await exchange(flow, code);
      SECRETS.push(result.key);
      assert.deepEqual(result, { key: server.issuedKeys[0].key, userId: FAKE_USER_ID });
      assert.equal(server.issuedKeys[0].keyLabel, 'VS Code');
      assert.equal(flow.status, 'exchanged');

      const s = await client().fetchSnapshot(result.key);
      assert.equal(s.key.label, 'VS Code');
      assert.equal(s.key.limit, ISSUED_KEY_LIMIT);
      assert.equal(s.key.isManagementKey, false);
      assert.equal(s.accountStatus, 'forbidden');
    });

    it('the headless flow: the code from the page, pasted', async () => {
      const { flow, code } = await acceptedFlow();
      const { key } = await exchange(flow, code);
      SECRETS.push(key);
      assert.equal((await client().fetchSnapshot(key)).key.limit, ISSUED_KEY_LIMIT);
    });

    it('POSTs JSON {code, code_verifier, code_challenge_method} with no Authorization header', async () => {
      const { flow, code } = await acceptedFlow();
      let verifier = '';
      await flow.exchange(code, (c, v) => {
        verifier = v;
        SECRETS.push(v);
        return client().exchangeAuthCode(c, v);
      });
      const reqs = server.requestsTo(AUTH_KEYS_PATH);
      assert.equal(reqs.length, 1);
      const [req] = reqs;
      assert.equal(req.method, 'POST');
      assert.equal(req.headers.authorization, undefined);
      assert.match(String(req.headers['content-type']), /^application\/json/);
      assert.equal(req.headers.accept, 'application/json');
      assert.equal(req.headers['user-agent'], 'test-agent/1.0');
      assert.deepEqual(JSON.parse(req.body ?? ''), { code, code_verifier: verifier, code_challenge_method: 'S256' });
      assert.equal(server.requestsTo(KEY_PATH).length + server.requestsTo(CREDITS_PATH).length, 0);
    });

    it('a wrong verifier → 400 badRequest, and the code is spent', async () => {
      const { flow, code } = await acceptedFlow();
      const wrong = new PkceFlow();
      wrong.acceptPastedCode(code);
      const e = await expectError(exchange(wrong, code), 'badRequest');
      assert.equal(e.status, 400);
      assert.equal(e.retryable, false);
      await expectError(exchange(flow, code), 'badRequest');
      assert.deepEqual(server.issuedKeys, []);
    });

    it('a reused code → 400 badRequest', async () => {
      const { flow, code } = await acceptedFlow();
      let verifier = '';
      const { key } = await flow.exchange(code, (c, v) => {
        verifier = v;
        SECRETS.push(v);
        return client().exchangeAuthCode(c, v);
      });
      SECRETS.push(key);
      const e = await expectError(client().exchangeAuthCode(code, verifier), 'badRequest');
      assert.equal(e.status, 400);
      assert.equal(server.issuedKeys.length, 1);
    });

    it('an unknown code → 400 badRequest', async () => {
      const flow = newFlow();
      flow.acceptPastedCode('fake-auth-code-never-issued');
      SECRETS.push('fake-auth-code-never-issued');
      await expectError(exchange(flow, 'fake-auth-code-never-issued'), 'badRequest');
    });

    it('messages never contain the code, the verifier or the key, even when OpenRouter echoes them', async () => {
      const { flow, code } = await acceptedFlow();
      let verifier = '';
      await flow.exchange(code, async (_c, v) => {
        verifier = v;
        SECRETS.push(v);
      });
      const issued = 'sk-or-v1-fake-oauth-echoed-0005';
      SECRETS.push(issued);
      const echo = `code ${code}, verifier ${verifier}, key ${issued}`;
      for (const status of [400, 403, 500]) {
        server.clearFaults();
        server.addFault({ path: AUTH_KEYS_PATH, status, body: JSON.stringify({ error: { code: status, message: echo } }) });
        const e = await expectError(client().exchangeAuthCode(code, verifier), status === 400 ? 'badRequest' : status === 403 ? 'forbidden' : 'serviceError');
        assert.match(e.message, /code \[redacted\], verifier \[redacted\], key \[redacted\]/);
        for (const secret of [code, verifier, issued]) {
          assert.ok(!JSON.stringify(e).includes(secret));
          assert.ok(!String(e.serverMessage ?? '').includes(secret));
          assert.ok(!String(e.stack ?? '').includes(secret));
        }
      }
      // A fetch that fails with the secrets in its error message.
      const leaky: FetchLike = async (_url, init) => {
        throw new Error(`socket hang up while sending ${init.body}`);
      };
      const e = await expectError(client({ fetch: leaky }).exchangeAuthCode(code, verifier), 'network');
      assert.ok(!e.message.includes(code) && !e.message.includes(verifier));
    });

    const malformedBodies: Array<[string, string]> = [
      ['not JSON', 'sk-or-v1-leak <html>'],
      ['an array', '[]'],
      ['no key', '{"user_id":"user_fake"}'],
      ['an empty key', '{"key":"","user_id":null}'],
      ['a key with a space', '{"key":"sk-or-v1-fake oauth","user_id":null}'],
      ['a numeric key', '{"key":42,"user_id":null}'],
      ['a numeric user_id', '{"key":"sk-or-v1-fake-oauth-0006","user_id":7}'],
    ];
    for (const [name, body] of malformedBodies) {
      it(`a 200 with ${name} → malformed, without the body in the message`, async () => {
        const { flow, code } = await acceptedFlow();
        server.addFault({ path: AUTH_KEYS_PATH, body });
        const e = await expectError(exchange(flow, code), 'malformed');
        assert.ok(!e.message.includes(body));
      });
    }

    it('a 200 without user_id gives userId null', async () => {
      const { flow, code } = await acceptedFlow();
      server.addFault({ path: AUTH_KEYS_PATH, body: '{"key":"sk-or-v1-fake-oauth-0007"}' });
      SECRETS.push('sk-or-v1-fake-oauth-0007');
      assert.deepEqual(await exchange(flow, code), { key: 'sk-or-v1-fake-oauth-0007', userId: null });
    });

    it('a redirect is not followed: the target never sees the code', async () => {
      const { flow, code } = await acceptedFlow();
      server.addFault({ path: AUTH_KEYS_PATH, redirectTo: other.origin + '/', redirectStatus: 307 });
      const e = await expectError(exchange(flow, code), 'redirect');
      assert.equal(e.status, 307);
      assert.equal(other.requests.length, 0);
    });

    it('timeout, 429 and oversized answers map like the other requests', async () => {
      for (const [fault, kind] of [
        [{ hang: true }, 'timeout'],
        [{ status: 429, retryAfter: '5' }, 'rateLimited'],
        [{ bigBodyBytes: 2_000_000 }, 'malformed'],
      ] as const) {
        const { flow, code } = await acceptedFlow();
        server.clearFaults();
        server.addFault({ path: AUTH_KEYS_PATH, ...fault });
        await expectError(exchange(flow, code, client({ timeoutMs: 200 })), kind);
      }
    });

    it('an empty code or verifier → badRequest without a request', async () => {
      await expectError(client().exchangeAuthCode('  ', 'v'.repeat(43)), 'badRequest');
      await expectError(client().exchangeAuthCode('code', ''), 'badRequest');
      assert.equal(server.requests.length, 0);
    });
  });
});
