import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import * as yaml from 'js-yaml';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { challengeS256, createVerifier } from '../../src/core/openrouter/pkce';
import {
  ACTIVITY_PATH,
  AUTH_CODE_TTL_MS,
  AUTH_KEYS_PATH,
  FAKE_GENERATION_IDS,
  FAKE_KEYS,
  GENERATION_PATH,
  KEYS_PATH,
  keyPath,
  limitRemainingOf,
  fakeActivityRow,
  fakeGenerationData,
  fakeListedKey,
  fakeKeyBudget,
  FAKE_USER_ID,
  FAKE_WORKSPACE_ID,
  workspacePath,
  FakeOpenRouter,
  ISSUED_KEY_LIMIT,
  type FakeKeyState,
} from '../fixtures/fakeOpenRouter';
import { demoAccount, demoPeriods } from '../../scripts/demo/account';
import { authorize, openAuthUrl } from './helpers/auth';

const SPEC_PATH = path.resolve(__dirname, '../../../shared/openrouter/account-api.openapi.yaml');

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON-pointer into the spec for a response schema: paths./p.method.responses.code.content.application/json.schema */
function responsePointer(apiPath: string, code: string, method = 'get'): string {
  return `openapi#/paths/${esc(apiPath)}/${method}/responses/${code}/content/${esc('application/json')}/schema`;
}

function loadValidators() {
  const spec = yaml.load(fs.readFileSync(SPEC_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    formats: {
      double: true,
      'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/,
    },
  });
  // Register the whole document so '#/components/schemas/...' refs resolve against it.
  ajv.addSchema(spec, 'openapi');
  const schema = (pointer: string): ValidateFunction => {
    const v = ajv.getSchema(pointer);
    assert.ok(v, `no schema at ${pointer}`);
    return v;
  };
  const get = (apiPath: string, code: string, method?: string): ValidateFunction => schema(responsePointer(apiPath, code, method));
  return {
    key200: get('/key', '200'),
    key401: get('/key', '401'),
    credits200: get('/credits', '200'),
    credits401: get('/credits', '401'),
    credits403: get('/credits', '403'),
    authKeys200: get('/auth/keys', '200', 'post'),
    authKeys400: get('/auth/keys', '400', 'post'),
    keys200: get('/keys', '200'),
    activity200: get('/activity', '200'),
    activity400: get('/activity', '400'),
    activity403: get('/activity', '403'),
    generation200: get('/generation', '200'),
    generation404: get('/generation', '404'),
    oneKey200: get('/keys/{hash}', '200'),
    oneKey404: get('/keys/{hash}', '404'),
    patchKey200: get('/keys/{hash}', '200', 'patch'),
    patchKey400: get('/keys/{hash}', '400', 'patch'),
    patchKey401: get('/keys/{hash}', '401', 'patch'),
    patchKey404: get('/keys/{hash}', '404', 'patch'),
    workspaces200: get('/workspaces', '200'),
    workspace200: get('/workspaces/{id}', '200'),
    workspace404: get('/workspaces/{id}', '404'),
    budgets200: get('/workspaces/{id}/budgets', '200'),
    guardrails200: get('/guardrails', '200'),
    guardrails400: get('/guardrails', '400'),
    assignments200: get('/guardrails/assignments/keys', '200'),
    members200: get('/organization/members', '200'),
    members404: get('/organization/members', '404'),
    createKey201: get('/keys', '201', 'post'),
    createKey400: get('/keys', '400', 'post'),
    createKey403: get('/keys', '403', 'post'),
    deleteKey200: get('/keys/{hash}', '200', 'delete'),
    deleteKey404: get('/keys/{hash}', '404', 'delete'),
    createKeyRequest: schema(`openapi#/paths/${esc('/keys')}/post/requestBody/content/${esc('application/json')}/schema`),
    patchKeyRequest: schema(`openapi#/paths/${esc('/keys/{hash}')}/patch/requestBody/content/${esc('application/json')}/schema`),
    authKeysRequest: schema(`openapi#/paths/${esc('/auth/keys')}/post/requestBody/content/${esc('application/json')}/schema`),
  };
}

function assertValid(v: ValidateFunction, body: unknown, what: string): void {
  const ok = v(body);
  assert.ok(ok, `${what} does not match the spec: ${JSON.stringify(v.errors)}\nbody: ${JSON.stringify(body)}`);
}

async function get(url: string, token?: string, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
}

async function getJson(url: string, token?: string): Promise<{ status: number; body: any; res: Response }> {
  const res = await get(url, token);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), res };
}

