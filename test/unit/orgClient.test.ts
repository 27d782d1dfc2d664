// The client's organization reads (workspaces, budgets, guardrails, key
// assignments, members), the keys of one workspace, /key's KeyBudget layers,
// and managing keys (create, rename, disable, delete) against the fake
// OpenRouter on 127.0.0.1.

import assert from 'node:assert/strict';
import { expectError } from './helpers/expectError';
import { useFakeServer } from './helpers/fakeServer';

import { MAX_ORG_PAGES, ORG_PAGE_SIZE } from '../../src/core/openrouter/orgApi';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { accountKeyId } from '../../src/core/openrouter/validateAccount';
import {
  FAKE_KEYS,
  FAKE_USER_ID,
  FAKE_WORKSPACE_ID,
  FakeOpenRouter,
  GUARDRAILS_PATH,
  GUARDRAIL_KEY_ASSIGNMENTS_PATH,
  KEYS_PATH,
  KEY_PATH,
  MEMBERS_PATH,
  WORKSPACES_PATH,
  fakeListedKey,
  keyPath,
  workspacePath,
} from '../fixtures/fakeOpenRouter';

const PLATFORM = 'b7c1f0de-2a4e-4c8b-9f3a-5d6e7f809a1b';

describe('core/client: organizations (workspaces, budgets, guardrails, members) and managing keys', () => {
  let server: FakeOpenRouter;
  const now = Date.UTC(2026, 10, 26, 9);
  const client = (): OpenRouterClient => new OpenRouterClient({ baseUrl: server.baseUrl, timeoutMs: 2000 });
  const m = FAKE_KEYS.management;
  const fake = useFakeServer({ now: () => now });
  before(() => { server = fake.server; });

  /** Two workspaces: the Default one with the fake's keys, and Platform with two more. */
  function twoWorkspaces(): void {
    server.setWorkspaces([{ name: 'Default' }, { id: PLATFORM, name: 'Platform', include_byok_in_budgets: true }]);
    server.setWorkspaceKeys(PLATFORM, [
      { item: fakeListedKey({ name: 'Batch jobs', usage: 30, usage_daily: 2, usage_weekly: 9, usage_monthly: 20, byok_usage: 4, byok_usage_daily: 1, byok_usage_weekly: 2, byok_usage_monthly: 3 }) },
      { item: fakeListedKey({ name: 'Service', creator_user_id: null, disabled: true, usage: 1, usage_monthly: 1 }) },
    ]);
  }
  const allHashes = (): string[] => server.listedKeys().map((k) => k.hash as string);

  describe('workspaces and the keys of each', () => {
    it('an account without an organization: one Default workspace, holding every key', async () => {
      const ws = await client().listWorkspaces(m);
      assert.deepEqual(ws.map((w) => [w.id, w.name, w.slug, w.includeByokInBudgets]), [[FAKE_WORKSPACE_ID, 'Default', 'default', false]]);
      assert.match(ws[0].defaultGuardrailId ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(server.requestsTo(WORKSPACES_PATH).map((r) => r.path), ['/api/v1/workspaces?offset=0&limit=100']);
      assert.equal((await client().listKeys(m, FAKE_WORKSPACE_ID)).length, (await client().listKeys(m)).length);
    });

    it('pages through 250 workspaces in 3 requests of 100', async () => {
      server.setWorkspaces(Array.from({ length: 250 }, (_, i) => ({ name: `Team ${i}` })));
      const ws = await client().listWorkspaces(m);
      assert.equal(ws.length, 250);
      assert.equal(new Set(ws.map((w) => w.id)).size, 250);
      assert.deepEqual(server.requestsTo(WORKSPACES_PATH).map((r) => r.path), [0, 100, 200].map((o) => `/api/v1/workspaces?offset=${o}&limit=100`));
    });

    it('stops after MAX_ORG_PAGES pages when total_count keeps saying there is more', async () => {
      const body = JSON.stringify({ data: Array.from({ length: ORG_PAGE_SIZE }, (_, i) => ({ id: `w${i}`, name: `W${i}` })), total_count: 1e6 });
      server.addFault({ path: WORKSPACES_PATH, body });
      const ws = await client().listWorkspaces(m);
      assert.equal(server.requestsTo(WORKSPACES_PATH).length, MAX_ORG_PAGES);
      assert.equal(ws.length, ORG_PAGE_SIZE, 'a workspace seen twice counts once');
    });

    it('GET /keys without a workspace lists the Default one only; with one, that workspace (disabled keys too); new fields read', async () => {
      twoWorkspaces();
      const dflt = await client().listKeys(m);
      assert.ok(dflt.every((k) => k.workspaceId === FAKE_WORKSPACE_ID));
      assert.ok(!dflt.some((k) => k.name === 'Batch jobs'));
      const platform = await client().listKeys(m, PLATFORM);
      assert.deepEqual(platform.map((k) => [k.name, k.disabled, k.workspaceId, k.creatorUserId]), [
        ['Batch jobs', false, PLATFORM, FAKE_USER_ID],
        ['Service', true, PLATFORM, null],
      ]);
      const batch = platform[0];
      assert.deepEqual([batch.byokUsage, batch.byokUsageDaily, batch.byokUsageWeekly, batch.byokUsageMonthly], [4, 1, 2, 3]);
      assert.equal(server.requestsTo(KEYS_PATH).at(-1)?.path, `/api/v1/keys?include_disabled=true&offset=0&workspace_id=${PLATFORM}`);
      const { hashById } = await client().listKeysWithHashes(m, PLATFORM);
      assert.equal(hashById.size, 2);
      const text = JSON.stringify(platform);
      for (const h of allHashes()) assert.ok(!text.includes(h), 'no hash in an AccountKey');
    });

    it('the keys of a workspace page through 100+ items', async () => {
      twoWorkspaces();
      server.setWorkspaceKeys(PLATFORM, Array.from({ length: 130 }, (_, i) => ({ item: fakeListedKey({ name: `P${i}` }) })));
      assert.equal((await client().listKeys(m, PLATFORM)).length, 130);
      assert.equal(server.requestsTo(KEYS_PATH).length, 2);
      assert.equal((await client().listKeys(m)).length, 4, 'the Default workspace keeps its four');
    });

    it('a workspace id that cannot be one is refused before any request; an unknown one is a 400', async () => {
      await expectError(client().listKeys(m, '../credits'), 'badRequest');
      await expectError(client().listWorkspaceBudgets(m, 'a b'), 'badRequest');
      assert.equal(server.requests.length, 0);
      await expectError(client().listKeys(m, 'no-such-workspace'), 'badRequest');
    });
  });

  describe('workspace budgets', () => {
    it('the budgets of a workspace, by id or slug, and whether BYOK counts; lifetime is a null interval', async () => {
      twoWorkspaces();
      server.setWorkspaceBudgets(PLATFORM, [{ reset_interval: 'monthly', limit_usd: 50 }, { reset_interval: null, limit_usd: 500 }]);
      const byId = await client().listWorkspaceBudgets(m, PLATFORM);
      assert.deepEqual(byId, {
        budgets: [{ workspaceId: PLATFORM, interval: 'monthly', limitUsd: 50 }, { workspaceId: PLATFORM, interval: null, limitUsd: 500 }],
        includeByokInBudgets: true,
      });
      assert.deepEqual(await client().listWorkspaceBudgets(m, 'platform'), byId);
      assert.deepEqual(await client().listWorkspaceBudgets(m, FAKE_WORKSPACE_ID), { budgets: [], includeByokInBudgets: false });
      assert.equal(server.requestsTo(workspacePath(PLATFORM, true)).length, 1);
    });

    it('tolerant: an unknown interval is skipped, extra fields ignored; a string limit is malformed; 404 for an unknown workspace', async () => {
      server.addFault({ path: workspacePath(FAKE_WORKSPACE_ID, true), body: JSON.stringify({ data: [{ limit_usd: 5, reset_interval: 'hourly' }, { limit_usd: 7, reset_interval: 'daily', new: 1 }, 'x'] }), times: 1 });
      assert.deepEqual(await client().listWorkspaceBudgets(m, FAKE_WORKSPACE_ID), {
        budgets: [{ workspaceId: FAKE_WORKSPACE_ID, interval: 'daily', limitUsd: 7 }],
        includeByokInBudgets: undefined,
      });
      server.addFault({ path: workspacePath(FAKE_WORKSPACE_ID, true), body: JSON.stringify({ data: [{ limit_usd: '5', reset_interval: 'daily' }] }), times: 1 });
      await expectError(client().listWorkspaceBudgets(m, FAKE_WORKSPACE_ID), 'malformed');
      await expectError(client().listWorkspaceBudgets(m, 'f0f0f0f0-0000-4000-a000-000000000000'), 'notFound');
    });
  });

  describe('guardrails and their key assignments', () => {
    it('the guardrails of the Default workspace (and legacy ones) by default, of one workspace when asked', async () => {
      twoWorkspaces();
      server.setGuardrails([
        { name: 'Default cap', limit_usd: 20, reset_interval: 'weekly' },
        { name: 'Legacy', workspace_id: null, limit_usd: null, reset_interval: null },
        { name: 'Platform cap', workspace_id: PLATFORM, limit_usd: 5, reset_interval: 'daily', include_byok_in_budgets: true },
      ]);
      const dflt = await client().listGuardrails(m);
      assert.deepEqual(dflt.map((g) => [g.name, g.limitUsd, g.interval, g.includeByok, g.workspaceId]), [
        ['Default cap', 20, 'weekly', false, FAKE_WORKSPACE_ID],
        ['Legacy', null, null, false, null],
      ]);
      const platform = await client().listGuardrails(m, PLATFORM);
      assert.deepEqual(platform.map((g) => [g.name, g.limitUsd, g.interval, g.includeByok]), [['Platform cap', 5, 'daily', true]]);
      assert.match(server.requestsTo(GUARDRAILS_PATH).at(-1)?.path ?? '', new RegExp(`workspace_id=${PLATFORM}`));
    });

    it('150 guardrails in 2 pages', async () => {
      server.setGuardrails(Array.from({ length: 150 }, (_, i) => ({ name: `G${i}` })));
      assert.equal((await client().listGuardrails(m)).length, 150);
      assert.deepEqual(server.requestsTo(GUARDRAILS_PATH).map((r) => r.path), ['/api/v1/guardrails?offset=0&limit=100', '/api/v1/guardrails?offset=100&limit=100']);
    });

    it('an assignment names its key by the AccountKey.id of the listed key; the hash nowhere', async () => {
      server.setGuardrails([{ name: 'CI cap' }]);
      const [g] = await client().listGuardrails(m);
      server.setGuardrailAssignments([{ guardrail_id: g.id, key_name: 'CI key' }]);
      const assignments = await client().listGuardrailKeyAssignments(m);
      const ci = (await client().listKeys(m)).find((k) => k.name === 'CI key');
      assert.deepEqual(assignments, [{ guardrailId: g.id, keyId: ci?.id }]);
      const text = JSON.stringify(assignments);
      for (const h of allHashes()) assert.ok(!text.includes(h));
      assert.equal(server.requestsTo(GUARDRAIL_KEY_ASSIGNMENTS_PATH).length, 1);
    });

    it('malformed: an assignment without a key hash; a guardrail id of the wrong type; data not a list', async () => {
      server.addFault({ path: GUARDRAIL_KEY_ASSIGNMENTS_PATH, body: '{"data":[{"guardrail_id":"g"}],"total_count":1}', times: 1 });
      await expectError(client().listGuardrailKeyAssignments(m), 'malformed');
      server.addFault({ path: GUARDRAILS_PATH, body: '{"data":[{"id":7}],"total_count":1}', times: 1 });
      await expectError(client().listGuardrails(m), 'malformed');
      server.addFault({ path: WORKSPACES_PATH, body: '{"data":{"id":"x"}}', times: 1 });
      await expectError(client().listWorkspaces(m), 'malformed');
    });
  });

  describe('members', () => {
    it('names: "First Last", else the e-mail, else the id; 404 (not an organization) by default', async () => {
      await expectError(client().listMembers(m), 'notFound');
      server.setMembers([
        { id: 'user_a', first_name: 'Grace', last_name: 'Hopper' },
        { id: 'user_b', first_name: null, last_name: null, email: 'ops@example.com' },
        { id: 'user_c', first_name: ' ', last_name: null, email: '' },
        { id: 'user_d', first_name: 'Linus', last_name: null },
      ]);
      assert.deepEqual((await client().listMembers(m)).map((x) => [x.id, x.name]), [
        ['user_a', 'Grace Hopper'], ['user_b', 'ops@example.com'], ['user_c', 'user_c'], ['user_d', 'Linus'],
      ]);
    });

    it('120 members in 2 pages', async () => {
      server.setMembers(Array.from({ length: 120 }, (_, i) => ({ id: `user_${i}` })));
      assert.equal((await client().listMembers(m)).length, 120);
      assert.equal(server.requestsTo(MEMBERS_PATH).length, 2);
    });
  });

  it('every organization read: 403 for a normal key (forbidden), 401 for an unknown one', async () => {
    server.setMembers([{}]);
    const c = client();
    const reads = (key: string) => [
      c.listWorkspaces(key), c.listWorkspaceBudgets(key, FAKE_WORKSPACE_ID), c.listGuardrails(key),
      c.listGuardrailKeyAssignments(key), c.listMembers(key), c.listKeys(key, FAKE_WORKSPACE_ID),
    ];
    for (const p of reads(FAKE_KEYS.limited)) await expectError(p, 'forbidden');
    for (const p of reads(FAKE_KEYS.revoked)) await expectError(p, 'invalidKey');
  });

  describe("/key's KeyBudget layers", () => {
    it('read when /key carries them, malformed layers skipped; absent when it does not', async () => {
      const before = await client().fetchSnapshot(FAKE_KEYS.limited);
      assert.equal(before.key.budgets, undefined);
      server.setKeyBudgets(FAKE_KEYS.limited, [
        { scope: 'workspace', limit_usd: 50, spend_usd: 44, reset_interval: 'monthly', resets_at: '2026-12-01T00:00:00Z', budget_id: 'b1' },
        { scope: 'api_key', limit_usd: 5, spend_usd: 5.5, reset_interval: null, guardrail_id: 'g1', include_byok: true },
        { scope: 'galaxy', limit_usd: 1, spend_usd: 0 },
        { scope: 'member', limit_usd: '5', spend_usd: 0 },
      ]);
      const snap = await client().fetchSnapshot(FAKE_KEYS.limited);
      assert.deepEqual(snap.key.budgets, [
        { scope: 'workspace', limitUsd: 50, spendUsd: 44, remainingUsd: 6, interval: 'monthly', resetsAt: '2026-12-01T00:00:00Z', includeByok: false, guardrailId: null, budgetId: 'b1' },
        { scope: 'api_key', limitUsd: 5, spendUsd: 5.5, remainingUsd: -0.5, interval: null, resetsAt: null, includeByok: true, guardrailId: 'g1', budgetId: null },
      ]);
      server.addFault({ path: KEY_PATH, dataOverride: { budgets: 'not a list' }, times: 1 });
      assert.equal((await client().fetchSnapshot(FAKE_KEYS.limited)).key.budgets, undefined, 'never breaks the balance');
    });
  });

  describe('managing keys', () => {
    it('createKey: the secret only in the result; it works on /key with no usage; the key lives in the workspace asked', async () => {
      twoWorkspaces();
      const created = await client().createKey(m, { name: '  Release bot ', limit: 15, limitReset: 'weekly', workspaceId: PLATFORM });
      const [req] = server.requestsTo(KEYS_PATH);
      assert.equal(req.method, 'POST');
      assert.deepEqual(JSON.parse(req.body ?? ''), { name: 'Release bot', limit: 15, limit_reset: 'weekly', workspace_id: PLATFORM });
      assert.match(created.secret, /^sk-or-v1-[0-9a-f]{64}$/);
      assert.ok(created.key);
      assert.deepEqual([created.key.name, created.key.limit, created.key.limitRemaining, created.key.limitReset, created.key.usage, created.key.workspaceId],
        ['Release bot', 15, 15, 'weekly', 0, PLATFORM]);
      assert.ok(!JSON.stringify(created.key).includes(created.secret), 'the AccountKey holds no secret');
      assert.ok(!JSON.stringify(created.key).includes(created.secret.slice(9, 40)));
      const own = await client().fetchSnapshot(created.secret);
      assert.deepEqual([own.key.usage, own.key.usageDaily, own.key.limit], [0, 0, 15]);
      assert.ok((await client().listKeys(m, PLATFORM)).some((k) => k.id === created.key?.id));
      assert.ok(!(await client().listKeys(m)).some((k) => k.id === created.key?.id), 'not in the Default workspace');
      const dflt = await client().createKey(m, { name: 'Plain' });
      assert.equal(dflt.key?.workspaceId, FAKE_WORKSPACE_ID);
      assert.notEqual(dflt.secret, created.secret);
    });

    it('createKey: bad arguments are refused before any request; 403 for a normal key; an unreadable key item still gives the secret', async () => {
      for (const bad of [{ name: ' ' }, { name: 'x'.repeat(201) }, { name: 'a', limit: -1 }, { name: 'a', limitReset: 'yearly' }, { name: 'a', workspaceId: 'a/b' }]) {
        await expectError(client().createKey(m, bad as never), 'badRequest');
      }
      assert.equal(server.requests.length, 0);
      await expectError(client().createKey(FAKE_KEYS.limited, { name: 'x' }), 'forbidden');
      server.addFault({ path: KEYS_PATH, body: JSON.stringify({ data: { name: 'no hash' }, key: 'sk-or-v1-abc' }), status: 201, times: 1 });
      assert.deepEqual(await client().createKey(m, { name: 'x' }), { key: null, secret: 'sk-or-v1-abc' });
      server.addFault({ path: KEYS_PATH, body: JSON.stringify({ data: {}, key: 'has space' }), status: 201, times: 1 });
      const e = await expectError(client().createKey(m, { name: 'x' }), 'malformed');
      assert.ok(!e.message.includes('has space'));
    });

    it('rename, disable, enable: PATCH with the one field; the answer is the key, without its hash', async () => {
      const hash = server.listedKeys().find((k) => k.name === 'Staging bot')?.hash as string;
      const renamed = await client().renameKey(m, hash, 'Staging');
      assert.deepEqual([renamed.id, renamed.name], [accountKeyId(hash), 'Staging']);
      const disabled = await client().setKeyDisabled(m, hash, true);
      assert.equal(disabled.disabled, true);
      assert.equal((await client().setKeyDisabled(m, hash, false)).disabled, false);
      assert.deepEqual(server.requestsTo(keyPath(hash)).map((r) => [r.method, JSON.parse(r.body ?? '')]), [
        ['PATCH', { name: 'Staging' }], ['PATCH', { disabled: true }], ['PATCH', { disabled: false }],
      ]);
      assert.ok(!JSON.stringify(renamed).includes(hash));
      await expectError(client().renameKey(m, hash, ''), 'badRequest');
      await expectError(client().setKeyDisabled(m, hash, 'yes' as never), 'badRequest');
      await expectError(client().renameKey(FAKE_KEYS.limited, hash, 'x'), 'forbidden', [hash]);
    });

    it('delete: the key leaves the list, its secret gets 401; deleting it again is notFound, the hash in no message', async () => {
      const hash = server.listedKeys().find((k) => k.name === 'CI key')?.hash as string;
      await client().deleteKey(m, hash);
      assert.equal(server.requestsTo(keyPath(hash))[0].method, 'DELETE');
      assert.ok(!(await client().listKeys(m)).some((k) => k.id === accountKeyId(hash)));
      await expectError(client().fetchSnapshot(FAKE_KEYS.limited), 'invalidKey');
      const e = await expectError(client().deleteKey(m, hash), 'notFound', [hash]);
      assert.match(e.message, /deleted/);
      await expectError(client().renameKey(m, hash, 'x'), 'notFound', [hash]);
      server.addFault({ path: keyPath(allHashes()[0]), body: '{"deleted":false}', times: 1 });
      await expectError(client().deleteKey(m, allHashes()[0]), 'malformed', allHashes());
    });
  });
});
