import assert from 'node:assert/strict';

import { TOP_MODELS, accountPeriods, dailyFromActivity, spendByKey, spendByModel } from '../../src/core/money/breakdown';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { AccountKey, ActivityRow } from '../../src/core/types';
import { demoAccount } from '../../scripts/demo/account';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';

const key = (o: Partial<AccountKey> = {}): AccountKey => ({
  id: 'id',
  name: 'k',
  label: 'sk-or-v1-abc...1234',
  disabled: false,
  limit: null,
  limitRemaining: null,
  limitReset: null,
  usage: 0,
  usageDaily: 0,
  usageWeekly: 0,
  usageMonthly: 0,
  createdAt: null,
  ...o,
});

const row = (o: Partial<ActivityRow> = {}): ActivityRow => ({
  date: '2026-11-25',
  model: 'openai/gpt-4.1',
  modelPermaslug: 'openai/gpt-4.1-2025-04-14',
  endpointId: 'e',
  providerName: 'OpenAI',
  usage: 0,
  byokUsageInference: 0,
  requests: 0,
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  ...o,
});

describe('core/breakdown', () => {
  describe('accountPeriods', () => {
    it('sums every key, disabled ones too, without float noise', () => {
      const keys = [
        key({ usageDaily: 0.1, usageWeekly: 0.2, usageMonthly: 0.3, usage: 0.7 }),
        key({ usageDaily: 0.2, usageWeekly: 0.1, usageMonthly: 0.6, usage: 0.6 }),
        key({ disabled: true, usageDaily: 0, usageWeekly: 0, usageMonthly: 0.4, usage: 2 }),
      ];
      assert.deepEqual(accountPeriods(keys), { today: 0.3, week: 0.3, month: 1.3, usage: 3.3, keyCount: 3 });
    });

    it('no keys: zeros and keyCount 0', () => {
      assert.deepEqual(accountPeriods([]), { today: 0, week: 0, month: 0, usage: 0, keyCount: 0 });
    });
  });

  describe('spendByKey', () => {
    it('biggest spender this month first; name, else the masked label; limits carried', () => {
      const rows = spendByKey([
        key({ id: 'a', name: 'Small', usageMonthly: 1 }),
        key({ id: 'b', name: '', label: 'sk-or-v1-f00...beef', usageMonthly: 5, limit: 10, limitRemaining: 5, limitReset: 'monthly' }),
        key({ id: 'c', name: 'Off', disabled: true, usageMonthly: 2, usageWeekly: 1, usageDaily: 0.5 }),
      ]);
      assert.deepEqual(rows.map((r) => r.id), ['b', 'c', 'a']);
      assert.deepEqual(rows[0], {
        id: 'b', name: 'sk-or-v1-f00...beef', disabled: false, today: 0, week: 0, month: 5, limit: 10, limitRemaining: 5, limitReset: 'monthly',
      });
      assert.deepEqual([rows[1].disabled, rows[1].today, rows[1].week], [true, 0.5, 1]);
    });

    it('ties: this week, today, then the name', () => {
      const rows = spendByKey([
        key({ id: '1', name: 'b', usageMonthly: 1 }),
        key({ id: '2', name: 'a', usageMonthly: 1 }),
        key({ id: '3', name: 'z', usageMonthly: 1, usageWeekly: 1 }),
      ]);
      assert.deepEqual(rows.map((r) => r.id), ['3', '2', '1']);
    });

    it('never carries anything but the listed fields (no hash)', () => {
      const withHash = { ...key({ id: 'x' }), hash: 'f'.repeat(64) } as AccountKey;
      assert.ok(!JSON.stringify(spendByKey([withHash])).includes('f'.repeat(16)));
      assert.deepEqual(spendByKey([]), []);
    });
  });

  describe('spendByModel', () => {
    it('sums rows that differ only by provider, and over days', () => {
      const rows = spendByModel([
        row({ providerName: 'OpenAI', endpointId: 'e1', usage: 0.2, requests: 3, promptTokens: 100, completionTokens: 20, reasoningTokens: 5 }),
        row({ providerName: 'Azure', endpointId: 'e2', usage: 0.1, requests: 1, promptTokens: 50, completionTokens: 10 }),
        row({ date: '2026-11-24', providerName: 'OpenAI', endpointId: 'e1', usage: 0.3, requests: 2, promptTokens: 10, completionTokens: 1 }),
        row({ model: 'anthropic/claude-sonnet-4.5', usage: 0.4, requests: 4 }),
      ]);
      assert.deepEqual(rows, [
        { model: 'openai/gpt-4.1', other: false, modelCount: 1, spend: 0.6, share: 0.6, requests: 6, tokens: 191 },
        { model: 'anthropic/claude-sonnet-4.5', other: false, modelCount: 1, spend: 0.4, share: 0.4, requests: 4, tokens: 0 },
      ]);
    });

    it('top 10, then one "other" row (a flag, not a label) that folds the rest', () => {
      const rows = spendByModel(
        Array.from({ length: 13 }, (_, i) => row({ model: `m/${String(i).padStart(2, '0')}`, usage: 13 - i, requests: 1, promptTokens: 10 })),
      );
      assert.equal(rows.length, TOP_MODELS + 1);
      assert.deepEqual(rows.slice(0, 3).map((r) => r.model), ['m/00', 'm/01', 'm/02']);
      const other = rows[TOP_MODELS];
      assert.deepEqual(other, { model: '', other: true, modelCount: 3, spend: 6, share: 6 / 91, requests: 3, tokens: 30 });
      const shares = rows.reduce((a, r) => a + r.share, 0);
      assert.ok(Math.abs(shares - 1) < 1e-12);
      assert.ok(rows.slice(0, TOP_MODELS).every((r) => !r.other));
    });

    it('exactly 10 models: no "other" row; ties by requests, then slug', () => {
      const rows = spendByModel(Array.from({ length: 10 }, (_, i) => row({ model: `m/${i}`, usage: 1, requests: i === 7 ? 5 : 1 })));
      assert.equal(rows.length, 10);
      assert.equal(rows[0].model, 'm/7');
      assert.deepEqual(rows.slice(1, 3).map((r) => r.model), ['m/0', 'm/1']);
    });

    it('empty input, and a month of zero spend (share 0, not NaN)', () => {
      assert.deepEqual(spendByModel([]), []);
      const [r] = spendByModel([row({ usage: 0, requests: 3 })]);
      assert.equal(r.share, 0);
      assert.equal(r.requests, 3);
    });
  });

  describe('dailyFromActivity', () => {
    const rows = [
      row({ date: '2026-11-25', providerName: 'OpenAI', usage: 0.1 }),
      row({ date: '2026-11-25', providerName: 'Azure', usage: 0.2 }),
      row({ date: '2026-11-25', model: 'z/z', usage: 0.05 }),
      row({ date: '2026-11-23', usage: 1 }),
    ];

    it('per UTC day, oldest first, with the split per model (providers summed)', () => {
      assert.deepEqual(dailyFromActivity(rows), [
        { day: '2026-11-23', total: 1, byModel: [{ model: 'openai/gpt-4.1', spend: 1 }] },
        { day: '2026-11-25', total: 0.35, byModel: [{ model: 'openai/gpt-4.1', spend: 0.3 }, { model: 'z/z', spend: 0.05 }] },
      ]);
    });

    it('with now: exactly the completed days, gaps at 0, today and older rows left out', () => {
      const now = Date.UTC(2026, 10, 26, 8);
      const withToday = [...rows, row({ date: '2026-11-26', usage: 9 }), row({ date: '2026-10-01', usage: 9 })];
      const days = dailyFromActivity(withToday, { now });
      assert.equal(days.length, 30);
      assert.equal(days[0].day, '2026-10-27');
      assert.equal(days[29].day, '2026-11-25');
      assert.deepEqual(days[28], { day: '2026-11-24', total: 0, byModel: [] });
      assert.equal(days.reduce((a, d) => a + d.total, 0), 1.35);
      assert.equal(dailyFromActivity([], { now, days: 7 }).length, 0, 'no rows: no day is known to be $0');
    });

    it('with now: days after the newest row are left out, not $0 (OpenRouter may not have added yesterday yet)', () => {
      const now = Date.UTC(2026, 10, 26, 0, 5);
      const days = dailyFromActivity(rows.filter(r => r.date <= '2026-11-23'), { now });
      assert.equal(days.at(-1)?.day, '2026-11-23');
      assert.equal(days.length, 28);
    });

    it('empty input', () => {
      assert.deepEqual(dailyFromActivity([]), []);
    });

    it('a hostile slug is just data', () => {
      const [d] = dailyFromActivity([row({ model: '__proto__', usage: 1 })]);
      assert.deepEqual(d.byModel, [{ model: '__proto__', spend: 1 }]);
    });
  });

  describe('on the demo account, through the client', () => {
    let server: FakeOpenRouter;
    before(async () => {
      server = await FakeOpenRouter.start({ now: () => Date.UTC(2026, 10, 26, 9) });
      demoAccount(server, { usdPerSecond: 0 });
    });
    after(() => server.close());

    it('account periods are the sum over the keys; the models come with an "other" row', async () => {
      const client = new OpenRouterClient({ baseUrl: server.baseUrl });
      const keys = await client.listKeys(FAKE_KEYS.management);
      const p = accountPeriods(keys);
      assert.equal(p.keyCount, 4, 'the Default workspace\'s keys (no workspace_id)');
      assert.ok(p.today > 0 && p.today <= p.week && p.week <= p.month && p.month <= p.usage, JSON.stringify(p));
      const byKey = spendByKey(keys);
      assert.equal(byKey[0].name, 'Laptop');
      assert.ok(byKey.some((k) => k.disabled));
      const activity = await client.fetchActivity(FAKE_KEYS.management);
      const models = spendByModel(activity);
      assert.equal(models.length, TOP_MODELS + 1);
      assert.equal(models[0].model, 'anthropic/claude-sonnet-4.5');
      assert.ok(models[TOP_MODELS].other);
      const daily = dailyFromActivity(activity, { now: Date.UTC(2026, 10, 26, 9) });
      assert.ok(daily.every((d) => d.total > 0));
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum(daily.map((d) => d.total)) - sum(models.map((m) => m.spend))) < 1e-6);
    });
  });
});
