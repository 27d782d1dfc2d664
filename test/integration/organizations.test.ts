// Organizations (issue 20), in the real extension host against the fake: an
// account with a second workspace counts both workspaces' keys; a workspace
// budget warns once at its mark and once at 100 %; steady state asks 1 + W
// requests per refresh; a failing /workspaces keeps the last good copy and
// never makes the balance stale.
import * as assert from 'node:assert/strict';
import { CREDITS_PATH, FAKE_KEYS, KEYS_PATH, WORKSPACES_PATH, fakeListedKey, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { notificationsOf, setSetting, type TestApi, waitFor, withFakeAccount } from './util';

const PLATFORM = 'Platform';
const platformKey = (monthly: number) => ({ item: fakeListedKey({ name: 'Platform CI', label: 'sk-or-v1-pla...ci1', hash: 'c0ffee'.padEnd(64, '1'), usage: monthly + 10, usage_daily: 1.25, usage_weekly: 2.5, usage_monthly: monthly }) });

describe('organizations: every workspace counted', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount(FAKE_KEYS.management);
  let fake: FakeOpenRouter;
  let a: TestApi;
  let platformId: string;

  before(async () => {
    ({ a, fake } = ctx);
    await waitFor('the account periods', () => a._test.controller.view.periods?.scope === 'account');
  });

  it('an account with a second workspace shows today, week, month, by key and the budgets summed over both', async () => {
    const before = a._test.controller.view.periods!;
    const keysBefore = a._test.controller.view.breakdown!.keys!.length;
    fake.setWorkspaces([{}, { name: PLATFORM }]);
    platformId = fake.findWorkspace('platform')!.id as string;
    fake.setWorkspaceKeys(platformId, [platformKey(3)]);
    a._test.controller.shown!.markOrgDirty();
    await a.refresh();
    const v = a._test.controller.view;
    assert.equal(v.breakdown?.org?.workspaces?.length, 2);
    assert.equal(v.breakdown?.keys?.length, keysBefore + 1);
    assert.ok(v.breakdown?.keys?.some(k => k.name === 'Platform CI'), 'the Platform workspace\'s key is listed');
    const near = (x: number | undefined, y: number) => assert.ok(x !== undefined && Math.abs(x - y) < 1e-6, `${x} ≈ ${y}`);
    near(v.periods?.today, before.today! + 1.25);
    near(v.periods?.week, before.week! + 2.5);
    near(v.periods?.month, before.month! + 3);
    await setSetting('monthlyBudget', 1000);
    await waitFor('the budget', () => a._test.controller.view.budgets?.find(b => b.period === 'month'));
    near(a._test.controller.view.budgets!.find(b => b.period === 'month')!.spend, v.periods!.month!);
    await setSetting('monthlyBudget', undefined);
  });

  it('steady state asks /credits and one /keys per workspace each refresh (1 + W)', async () => {
    const r0 = fake.requests.length;
    for (let i = 0; i < 3; i++) await a.refresh();
    const asked = fake.requests.slice(r0).map(q => q.path);
    console.log(`      [figure] requests per refresh, two workspaces (3 refreshes): ${(asked.length / 3).toFixed(1)} (${asked.join(', ')})`);
    assert.equal(asked.filter(p => p === CREDITS_PATH).length, 3);
    assert.equal(asked.filter(p => p.split('?')[0] === KEYS_PATH).length, 6);
    assert.ok(asked.some(p => p.includes(`workspace_id=${platformId}`)), 'the Platform workspace is asked by id');
    assert.equal(asked.length, 3 * (1 + 2), asked.join(', '));
  });

  it('a workspace budget warns once at its mark and once at 100 %, not again on the next refresh', async () => {
    const warn = `workspaceBudget:${platformId}:monthly:warn`;
    const over = `workspaceBudget:${platformId}:monthly:over`;
    // $3.00 of $3.50: 86 %, past the 80 % mark.
    fake.setWorkspaceBudgets(platformId, [{ reset_interval: 'monthly', limit_usd: 3.5 }]);
    a._test.controller.shown!.markOrgDirty();
    await a.refresh();
    await waitFor('the warning', () => notificationsOf(a, warn).length === 1);
    assert.match(notificationsOf(a, warn)[0][1], /Platform/);
    await a.refresh();
    assert.equal(notificationsOf(a, warn).length, 1, 'once per crossing');
    // The workspace spends past its budget.
    fake.setWorkspaceKeys(platformId, [platformKey(3.6)]);
    await a.refresh();
    await waitFor('the 100 % warning', () => notificationsOf(a, over).length === 1);
    await a.refresh();
    assert.equal(notificationsOf(a, over).length, 1);
    assert.equal(notificationsOf(a, warn).length, 1);
  });

  it('a failing /workspaces keeps the last good organization, and the balance is not stale', async () => {
    fake.addFault({ path: WORKSPACES_PATH, status: 500 });
    try {
      a._test.controller.shown!.markOrgDirty();
      await a.refresh();
      const v = a._test.controller.view;
      assert.equal(v.breakdown?.org?.structureError, 'serviceError');
      assert.equal(v.breakdown?.org?.workspaces?.length, 2, 'the last good copy');
      assert.ok(v.breakdown?.org?.structureAt !== undefined);
      assert.equal(v.stale, false);
      assert.equal(v.error, undefined);
      assert.ok(v.breakdown?.keys?.some(k => k.name === 'Platform CI'), 'both workspaces still counted');
    } finally {
      fake.clearFaults();
    }
  });
});
