// The client's account reads (GET /keys, /activity, /generation) against the
// fake OpenRouter on 127.0.0.1.

import assert from 'node:assert/strict';
import { expectError } from './helpers/expectError';
import { useFakeServer } from './helpers/fakeServer';

import fetch from 'node-fetch';

import { KEYS_PAGE_SIZE, MAX_KEY_PAGES } from '../../src/core/openrouter/accountApi';
import { OpenRouterClient, type OpenRouterClientOptions } from '../../src/core/openrouter/client';
import type { FetchLike } from '../../src/core/openrouter/http';
import { accountKeyId, validateActivityResponse, validateGenerationResponse, validateKeyListResponse } from '../../src/core/openrouter/validateAccount';
import {
  ACTIVITY_PATH,
  FAKE_GENERATION_IDS,
  FAKE_KEYS,
  FakeOpenRouter,
  GENERATION_PATH,
  KEYS_PATH,
  fakeActivityRow,
  fakeListedKey,
} from '../fixtures/fakeOpenRouter';

const manyKeys = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ item: fakeListedKey({ name: `Key ${i}`, disabled: i % 10 === 9, usage_monthly: i / 100 }) }));

describe('core/client: account reads (/keys, /activity, /generation)', () => {
  let server: FakeOpenRouter;
  const now = Date.UTC(2026, 10, 26, 9);
  const client = (opts: Partial<OpenRouterClientOptions> = {}): OpenRouterClient =>
    new OpenRouterClient({ baseUrl: server.baseUrl, timeoutMs: 2000, ...opts });

  const fake = useFakeServer({ now: () => now });
  before(() => { server = fake.server; });

  describe('listKeys', () => {
    it('pages through 250 keys in 3 requests, disabled ones included', async () => {
      server.setAccountKeys(manyKeys(250));
      const keys = await client().listKeys(FAKE_KEYS.management);
      assert.equal(keys.length, 250);
      assert.equal(keys.filter((k) => k.disabled).length, 25);
      const paths = server.requestsTo(KEYS_PATH).map((r) => r.path);
      assert.deepEqual(paths, [0, 100, 200].map((o) => `/api/v1/keys?include_disabled=true&offset=${o}`));
      assert.equal(server.requestsTo(KEYS_PATH)[0].headers.authorization, `Bearer ${FAKE_KEYS.management}`);
      assert.equal(new Set(keys.map((k) => k.id)).size, 250);
    });

    it('exactly one full page: a second, empty page ends it', async () => {
      server.setAccountKeys(manyKeys(KEYS_PAGE_SIZE));
      assert.equal((await client().listKeys(FAKE_KEYS.management)).length, 100);
      assert.equal(server.requestsTo(KEYS_PATH).length, 2);
    });

    it('stops after MAX_KEY_PAGES pages even if every page is full; a key seen twice counts once', async () => {
      server.setAccountKeys(manyKeys(KEYS_PAGE_SIZE));
      const sameFirstPage: FetchLike = (url, init) =>
        fetch(url.replace(/offset=\d+/, 'offset=0'), init) as unknown as ReturnType<FetchLike>;
      const keys = await client({ fetch: sameFirstPage }).listKeys(FAKE_KEYS.management);
      assert.equal(server.requestsTo(KEYS_PATH).length, MAX_KEY_PAGES);
      assert.equal(keys.length, KEYS_PAGE_SIZE);
    });

    it('the default account: camelCased, name and figures as listed, the hash nowhere', async () => {
      const keys = await client().listKeys(FAKE_KEYS.management);
      const ci = keys.find((k) => k.name === 'CI key');
      assert.ok(ci);
      assert.deepEqual(
        [ci.disabled, ci.limit, ci.limitRemaining, ci.limitReset, ci.usage, ci.usageDaily, ci.usageWeekly, ci.usageMonthly],
        [false, 20, 4.2, 'monthly', 15.8, 0.6, 3.2, 15.8],
      );
      assert.match(ci.id, /^[0-9a-f]{16}$/);
      assert.match(ci.label, /^sk-or-v1-.{3}\.\.\./);
      assert.equal(ci.createdAt, '2026-01-12T08:30:00.000Z');
      assert.ok(keys.some((k) => k.disabled));
      const hashes = server.listedKeys().map((k) => k.hash as string);
      const text = JSON.stringify(keys);
      for (const h of hashes) {
        assert.ok(!text.includes(h), 'the hash is not kept');
        assert.ok(!text.includes(h.slice(0, 16)), 'nor its start');
      }
      assert.equal(ci.id, accountKeyId(hashes[0]));
    });

    it('403 for a normal key → forbidden; 401 for an unknown key → invalidKey', async () => {
      await expectError(client().listKeys(FAKE_KEYS.limited), 'forbidden');
      await expectError(client().listKeys(FAKE_KEYS.revoked), 'invalidKey');
    });

    it('tolerant: extra fields anywhere, missing optional ones', async () => {
      server.setAccountKeys([
        { item: { hash: 'a'.repeat(64), usage: 1, usage_daily: 0.1, usage_weekly: 0.5, usage_monthly: 1 } },
        { item: fakeListedKey({ name: 'New', brand_new: { nested: [1, 2] }, limit: 5, limit_remaining: -0.2 }) },
      ]);
      server.addFault({ path: KEYS_PATH, dataOverride: { another_new_field: 'x' }, times: 1 });
      const [bare, full] = await client().listKeys(FAKE_KEYS.management);
      assert.deepEqual(
        { ...bare, id: '' },
        { id: '', name: '', label: '', disabled: false, limit: null, limitRemaining: null, limitReset: null, usage: 1, usageDaily: 0.1, usageWeekly: 0.5, usageMonthly: 1, createdAt: null },
      );
      assert.equal(full.name, 'New');
      assert.equal(full.limitRemaining, -0.2, 'a key can overshoot its limit');
      assert.ok(!('brand_new' in full) && !('another_new_field' in full));
    });

    it('a wrong type or a missing usage figure → malformed; a redirect is not followed', async () => {
      server.addFault({ path: KEYS_PATH, dataOverride: { usage_daily: '0.6' }, times: 1 });
      await expectError(client().listKeys(FAKE_KEYS.management), 'malformed');
      server.addFault({ path: KEYS_PATH, body: '{"data":{"not":"a list"}}', times: 1 });
      await expectError(client().listKeys(FAKE_KEYS.management), 'malformed');
      server.addFault({ path: KEYS_PATH, redirectTo: 'http://127.0.0.1:9/', times: 1 });
      await expectError(client().listKeys(FAKE_KEYS.management), 'redirect');
      server.addFault({ path: KEYS_PATH, status: 429, retryAfter: '30', times: 1 });
      const e = await expectError(client().listKeys(FAKE_KEYS.management), 'rateLimited');
      assert.equal(e.retryAfterMs, 30_000);
    });
  });

  describe('fetchActivity', () => {
    it('the last 30 completed days, rows that differ only by provider kept apart', async () => {
      const rows = await client().fetchActivity(FAKE_KEYS.management);
      const days = [...new Set(rows.map((r) => r.date))].sort();
      assert.equal(days.length, 30);
      assert.equal(days[29], '2026-11-25');
      const sonnet = rows.filter((r) => r.date === days[29] && r.model === 'anthropic/claude-sonnet-4.5');
      assert.ok(sonnet.length > 1);
      assert.equal(new Set(sonnet.map((r) => r.endpointId)).size, sonnet.length);
      assert.ok(rows.every((r) => r.usage >= 0 && Number.isInteger(r.promptTokens)));
      assert.equal(server.requestsTo(ACTIVITY_PATH)[0].path, '/api/v1/activity');
    });

    it('camelCased, tolerant of extra and missing optional fields, counts as strings', async () => {
      server.setActivity([
        fakeActivityRow({ date: '2026-11-25', model: 'openai/gpt-4.1', provider_name: 'OpenAI', usage: 0.2, requests: '12', extra: true }),
        { date: '2026-11-24', model: 'x/y', usage: 0.05 },
      ]);
      const [a, b] = await client().fetchActivity(FAKE_KEYS.management);
      assert.equal(a.providerName, 'OpenAI');
      assert.equal(a.requests, 12);
      assert.equal(a.modelPermaslug, 'openai/gpt-4.1');
      assert.deepEqual(b, {
        date: '2026-11-24', model: 'x/y', modelPermaslug: 'x/y', endpointId: '', providerName: '', usage: 0.05,
        byokUsageInference: 0, requests: 0, promptTokens: 0, completionTokens: 0, reasoningTokens: 0,
      });
    });

    it('403 for a normal key → forbidden; a bad row → malformed', async () => {
      await expectError(client().fetchActivity(FAKE_KEYS.unlimited), 'forbidden');
      server.addFault({ path: ACTIVITY_PATH, dataOverride: { usage: null }, times: 1 });
      await expectError(client().fetchActivity(FAKE_KEYS.management), 'malformed');
      server.addFault({ path: ACTIVITY_PATH, dataOverride: { date: '25.11.2026' }, times: 1 });
      await expectError(client().fetchActivity(FAKE_KEYS.management), 'malformed');
    });
  });

  describe('fetchGeneration', () => {
    it('any valid key; the id goes in the query, encoded', async () => {
      const g = await client().fetchGeneration(FAKE_KEYS.limited, FAKE_GENERATION_IDS[1]);
      assert.deepEqual(
        [g.id, g.model, g.providerName, g.totalCost, g.tokensPrompt, g.tokensCompletion, g.tokensReasoning, g.isByok, g.finishReason],
        [FAKE_GENERATION_IDS[1], 'openai/gpt-4.1', 'Azure', 0.01884, 6210, 802, 0, false, 'stop'],
      );
      await expectError(client().fetchGeneration(FAKE_KEYS.limited, 'gen a&b=c'), 'notFound');
      assert.deepEqual(server.requestsTo(GENERATION_PATH).map((r) => r.path), [
        `/api/v1/generation?id=${FAKE_GENERATION_IDS[1]}`,
        '/api/v1/generation?id=gen+a%26b%3Dc',
      ]);
    });

    it('an empty id → badRequest without a request; a revoked key → invalidKey', async () => {
      await expectError(client().fetchGeneration(FAKE_KEYS.limited, '  '), 'badRequest');
      assert.equal(server.requestsTo(GENERATION_PATH).length, 0);
      await expectError(client().fetchGeneration(FAKE_KEYS.revoked, FAKE_GENERATION_IDS[0]), 'invalidKey');
    });
  });

  describe('validators on their own', () => {
    it('skip list items that are not objects, count them for paging', () => {
      const page = validateKeyListResponse({ data: [null, 3, fakeListedKey()] });
      assert.equal(page.keys.length, 1);
      assert.equal(page.itemCount, 3);
      assert.deepEqual(validateActivityResponse({ data: ['x'] }), []);
    });

    it('generation: only id, model and total_cost are required', () => {
      const g = validateGenerationResponse({ data: { id: 'gen-1', model: 'm', total_cost: 0.1, new_field: {} } });
      assert.deepEqual(g, {
        id: 'gen-1', model: 'm', providerName: null, totalCost: 0.1, createdAt: '', tokensPrompt: null, tokensCompletion: null,
        tokensReasoning: null, latencyMs: null, generationTimeMs: null, isByok: false, finishReason: null,
      });
      assert.throws(() => validateGenerationResponse({ data: { id: 'gen-1', model: 'm' } }), /total_cost/);
    });
  });
});
