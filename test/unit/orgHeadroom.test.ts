import * as assert from 'node:assert/strict';
import { headroom, headroomForecast, headroomIndex, type HeadroomInput } from '../../src/core/org/headroom';
import { headroomForecastText, headroomText } from '../../src/core/org/orgText';
import type { Guardrail, KeyBudgetLayer, OrgData } from '../../src/core/org/types';
import type { AccountKey } from '../../src/core/types';
import { DEFAULT, PLATFORM, key } from './helpers/org';
import { EN } from './helpers/view';
import { assertInert } from './helpers/inert';

// Thursday 2026-12-03 12:00 UTC.
const NOW = Date.UTC(2026, 11, 3, 12);
const DAY = 86_400_000;

const guard = (id: string, over: Partial<Guardrail> = {}): Guardrail => ({ id, name: id, limitUsd: 10, interval: 'monthly', includeByok: false, workspaceId: 'w-plat', ...over });

function setup(org: Partial<OrgData> = {}, me: Partial<AccountKey> = {}) {
  const mine = key({ workspaceId: 'w-plat', creatorUserId: 'u1', usageMonthly: 20, usageDaily: 2, ...me });
  const keys = [mine, key({ workspaceId: 'w-plat', creatorUserId: 'u1', usageMonthly: 17.2 }), key({ workspaceId: 'w-plat', creatorUserId: 'u2', usageMonthly: 0 }), key({ workspaceId: 'w-def', usageMonthly: 500 })];
  const full: OrgData = { workspaces: [DEFAULT, PLATFORM], budgets: [{ workspaceId: 'w-plat', interval: 'monthly', limitUsd: 50 }], guardrails: [], assignments: [], ...org };
  const input: HeadroomInput = { key: mine, keys, org: full, accountRemaining: 100, canReadOrg: true };
  return { mine, keys, input };
}

