import * as assert from 'node:assert/strict';
import { evaluateWorkspaceBudgets, readWorkspaceAlertState, snoozeWorkspaceAlert, suppressWorkspaceAlert, unsuppressWorkspaceAlerts, workspaceBudgetStatus, type WorkspaceBudgetAlertState } from '../../src/core/org/workspaceBudgets';
import { workspaceBudgetAlertText } from '../../src/core/org/orgText';
import type { OrgData, WorkspaceBudget } from '../../src/core/org/types';
import { DEFAULT, PLATFORM, key, ws } from './helpers/org';
import { EN } from './helpers/view';
import { assertInert } from './helpers/inert';
import type { AccountKey } from '../../src/core/types';

// Thursday 2026-12-03 12:00 UTC.
const NOW = Date.UTC(2026, 11, 3, 12);

function orgWith(budgets: WorkspaceBudget[], plat = PLATFORM): OrgData {
  return { workspaces: [DEFAULT, plat], budgets };
}
const monthly = (limitUsd: number, workspaceId = 'w-plat'): WorkspaceBudget => ({ workspaceId, interval: 'monthly', limitUsd });
const platKeys = (month: number, byokMonth = 0): AccountKey[] => [key({ workspaceId: 'w-plat', usageMonthly: month, byokUsageMonthly: byokMonth }), key({ workspaceId: 'w-def', usageMonthly: 1000 })];

describe('core/org/workspaceBudgets: how a workspace budget stands', () => {
  it("sums the workspace's keys for the period, with the share, the pace mark and the reset", () => {
    const [s] = workspaceBudgetStatus(orgWith([monthly(50)]), platKeys(44), NOW);
    assert.equal(s.spendUsd, 44);
    assert.equal(s.used, 0.88);
    assert.equal(s.remainingUsd, 6);
    assert.equal(s.over, false);
    assert.equal(s.resetsAt, Date.UTC(2027, 0, 1));
    assert.ok(Math.abs(s.pace! - (2.5 / 31)) < 1e-9, String(s.pace));
  });

  it('BYOK counts only when the workspace includes it', () => {
    assert.equal(workspaceBudgetStatus(orgWith([monthly(50)]), platKeys(10, 30), NOW)[0].spendUsd, 10);
    const incl = orgWith([monthly(50)], { ...PLATFORM, includeByokInBudgets: true });
    assert.equal(workspaceBudgetStatus(incl, platKeys(10, 30), NOW)[0].spendUsd, 40);
  });

  it('each interval: daily, weekly from Monday, lifetime (no pace, never resets)', () => {
    const keys = [key({ workspaceId: 'w-plat', usageDaily: 1, usageWeekly: 2, usageMonthly: 3, usage: 4 })];
    const st = workspaceBudgetStatus(orgWith([{ workspaceId: 'w-plat', interval: null, limitUsd: 10 }, { workspaceId: 'w-plat', interval: 'weekly', limitUsd: 10 }, { workspaceId: 'w-plat', interval: 'daily', limitUsd: 10 }]), keys, NOW);
    assert.deepEqual(st.map(s => [s.interval, s.spendUsd, s.resetsAt]), [['daily', 1, Date.UTC(2026, 11, 4)], ['weekly', 2, Date.UTC(2026, 11, 7)], [null, 4, undefined]]);
    assert.equal(st[2].pace, undefined);
    // Thursday noon is 3.5 days into the week.
    assert.equal(st[1].pace, 3.5 / 7);
  });

  it('a zero limit is over at once; spend past the limit leaves a negative remainder', () => {
    const [z] = workspaceBudgetStatus(orgWith([monthly(0)]), platKeys(0), NOW);
    assert.equal(z.over, true);
    assert.equal(z.used, undefined);
    const [o] = workspaceBudgetStatus(orgWith([monthly(50)]), platKeys(52.5), NOW);
    assert.equal(o.over, true);
    assert.equal(o.remainingUsd, -2.5);
  });

  it('no budgets, or no workspaces known: nothing', () => {
    assert.deepEqual(workspaceBudgetStatus(orgWith([]), platKeys(1), NOW), []);
    assert.deepEqual(workspaceBudgetStatus(undefined, platKeys(1), NOW), []);
  });
});

