// The client's key hashes (listKeysWithHashes) and a key's limit
// (updateKeyLimit, PATCH /keys/{hash}) against the fake OpenRouter on
// 127.0.0.1.

import assert from 'node:assert/strict';
import { expectError } from './helpers/expectError';
import { useFakeServer } from './helpers/fakeServer';

import { validateKeyLimitUpdate, type KeyLimitUpdate } from '../../src/core/openrouter/accountApi';
import { OpenRouterClient, type OpenRouterClientOptions } from '../../src/core/openrouter/client';
import { CreditsError, type CreditsErrorKind } from '../../src/core/openrouter/errors';
import { accountKeyId, validateKeyItemResponse } from '../../src/core/openrouter/validateAccount';
import { FAKE_KEYS, FakeOpenRouter, KEYS_PATH, errorBody, keyPath } from '../fixtures/fakeOpenRouter';

describe('core/client: key hashes and a key limit (PATCH /keys/{hash})', () => {
  let server: FakeOpenRouter;
  const now = Date.UTC(2026, 10, 26, 9);
  const client = (opts: Partial<OpenRouterClientOptions> = {}): OpenRouterClient =>
    new OpenRouterClient({ baseUrl: server.baseUrl, timeoutMs: 2000, ...opts });
  const hashOf = (name: string): string => {
    const item = server.listedKeys().find((k) => k.name === name);
    assert.ok(item, name);
    return item.hash as string;
  };
  const allHashes = (): string[] => server.listedKeys().map((k) => k.hash as string);

  /** The error of `p`, of `kind`, whose message holds no key and no hash. */
  async function expectKeyError(p: Promise<unknown>, kind: CreditsErrorKind): Promise<CreditsError> {
    const e = await expectError(p, kind, allHashes());
    assert.ok(!JSON.stringify({ ...e, message: e.message }).includes('f'.repeat(64)));
    return e;
  }

  const fake = useFakeServer({ now: () => now });
  before(() => { server = fake.server; });

  describe('listKeysWithHashes', () => {
    it('the keys of listKeys, and each hash apart, by the key id', async () => {
      const { keys, hashById } = await client().listKeysWithHashes(FAKE_KEYS.management);
      assert.deepEqual(keys, await client().listKeys(FAKE_KEYS.management));
      assert.equal(hashById.size, keys.length);
      for (const k of keys) {
        const hash = hashById.get(k.id);
        assert.ok(hash && allHashes().includes(hash), k.name);
        assert.equal(k.id, accountKeyId(hash));
      }
      const text = JSON.stringify({ keys, hashById });
      for (const h of allHashes()) assert.ok(!text.includes(h), 'serialized by mistake, the result still holds no hash');
    });
  });

  describe('updateKeyLimit', () => {
    it('sends PATCH {limit, limit_reset} with the key and answers the updated key, without its hash', async () => {
      const hash = hashOf('Staging bot');
      const updated = await client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: 25, limitReset: 'monthly' });
      assert.equal(updated.id, accountKeyId(hash));
      assert.equal(updated.name, 'Staging bot');
      assert.deepEqual([updated.limit, updated.limitReset, updated.limitRemaining], [25, 'monthly', 23.8]);
      assert.ok(!JSON.stringify(updated).includes(hash));
      const [req] = server.requestsTo(keyPath(hash));
      assert.equal(req.method, 'PATCH');
      assert.equal(req.headers.authorization, `Bearer ${FAKE_KEYS.management}`);
      assert.match(String(req.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(req.body ?? ''), { limit: 25, limit_reset: 'monthly' });
      assert.equal(server.requests.length, 1, 'one request, nothing else');
      const listed = (await client().listKeys(FAKE_KEYS.management)).find((k) => k.id === updated.id);
      assert.deepEqual(listed, updated, 'the next refresh shows the new limit');
    });

    it('null clears the limit and the reset (both are always sent)', async () => {
      const hash = hashOf('CI key');
      const updated = await client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: null, limitReset: null });
      assert.deepEqual([updated.limit, updated.limitRemaining, updated.limitReset], [null, null, null]);
      assert.deepEqual(JSON.parse(server.requestsTo(keyPath(hash))[0].body ?? ''), { limit: null, limit_reset: null });
      assert.equal(server.getKeyState(FAKE_KEYS.limited)?.key.limit, null, "the key's own /key follows");
      const zero = await client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: 0, limitReset: 'daily' });
      assert.deepEqual([zero.limit, zero.limitRemaining], [0, 0]);
    });

    it('403 for a normal key → forbidden; 401 for an unknown key → invalidKey; nothing changes', async () => {
      const hash = hashOf('Staging bot');
      const before = server.listedKeys();
      await expectKeyError(client().updateKeyLimit(FAKE_KEYS.limited, hash, { limit: 1, limitReset: null }), 'forbidden');
      await expectKeyError(client().updateKeyLimit(FAKE_KEYS.revoked, hash, { limit: 1, limitReset: null }), 'invalidKey');
      assert.deepEqual(server.listedKeys(), before);
    });

    it('404 for a key OpenRouter does not know → notFound that says so, not "check the base URL"', async () => {
      const e = await expectKeyError(client().updateKeyLimit(FAKE_KEYS.management, 'f'.repeat(64), { limit: 1, limitReset: null }), 'notFound');
      assert.match(e.message, /does not know this key/);
      assert.equal(e.status, 404);
    });

    it('a 400 → badRequest, the server message kept but scrubbed of the key and the hash', async () => {
      const hash = hashOf('Staging bot');
      server.addFault({
        path: keyPath(hash),
        status: 400,
        body: JSON.stringify(errorBody(400, `limit rejected for ${hash} (${FAKE_KEYS.management})`)),
        times: 1,
      });
      const e = await expectKeyError(client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: 1, limitReset: null }), 'badRequest');
      assert.match(e.message, /limit rejected/);
    });

    it('checks its arguments before any request', async () => {
      const hash = hashOf('Staging bot');
      const bad: [unknown, unknown][] = [
        [hash, { limit: -1, limitReset: null }],
        [hash, { limit: -0.01, limitReset: 'daily' }],
        [hash, { limit: Number.NaN, limitReset: null }],
        [hash, { limit: Number.POSITIVE_INFINITY, limitReset: null }],
        [hash, { limit: 2e12, limitReset: null }],
        [hash, { limit: '5', limitReset: null }],
        [hash, { limitReset: null }],
        [hash, { limit: 5 }],
        [hash, { limit: 5, limitReset: 'yearly' }],
        [hash, { limit: 5, limitReset: 'Monthly' }],
        [hash, null],
        ['', { limit: 5, limitReset: null }],
        ['../credits', { limit: 5, limitReset: null }],
        [`${hash}?x=1`, { limit: 5, limitReset: null }],
        [42, { limit: 5, limitReset: null }],
      ];
      for (const [h, update] of bad) {
        await expectKeyError(client().updateKeyLimit(FAKE_KEYS.management, h as string, update as KeyLimitUpdate), 'badRequest');
      }
      await expectKeyError(client().updateKeyLimit('', hash, { limit: 5, limitReset: null }), 'noKey');
      assert.equal(server.requests.length, 0, 'nothing was sent');
      assert.deepEqual(validateKeyLimitUpdate(hash, { limit: -0, limitReset: 'weekly' }).update, { limit: 0, limitReset: 'weekly' });
    });

    it('an answer about another key, or a malformed one → malformed', async () => {
      const hash = hashOf('Staging bot');
      server.addFault({ path: keyPath(hash), dataOverride: { hash: 'a'.repeat(64) }, times: 1 });
      await expectKeyError(client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: 1, limitReset: null }), 'malformed');
      server.addFault({ path: keyPath(hash), dataOverride: { usage: '1' }, times: 1 });
      await expectKeyError(client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: 1, limitReset: null }), 'malformed');
      server.addFault({ path: keyPath(hash), body: '{"data":[]}', times: 1 });
      await expectKeyError(client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: 1, limitReset: null }), 'malformed');
      assert.throws(() => validateKeyItemResponse({ data: { hash, usage: 1, usage_daily: 0, usage_weekly: 0, usage_monthly: 1 } }, 'b'.repeat(64)), /another key/);
    });

    it('the same request rules: no redirect followed, a timeout, the origin kept', async () => {
      const hash = hashOf('Staging bot');
      server.addFault({ path: keyPath(hash), redirectTo: 'http://127.0.0.1:9/', times: 1 });
      await expectKeyError(client().updateKeyLimit(FAKE_KEYS.management, hash, { limit: 1, limitReset: null }), 'redirect');
      server.addFault({ path: keyPath(hash), hang: true, times: 1 });
      await expectKeyError(client({ timeoutMs: 200 }).updateKeyLimit(FAKE_KEYS.management, hash, { limit: 1, limitReset: null }), 'timeout');
      for (const r of server.requests) assert.equal(r.port, server.port);
      assert.ok(server.requests.every((r) => r.path.startsWith(`${KEYS_PATH}/`)));
    });
  });
});