describe('core/org/headroom: what stops the next request (computed)', () => {
  it("the workspace's monthly budget binds: its spend is the workspace's keys' total", () => {
    const h = headroom(setup().input, NOW);
    assert.equal(h.source, 'computed');
    assert.equal(h.remainingUsd, 12.8);
    assert.deepEqual({ scope: h.binding!.scope, name: h.binding!.name, spend: h.binding!.spendUsd, resetsAt: h.binding!.resetsAt }, { scope: 'workspace', name: 'Platform', spend: 37.2, resetsAt: Date.UTC(2027, 0, 1) });
    assert.deepEqual(h.layers.map(l => l.scope), ['workspace', 'balance']);
    assert.deepEqual(h.unknownLayers, []);
    assert.equal(headroomText(h, EN), "$12.80 left before the Platform workspace's monthly budget; resets Jan 1");
  });

  it("the key's own guardrail (assignment) binds against the key's spend, with its reset", () => {
    const { input, mine } = setup({ guardrails: [guard('Interns', { limitUsd: 25, interval: 'weekly' })] });
    input.org!.assignments = [{ guardrailId: 'Interns', keyId: mine.id }];
    mine.usageWeekly = 20;
    const h = headroom(input, NOW);
    assert.equal(h.binding!.scope, 'api_key');
    assert.equal(h.remainingUsd, 5);
    assert.equal(h.binding!.resetsAt, Date.UTC(2026, 11, 7));
    // Member guardrails are not listed: one could bind where a guardrail with a budget exists.
    assert.deepEqual(h.unknownLayers, [{ scope: 'member', reason: 'notListed' }]);
    assert.equal(headroomText(h, EN), "$5.00 left before the Interns guardrail's weekly budget; resets Dec 7 (member guardrails unknown)");
  });

  it("the workspace's default guardrail applies against the member's total and against the key", () => {
    const { input } = setup({ workspaces: [DEFAULT, { ...PLATFORM, defaultGuardrailId: 'g' }], guardrails: [guard('g', { limitUsd: 40 })] });
    const h = headroom(input, NOW);
    const byScope = Object.fromEntries(h.layers.map(l => [l.scope, l.remainingUsd]));
    assert.equal(byScope.workspace_default_member, 2.8); // 40 - (20 + 17.2)
    assert.equal(byScope.workspace_default_key, 20);
    assert.equal(h.binding!.scope, 'workspace_default_member');
  });

  it('a workspace-owned key: member guardrails never apply', () => {
    const { input } = setup({ workspaces: [DEFAULT, { ...PLATFORM, defaultGuardrailId: 'g' }], guardrails: [guard('g', { limitUsd: 40 })] }, { creatorUserId: null });
    const h = headroom(input, NOW);
    assert.ok(!h.layers.some(l => l.scope === 'workspace_default_member'));
    assert.ok(!h.unknownLayers.some(u => u.scope === 'member'));
  });

  it('a guardrail without a budget is no layer; BYOK counts only when the guardrail includes it', () => {
    const { input, mine } = setup({ budgets: [], guardrails: [guard('none', { limitUsd: null }), guard('byok', { limitUsd: 30, includeByok: true })] });
    input.org!.assignments = [{ guardrailId: 'none', keyId: mine.id }, { guardrailId: 'byok', keyId: mine.id }];
    mine.byokUsageMonthly = 5;
    const h = headroom(input, NOW);
    assert.deepEqual(h.layers.map(l => [l.scope, l.name, l.spendUsd]), [['api_key', 'byok', 25], ['balance', undefined, undefined]]);
  });

  it("the key's limit, then the account balance; a negative remainder is over", () => {
    const { input } = setup({ budgets: [] }, { limit: 10, limitRemaining: 3, limitReset: 'daily' });
    input.key = { ...input.key, limit: 10, limitRemaining: 3, limitReset: 'daily' };
    const h = headroom(input, NOW);
    assert.equal(h.binding!.scope, 'key_limit');
    assert.equal(headroomText(h, EN), "$3.00 left before this key's limit; resets Dec 4");
    const poor = headroom({ ...input, accountRemaining: -1.5 }, NOW);
    assert.equal(poor.remainingUsd, -1.5);
    assert.equal(headroomText(poor, EN), 'Requests are refused: the account balance is used up');
    const rich = headroom({ ...input, key: { ...input.key, limit: null, limitRemaining: null } }, NOW);
    assert.equal(headroomText(rich, EN), '$100.00 left before the account balance runs out');
  });

  it('a normal key cannot read budgets and guardrails: says so rather than ignore them', () => {
    const h = headroom({ key: { limit: 20, limitRemaining: 8, limitReset: null }, canReadOrg: false }, NOW);
    assert.equal(h.remainingUsd, 8);
    assert.equal(headroomText(h, EN), "$8.00 left before this key's limit (workspace budgets and guardrails unknown for this key; account balance unknown)");
  });

  it('figures read before the reset make the budget unknown, not $0 spent', () => {
    const { input } = setup();
    const h = headroom({ ...input, keysAt: Date.UTC(2026, 10, 30, 23, 59) }, NOW);
    assert.deepEqual(h.unknownLayers, [{ scope: 'workspace', reason: 'stale' }]);
    assert.equal(h.binding!.scope, 'balance');
  });

  it('the budget already met: refused, and the text says until when', () => {
    const { input } = setup({ budgets: [{ workspaceId: 'w-plat', interval: 'daily', limitUsd: 0 }] });
    const h = headroom(input, NOW);
    assert.equal(h.remainingUsd, -2);
    assert.equal(headroomText(h, EN), "Requests are refused: the Platform workspace's daily budget is used up; resets Dec 4");
  });
});

describe("core/org/headroom: OpenRouter's own KeyBudget layers, as they are", () => {
  const layer = (over: Partial<KeyBudgetLayer>): KeyBudgetLayer => ({ scope: 'workspace', limitUsd: 50, spendUsd: 10, remainingUsd: 40, interval: 'monthly', resetsAt: '2027-01-01T00:00:00Z', includeByok: false, guardrailId: null, budgetId: 'b1', ...over });

  it('a normal key with layers: they decide, named from what is known, never marked unknown', () => {
    const budgets = [layer({}), layer({ scope: 'member', limitUsd: 20, spendUsd: 12.5, remainingUsd: 7.5, guardrailId: 'g1', interval: 'weekly', resetsAt: '2026-12-07T00:00:00Z' }), layer({ scope: 'key_limit', remainingUsd: 9, interval: null, resetsAt: null })];
    const h = headroom({ key: { limit: null, limitRemaining: null, limitReset: null, workspaceId: 'w-plat', budgets }, canReadOrg: false, org: { workspaces: [DEFAULT, PLATFORM], guardrails: [guard('g1', { name: 'Team' })] } }, NOW);
    assert.equal(h.source, 'keyBudgets');
    assert.deepEqual(h.layers.map(l => l.scope), ['workspace', 'member', 'key_limit']);
    assert.equal(h.remainingUsd, 7.5);
    assert.equal(h.binding!.resetsAt, Date.UTC(2026, 11, 7));
    assert.equal(headroomText(h, EN), "$7.50 left before the Team guardrail's weekly budget; resets Dec 7 (account balance unknown)");
    // Without the org data: the workspace is "this key's workspace", a guardrail "a guardrail".
    const bare = headroom({ key: { limit: null, limitRemaining: null, limitReset: null, budgets: [layer({ remainingUsd: 3 })] }, canReadOrg: false, accountRemaining: 10 }, NOW);
    assert.equal(headroomText(bare, EN), "$3.00 left before the budget of this key's workspace; resets Jan 1");
  });

  it('the layers win over what could be computed', () => {
    const { input } = setup();
    const h = headroom({ ...input, key: { ...input.key, budgets: [layer({ remainingUsd: 1 })] } }, NOW);
    assert.equal(h.source, 'keyBudgets');
    assert.equal(h.remainingUsd, 1);
  });

  it('a hostile guardrail or workspace name is plain text', () => {
    const budgets = [layer({ scope: 'api_key', guardrailId: 'g', remainingUsd: 2 })];
    const h = headroom({ key: { limit: null, limitRemaining: null, limitReset: null, budgets }, canReadOrg: false, org: { guardrails: [guard('g', { name: '[x](command:evil) $(zap)' })] } }, NOW);
    assertInert(headroomText(h, EN));
  });
});

