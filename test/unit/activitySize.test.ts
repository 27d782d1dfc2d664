// How large /activity gets for a busy account, and that the client reads it:
// 30 completed days × 300 model-endpoint rows is ~3 MB of JSON, three times
// the 1 MB every other answer may have. Against the fake on 127.0.0.1; the
// SDK checks the large answer is one the live API could give.

import assert from 'node:assert/strict';
import { OpenRouterCore } from '@openrouter/sdk/core.js';
import { analyticsGetUserActivity } from '@openrouter/sdk/funcs/analyticsGetUserActivity.js';
import { expectError } from './helpers/expectError';
import { useFakeServer } from './helpers/fakeServer';

import { ACTIVITY_MAX_BODY_BYTES, ACTIVITY_MAX_ROW_BYTES, ACTIVITY_MAX_ROWS_PER_DAY } from '../../src/core/openrouter/accountApi';
import { OpenRouterClient, type OpenRouterClientOptions } from '../../src/core/openrouter/client';
import { DEFAULT_MAX_BODY_BYTES, type FetchLike } from '../../src/core/openrouter/http';
import { ACTIVITY_DAYS, ACTIVITY_PATH, FAKE_KEYS, KEY_PATH, busyActivity, fakeActivityRow, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';

const bodyBytes = (rows: unknown[]): number => Buffer.byteLength(JSON.stringify({ data: rows }), 'utf8');

describe('core/client: a busy account\'s /activity', () => {
  let server: FakeOpenRouter;
  const now = Date.UTC(2026, 10, 26, 9);
  const client = (opts: Partial<OpenRouterClientOptions> = {}): OpenRouterClient =>
    new OpenRouterClient({ baseUrl: server.baseUrl, timeoutMs: 5000, ...opts });
  const fake = useFakeServer({ now: () => now });
  before(() => { server = fake.server; });

  it('30 days × 300 model endpoints is more than the 1 MB of other answers; the cap allows 30 × 1000 of the longest rows', () => {
    const busy = busyActivity(now, 300);
    assert.equal(busy.length, ACTIVITY_DAYS * 300);
    const size = bodyBytes(busy);
    assert.ok(size > DEFAULT_MAX_BODY_BYTES, `${size} bytes`);
    // The longest plausible row: long names, full-precision amounts, ten-digit counts.
    const longest = fakeActivityRow({
      date: '2026-11-25', model: 'mistralai/mistral-small-3.2-24b-instruct', model_permaslug: 'mistralai/mistral-small-3.2-24b-instruct-2506',
      provider_name: 'Amazon Bedrock', usage: 0.12345678901234566, byok_usage_inference: 0.12345678901234566,
      requests: 1234567, prompt_tokens: 1234567890, completion_tokens: 1234567890, reasoning_tokens: 1234567890,
    });
    const rowBytes = Buffer.byteLength(`${JSON.stringify(longest, null, 2)},\n`, 'utf8');
    assert.ok(rowBytes <= ACTIVITY_MAX_ROW_BYTES, `even pretty-printed: ${rowBytes} bytes`);
    assert.ok(ACTIVITY_MAX_BODY_BYTES >= ACTIVITY_DAYS * ACTIVITY_MAX_ROWS_PER_DAY * ACTIVITY_MAX_ROW_BYTES);
    assert.ok(size < ACTIVITY_MAX_BODY_BYTES / 3, 'the busy account fits with room to spare');
  });

  it('the SDK accepts the busy answer (the live API could give it)', async () => {
    server.setActivity((t: number) => busyActivity(t, 300));
    const sdk = new OpenRouterCore({ apiKey: FAKE_KEYS.management, serverURL: server.baseUrl, retryConfig: { strategy: 'none' } });
    const result = await analyticsGetUserActivity(sdk);
    assert.ok(result.ok, `the SDK refused /activity: ${result.ok ? '' : String(result.error)}`);
    assert.equal(result.value.data.length, ACTIVITY_DAYS * 300);
  });

  it('reads all 9 000 rows in one request', async () => {
    server.setActivity((t: number) => busyActivity(t, 300));
    const rows = await client().fetchActivity(FAKE_KEYS.management);
    assert.equal(rows.length, ACTIVITY_DAYS * 300);
    assert.equal(new Set(rows.map(r => r.date)).size, ACTIVITY_DAYS);
    assert.equal(server.requestsTo(ACTIVITY_PATH).length, 1);
  });

  it('the larger cap is /activity\'s only, and it still holds', async () => {
    const claimsSize = (bytes: number): FetchLike => async (url) => ({
      status: 200, ok: true, headers: { get: (h: string) => (h.toLowerCase() === 'content-length' ? String(bytes) : null) }, body: null,
      text: async () => { throw new Error(`read ${url}`); },
    });
    const e1 = await expectError(client({ fetch: claimsSize(ACTIVITY_MAX_BODY_BYTES + 1) }).fetchActivity(FAKE_KEYS.management), 'malformed');
    assert.match(e1.message, /too large/);
    const e2 = await expectError(client({ fetch: claimsSize(DEFAULT_MAX_BODY_BYTES + 1) }).fetchSnapshot(FAKE_KEYS.management), 'malformed');
    assert.match(e2.message, /too large/);
    assert.equal(server.requestsTo(KEY_PATH).length, 0, 'the injected fetch answered');
  });
});
