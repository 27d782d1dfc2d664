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
import { apiKeysCreate } from '@openrouter/sdk/funcs/apiKeysCreate.js';
import { apiKeysDelete } from '@openrouter/sdk/funcs/apiKeysDelete.js';
import { guardrailsList } from '@openrouter/sdk/funcs/guardrailsList.js';
import { guardrailsListKeyAssignments } from '@openrouter/sdk/funcs/guardrailsListKeyAssignments.js';
import { organizationListMembers } from '@openrouter/sdk/funcs/organizationListMembers.js';
import { workspacesGet } from '@openrouter/sdk/funcs/workspacesGet.js';
import { workspacesList } from '@openrouter/sdk/funcs/workspacesList.js';
import { workspacesListBudgets } from '@openrouter/sdk/funcs/workspacesListBudgets.js';
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
  fakeKeyBudget,
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

  it('the demo account passes too, its organization included', async () => {
    demoAccount(server);
    const m = sdk(FAKE_KEYS.management);
    const workspaces = await workspacesList(m, { limit: 100 });
    assert.ok(workspaces.ok, workspaces.ok ? '' : String(workspaces.error));
    assert.ok(workspaces.value.result.data.length >= 2);
    const results: { ok: boolean; error?: unknown }[] = [
      await apiKeysGetCurrentKeyMetadata(m),
      await creditsGetCredits(m),
      await apiKeysList(m, { includeDisabled: true }),
      await analyticsGetUserActivity(m),
      await guardrailsListKeyAssignments(m),
      await organizationListMembers(m),
    ];
    for (const w of workspaces.value.result.data) {
      results.push(await apiKeysList(m, { includeDisabled: true, workspaceId: w.id }), await workspacesListBudgets(m, { workspaceRef: w.id }), await guardrailsList(m, { workspaceId: w.id }));
    }
    for (const result of results) assert.ok(result.ok, result.ok ? '' : String(result.error));
  });

  describe('the organization', () => {
    const PLATFORM = '3f1c2b7e-8d4a-4c6b-9e2f-1a2b3c4d5e6f';
    beforeEach(() => {
      server.setWorkspaces([{ name: 'Default' }, { id: PLATFORM, name: 'Platform', include_byok_in_budgets: true }]);
      server.setWorkspaceBudgets(PLATFORM, [{ reset_interval: 'monthly', limit_usd: 50 }, { reset_interval: null, limit_usd: 400 }]);
      server.setWorkspaceKeys(PLATFORM, [{ item: fakeListedKey({ name: 'Batch', creator_user_id: null, usage: 3, usage_monthly: 2 }) }]);
      server.setGuardrails([{ name: 'CI cap', limit_usd: 5, reset_interval: 'weekly' }, { name: 'Platform cap', workspace_id: PLATFORM, limit_usd: null, reset_interval: null }]);
      server.setGuardrailAssignments([{ guardrail_id: server.guardrails[0].id, key_name: 'CI key' }]);
      server.setMembers([{ id: 'user_a', first_name: 'Grace', last_name: 'Hopper', role: 'org:admin' }, { id: 'user_b', first_name: null, last_name: null }]);
    });

    it('GET /workspaces (workspacesList) and /workspaces/{id} (workspacesGet) by id and slug', async () => {
      const list = await workspacesList(sdk(FAKE_KEYS.management), { limit: 100 });
      assert.ok(list.ok, list.ok ? '' : String(list.error));
      show('names, totalCount', [list.value.result.data.map((w) => w.name), list.value.result.totalCount]);
      assert.deepEqual(list.value.result.data.map((w) => w.name), ['Default', 'Platform']);
      for (const id of [PLATFORM, 'platform']) {
        const one = await workspacesGet(sdk(FAKE_KEYS.management), { id });
        assert.ok(one.ok, one.ok ? '' : String(one.error));
        assert.equal(one.value.data.id, PLATFORM);
      }
      const missing = await workspacesGet(sdk(FAKE_KEYS.management), { id: 'nope' });
      assert.equal((missing as { error?: { statusCode?: number } }).error?.statusCode, 404);
    });

    it('GET /workspaces/{id}/budgets (workspacesListBudgets)', async () => {
      const r = await workspacesListBudgets(sdk(FAKE_KEYS.management), { workspaceRef: PLATFORM });
      assert.ok(r.ok, r.ok ? '' : String(r.error));
      show('budgets, includeByokInBudgets', [r.value.data.map((b) => [b.resetInterval, b.limitUsd]), r.value.includeByokInBudgets]);
      assert.deepEqual(r.value.data.map((b) => [b.resetInterval, b.limitUsd]), [['monthly', 50], [null, 400]]);
      assert.equal(r.value.includeByokInBudgets, true);
    });

    it('GET /guardrails (guardrailsList), /guardrails/assignments/keys, /organization/members', async () => {
      const g = await guardrailsList(sdk(FAKE_KEYS.management));
      assert.ok(g.ok, g.ok ? '' : String(g.error));
      assert.deepEqual(g.value.result.data.map((x) => x.name), ['CI cap']);
      const gp = await guardrailsList(sdk(FAKE_KEYS.management), { workspaceId: PLATFORM });
      assert.ok(gp.ok, gp.ok ? '' : String(gp.error));
      assert.deepEqual(gp.value.result.data.map((x) => [x.name, x.limitUsd]), [['Platform cap', null]]);
      const a = await guardrailsListKeyAssignments(sdk(FAKE_KEYS.management));
      assert.ok(a.ok, a.ok ? '' : String(a.error));
      assert.deepEqual(a.value.result.data.map((x) => x.keyName), ['CI key']);
      const mem = await organizationListMembers(sdk(FAKE_KEYS.management));
      assert.ok(mem.ok, mem.ok ? '' : String(mem.error));
      show('members', mem.value.result.data.map((x) => [x.id, x.firstName, x.role]));
      assert.equal(mem.value.result.totalCount, 2);
    });

    it('GET /keys (apiKeysList) with workspaceId: that workspace only; without: the Default one', async () => {
      const p = await apiKeysList(sdk(FAKE_KEYS.management), { includeDisabled: true, workspaceId: PLATFORM });
      assert.ok(p.ok, p.ok ? '' : String(p.error));
      assert.deepEqual(p.value.data.map((k) => [k.name, k.creatorUserId, k.workspaceId]), [['Batch', null, PLATFORM]]);
      const d = await apiKeysList(sdk(FAKE_KEYS.management), { includeDisabled: true });
      assert.ok(d.ok && d.value.data.every((k) => k.workspaceId !== PLATFORM));
    });

    it('POST /keys (apiKeysCreate) 201 and DELETE /keys/{hash} (apiKeysDelete)', async () => {
      const c = await apiKeysCreate(sdk(FAKE_KEYS.management), { requestBody: { name: 'New one', limit: 10, limitReset: 'daily', workspaceId: PLATFORM } });
      assert.ok(c.ok, c.ok ? '' : String(c.error));
      assert.equal(c.value.data.workspaceId, PLATFORM);
      assert.equal(c.value.data.limitRemaining, 10);
      const own = await apiKeysGetCurrentKeyMetadata(sdk(c.value.key));
      assert.ok(own.ok, own.ok ? '' : String(own.error));
      assert.equal(own.value.data.usage, 0);
      const d = await apiKeysDelete(sdk(FAKE_KEYS.management), { hash: c.value.data.hash });
      assert.ok(d.ok, d.ok ? '' : String(d.error));
      assert.equal(d.value.deleted, true);
      const again = await apiKeysDelete(sdk(FAKE_KEYS.management), { hash: c.value.data.hash });
      assert.equal((again as { error?: { statusCode?: number } }).error?.statusCode, 404);
      const forbidden = await apiKeysCreate(sdk(FAKE_KEYS.limited), { requestBody: { name: 'x' } });
      assert.equal((forbidden as { error?: { statusCode?: number } }).error?.statusCode, 403);
    });

    it("/key with KeyBudget layers still passes the SDK's /key validator", async () => {
      server.setKeyBudgets(FAKE_KEYS.limited, [fakeKeyBudget({ spend_usd: 44 })]);
      const r = await apiKeysGetCurrentKeyMetadata(sdk(FAKE_KEYS.limited));
      assert.ok(r.ok, r.ok ? '' : String(r.error));
    });

    it('a normal key gets 403 on every organization read', async () => {
      const l = sdk(FAKE_KEYS.limited);
      for (const r of [await workspacesList(l), await workspacesListBudgets(l, { workspaceRef: PLATFORM }), await guardrailsList(l), await guardrailsListKeyAssignments(l), await organizationListMembers(l)]) {
        assert.equal(r.ok, false);
        assert.equal((r as { error?: { statusCode?: number } }).error?.statusCode, 403);
      }
    });

    it('the oracle can fail: a workspace without default_guardrail_id, a guardrail with a null include_byok_in_budgets', async () => {
      server.addFault({ path: '/api/v1/workspaces', dataOverride: { default_guardrail_id: null }, times: 1 });
      assert.equal((await workspacesList(sdk(FAKE_KEYS.management))).ok, false);
      server.addFault({ path: '/api/v1/guardrails', dataOverride: { include_byok_in_budgets: null }, times: 1 });
      assert.equal((await guardrailsList(sdk(FAKE_KEYS.management))).ok, false);
    });
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
