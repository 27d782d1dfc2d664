// Budgets and the daily report (issue 11), in the real extension host: the
// account's spend (management key) against a monthly budget warns once at the
// warning percent and once at 100 %, across refreshes; the daily report shows
// once per UTC day.
import * as assert from 'node:assert/strict';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { notificationsOf, setSetting, statusText, type TestApi, waitFor, waitForStatus, withFakeAccount } from './util';

describe('budgets and the daily report', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount(FAKE_KEYS.management);
  let fake: FakeOpenRouter;
  let a: TestApi;

  before(async () => {
    ({ a, fake } = ctx);
    await waitFor('the account periods', () => a._test.controller.view.periods?.scope === 'account');
  });

  it("warns once at the warning percent and once at 100 % of the account's monthly spend, naming both", async () => {
    const month = a._test.controller.view.periods!.month!;
    assert.ok(month > 0);
    const before = notificationsOf(a, 'budgetMonth').length;
    // 90 % of the budget spent: past the 80 % mark, not past 100 %.
    const budget = Math.round((month / 0.9) * 100) / 100;
    await setSetting('monthlyBudget', budget);
    await waitFor('the warning', () => notificationsOf(a, 'budgetMonth').length === before + 1);
    const [, text] = notificationsOf(a, 'budgetMonth').at(-1)!;
    assert.match(text, new RegExp(`^OpenRouter spend this month: \\$${month.toFixed(2).replace('.', '\\.')} of your \\$${budget.toFixed(2).replace('.', '\\.')} budget \\(\\d+(\\.\\d)?%\\)$`));
    await a.refresh();
    await a.refresh();
    assert.equal(notificationsOf(a, 'budgetMonth').length, before + 1, 'once per crossing');
    // Another window evaluates the same reading (as every window does, in the shared file's lock): nothing new.
    const v = a._test.controller.view;
    a._test.alerts.evaluate(v.snapshot!, v.derived?.spendLastHour, v.settings, { force: true, periods: v.periods });
    assert.equal(notificationsOf(a, 'budgetMonth').length, before + 1, 'once across windows');
    assert.equal(a._test.store.readState()?.budgets?.month?.fired, 1);
    // The page's figures: the budget with its pace.
    const b = a._test.controller.view.budgets?.find(x => x.period === 'month');
    assert.ok(b && b.spend === month && b.budget === budget && b.pace > 0 && b.pace < 1);
    // Over budget: one more warning, without the percentage.
    await setSetting('monthlyBudget', Math.floor(month * 0.5 * 100) / 100);
    await waitFor('the over-budget warning', () => notificationsOf(a, 'budgetMonth').length === before + 2);
    assert.doesNotMatch(notificationsOf(a, 'budgetMonth').at(-1)![1], /%\)$/);
    await a.refresh();
    assert.equal(notificationsOf(a, 'budgetMonth').length, before + 2);
    // The status bar format "budget".
    await setSetting('statusBarFormat', 'budget');
    await waitForStatus(a, new RegExp(`\\$${month.toFixed(2).replace('.', '\\.')} / \\$`));
    await setSetting('statusBarFormat', undefined);
    assert.ok(a._test.store.readState()?.budgets?.month?.fired === 2, 'the shared state records what fired (for every window)');
  });

  it('the daily report shows once per UTC day: yesterday, the top model, the balance', async () => {
    const before = notificationsOf(a, 'dailyReport').length;
    a._test.store.update(s => ({ ...s, reportDay: undefined }));
    await setSetting('dailyReport', true);
    await waitFor('the report', () => notificationsOf(a, 'dailyReport').length === before + 1);
    const text = notificationsOf(a, 'dailyReport').at(-1)![1];
    const yesterday = a._test.controller.view.breakdown!.daily!.at(-1)!;
    assert.match(text, /^OpenRouter yesterday \(.+\): \$\d+\.\d\d spent · top model .+ \(\$\d+\.\d\d\) · \$16\.55 left/);
    assert.ok(text.includes(yesterday.byModel[0].model), `the top model of ${yesterday.day}`);
    assert.equal(a._test.store.readState()?.reportDay, new Date().toISOString().slice(0, 10));
    await a.refresh();
    await a.refresh();
    assert.equal(notificationsOf(a, 'dailyReport').length, before + 1, 'once a day');
    assert.doesNotMatch(statusText(a), /\$0\.00/);
  });
});