describe('core/org/headroom: one index for every row of an account', () => {
  it('gives each row the same answer as computing it alone, and groups the keys once', () => {
    // Two workspaces with budgets, a default guardrail (member and key), an assigned guardrail, members, a workspace-owned key, an unlisted workspace.
    const org: OrgData = {
      workspaces: [{ ...DEFAULT, defaultGuardrailId: 'g-def2' }, { ...PLATFORM, defaultGuardrailId: 'g-def', includeByokInBudgets: true }],
      budgets: [{ workspaceId: 'w-plat', interval: 'monthly', limitUsd: 50 }, { workspaceId: 'w-plat', interval: 'daily', limitUsd: 4 }, { workspaceId: 'w-def', interval: 'weekly', limitUsd: 30 }],
      guardrails: [guard('g-def', { limitUsd: 40 }), guard('g-def2', { limitUsd: 60, includeByok: true, workspaceId: 'w-def' }), guard('g-own', { limitUsd: 12, interval: 'daily', includeByok: true })],
      assignments: [],
    };
    const keys = Array.from({ length: 40 }, (_, i) => key({
      workspaceId: ['w-plat', 'w-def', 'w-gone', null][i % 4], creatorUserId: i % 5 === 0 ? null : `u${i % 3}`,
      usageMonthly: i, usageWeekly: i / 2, usageDaily: i / 10, byokUsageMonthly: i % 2, byokUsageDaily: 0.1,
    }));
    org.assignments = [{ guardrailId: 'g-own', keyId: keys[1].id }, { guardrailId: 'g-own', keyId: keys[6].id }];
    const index = headroomIndex(keys, org);
    for (const k of keys) {
      const alone = headroom({ key: k, keys, org, accountRemaining: 80, canReadOrg: true }, NOW);
      assert.deepEqual(headroom({ key: k, keys, org, accountRemaining: 80, canReadOrg: true, index }, NOW), alone, k.id);
    }
    assert.equal([...index.byWorkspace.values()].reduce((n, ks) => n + ks.length, 0), keys.length, 'each key in one workspace');
    assert.ok(index.sums.size > 0 && index.sums.size < keys.length, `sums made once per group: ${index.sums.size}`);
  });
});

describe('core/org/headroom: the forecast hook', () => {
  it('a budget met before it resets "is blocked"; one that resets first does not count', () => {
    const h = headroom(setup().input, NOW); // $12.80 left of the monthly budget, resets Jan 1 (29.5 days)
    const fast = headroomForecast(h, 2, NOW)!;
    assert.equal(fast.kind, 'blocked');
    assert.equal(fast.at, NOW + 6.4 * DAY);
    assert.equal(headroomForecastText(fast, NOW, EN), "Is blocked on Dec 9, 2026 (the Platform workspace's monthly budget)");
    // At $0.40 a day the budget resets first; the balance ($100) runs out on day 250.
    const slow = headroomForecast(h, 0.4, NOW)!;
    assert.equal(slow.kind, 'runsOut');
    assert.equal(slow.at, NOW + 250 * DAY);
    assert.equal(headroomForecastText(slow, NOW, EN), undefined);
  });

  it('already met: blocked now; no burn: no forecast unless already met', () => {
    const { input } = setup({ budgets: [{ workspaceId: 'w-plat', interval: null, limitUsd: 0 }] });
    const h = headroom(input, NOW);
    const fc = headroomForecast(h, 0, NOW)!;
    assert.equal(fc.at, NOW);
    assert.equal(headroomForecastText(fc, NOW, EN), "Blocked now (the Platform workspace's lifetime budget)");
    assert.equal(headroomForecast(headroom(setup().input, NOW), undefined, NOW), undefined);
  });
});
