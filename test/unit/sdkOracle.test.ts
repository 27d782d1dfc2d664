// A second oracle for the fake OpenRouter: the official TypeScript SDK
// (@openrouter/sdk, pinned in devDependencies). Its response validators are
// strict zod schemas generated from a newer spec than the shared OpenAPI file,
// so a fake whose answers pass them looks like the live API.
//
// Test-only: nothing under src/ may import the SDK (the bundle must not grow).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenRouterCore } from '@openrouter/sdk/core.js';
import { analyticsGetUserActivity } from '@openrouter/sdk/funcs/analyticsGetUserActivity.js';
import { apiKeysGetCurrentKeyMetadata } from '@openrouter/sdk/funcs/apiKeysGetCurrentKeyMetadata.js';
import { apiKeysGet } from '@openrouter/sdk/funcs/apiKeysGet.js';
import { apiKeysList } from '@openrouter/sdk/funcs/apiKeysList.js';
import { apiKeysUpdate } from '@openrouter/sdk/funcs/apiKeysUpdate.js';
import { creditsGetCredits } from '@openrouter/sdk/funcs/creditsGetCredits.js';
import { generationsGetGeneration } from '@openrouter/sdk/funcs/generationsGetGeneration.js';
import {
  ACTIVITY_PATH,
  CREDITS_PATH,
  FAKE_GENERATION_IDS,
  FAKE_KEYS,
  FakeOpenRouter,
  GENERATION_PATH,
  KEYS_PATH,
  KEY_PATH,
  keyPath,
  fakeListedKey,
} from '../fixtures/fakeOpenRouter';
import { demoAccount } from '../../scripts/demo/account';

const ROOT = path.resolve(__dirname, '../..');

/** Shows a figure in the test output, so a reader sees what the SDK parsed. */
function show(what: string, value: unknown): void {
  console.log(`      ${what}: ${JSON.stringify(value)}`);
}

