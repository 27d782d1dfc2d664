// Where the money goes (issue 10), in the real extension host against the
// real-looking fake account: a management key spends nothing itself, so the
// account's periods come from /keys from the first refresh; the keys and the
// models arrive largest first; a normal key asks neither /keys nor /activity;
// and the requests per refresh follow the etiquette (core/requests.ts).
import * as assert from 'node:assert/strict';
import { ACTIVITY_PATH, CREDITS_PATH, FAKE_KEYS, FakeOpenRouter, KEY_PATH, KEYS_PATH } from '../fixtures/fakeOpenRouter';
import { statusText, type TestApi, useKey, waitFor, waitForStatus, withFakeAccount } from './util';

interface KeysAnswer { data: Array<{ usage_daily: number; usage_weekly: number; usage_monthly: number; name: string; disabled: boolean }> }

describe('where the money goes: account-true periods, keys and models, request etiquette', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount();
  let fake: FakeOpenRouter;
  let a: TestApi;

  before(async () => {
    ({ a, fake } = ctx);
  });

  /** The fake account's keys as OpenRouter lists them (both pages would be summed the same way). */
  async function listedKeys(): Promise<KeysAnswer['data']> {
    const res = await fetch(`${fake.baseUrl}/keys?include_disabled=true`, { headers: { Authorization: `Bearer ${FAKE_KEYS.management}` } });
    return ((await res.json()) as KeysAnswer).data;
  }

  it('a management key shows account-true Today, This week and This month on its first refresh', async () => {
    const r0 = fake.requests.length;
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitFor('the breakdown', () => a._test.controller.view.breakdown?.keys && a._test.controller.view.breakdown.byModel ? true : undefined);
    const v = a._test.controller.view;
    const keys = await listedKeys();
    const sum = (f: 'usage_daily' | 'usage_weekly' | 'usage_monthly') => keys.reduce((n, k) => n + k[f], 0);
    assert.equal(v.snapshot?.key.usageDaily, 0, 'the management key spends nothing itself');
    assert.equal(v.periods?.scope, 'account');
    assert.equal(v.periods?.keyCount, keys.length);
    assert.ok(keys.some(k => k.disabled), 'the fixture has a disabled key, and it counts');
    assert.ok(Math.abs(v.periods!.today! - sum('usage_daily')) < 1e-9, `today ${v.periods?.today} vs ${sum('usage_daily')}`);
    assert.ok(Math.abs(v.periods!.week! - sum('usage_weekly')) < 1e-9);
    assert.ok(Math.abs(v.periods!.month! - sum('usage_monthly')) < 1e-9);
    assert.ok(v.periods!.month! > 0, 'a real month of spend, not $0.00');
    // Keys largest month first, models largest first with "other" last; never a hash.
    const months = v.breakdown!.keys!.map(k => k.usageMonthly);
    const rows = v.breakdown!.byModel!;
    assert.ok(rows.length >= 2 && rows.slice(0, -1).every((r, i) => r.spend >= rows[i + 1].spend || rows[i + 1].other), JSON.stringify(rows.map(r => r.spend)));
    assert.ok(months.length === keys.length);
    assert.ok(!JSON.stringify(v).match(/"hash"/), 'no key hash in the view');
    // The chart's completed days come from /activity: complete on the first day.
    const daily = v.derived!.daily;
    assert.ok(daily.length >= 30 && daily.slice(0, -1).every(d => d.spend !== undefined), 'thirty known days before today');
    assert.doesNotMatch(statusText(a), /\$0\.00/);
    const asked = fake.requests.slice(r0).map(q => q.path.split('?')[0]);
    console.log(`      [figure] requests to set a management key and show its breakdown: ${asked.join(', ')}`);
  });

  it('a management key asks /credits and /keys per refresh; /key at most hourly; /activity once a day', async () => {
    const r0 = fake.requests.length;
    for (let i = 0; i < 3; i++) await a.refresh();
    const asked = fake.requests.slice(r0).map(q => q.path.split('?')[0]);
    const count = (p: string) => asked.filter(x => x === p).length;
    console.log(`      [figure] requests per refresh, management key (3 refreshes): ${(asked.length / 3).toFixed(1)} (${asked.join(', ')})`);
    assert.equal(count(CREDITS_PATH), 3);
    assert.equal(count(KEYS_PATH), 3);
    assert.equal(count(KEY_PATH), 0, '/key was asked when the key was set');
    assert.equal(count(ACTIVITY_PATH), 0, '/activity was asked today already (a manual refresh repeats it only after an hour)');
  });

  it('a /keys failure keeps the last good breakdown and never makes the balance stale', async () => {
    const before = a._test.controller.view.breakdown!.keys!.length;
    fake.addFault({ path: KEYS_PATH, status: 500 });
    await a.refresh();
    const v = a._test.controller.view;
    assert.equal(v.breakdown?.keysError, 'serviceError');
    assert.equal(v.breakdown?.keys?.length, before);
    assert.equal(v.stale, false);
    assert.equal(v.error, undefined);
    fake.clearFaults();
    await a.refresh();
    assert.equal(a._test.controller.view.breakdown?.keysError, undefined);
  });

  it('a normal key asks neither /keys nor /activity, and asks /credits only once', async () => {
    const r0 = fake.requests.length;
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    await waitForStatus(a, /\$4\.20/);
    for (let i = 0; i < 3; i++) await a.refresh();
    const asked = fake.requests.slice(r0).map(q => q.path.split('?')[0]);
    console.log(`      [figure] requests per refresh, limited normal key (3 refreshes after the check): ${asked.join(', ')}`);
    assert.equal(asked.filter(p => p === KEYS_PATH).length, 0);
    assert.equal(asked.filter(p => p === ACTIVITY_PATH).length, 0);
    assert.ok(asked.filter(p => p === CREDITS_PATH).length <= 1, 'the 403 from the check carries over to polling');
    const v = a._test.controller.view;
    assert.equal(v.periods?.scope, 'key');
    assert.equal(v.breakdown, undefined);
  });
});