describe('FakeOpenRouter', () => {
  let v: ReturnType<typeof loadValidators>;
  let clock = 1_700_000_000_000;
  let server: FakeOpenRouter;
  let keyUrl: string;
  let creditsUrl: string;

  before(async () => {
    v = loadValidators();
    server = await FakeOpenRouter.start({ now: () => clock });
    keyUrl = `${server.baseUrl}/key`;
    creditsUrl = `${server.baseUrl}/credits`;
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.clearRequests();
  });

  it('listens on 127.0.0.1 with a random port and exposes origin/baseUrl', () => {
    assert.ok(server.port > 0);
    assert.equal(server.origin, `http://127.0.0.1:${server.port}`);
    assert.equal(server.baseUrl, `http://127.0.0.1:${server.port}/api/v1`);
  });

  describe('answers match the OpenAPI spec', () => {
    for (const [name, token] of [
      ['management', FAKE_KEYS.management],
      ['limited', FAKE_KEYS.limited],
      ['unlimited', FAKE_KEYS.unlimited],
    ] as const) {
      it(`GET /key 200 for the ${name} key`, async () => {
        const { status, body, res } = await getJson(keyUrl, token);
        assert.equal(status, 200);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        assertValid(v.key200, body, `/key ${name}`);
      });
    }

    it('GET /key carries the reference figures', async () => {
      const m = (await getJson(keyUrl, FAKE_KEYS.management)).body.data;
      assert.equal(m.label, 'Management key');
      assert.equal(m.is_management_key, true);
      assert.equal(m.is_provisioning_key, true);
      assert.equal(m.limit, null);
      assert.equal(m.limit_remaining, null);
      // a management key spends nothing itself
      assert.deepEqual([m.usage, m.usage_daily, m.usage_weekly, m.usage_monthly], [0, 0, 0, 0]);
      assert.deepEqual([m.byok_usage, m.byok_usage_daily, m.byok_usage_weekly, m.byok_usage_monthly], [0, 0, 0, 0]);
      const l = (await getJson(keyUrl, FAKE_KEYS.limited)).body.data;
      assert.deepEqual(
        [l.label, l.limit, l.limit_remaining, l.limit_reset, l.usage, l.usage_daily, l.usage_weekly, l.usage_monthly],
        ['CI key', 20, 4.2, 'monthly', 15.8, 0.6, 3.2, 15.8],
      );
      assert.equal(l.is_management_key, false);
      const u = (await getJson(keyUrl, FAKE_KEYS.unlimited)).body.data;
      assert.deepEqual([u.label, u.limit, u.limit_remaining, u.usage], ['Laptop key', null, null, 12.34]);
    });

    it('GET /credits 200 for the management key', async () => {
      const { status, body } = await getJson(creditsUrl, FAKE_KEYS.management);
      assert.equal(status, 200);
      assertValid(v.credits200, body, '/credits management');
      assert.deepEqual(body, { data: { total_credits: 60, total_usage: 43.45 } });
    });

    it('GET /credits 403 for the limited and unlimited keys', async () => {
      for (const token of [FAKE_KEYS.limited, FAKE_KEYS.unlimited]) {
        const { status, body } = await getJson(creditsUrl, token);
        assert.equal(status, 403);
        assertValid(v.credits403, body, '/credits 403');
        assert.deepEqual(body, { error: { code: 403, message: 'Only management keys can perform this operation' } });
      }
    });

    it('401 "User not found." for the revoked key on every path', async () => {
      for (const url of [keyUrl, creditsUrl]) {
        const { status, body } = await getJson(url, FAKE_KEYS.revoked);
        assert.equal(status, 401);
        assertValid(url === keyUrl ? v.key401 : v.credits401, body, `401 ${url}`);
        assert.deepEqual(body, { error: { code: 401, message: 'User not found.' } });
      }
    });

    it('401 "Missing Authentication header" without or with a malformed Authorization', async () => {
      const variants: Record<string, string>[] = [{}, { Authorization: 'Basic abc' }, { Authorization: 'Bearer' }];
      for (const headers of variants) {
        const res = await fetch(keyUrl, { headers });
        const body = await res.json();
        assert.equal(res.status, 401);
        assertValid(v.key401, body, '401 missing auth');
        assert.deepEqual(body, { error: { code: 401, message: 'Missing Authentication header' } });
      }
    });

    it("'zeros' credits answer 200 with zeros", async () => {
      server.setCredits(FAKE_KEYS.unlimited, 'zeros');
      const { status, body } = await getJson(creditsUrl, FAKE_KEYS.unlimited);
      assert.equal(status, 200);
      assertValid(v.credits200, body, 'zeros');
      assert.deepEqual(body, { data: { total_credits: 0, total_usage: 0 } });
    });

    it('a dataOverride fault yields a body that FAILS validation', async () => {
      server.addFault({ path: '/api/v1/key', dataOverride: { limit_remaining: '4.2', usage: 'lots' } });
      const { status, body } = await getJson(keyUrl, FAKE_KEYS.limited);
      assert.equal(status, 200);
      assert.equal(body.data.limit_remaining, '4.2');
      assert.equal(v.key200(body), false, 'the validator must reject a string limit_remaining');
      // a missing required field fails too
      assert.equal(v.key200({ data: { label: 'x' } }), false);
      assert.equal(v.credits403({ error: { code: '403' } }), false);
    });

    it('dataOverride can inject hostile labels verbatim', async () => {
      const label = '<img src=x onerror=alert(1)>';
      server.addFault({ dataOverride: { label } });
      const { body } = await getJson(keyUrl, FAKE_KEYS.unlimited);
      assert.equal(body.data.label, label);
      assertValid(v.key200, body, 'hostile label');
    });
  });

  describe('account endpoints (/keys, /activity, /generation)', () => {
    const keysUrl = (q = '') => `${server.baseUrl}/keys${q}`;
    const activityUrl = (q = '') => `${server.baseUrl}/activity${q}`;
    const generationUrl = (id?: string) => `${server.baseUrl}/generation${id === undefined ? '' : `?id=${encodeURIComponent(id)}`}`;
    const DAY = 86_400_000;

    it('GET /keys 200 matches the spec; disabled keys only with include_disabled=true', async () => {
      const active = await getJson(keysUrl(), FAKE_KEYS.management);
      assert.equal(active.status, 200);
      assertValid(v.keys200, active.body, '/keys');
      assert.ok(active.body.data.every((k: { disabled: boolean }) => !k.disabled));
      const all = await getJson(keysUrl('?include_disabled=true'), FAKE_KEYS.management);
      assertValid(v.keys200, all.body, '/keys include_disabled');
      assert.equal(all.body.data.length, active.body.data.length + 1);
      const disabled = all.body.data.filter((k: { disabled: boolean }) => k.disabled);
      assert.equal(disabled.length, 1);
      for (const k of all.body.data) {
        assert.match(k.hash, /^[0-9a-f]{64}$/);
        assert.match(k.label, /^sk-or-v1-.{3}\.\.\..{4}$/, 'a masked label');
        assert.ok('external_user' in k, 'the newer SDK expects external_user');
      }
      assert.ok(!JSON.stringify(all.body).includes(FAKE_KEYS.limited), 'never the secret');
    });

    it('GET /keys: the fake keys agree with what /key says about them, live', async () => {
      server.spend(FAKE_KEYS.limited, 0.25);
      const items = (await getJson(keysUrl(), FAKE_KEYS.management)).body.data;
      for (const [token, name] of [[FAKE_KEYS.limited, 'CI key'], [FAKE_KEYS.unlimited, 'Laptop key']] as const) {
        const key = (await getJson(keyUrl, token)).body.data;
        const item = items.find((k: { name: string }) => k.name === name);
        assert.ok(item, name);
        for (const f of ['limit', 'limit_remaining', 'limit_reset', 'usage', 'usage_daily', 'usage_weekly', 'usage_monthly', 'byok_usage']) {
          assert.deepEqual(item[f], key[f], `${name} ${f}`);
        }
      }
      assert.equal(items.find((k: { name: string }) => k.name === 'CI key').usage_daily, 0.85);
    });

    it('GET /keys pages 100 at a time with offset; 400 for a bad offset', async () => {
      server.setAccountKeys(Array.from({ length: 250 }, (_, i) => ({ item: fakeListedKey({ name: `Key ${i}`, disabled: i % 50 === 7 }) })));
      const page = async (q: string) => (await getJson(keysUrl(q), FAKE_KEYS.management)).body.data as { name: string }[];
      assert.deepEqual((await page('?include_disabled=true')).length, 100);
      assert.deepEqual((await page('?include_disabled=true&offset=200')).map((k) => k.name), Array.from({ length: 50 }, (_, i) => `Key ${200 + i}`));
      assert.deepEqual((await page('?include_disabled=true&offset=300')).length, 0);
      assert.equal((await page('?offset=200')).length, 45, 'without include_disabled, the 5 disabled keys are left out');
      const bad = await getJson(keysUrl('?offset=-1'), FAKE_KEYS.management);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 400);
    });

    it('GET /keys and /activity: 403 for a normal key, 401 for an unknown one', async () => {
      for (const url of [keysUrl(), activityUrl()]) {
        for (const token of [FAKE_KEYS.limited, FAKE_KEYS.unlimited]) {
          const { status, body } = await getJson(url, token);
          assert.equal(status, 403);
          assertValid(v.activity403, body, `403 ${url}`);
          assert.deepEqual(body, { error: { code: 403, message: 'Only management keys can perform this operation' } });
        }
        assert.equal((await getJson(url, FAKE_KEYS.revoked)).status, 401);
      }
    });

    it('GET /activity 200 matches the spec: the last 30 completed UTC days, never today', async () => {
      clock = Date.UTC(2026, 10, 26, 6, 30);
      const { status, body } = await getJson(activityUrl(), FAKE_KEYS.management);
      assert.equal(status, 200);
      assertValid(v.activity200, body, '/activity');
      const dates = [...new Set(body.data.map((r: { date: string }) => r.date))].sort();
      assert.equal(dates.length, 30);
      assert.equal(dates[0], '2026-10-27');
      assert.equal(dates[29], '2026-11-25');
      // rows that differ only by provider
      const seen = new Map<string, Set<string>>();
      for (const r of body.data) {
        const k = `${r.date} ${r.model}`;
        if (!seen.has(k)) seen.set(k, new Set());
        seen.get(k)!.add(r.provider_name);
      }
      assert.ok([...seen.values()].some((p) => p.size > 1), 'a model served by several providers on one day');
      // the window moves with the server clock
      clock += DAY;
      const later = (await getJson(activityUrl(), FAKE_KEYS.management)).body.data;
      assert.ok(later.every((r: { date: string }) => r.date >= '2026-10-28' && r.date <= '2026-11-26'));
    });

    it('GET /activity: configured rows outside the window are left out; date narrows; a date outside is 400', async () => {
      clock = Date.UTC(2026, 10, 26, 12);
      server.setActivity([
        fakeActivityRow({ date: '2026-11-26', usage: 1 }), // today: not completed
        fakeActivityRow({ date: '2026-11-25', provider_name: 'OpenAI', usage: 0.2 }),
        fakeActivityRow({ date: '2026-11-25', provider_name: 'Azure', usage: 0.3 }),
        fakeActivityRow({ date: '2026-10-26', usage: 5 }), // 31 days ago
      ]);
      const all = (await getJson(activityUrl(), FAKE_KEYS.management)).body;
      assertValid(v.activity200, all, 'configured /activity');
      assert.deepEqual(all.data.map((r: { provider_name: string }) => r.provider_name), ['OpenAI', 'Azure']);
      const one = (await getJson(activityUrl('?date=2026-11-25'), FAKE_KEYS.management)).body.data;
      assert.equal(one.length, 2);
      const bad = await getJson(activityUrl('?date=2026-11-26'), FAKE_KEYS.management);
      assert.equal(bad.status, 400);
      assertValid(v.activity400, bad.body, '/activity 400');
    });

    it('GET /generation 200 for any valid key, 404 for an unknown id, 401 without a valid key', async () => {
      for (const token of [FAKE_KEYS.management, FAKE_KEYS.limited]) {
        for (const id of FAKE_GENERATION_IDS) {
          const { status, body } = await getJson(generationUrl(id), token);
          assert.equal(status, 200);
          assertValid(v.generation200, body, `/generation ${id}`);
          assert.equal(body.data.id, id);
        }
      }
      const nf = await getJson(generationUrl('gen-unknown'), FAKE_KEYS.limited);
      assert.equal(nf.status, 404);
      assertValid(v.generation404, nf.body, '/generation 404');
      assert.equal((await getJson(generationUrl(), FAKE_KEYS.limited)).status, 400);
      assert.equal((await getJson(generationUrl(FAKE_GENERATION_IDS[0]), FAKE_KEYS.revoked)).status, 401);
      server.addGeneration(fakeGenerationData({ id: 'gen-custom', total_cost: 1.5 }));
      assert.equal((await getJson(generationUrl('gen-custom'), FAKE_KEYS.limited)).body.data.total_cost, 1.5);
    });

    it('faults and the request record work on the new paths; dataOverride reaches every list item', async () => {
      server.addFault({ path: KEYS_PATH, status: 503, retryAfter: '3', times: 1 });
      const r = await getJson(keysUrl('?offset=0'), FAKE_KEYS.management);
      assert.equal(r.status, 503);
      assert.equal(r.res.headers.get('retry-after'), '3');
      assert.equal((await getJson(keysUrl(), FAKE_KEYS.management)).status, 200);
      server.addFault({ path: `${ACTIVITY_PATH}?date=2026-01-01`, status: 500, times: 1 });
      assert.equal((await getJson(activityUrl(), FAKE_KEYS.management)).status, 200, 'a full-path rule matches only its query');
      server.addFault({ path: ACTIVITY_PATH, dataOverride: { brand_new_field: 1 }, times: 1 });
      const over = (await getJson(activityUrl(), FAKE_KEYS.management)).body;
      assert.ok(over.data.length > 0 && over.data.every((row: Record<string, unknown>) => row.brand_new_field === 1));
      assertValid(v.activity200, over, 'extra fields stay valid');
      server.addFault({ path: GENERATION_PATH, hang: true, times: 1 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(get(generationUrl(FAKE_GENERATION_IDS[0]), FAKE_KEYS.limited, { signal: ac.signal }));
      assert.deepEqual(server.requestsTo(KEYS_PATH).map((q) => q.path), ['/api/v1/keys?offset=0', '/api/v1/keys']);
      assert.equal(server.requestsTo(ACTIVITY_PATH).length, 2);
      assert.equal(server.requestsTo(GENERATION_PATH)[0].path, `/api/v1/generation?id=${FAKE_GENERATION_IDS[0]}`);
    });

    it('an account given to start() is what reset() restores', async () => {
      const other = await FakeOpenRouter.start({
        now: () => Date.UTC(2026, 10, 26),
        account: { keys: [{ item: fakeListedKey({ name: 'Only key' }) }], activity: [], generations: {} },
      });
      try {
        other.setAccountKeys([]);
        other.reset();
        const keys = (await getJson(`${other.baseUrl}/keys`, FAKE_KEYS.management)).body.data;
        assert.deepEqual(keys.map((k: { name: string }) => k.name), ['Only key']);
        assert.deepEqual((await getJson(`${other.baseUrl}/activity`, FAKE_KEYS.management)).body, { data: [] });
        assert.equal((await getJson(`${other.baseUrl}/generation?id=${FAKE_GENERATION_IDS[0]}`, FAKE_KEYS.limited)).status, 404);
      } finally {
        await other.close();
      }
    });
  });

  describe('the organization (workspaces, budgets, guardrails, members) and managing keys', () => {
    const PLATFORM = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const url = (p: string) => `${server.baseUrl}${p}`;
    const send = async (path: string, method: string, body?: unknown, token: string = FAKE_KEYS.management) => {
      const res = await get(`${server.origin}${path}`, token, body === undefined ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: res.status, body: JSON.parse(await res.text()), res };
    };
    const org = () => {
      server.setWorkspaces([{ name: 'Default' }, { id: PLATFORM, name: 'Platform' }]);
      server.setWorkspaceKeys(PLATFORM, [{ item: fakeListedKey({ name: 'Batch', usage: 3, usage_daily: 0.1, usage_weekly: 1, usage_monthly: 2, creator_user_id: null }) }]);
      server.setWorkspaceBudgets('platform', [{ reset_interval: 'daily', limit_usd: 5 }, { reset_interval: null, limit_usd: 100 }]);
      server.setGuardrails([{ name: 'Cap' }, { name: 'Legacy', workspace_id: null }, { name: 'P cap', workspace_id: PLATFORM, limit_usd: null, reset_interval: null }]);
      server.setGuardrailAssignments([{ guardrail_id: server.guardrails[0].id, key_name: 'Batch' }]);
      server.setMembers([{ id: 'user_a', first_name: 'Grace', last_name: 'Hopper', role: 'org:admin' }, { id: 'user_b', first_name: null, last_name: null }]);
    };

    it('every organization answer matches the spec', async () => {
      org();
      const m = FAKE_KEYS.management;
      assertValid(v.workspaces200, (await getJson(url('/workspaces'), m)).body, '/workspaces');
      for (const id of [PLATFORM, 'platform']) assertValid(v.workspace200, (await getJson(url(`/workspaces/${id}`), m)).body, '/workspaces/{id}');
      const budgets = (await getJson(url('/workspaces/platform/budgets'), m)).body;
      assertValid(v.budgets200, budgets, '/workspaces/{id}/budgets');
      assert.deepEqual(budgets.data.map((b: { reset_interval: string | null; workspace_id: string }) => [b.reset_interval, b.workspace_id]), [['daily', PLATFORM], [null, PLATFORM]]);
      const guardrails = (await getJson(url('/guardrails'), m)).body;
      assertValid(v.guardrails200, guardrails, '/guardrails');
      assert.deepEqual(guardrails.data.map((g: { name: string }) => g.name), ['Cap', 'Legacy'], 'the Default workspace and legacy ones');
      assert.deepEqual((await getJson(url(`/guardrails?workspace_id=${PLATFORM}`), m)).body.data.map((g: { name: string }) => g.name), ['P cap']);
      const assignments = (await getJson(url('/guardrails/assignments/keys'), m)).body;
      assertValid(v.assignments200, assignments, '/guardrails/assignments/keys');
      assert.equal(assignments.data[0].key_hash, server.listedKeys(PLATFORM)[0].hash);
      assertValid(v.members200, (await getJson(url('/organization/members'), m)).body, '/organization/members');
      for (const p of ['/workspaces/nope', '/workspaces/nope/budgets', `/workspaces/${PLATFORM}/other`]) {
        const nf = await getJson(url(p), m);
        assert.equal(nf.status, 404, p);
        assertValid(v.workspace404, nf.body, `${p} 404`);
      }
      server.setMembers(undefined);
      const noOrg = await getJson(url('/organization/members'), m);
      assert.equal(noOrg.status, 404, 'not an organization');
      assertValid(v.members404, noOrg.body, 'members 404');
    });

    it('paged by offset and limit (default 50, at most 100) with total_count; 400 otherwise', async () => {
      server.setWorkspaces(Array.from({ length: 130 }, (_, i) => ({ name: `W${i}` })));
      const first = (await getJson(url('/workspaces'), FAKE_KEYS.management)).body;
      assert.deepEqual([first.data.length, first.total_count], [50, 130]);
      const last = (await getJson(url('/workspaces?offset=100&limit=100'), FAKE_KEYS.management)).body;
      assert.deepEqual([last.data.length, last.data[0].name], [30, 'W100']);
      for (const q of ['?limit=101', '?limit=0', '?offset=-1', '?offset=x']) {
        const bad = await getJson(url(`/guardrails${q}`), FAKE_KEYS.management);
        assert.equal(bad.status, 400, q);
        assertValid(v.guardrails400, bad.body, `400 ${q}`);
      }
    });

    it('GET /keys without workspace_id: the Default workspace only; with it: that one (id or slug); 400 for an unknown one', async () => {
      org();
      const dflt = (await getJson(url('/keys?include_disabled=true'), FAKE_KEYS.management)).body;
      assertValid(v.keys200, dflt, '/keys default');
      assert.ok(dflt.data.every((k: { workspace_id: string }) => k.workspace_id === FAKE_WORKSPACE_ID));
      assert.equal(dflt.data.length, 4);
      for (const id of [PLATFORM, 'platform']) {
        const p = (await getJson(url(`/keys?workspace_id=${id}`), FAKE_KEYS.management)).body;
        assertValid(v.keys200, p, '/keys platform');
        assert.deepEqual(p.data.map((k: { name: string; creator_user_id: string | null }) => [k.name, k.creator_user_id]), [['Batch', null]]);
      }
      assert.equal((await getJson(url('/keys?workspace_id=nope'), FAKE_KEYS.management)).status, 400);
    });

    it('figures stay consistent: lifetime >= month >= week >= today for every key of every workspace', async () => {
      org();
      for (const w of server.workspaces) {
        for (const k of server.listedKeys(w.id as string)) {
          const [u, mo, wk, d] = [k.usage, k.usage_monthly, k.usage_weekly, k.usage_daily] as number[];
          assert.ok(u >= mo && mo >= wk && wk >= d, `${String(k.name)}: ${[u, mo, wk, d].join(' ')}`);
        }
      }
    });

    it('a normal key gets 403 on every organization path and on POST and DELETE /keys; an unknown key 401', async () => {
      org();
      const hash = server.listedKeys()[0].hash as string;
      for (const p of ['/workspaces', `/workspaces/${PLATFORM}`, `/workspaces/${PLATFORM}/budgets`, '/guardrails', '/guardrails/assignments/keys', '/organization/members']) {
        const r = await getJson(url(p), FAKE_KEYS.limited);
        assert.equal(r.status, 403, p);
        assertValid(v.activity403, r.body, `403 ${p}`);
        assert.equal((await getJson(url(p), FAKE_KEYS.revoked)).status, 401, p);
      }
      const c = await send(KEYS_PATH, 'POST', { name: 'x' }, FAKE_KEYS.limited);
      assert.equal(c.status, 403);
      assertValid(v.createKey403, c.body, 'POST 403');
      assert.equal((await send(keyPath(hash), 'DELETE', undefined, FAKE_KEYS.limited)).status, 403);
      assert.equal(server.listedKeys().length, 5, 'nothing created or deleted');
    });

    it('POST /keys 201 matches the spec; the secret works on /key with zero usage; the key lives in the workspace asked', async () => {
      org();
      const request = { name: 'Fresh', limit: 12, limit_reset: 'weekly', workspace_id: PLATFORM };
      assertValid(v.createKeyRequest, request, 'the request body');
      const r = await send(KEYS_PATH, 'POST', request);
      assert.equal(r.status, 201);
      assertValid(v.createKey201, r.body, 'POST /keys');
      assert.match(r.body.key, /^sk-or-v1-[0-9a-f]{64}$/);
      assert.deepEqual([r.body.data.name, r.body.data.limit, r.body.data.limit_remaining, r.body.data.workspace_id, r.body.data.creator_user_id], ['Fresh', 12, 12, PLATFORM, FAKE_USER_ID]);
      assert.equal(r.body.data.label, `${r.body.key.slice(0, 12)}...${r.body.key.slice(-4)}`);
      const own = await getJson(keyUrl, r.body.key);
      assert.equal(own.status, 200);
      assertValid(v.key200, own.body, '/key of the new key');
      assert.deepEqual([own.body.data.usage, own.body.data.usage_daily, own.body.data.workspace_id], [0, 0, PLATFORM]);
      assert.deepEqual(server.listedKeys(PLATFORM).map((k) => k.name), ['Batch', 'Fresh']);
      const plain = await send(KEYS_PATH, 'POST', { name: 'Plain' });
      assert.equal(plain.body.data.workspace_id, FAKE_WORKSPACE_ID);
      assert.notEqual(plain.body.key, r.body.key);
      assert.equal(server.requestsTo(KEYS_PATH)[0].body, JSON.stringify(request));
    });

    it('POST /keys 400 for a bad body: no name, bad limit or reset, unknown workspace or field, not JSON', async () => {
      for (const body of [{}, { name: ' ' }, { name: 'a', limit: -1 }, { name: 'a', limit_reset: 'yearly' }, { name: 'a', workspace_id: 'nope' }, { name: 'a', disabled: true }, { name: 'a', color: 'red' }, 'not json']) {
        const r = await send(KEYS_PATH, 'POST', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assertValid(v.createKey400, r.body, `400 ${JSON.stringify(body)}`);
      }
      assert.equal(server.listedKeys().length, 4);
    });

    it('DELETE /keys/{hash} 200 matches the spec; the key, its assignments and its secret go; a second DELETE is 404', async () => {
      server.setGuardrails([{ name: 'Cap' }]);
      server.setGuardrailAssignments([{ guardrail_id: server.guardrails[0].id, key_name: 'CI key' }]);
      const hash = server.listedKeys().find((k) => k.name === 'CI key')?.hash as string;
      const r = await send(keyPath(hash), 'DELETE');
      assert.equal(r.status, 200);
      assertValid(v.deleteKey200, r.body, 'DELETE');
      assert.deepEqual(r.body, { deleted: true });
      assert.ok(!server.listedKeys().some((k) => k.hash === hash));
      assert.deepEqual(server.guardrailAssignments, []);
      assert.equal((await getJson(keyUrl, FAKE_KEYS.limited)).status, 401, 'the deleted secret no longer works');
      const again = await send(keyPath(hash), 'DELETE');
      assert.equal(again.status, 404);
      assertValid(v.deleteKey404, again.body, 'DELETE 404');
    });

    it('/key with KeyBudget layers (a test sets them) still matches the spec', async () => {
      server.setKeyBudgets(FAKE_KEYS.limited, [fakeKeyBudget({ scope: 'workspace', limit_usd: 50, spend_usd: 44 })]);
      const body = (await getJson(keyUrl, FAKE_KEYS.limited)).body;
      assertValid(v.key200, body, '/key with budgets');
      assert.equal(body.data.budgets[0].remaining_usd, 6);
      server.setKeyBudgets(FAKE_KEYS.limited, undefined);
      assert.ok(!('budgets' in (await getJson(keyUrl, FAKE_KEYS.limited)).body.data));
    });

    it('faults and the request record work on the new paths; an org given to start() is what reset() restores', async () => {
      server.addFault({ path: '/api/v1/workspaces', status: 503, retryAfter: '2', times: 1 });
      const r = await getJson(url('/workspaces?limit=100'), FAKE_KEYS.management);
      assert.deepEqual([r.status, r.res.headers.get('retry-after')], [503, '2']);
      server.addFault({ path: '/api/v1/organization/members', dataOverride: { role: 'org:owner' }, times: 1 });
      server.setMembers([{}, { id: 'u2' }]);
      const over = (await getJson(url('/organization/members'), FAKE_KEYS.management)).body;
      assert.ok(over.data.every((x: { role: string }) => x.role === 'org:owner'));
      server.addFault({ path: KEYS_PATH, token: FAKE_KEYS.management, status: 500, times: 1 });
      assert.equal((await send(KEYS_PATH, 'POST', { name: 'x' })).status, 500);
      assert.equal(server.listedKeys().length, 4, 'a replacing fault creates nothing');
      assert.deepEqual(server.requestsTo('/api/v1/workspaces').map((q) => q.path), ['/api/v1/workspaces?limit=100']);
      assert.deepEqual(server.requestsTo(KEYS_PATH).map((q) => [q.method, q.body]), [['POST', '{"name":"x"}']]);
      const other = await FakeOpenRouter.start({ account: { org: { workspaces: [{ name: 'Default' }, { name: 'Team' }], members: [{ id: 'u' }] } } });
      try {
        other.setWorkspaces([]);
        other.setMembers(undefined);
        other.reset();
        assert.deepEqual((await getJson(`${other.baseUrl}/workspaces`, FAKE_KEYS.management)).body.data.map((w: { name: string }) => w.name), ['Default', 'Team']);
        assert.equal((await getJson(`${other.baseUrl}/organization/members`, FAKE_KEYS.management)).body.total_count, 1);
      } finally {
        await other.close();
      }
    });
  });

  describe('one key (GET and PATCH /keys/{hash})', () => {
    const listed = async (name: string): Promise<Record<string, any>> => {
      const all = (await getJson(`${server.baseUrl}/keys?include_disabled=true`, FAKE_KEYS.management)).body.data as Record<string, any>[];
      const k = all.find((i) => i.name === name);
      assert.ok(k, name);
      return k;
    };
    const patch = async (hash: string, body: unknown, token: string = FAKE_KEYS.management): Promise<{ status: number; body: any }> => {
      const res = await get(`${server.origin}${keyPath(hash)}`, token, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: JSON.parse(await res.text()) };
    };

    it('GET /keys/{hash} 200 matches the spec and is the list item; 404 for an unknown hash', async () => {
      const staging = await listed('Staging bot');
      const one = await getJson(`${server.origin}${keyPath(staging.hash)}`, FAKE_KEYS.management);
      assert.equal(one.status, 200);
      assertValid(v.oneKey200, one.body, 'GET /keys/{hash}');
      assert.deepEqual(one.body.data, staging);
      const nf = await getJson(`${server.origin}${keyPath('0'.repeat(64))}`, FAKE_KEYS.management);
      assert.equal(nf.status, 404);
      assertValid(v.oneKey404, nf.body, 'GET /keys/{hash} 404');
    });

    it('PATCH 200 matches the spec: the limit, its reset and limit_remaining follow; the list and the record agree', async () => {
      clock = Date.UTC(2026, 10, 26, 6, 30);
      const staging = await listed('Staging bot'); // limit 10 weekly, usage_weekly 0.4, usage_monthly 1.2
      const request = { limit: 25, limit_reset: 'monthly' };
      assertValid(v.patchKeyRequest, request, 'the request body');
      const { status, body } = await patch(staging.hash, request);
      assert.equal(status, 200);
      assertValid(v.patchKey200, body, 'PATCH /keys/{hash}');
      assert.equal(body.data.hash, staging.hash);
      assert.equal(body.data.limit, 25);
      assert.equal(body.data.limit_reset, 'monthly');
      assert.equal(body.data.limit_remaining, 23.8);
      assert.equal(body.data.updated_at, new Date(clock).toISOString());
      assert.deepEqual(await listed('Staging bot'), body.data, 'GET /keys shows the new limit');
      const rec = server.requestsTo(keyPath(staging.hash));
      assert.equal(rec.length, 1);
      assert.equal(rec[0].method, 'PATCH');
      assert.deepEqual(JSON.parse(rec[0].body ?? ''), request);
    });

    it('PATCH a token-tied key: its /key answers the new limit too; null clears the limit', async () => {
      const ci = await listed('CI key'); // limit 20 monthly, usage_monthly 15.8, usage_daily 0.6
      const daily = await patch(ci.hash, { limit: 5, limit_reset: 'daily' });
      assert.equal(daily.status, 200);
      assert.equal(daily.body.data.limit_remaining, 4.4);
      const key = (await getJson(keyUrl, FAKE_KEYS.limited)).body.data;
      assert.deepEqual([key.limit, key.limit_reset, key.limit_remaining], [5, 'daily', 4.4]);
      const none = await patch(ci.hash, { limit: null, limit_reset: null });
      assertValid(v.patchKey200, none.body, 'PATCH to unlimited');
      assert.deepEqual([none.body.data.limit, none.body.data.limit_remaining, none.body.data.limit_reset], [null, null, null]);
    });

    it('PATCH name, disabled and include_byok_in_limit; a limit below the spend leaves 0', async () => {
      const staging = await listed('Staging bot');
      const r = await patch(staging.hash, { name: 'Staging', disabled: true, include_byok_in_limit: true });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.data.name, r.body.data.disabled, r.body.data.include_byok_in_limit], ['Staging', true, true]);
      assert.equal(r.body.data.limit_remaining, 9.6, 'no BYOK usage');
      assert.ok(!(await getJson(`${server.baseUrl}/keys`, FAKE_KEYS.management)).body.data.some((k: { name: string }) => k.name === 'Staging'), 'now disabled');
      assert.equal((await patch(staging.hash, { limit: 0.1 })).body.data.limit_remaining, 0);
      assert.equal(limitRemainingOf({ limit: 10, limit_reset: 'weekly', usage_weekly: 1, byok_usage_weekly: 2, include_byok_in_limit: true }), 7);
      assert.equal(limitRemainingOf({ limit: 10, limit_reset: null, usage: 4, usage_monthly: 1 }), 6);
    });

    it('PATCH: 403 for a normal key, 401 for an unknown one, 404 for an unknown hash; nothing changes', async () => {
      const staging = await listed('Staging bot');
      for (const token of [FAKE_KEYS.limited, FAKE_KEYS.unlimited]) {
        const r = await patch(staging.hash, { limit: 1 }, token);
        assert.equal(r.status, 403);
        assertValid(v.credits403, r.body, 'a 403 (ForbiddenResponse)');
      }
      const unknown = await patch(staging.hash, { limit: 1 }, FAKE_KEYS.revoked);
      assert.equal(unknown.status, 401);
      assertValid(v.patchKey401, unknown.body, 'PATCH 401');
      const nf = await patch('f'.repeat(64), { limit: 1 });
      assert.equal(nf.status, 404);
      assertValid(v.patchKey404, nf.body, 'PATCH 404');
      assert.deepEqual(await listed('Staging bot'), staging);
    });

    it('PATCH 400 for a bad body: negative or non-finite limit, unknown reset, wrong types, unknown fields, not JSON', async () => {
      const staging = await listed('Staging bot');
      const bad: unknown[] = [
        { limit: -1 },
        { limit: '5' },
        { limit_reset: 'yearly' },
        { limit_reset: 7 },
        { name: '' },
        { name: 3 },
        { disabled: 'yes' },
        { include_byok_in_limit: 1 },
        { hash: 'x' },
        [1],
        'null',
        '{"limit": 1e999}',
        'not json',
      ];
      for (const body of bad) {
        const r = await patch(staging.hash, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assertValid(v.patchKey400, r.body, `400 for ${JSON.stringify(body)}`);
      }
      assert.deepEqual(await listed('Staging bot'), staging, 'nothing changed');
    });

    it('other methods are 405 with Allow: GET, PATCH, DELETE', async () => {
      const staging = await listed('Staging bot');
      const res = await get(`${server.origin}${keyPath(staging.hash)}`, FAKE_KEYS.management, { method: 'PUT' });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'GET, PATCH, DELETE');
    });
  });

  describe('sign-in (GET /auth, POST /api/v1/auth/keys)', () => {
    const authUrl = (query: Record<string, string>) => `${server.origin}/auth?${new URLSearchParams(query)}`;
    const exchange = (body: unknown): Promise<Response> =>
      fetch(`${server.baseUrl}/auth/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const flow = () => {
      const verifier = createVerifier();
      return { verifier, challenge: challengeS256(verifier) };
    };

    it('POST /auth/keys 200 matches the spec; the new key is a limited normal key', async () => {
      const { verifier, challenge } = flow();
      const code = await authorize(authUrl({ code_challenge: challenge, code_challenge_method: 'S256', key_label: 'VS Code' }));
      const res = await exchange({ code, code_verifier: verifier, code_challenge_method: 'S256' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = await res.json();
      assertValid(v.authKeys200, body, '/auth/keys 200');
      assert.equal(body.user_id, FAKE_USER_ID);
      assert.deepEqual(server.issuedKeys, [{ key: body.key, userId: FAKE_USER_ID, keyLabel: 'VS Code', code, at: clock }]);
      const key = await getJson(keyUrl, body.key);
      assert.equal(key.status, 200);
      assertValid(v.key200, key.body, '/key of the issued key');
      assert.deepEqual(
        [key.body.data.label, key.body.data.limit, key.body.data.limit_remaining, key.body.data.is_management_key],
        ['VS Code', ISSUED_KEY_LIMIT, ISSUED_KEY_LIMIT, false],
      );
      const credits = await getJson(creditsUrl, body.key);
      assert.equal(credits.status, 403);
      assertValid(v.credits403, credits.body, '/credits of the issued key');
    });

    it('POST /auth/keys 400 matches the spec: unknown, reused, expired code; wrong verifier or method; bad body', async () => {
      const expect400 = async (body: unknown, what: string) => {
        const res = await exchange(body);
        assert.equal(res.status, 400, what);
        const json = await res.json();
        assertValid(v.authKeys400, json, `/auth/keys 400 (${what})`);
        assert.equal(json.error.code, 400);
        return json;
      };
      const { verifier, challenge } = flow();
      const url = authUrl({ code_challenge: challenge, code_challenge_method: 'S256' });

      await expect400({ code: 'fake-auth-code-unknown', code_verifier: verifier, code_challenge_method: 'S256' }, 'unknown');
      await expect400('not an object', 'string body');
      await expect400({ code_verifier: verifier }, 'no code');

      const reused = await authorize(url);
      assert.equal((await exchange({ code: reused, code_verifier: verifier, code_challenge_method: 'S256' })).status, 200);
      await expect400({ code: reused, code_verifier: verifier, code_challenge_method: 'S256' }, 'reused');

      const wrong = await authorize(url);
      await expect400({ code: wrong, code_verifier: createVerifier(), code_challenge_method: 'S256' }, 'wrong verifier');
      await expect400({ code: wrong, code_verifier: verifier, code_challenge_method: 'S256' }, 'a failed attempt spends the code');

      const plain = await authorize(url);
      await expect400({ code: plain, code_verifier: verifier, code_challenge_method: 'plain' }, 'plain method');

      const old = await authorize(url);
      clock += AUTH_CODE_TTL_MS;
      const json = await expect400({ code: old, code_verifier: verifier, code_challenge_method: 'S256' }, 'expired');
      assert.ok(!JSON.stringify(json).includes(old), 'the error does not echo the code');
      assert.equal(server.issuedKeys.length, 1);
    });

    it('a code younger than 10 minutes is accepted', async () => {
      const { verifier, challenge } = flow();
      const code = await authorize(authUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
      clock += AUTH_CODE_TTL_MS - 1;
      assert.equal((await exchange({ code, code_verifier: verifier, code_challenge_method: 'S256' })).status, 200);
    });

    it('the request body the client sends matches the spec', async () => {
      const { verifier, challenge } = flow();
      const code = await authorize(authUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
      await new OpenRouterClient({ baseUrl: server.baseUrl }).exchangeAuthCode(code, verifier);
      const [req] = server.requestsTo(AUTH_KEYS_PATH);
      const body = JSON.parse(req.body ?? '');
      assertValid(v.authKeysRequest, body, 'client request body');
      assert.deepEqual(body, { code, code_verifier: verifier, code_challenge_method: 'S256' });
    });

    it('GET /auth with callback_url: 302 to it with code= added, its query kept', async () => {
      const { challenge } = flow();
      const callback = 'http://127.0.0.1:54321/callback?state=abc%2Fdef&x=1';
      const r = await openAuthUrl(authUrl({ callback_url: callback, code_challenge: challenge, code_challenge_method: 'S256' }));
      assert.equal(r.status, 302);
      const to = new URL(r.location ?? '');
      assert.equal(`${to.origin}${to.pathname}`, 'http://127.0.0.1:54321/callback');
      assert.deepEqual([...to.searchParams.keys()], ['state', 'x', 'code']);
      assert.equal(to.searchParams.get('state'), 'abc/def');
      assert.match(r.code ?? '', /^fake-auth-code-[0-9a-f]{32}$/);
    });

    it('GET /auth without callback_url: a page with the code in id="code", everything escaped', async () => {
      const { challenge } = flow();
      const r = await openAuthUrl(authUrl({ code_challenge: challenge, code_challenge_method: 'S256', key_label: '<img src=x onerror=alert(1)>' }));
      assert.equal(r.status, 200);
      assert.match(r.code ?? '', /^fake-auth-code-[0-9a-f]{32}$/);
      assert.ok(!r.html?.includes('<img'), 'the label is escaped');
      assert.ok(r.html?.includes('&#60;img src=x onerror=alert(1)&#62;'));
      assert.equal((await authorize(authUrl({ code_challenge: challenge, code_challenge_method: 'S256' }))) === r.code, false, 'a fresh code each time');
    });

    it('GET /auth refuses a missing challenge, another method or a bad callback_url', async () => {
      const { challenge } = flow();
      const queries: Record<string, string>[] = [
        { code_challenge_method: 'S256' },
        { code_challenge: challenge },
        { code_challenge: challenge, code_challenge_method: 'plain' },
        { code_challenge: 'short', code_challenge_method: 'S256' },
        { code_challenge: challenge, code_challenge_method: 'S256', callback_url: 'not a url' },
        { code_challenge: challenge, code_challenge_method: 'S256', callback_url: 'javascript:alert(1)' },
      ];
      for (const query of queries) {
        const { status, body } = await getJson(authUrl(query));
        assert.equal(status, 400, JSON.stringify(query));
        assert.equal(body.error.code, 400);
      }
      const post = await fetch(authUrl({ code_challenge: challenge, code_challenge_method: 'S256' }), { method: 'POST' });
      assert.equal(post.status, 405);
      const getKeys = await fetch(`${server.baseUrl}/auth/keys`);
      assert.equal(getKeys.status, 405);
      assert.equal(getKeys.headers.get('allow'), 'POST');
    });

    it('faults apply to /auth/keys; a replacing fault spends no code', async () => {
      const { verifier, challenge } = flow();
      const code = await authorize(authUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
      server.addFault({ path: AUTH_KEYS_PATH, status: 500, times: 1 });
      assert.equal((await exchange({ code, code_verifier: verifier, code_challenge_method: 'S256' })).status, 500);
      const res = await exchange({ code, code_verifier: verifier, code_challenge_method: 'S256' });
      assert.equal(res.status, 200);
      assert.equal(server.issuedKeys.length, 1);
    });

    it('records the request body; reset() forgets codes and issued keys', async () => {
      const { verifier, challenge } = flow();
      const code = await authorize(authUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
      server.reset();
      assert.equal((await exchange({ code, code_verifier: verifier, code_challenge_method: 'S256' })).status, 400);
      assert.equal(server.requestsTo(AUTH_KEYS_PATH)[0].body, JSON.stringify({ code, code_verifier: verifier, code_challenge_method: 'S256' }));
      const other = await authorize(authUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
      await exchange({ code: other, code_verifier: verifier, code_challenge_method: 'S256' });
      assert.equal(server.issuedKeys.length, 1);
      const key = server.issuedKeys[0].key;
      server.reset();
      assert.deepEqual(server.issuedKeys, []);
      assert.equal((await get(keyUrl, key)).status, 401);
    });
  });

  describe('routing', () => {
    it('404 error body for an unknown path, 405 for non-GET', async () => {
      const nf = await getJson(`${server.baseUrl}/nope`, FAKE_KEYS.management);
      assert.equal(nf.status, 404);
      assert.deepEqual(nf.body, { error: { code: 404, message: 'Not Found' } });
      const res = await get(keyUrl, FAKE_KEYS.management, { method: 'POST', body: '{}' });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'GET');
      assert.equal(((await res.json()) as { error: { code: number } }).error.code, 405);
    });

    it('query strings are ignored for routing but recorded', async () => {
      const { status } = await getJson(`${keyUrl}?x=1`, FAKE_KEYS.management);
      assert.equal(status, 200);
      assert.equal(server.requestsTo('/api/v1/key')[0].path, '/api/v1/key?x=1');
    });
  });

  describe('faults', () => {
    it('status + retryAfter: error body and Retry-After header', async () => {
      server.addFault({ path: '/api/v1/key', status: 429, retryAfter: '7' });
      const { status, body, res } = await getJson(keyUrl, FAKE_KEYS.management);
      assert.equal(status, 429);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.deepEqual(body, { error: { code: 429, message: 'Rate limit exceeded' } });
      // /credits is not matched by the rule
      assert.equal((await getJson(creditsUrl, FAKE_KEYS.management)).status, 200);
    });

    it('times: applies to exactly N matching requests, FIFO', async () => {
      server.addFault({ path: '/api/v1/key', status: 503, times: 2 });
      server.addFault({ path: '/api/v1/key', status: 502, times: 1 });
      const got: number[] = [];
      for (let i = 0; i < 4; i++) got.push((await get(keyUrl, FAKE_KEYS.management)).status);
      assert.deepEqual(got, [503, 503, 502, 200]);
    });

    it('token: applies only to that bearer token', async () => {
      server.addFault({ token: FAKE_KEYS.limited, status: 500 });
      assert.equal((await get(keyUrl, FAKE_KEYS.management)).status, 200);
      assert.equal((await get(keyUrl, FAKE_KEYS.limited)).status, 500);
      server.clearFaults();
      assert.equal((await get(keyUrl, FAKE_KEYS.limited)).status, 200);
    });

    it('body: raw body with the given status (or 200)', async () => {
      server.addFault({ body: 'not json', times: 1 });
      server.addFault({ body: '{"oops":true}', status: 502, times: 1 });
      const a = await get(keyUrl, FAKE_KEYS.management);
      assert.equal(a.status, 200);
      assert.equal(await a.text(), 'not json');
      const b = await get(keyUrl, FAKE_KEYS.management);
      assert.equal(b.status, 502);
      assert.equal(await b.text(), '{"oops":true}');
    });

    it('truncate: a complete response whose JSON is cut in half', async () => {
      const full = await (await get(keyUrl, FAKE_KEYS.management)).text();
      server.addFault({ truncate: true });
      const res = await get(keyUrl, FAKE_KEYS.management);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.equal(text, full.slice(0, Math.floor(full.length / 2)));
      assert.throws(() => JSON.parse(text), SyntaxError);
    });

    it('resetMidBody: the body read fails', async () => {
      server.addFault({ resetMidBody: true });
      const res = await get(keyUrl, FAKE_KEYS.management);
      assert.equal(res.status, 200);
      await assert.rejects(res.text());
    });

    it('bigBodyBytes: a valid JSON body of exactly that size', async () => {
      server.addFault({ bigBodyBytes: 300_000 });
      const res = await get(keyUrl, FAKE_KEYS.management);
      const buf = Buffer.from(await res.arrayBuffer());
      assert.equal(buf.length, 300_000);
      assert.equal(res.headers.get('content-length'), '300000');
      const body = JSON.parse(buf.toString('utf8'));
      assertValid(v.key200, body, 'big body');
      assert.equal(body.data.label, 'Management key');
    });

    it('delayMs: answers normally after the delay', async () => {
      server.addFault({ delayMs: 50 });
      const t0 = Date.now();
      const { status } = await getJson(keyUrl, FAKE_KEYS.management);
      assert.equal(status, 200);
      assert.ok(Date.now() - t0 >= 45, 'answered too early');
    });

    it('hang: never answers; the client times out; close() ends hanging sockets', async () => {
      const other = await FakeOpenRouter.start();
      try {
        other.addFault({ hang: true });
        // 1) client-side abort
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(), 100);
        await assert.rejects(get(`${other.baseUrl}/key`, FAKE_KEYS.management, { signal: ac.signal }), /abort/i);
        clearTimeout(timer);
        // 2) close() ends a hanging request (the fetch fails instead of hanging)
        const pending = get(`${other.baseUrl}/key`, FAKE_KEYS.management).then(
          () => 'answered',
          () => 'failed',
        );
        await other.waitForRequests(2);
        await other.close();
        assert.equal(await pending, 'failed');
      } finally {
        await other.close();
      }
    });

    it('redirectTo: 302 to another server, with the original path when it ends in /', async () => {
      const target = await FakeOpenRouter.start();
      try {
        server.addFault({ path: '/api/v1/key', redirectTo: `${target.origin}/`, times: 1 });
        const res = await get(`${keyUrl}?a=b`, FAKE_KEYS.management, { redirect: 'manual' });
        assert.equal(res.status, 302);
        assert.equal(res.headers.get('location'), `${target.origin}/api/v1/key?a=b`);
        assert.equal(target.requests.length, 0);

        server.addFault({ redirectTo: `${target.baseUrl}/credits`, redirectStatus: 307, times: 1 });
        const r2 = await get(keyUrl, FAKE_KEYS.management, { redirect: 'manual' });
        assert.equal(r2.status, 307);
        assert.equal(r2.headers.get('location'), `${target.baseUrl}/credits`);

        // following it lands on the target, which records the request; fetch drops
        // Authorization on a cross-origin redirect, so the target answers 401
        server.addFault({ redirectTo: `${target.origin}/`, times: 1 });
        const r3 = await get(keyUrl, FAKE_KEYS.limited);
        assert.equal(r3.status, 401);
        assert.deepEqual(await r3.json(), { error: { code: 401, message: 'Missing Authentication header' } });
        const landed = target.requestsTo('/api/v1/key');
        assert.equal(landed.length, 1);
        assert.equal(landed[0].port, target.port);
        assert.equal(landed[0].headers.authorization, undefined);
      } finally {
        await target.close();
      }
    });
  });

  describe('recording', () => {
    it('records method, path, Authorization, port and time in order', async () => {
      clock = 1_700_000_000_000;
      await get(keyUrl, FAKE_KEYS.limited);
      clock += 1000;
      await get(`${creditsUrl}?q=1`, FAKE_KEYS.management);
      assert.equal(server.requests.length, 2);
      const [a, b] = server.requests;
      assert.deepEqual([a.method, a.path, a.headers.authorization, a.port, a.at], ['GET', '/api/v1/key', `Bearer ${FAKE_KEYS.limited}`, server.port, 1_700_000_000_000]);
      assert.deepEqual([b.path, b.headers.authorization, b.at], ['/api/v1/credits?q=1', `Bearer ${FAKE_KEYS.management}`, 1_700_000_001_000]);
      assert.equal(server.requestsTo('/api/v1/credits').length, 1);
      server.clearRequests();
      assert.equal(server.requests.length, 0);
    });

    it('waitForRequests times out with a clear error', async () => {
      await assert.rejects(server.waitForRequests(1, { path: '/api/v1/key', timeoutMs: 20 }), /0\/1 requests to \/api\/v1\/key/);
    });
  });

  describe('state helpers', () => {
    const keyData = async (token: string) => (await getJson(keyUrl, token)).body.data;
    const credits = async (token: string) => (await getJson(creditsUrl, token)).body.data;

    it('spend on a limited key: usage up, limit_remaining down (floor 0), no float noise', async () => {
      server.spend(FAKE_KEYS.limited, 0.1);
      server.spend(FAKE_KEYS.limited, 0.2);
      let d = await keyData(FAKE_KEYS.limited);
      assert.deepEqual([d.usage, d.usage_daily, d.usage_weekly, d.usage_monthly, d.limit_remaining], [16.1, 0.9, 3.5, 16.1, 3.9]);
      server.spend(FAKE_KEYS.limited, 10);
      d = await keyData(FAKE_KEYS.limited);
      assert.equal(d.limit_remaining, 0);
      assert.equal(d.usage, 26.1);
      assert.equal(d.limit, 20);
    });

    it('spend/topUp on the management key move the account', async () => {
      server.spend(FAKE_KEYS.management, 1.55);
      assert.deepEqual(await credits(FAKE_KEYS.management), { total_credits: 60, total_usage: 45 });
      assert.equal((await keyData(FAKE_KEYS.management)).usage, 1.55);
      server.topUp(FAKE_KEYS.management, 10.1);
      assert.deepEqual(await credits(FAKE_KEYS.management), { total_credits: 70.1, total_usage: 45 });
      assert.equal((await keyData(FAKE_KEYS.management)).usage, 1.55, 'topUp does not touch key usage');
      assert.throws(() => server.topUp(FAKE_KEYS.limited, 1), /no numeric credits/);
    });

    it('raiseLimit adds to limit and limit_remaining', async () => {
      server.raiseLimit(FAKE_KEYS.limited, 5);
      const d = await keyData(FAKE_KEYS.limited);
      assert.deepEqual([d.limit, d.limit_remaining], [25, 9.2]);
      assert.throws(() => server.raiseLimit(FAKE_KEYS.unlimited, 5), /no limit/);
    });

    it('setKeyState / patchKey / unknown tokens', async () => {
      const state: FakeKeyState = { key: { ...(await keyData(FAKE_KEYS.limited)), label: 'New key' }, credits: { total_credits: 3, total_usage: 1 } };
      server.setKeyState('sk-or-v1-new', state);
      state.key.label = 'mutated after set'; // the server keeps its own copy
      assert.equal((await keyData('sk-or-v1-new')).label, 'New key');
      assert.deepEqual(await credits('sk-or-v1-new'), { total_credits: 3, total_usage: 1 });
      server.patchKey(FAKE_KEYS.unlimited, { limit: 50 });
      const d = await keyData(FAKE_KEYS.unlimited);
      assert.deepEqual([d.limit, d.limit_remaining], [50, null], 'patchKey recomputes nothing');
      assert.equal((await get(keyUrl, 'sk-or-v1-unknown')).status, 401);
      assert.throws(() => server.spend('sk-or-v1-unknown', 1), /unknown key/);
    });

    it('drain spends lazily from the injected clock', async () => {
      clock = 1_700_000_000_000;
      server.drain({ usdPerSecond: 0.5 }); // default token: management
      clock += 3000;
      assert.deepEqual(await credits(FAKE_KEYS.management), { total_credits: 60, total_usage: 44.95 });
      clock += 1000;
      assert.equal((await keyData(FAKE_KEYS.management)).usage, 2);
      server.stopDrain();
      clock += 10_000;
      assert.equal((await keyData(FAKE_KEYS.management)).usage, 2);

      server.drain({ token: FAKE_KEYS.limited, usdPerSecond: 0.001 });
      for (let i = 0; i < 100; i++) clock += 10; // many tiny steps add up without rounding loss
      assert.equal((await keyData(FAKE_KEYS.limited)).limit_remaining, 4.199);
      assert.equal(server.getKeyState(FAKE_KEYS.limited)?.key.usage, 15.801);
    });

    it('reset restores defaults and drops faults and drain, keeping requests', async () => {
      server.spend(FAKE_KEYS.management, 5);
      server.addFault({ status: 500 });
      server.drain({ usdPerSecond: 1 });
      await get(keyUrl, FAKE_KEYS.management);
      server.reset();
      clock += 5000;
      assert.equal(server.requests.length, 1);
      assert.equal((await keyData(FAKE_KEYS.management)).usage, 0);
      assert.deepEqual(await credits(FAKE_KEYS.management), { total_credits: 60, total_usage: 43.45 });
    });

    it('demoAccount: $18.40 left, its keys adding up to its activity on the date it runs, draining; Platform at 88 % of its budget', async () => {
      clock = 1_700_000_000_000;
      demoAccount(server);
      const c = await credits(FAKE_KEYS.management);
      assert.equal(Math.round((c.total_credits - c.total_usage) * 100) / 100, 18.4);
      const workspaces = (await getJson(`${server.baseUrl}/workspaces`, FAKE_KEYS.management)).body;
      assertValid(v.workspaces200, workspaces, 'demo /workspaces');
      assert.deepEqual(workspaces.data.map((w: { name: string }) => w.name), ['Default', 'Platform']);
      let lifetime = 0;
      const all: Record<string, number>[] = [];
      for (const w of workspaces.data) {
        const items = (await getJson(`${server.baseUrl}/keys?include_disabled=true&workspace_id=${w.id}`, FAKE_KEYS.management)).body.data;
        all.push(...items);
        lifetime += items.reduce((a: number, k: { usage: number }) => a + k.usage, 0);
        const budgets = (await getJson(`${server.origin}${workspacePath(w.id, true)}`, FAKE_KEYS.management)).body;
        assertValid(v.budgets200, budgets, 'demo budgets');
        const month = items.reduce((a: number, k: { usage_monthly: number }) => a + k.usage_monthly, 0);
        for (const b of budgets.data) assert.equal(Math.round((month / b.limit_usd) * 100), 88, 'the Platform budget near its mark');
        if (w.name === 'Platform') assert.equal(budgets.data.length, 1);
      }
      assert.equal(Math.round(lifetime * 100) / 100, Math.round(c.total_usage * 100) / 100, "/credits' usage is every workspace's keys' (no drain yet)");
      const members = (await getJson(`${server.baseUrl}/organization/members`, FAKE_KEYS.management)).body;
      assertValid(v.members200, members, 'demo members');
      const assignments = (await getJson(`${server.baseUrl}/guardrails/assignments/keys`, FAKE_KEYS.management)).body;
      assertValid(v.assignments200, assignments, 'demo assignments');
      assert.deepEqual(assignments.data.map((a: { key_name: string }) => a.key_name), ['Batch jobs']);
      assert.equal((await keyData(FAKE_KEYS.management)).usage_daily, 0, 'the management key spends nothing itself');
      const keys = (await getJson(`${server.baseUrl}/keys?include_disabled=true`, FAKE_KEYS.management)).body.data;
      assert.ok(keys.length >= 4);
      assert.ok(keys.some((k: { disabled: boolean }) => k.disabled));
      const activity = (await getJson(`${server.baseUrl}/activity`, FAKE_KEYS.management)).body;
      assertValid(v.activity200, activity, 'demo /activity');
      // Every workspace's keys add up to the account's activity: today so far, this week from Monday, this month from the 1st, and in all.
      const p = demoPeriods(clock, activity.data);
      const sum = (f: string) => all.reduce((a, k) => a + k[f], 0);
      const near = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) < 0.002, `${what}: ${got} vs ${want}`);
      near(sum('usage_daily'), p.today, 'today');
      near(sum('usage_weekly'), p.week, 'this week');
      near(sum('usage_monthly'), p.month, 'this month');
      assert.ok(sum('usage') > p.all, 'in all: the last 30 days and what the keys spent before');
      for (const k of all) assert.ok(k.usage >= k.usage_monthly && k.usage_monthly >= k.usage_daily && k.usage_weekly >= k.usage_daily, `${k.name}: lifetime ≥ month ≥ today, week ≥ today`);
      assert.ok(new Set(activity.data.map((r: { model: string }) => r.model)).size > 10, 'several models');
      const laptopBefore = all.find(k => (k as unknown as { name: string }).name === 'Laptop')!.usage_daily;
      clock += 60_000;
      const c2 = await credits(FAKE_KEYS.management);
      assert.ok(c2.total_usage > c.total_usage, 'demo should drain');
      const laptop = (await getJson(`${server.baseUrl}/keys`, FAKE_KEYS.management)).body.data.find((k: { name: string }) => k.name === 'Laptop');
      assert.ok(laptop.usage_daily > laptopBefore, 'the drain shows in the key list too');
      assert.equal((await keyData(FAKE_KEYS.management)).usage, 0, 'and not on the management key');
      assertValid(v.key200, { data: await keyData(FAKE_KEYS.management) }, 'demo /key');
    });
  });
});