describe('@openrouter/sdk as an oracle for the fake', () => {
  let server: FakeOpenRouter;
  const clock = Date.UTC(2026, 10, 26, 6, 30);
  const sdk = (apiKey: string) =>
    new OpenRouterCore({ apiKey, serverURL: server.baseUrl, retryConfig: { strategy: 'none' } });

  before(async () => {
    server = await FakeOpenRouter.start({ host: '127.0.0.1', now: () => clock });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.clearRequests();
  });

  it('the pinned SDK is a dev dependency only and src/ never imports it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.match(pkg.devDependencies['@openrouter/sdk'], /^\d+\.\d+\.\d+$/, 'an exact version');
    assert.equal(pkg.dependencies?.['@openrouter/sdk'], undefined);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(path.join(ROOT, 'src'))) {
      assert.ok(!fs.readFileSync(file, 'utf8').includes('@openrouter/sdk'), `${path.relative(ROOT, file)} imports the SDK`);
    }
  });

  for (const [name, token] of [['management', FAKE_KEYS.management], ['limited', FAKE_KEYS.limited], ['unlimited', FAKE_KEYS.unlimited]] as const) {
    it(`GET /key (apiKeysGetCurrentKeyMetadata) for the ${name} key`, async () => {
      const result = await apiKeysGetCurrentKeyMetadata(sdk(token));
      assert.ok(result.ok, `the SDK refused /key: ${result.ok ? '' : String(result.error)}`);
      const d = result.value.data;
      show(`${name} usage, usageDaily, isManagementKey, freeModelDailyRequests`, [d.usage, d.usageDaily, d.isManagementKey, d.freeModelDailyRequests]);
      assert.equal(d.isManagementKey, token === FAKE_KEYS.management);
      if (token === FAKE_KEYS.management) assert.deepEqual([d.usage, d.usageDaily, d.usageWeekly, d.usageMonthly], [0, 0, 0, 0]);
      assert.equal(server.requestsTo(KEY_PATH).length, 1);
    });
  }

  it('GET /credits (creditsGetCredits) for the management key', async () => {
    const result = await creditsGetCredits(sdk(FAKE_KEYS.management));
    assert.ok(result.ok, `the SDK refused /credits: ${result.ok ? '' : String(result.error)}`);
    show('totalCredits, totalUsage', [result.value.data.totalCredits, result.value.data.totalUsage]);
    assert.deepEqual(result.value.data, { totalCredits: 60, totalUsage: 43.45 });
    assert.equal(server.requestsTo(CREDITS_PATH).length, 1);
  });

  it('GET /keys (apiKeysList) with include_disabled and offset', async () => {
    const result = await apiKeysList(sdk(FAKE_KEYS.management), { includeDisabled: true, offset: 0 });
    assert.ok(result.ok, `the SDK refused /keys: ${result.ok ? '' : String(result.error)}`);
    const keys = result.value.data;
    show('names, disabled', keys.map((k) => [k.name, k.disabled]));
    assert.ok(keys.some((k) => k.disabled));
    assert.ok(keys.every((k) => k.externalUser === null));
    assert.match(server.requestsTo(KEYS_PATH)[0].path, /include_disabled=true/);
  });

  it('PATCH /keys/{hash} (apiKeysUpdate) and GET /keys/{hash} (apiKeysGet): the SDK sends the body the fake expects and reads its answer', async () => {
    const staging = server.listedKeys().find((k) => k.name === 'Staging bot')!;
    const hash = staging.hash as string;
    const result = await apiKeysUpdate(sdk(FAKE_KEYS.management), { hash, requestBody: { limit: 25, limitReset: 'monthly' } });
    assert.ok(result.ok, `the SDK refused PATCH /keys/{hash}: ${result.ok ? '' : String(result.error)}`);
    const d = result.value.data;
    show('limit, limitReset, limitRemaining', [d.limit, d.limitReset, d.limitRemaining]);
    assert.deepEqual([d.limit, d.limitReset, d.limitRemaining], [25, 'monthly', 23.8]);
    const rec = server.requestsTo(keyPath(hash));
    assert.equal(rec[0].method, 'PATCH');
    assert.deepEqual(JSON.parse(rec[0].body ?? ''), { limit: 25, limit_reset: 'monthly' });
    const one = await apiKeysGet(sdk(FAKE_KEYS.management), { hash });
    assert.ok(one.ok, `the SDK refused GET /keys/{hash}: ${one.ok ? '' : String(one.error)}`);
    assert.equal(one.value.data.limit, 25);
    const forbidden = await apiKeysUpdate(sdk(FAKE_KEYS.limited), { hash, requestBody: { limit: 1 } });
    assert.ok(!forbidden.ok, 'a normal key may not change a limit');
    const missing = await apiKeysUpdate(sdk(FAKE_KEYS.management), { hash: 'f'.repeat(64), requestBody: { limit: 1 } });
    assert.ok(!missing.ok);
    assert.equal((missing.error as { statusCode?: number }).statusCode, 404);
  });

  it('GET /activity (analyticsGetUserActivity): 30 completed days', async () => {
    const result = await analyticsGetUserActivity(sdk(FAKE_KEYS.management));
    assert.ok(result.ok, `the SDK refused /activity: ${result.ok ? '' : String(result.error)}`);
    const rows = result.value.data;
    const days = [...new Set(rows.map((r) => r.date))].sort();
    show('rows, first day, last day', [rows.length, days[0], days[days.length - 1]]);
    assert.equal(days.length, 30);
    assert.equal(days[29], '2026-11-25');
    assert.equal(server.requestsTo(ACTIVITY_PATH).length, 1);
  });

  it('GET /generation (generationsGetGeneration) for every known id, with a normal key', async () => {
    for (const id of FAKE_GENERATION_IDS) {
      const result = await generationsGetGeneration(sdk(FAKE_KEYS.limited), { id });
      assert.ok(result.ok, `the SDK refused /generation ${id}: ${result.ok ? '' : String(result.error)}`);
      show(`${id} totalCost, model, providerName`, [result.value.data.totalCost, result.value.data.model, result.value.data.providerName]);
      assert.equal(result.value.data.id, id);
    }
    assert.equal(server.requestsTo(GENERATION_PATH).length, FAKE_GENERATION_IDS.length);
  });

  it('the demo account passes too', async () => {
    demoAccount(server);
    const m = sdk(FAKE_KEYS.management);
    for (const result of [
      await apiKeysGetCurrentKeyMetadata(m),
      await creditsGetCredits(m),
      await apiKeysList(m, { includeDisabled: true }),
      await analyticsGetUserActivity(m),
    ]) {
      assert.ok(result.ok, result.ok ? '' : String(result.error));
    }
  });

  it('the SDK answers a normal key on /keys and /activity with its 403 error, and an unknown generation with 404', async () => {
    const keys = await apiKeysList(sdk(FAKE_KEYS.limited));
    assert.equal(keys.ok, false);
    const activity = await analyticsGetUserActivity(sdk(FAKE_KEYS.limited));
    assert.ok(!activity.ok);
    assert.match(String(activity.error), /Only management keys/);
    const gen = await generationsGetGeneration(sdk(FAKE_KEYS.limited), { id: 'gen-unknown' });
    assert.ok(!gen.ok);
    assert.equal((gen.error as { statusCode?: number }).statusCode, 404);
  });

  describe('the oracle can fail', () => {
    it('a wrong /key body (a string amount, a missing newer field) fails the SDK validation', async () => {
      server.addFault({ path: KEY_PATH, dataOverride: { usage: '8.45' }, times: 1 });
      const a = await apiKeysGetCurrentKeyMetadata(sdk(FAKE_KEYS.limited));
      assert.ok(!a.ok, 'a string usage must be refused');
      show('error', a.error.name);
      assert.match(a.error.name, /ValidationError/);

      const key = server.getKeyState(FAKE_KEYS.limited)!.key;
      delete key.free_model_daily_requests;
      server.setKeyState(FAKE_KEYS.limited, { key, credits: 'forbidden' });
      const b = await apiKeysGetCurrentKeyMetadata(sdk(FAKE_KEYS.limited));
      assert.ok(!b.ok, 'a /key without free_model_daily_requests must be refused');
    });

    it('a /keys item without external_user, or with a null workspace_id, fails', async () => {
      const { external_user: _gone, ...withoutExternal } = fakeListedKey({ name: 'Old shape' });
      server.setAccountKeys([{ item: withoutExternal }]);
      assert.equal((await apiKeysList(sdk(FAKE_KEYS.management))).ok, false);
      server.setAccountKeys([{ item: fakeListedKey({ workspace_id: null }) }]);
      assert.equal((await apiKeysList(sdk(FAKE_KEYS.management))).ok, false);
    });

    it('an /activity row with fractional tokens fails', async () => {
      server.addFault({ path: ACTIVITY_PATH, dataOverride: { prompt_tokens: 1.5 }, times: 1 });
      assert.equal((await analyticsGetUserActivity(sdk(FAKE_KEYS.management))).ok, false);
    });
  });
});