describe('core/org/workspaceBudgets: warnings once per crossing', () => {
  const run = (prev: WorkspaceBudgetAlertState | undefined, month: number, limit = 50, now = NOW) =>
    evaluateWorkspaceBudgets(prev, workspaceBudgetStatus(orgWith([monthly(limit)]), platKeys(month), now), 80, now);

  it('warns at the mark once, at 100 % once, and again after the period resets', () => {
    const a = run(undefined, 30);
    assert.deepEqual(a.alerts, []);
    const b = run(a.state, 44);
    assert.deepEqual(b.alerts.map(x => x.kind), ['workspaceBudget:w-plat:monthly:warn']);
    assert.deepEqual(run(b.state, 45).alerts, []);
    const c = run(b.state, 50);
    assert.deepEqual(c.alerts.map(x => x.kind), ['workspaceBudget:w-plat:monthly:over']);
    assert.deepEqual(run(c.state, 60).alerts, []);
    // January: a new period re-arms both marks.
    const jan = Date.UTC(2027, 0, 2);
    assert.deepEqual(run(c.state, 45, 50, jan).alerts.map(x => x.level), ['warn']);
  });

  it('both marks passed at once: only the 100 % one', () => {
    assert.deepEqual(run(undefined, 55).alerts.map(x => x.level), ['over']);
  });

  it('a changed limit re-arms', () => {
    const b = run(undefined, 45);
    assert.equal(b.alerts.length, 1);
    assert.equal(run(b.state, 45, 55).alerts.length, 1);
  });

  it('a snoozed kind records nothing and fires when the snooze ends; a dismissed one never, until reset', () => {
    const snoozed = snoozeWorkspaceAlert(readWorkspaceAlertState(undefined), 'workspaceBudget:w-plat:monthly:warn', NOW + 3_600_000);
    const a = run(snoozed, 44);
    assert.deepEqual(a.alerts, []);
    assert.equal(run(a.state, 44, 50, NOW + 3_600_001).alerts.length, 1);
    const dismissed = suppressWorkspaceAlert(readWorkspaceAlertState(undefined), 'workspaceBudget:w-plat:monthly:warn');
    const d = run(dismissed, 44);
    assert.deepEqual(d.alerts, []);
    // Dismissing the mark never hides the 100 % warning.
    assert.deepEqual(run(d.state, 50).alerts.map(x => x.level), ['over']);
    const reset = unsuppressWorkspaceAlerts(d.state);
    assert.deepEqual(reset.kinds, ['workspaceBudget:w-plat:monthly:warn']);
    assert.equal(run(reset.state, 44).alerts.length, 1);
  });

  it('the state survives JSON and drops what it does not know', () => {
    const b = run(undefined, 44);
    const back = readWorkspaceAlertState(JSON.parse(JSON.stringify({ ...b.state, marks: { lowCredit: { suppressed: true } }, crossings: { ...b.state.crossings, bad: { fired: 7 } } })));
    assert.deepEqual(back.marks, {});
    assert.deepEqual(Object.keys(back.crossings), ['w-plat:monthly']);
    assert.deepEqual(run(back, 45).alerts, []);
    assert.deepEqual(readWorkspaceAlertState('junk'), { v: 1, crossings: {}, marks: {} });
  });

  it('figures of an earlier period fire nothing', () => {
    const st = workspaceBudgetStatus(orgWith([monthly(50)]), platKeys(49), Date.UTC(2027, 0, 1, 0, 5), Date.UTC(2026, 11, 31, 23, 55));
    assert.equal(st[0].spendUsd, undefined);
    assert.deepEqual(evaluateWorkspaceBudgets(undefined, st, 80, Date.UTC(2027, 0, 1, 0, 5)).alerts, []);
  });
});

describe('core/org/orgText: workspace budget warnings', () => {
  it('says how much is used, and until when OpenRouter refuses requests', () => {
    const warn = run2(44);
    assert.equal(workspaceBudgetAlertText(warn, EN), 'Platform workspace: monthly budget 88.0% used ($44.00 of $50.00)');
    const over = run2(50);
    assert.equal(workspaceBudgetAlertText(over, EN), "OpenRouter refuses the Platform workspace's requests until Jan 1 (monthly budget of $50.00 reached)");
    const life = evaluateWorkspaceBudgets(undefined, workspaceBudgetStatus(orgWith([{ workspaceId: 'w-plat', interval: null, limitUsd: 5 }]), [key({ workspaceId: 'w-plat', usage: 6 })], NOW), 80, NOW).alerts[0];
    assert.equal(workspaceBudgetAlertText(life, EN), "OpenRouter refuses the Platform workspace's requests (lifetime budget of $5.00 reached)");
  });

  it('a hostile workspace name becomes no link or icon', () => {
    const evil = ws('w-plat', '[Open](command:evil) $(zap)\n');
    const a = evaluateWorkspaceBudgets(undefined, workspaceBudgetStatus(orgWith([monthly(50)], evil), platKeys(60), NOW), 80, NOW).alerts[0];
    assertInert(workspaceBudgetAlertText(a, EN));
  });

  function run2(month: number) {
    return evaluateWorkspaceBudgets(undefined, workspaceBudgetStatus(orgWith([monthly(50)]), platKeys(month), NOW), 80, NOW).alerts[0];
  }
});
