// The language-model tool (issue 11): answers through vscode.lm.invokeTool
// with the balance, today's spend and the budgets, as text and JSON, never
// the key. Real extension host, real tool registry.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { setSetting, type TestApi, waitFor, withFakeAccount } from './util';

interface Lm {
  tools: ReadonlyArray<{ name: string; inputSchema?: object }>;
  invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }, token?: vscode.CancellationToken): Thenable<{ content: Array<{ value?: unknown }> }>;
}

describe('language-model tool: openrouterCredits_balance', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount(FAKE_KEYS.management);
  let fake: FakeOpenRouter;
  let a: TestApi;
  const lm = (vscode as unknown as { lm?: Lm }).lm;

  before(async () => {
    ({ a, fake } = ctx);
    await waitFor('the account periods', () => a._test.controller.view.periods?.scope === 'account');
  });

  it('this VS Code has the tool API, and the tool is registered with its input schema', () => {
    assert.ok(lm && typeof lm.invokeTool === 'function', `vscode.lm.invokeTool in VS Code ${vscode.version}`);
    const tool = lm.tools.find(t => t.name === 'openrouterCredits_balance');
    assert.ok(tool, `registered tools: ${lm.tools.map(t => t.name).join(', ')}`);
    assert.deepEqual(Object.keys((tool.inputSchema as { properties: object }).properties), ['minimumUsd']);
  });

  it('answers with the balance, the account spend today and the budget, as text and JSON; checks a minimum; never the key', async () => {
    await setSetting('monthlyBudget', 50);
    await waitFor('the budget', () => a._test.controller.view.budgets?.length === 1);
    const r = await lm!.invokeTool('openrouterCredits_balance', { input: { minimumUsd: 20 }, toolInvocationToken: undefined });
    const parts = r.content.map(p => String(p.value));
    assert.equal(parts.length, 2);
    const v = a._test.controller.view;
    assert.match(parts[0], /^Spendable OpenRouter balance: \$16\.55\.$/m);
    assert.match(parts[0], new RegExp(`^Spend today \\(UTC\\): \\$${v.periods!.today!.toFixed(2).replace('.', '\\.')}\\.$`, 'm'));
    assert.match(parts[0], /^Budget \(month\): \$\d+\.\d\d of \$50\.00 spent\.$/m);
    assert.match(parts[0], /below the \$20\.00 needed/);
    const json = JSON.parse(parts[1]);
    assert.equal(json.spendableUsd, 16.55);
    assert.equal(json.spendScope, 'account');
    assert.equal(json.spendTodayUsd, v.periods!.today);
    assert.deepEqual(json.check, { minimumUsd: 20, ok: false });
    assert.equal(json.budgets[0].budgetUsd, 50);
    for (const k of Object.values(FAKE_KEYS)) assert.ok(!parts.join('\n').includes(k), 'a key in the answer');
    const ok = await lm!.invokeTool('openrouterCredits_balance', { input: { minimumUsd: 5 }, toolInvocationToken: undefined });
    assert.deepEqual(JSON.parse(String(ok.content[1].value)).check, { minimumUsd: 5, ok: true });
  });
});
