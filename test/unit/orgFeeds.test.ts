// Issue 20's feeds: every workspace's keys in one list, the workspace budget
// warnings' queue and their place in the shared state, and the headroom fed
// to the low-credit warning, the forecast, hasCredits(), the pre-flight task
// and the language-model tool.
import * as assert from 'node:assert/strict';
import { keyInfo } from './helpers/keyInfo';
import { EN, l10nEN, viewOf } from './helpers/view';
import { buildSnapshot } from '../../src/core/money/model';
import { combineWorkspaceKeys } from '../../src/core/openrouter/requests';
import { routeWorkspaceAlerts, sanitizePendingWorkspace } from '../../src/core/alerts/workspaceQueue';
import { PENDING_ALERT_TTL_MS } from '../../src/core/alerts/alertQueue';
import { ThresholdEngine, thresholdInputFromSnapshot } from '../../src/core/alerts/thresholds';
import { checkSharedState } from '../../src/core/refresh/fileShapes';
import { evaluateWorkspaceBudgets, suppressWorkspaceAlert, type WorkspaceBudgetAlert } from '../../src/core/org/workspaceBudgets';
import { buildOrgView } from '../../src/core/org/orgView';
import { headroomForecast } from '../../src/core/org/headroom';
import { headroomForecastText } from '../../src/core/org/orgText';
import { spendSections } from '../../src/core/view/details/figures';
import { hasCredits, preflight } from '../../src/core/view/preflight';
import { agentAnswer } from '../../src/core/view/agentTool';
import { buildView } from '../../src/core/view/view';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import type { KeyBudgetLayer } from '../../src/core/org/types';
import type { AccountKey } from '../../src/core/types';

const NOW = Date.UTC(2026, 11, 3, 10);
const key = (id: string, usage: number): AccountKey => ({ id, name: id, label: id, disabled: false, limit: null, limitRemaining: null, limitReset: null, usage, usageDaily: usage, usageWeekly: usage, usageMonthly: usage, createdAt: null });
const alert = (over: Partial<WorkspaceBudgetAlert> = {}): WorkspaceBudgetAlert => ({ kind: 'workspaceBudget:w1:monthly:warn', level: 'warn', workspaceId: 'w1', workspaceName: 'Platform', interval: 'monthly', spendUsd: 41, limitUsd: 50, resetsAt: Date.UTC(2027, 0, 1), ...over });

describe('org feeds: every workspace counted', () => {
  it('combines every workspace\'s keys, each once; one failed read keeps the last good copy (the failure is returned)', () => {
    const r = combineWorkspaceKeys([{ ok: true, value: [key('a', 1), key('b', 2)] }, { ok: true, value: [key('c', 3), key('a', 1)] }]);
    assert.deepEqual(r?.ok && r.value.map(k => k.id), ['a', 'b', 'c']);
    assert.deepEqual(combineWorkspaceKeys([{ ok: true, value: [key('a', 1)] }, { ok: false, kind: 'network' }]), { ok: false, kind: 'network' });
    assert.equal(combineWorkspaceKeys([]), undefined);
  });
});

describe('org feeds: workspace budget warnings across windows', () => {
  it('shows in the focused window, else queues until a window is focused; one per kind', () => {
    const a = alert();
    assert.deepEqual(routeWorkspaceAlerts(undefined, [a], undefined, true, NOW), { show: [a], pending: undefined });
    const q = routeWorkspaceAlerts(undefined, [a], undefined, false, NOW);
    assert.deepEqual(q, { show: [], pending: [{ alert: a, at: NOW }] });
    assert.deepEqual(routeWorkspaceAlerts(q.pending, [a], undefined, true, NOW + 1).show, [a]);
  });

  it('drops a queued warning dismissed meanwhile, or older than the queue keeps them', () => {
    const a = alert();
    const state = suppressWorkspaceAlert({ v: 1, crossings: {}, marks: {} }, a.kind);
    assert.deepEqual(routeWorkspaceAlerts([{ alert: a, at: NOW }], [], state, true, NOW).show, []);
    assert.deepEqual(routeWorkspaceAlerts([{ alert: a, at: NOW - PENDING_ALERT_TTL_MS }], [], undefined, true, NOW).show, []);
  });

  it('the shared state keeps the warnings\' state and queue through a file, and drops what is not one', () => {
    const { state: ws } = evaluateWorkspaceBudgets(undefined, [{ workspaceId: 'w1', workspaceName: 'Platform', interval: 'monthly', limitUsd: 50, spendUsd: 41, byokIncluded: false, over: false, keyCount: 1 }], 80, NOW);
    const raw = JSON.parse(JSON.stringify({ v: 1, keyGen: 1, updatedAt: NOW, workspaceAlerts: ws, pendingWorkspaceAlerts: [{ alert: alert(), at: NOW }, { alert: { kind: 'lowCredit' }, at: NOW }] }));
    const { state, problems } = checkSharedState(raw);
    assert.deepEqual(problems, []);
    assert.deepEqual(state?.workspaceAlerts, ws);
    assert.deepEqual(state?.pendingWorkspaceAlerts, [{ alert: alert(), at: NOW }]);
    assert.deepEqual(checkSharedState({ v: 1, keyGen: 1, updatedAt: NOW, workspaceAlerts: 'x' }).problems, ['workspaceAlerts']);
    assert.equal(sanitizePendingWorkspace([]), undefined);
  });
});

describe('org feeds: the headroom feeds the warnings and the checks', () => {
  const layer = (over: Partial<KeyBudgetLayer> = {}): KeyBudgetLayer => ({ scope: 'workspace', limitUsd: 50, spendUsd: 48.5, remainingUsd: 1.5, interval: 'monthly', resetsAt: '2027-01-01T00:00:00Z', includeByok: false, guardrailId: null, budgetId: 'b1', ...over });
  // A normal key with $4.20 left of its limit, in a workspace whose monthly budget leaves $1.50.
  const KEY = keyInfo({ limit: 20, limitRemaining: 4.2, usage: 15.8, budgets: [layer()] });
  const snap = buildSnapshot(KEY, undefined, 'forbidden', NOW);
  const view = viewOf(snap, { org: buildOrgView(snap, undefined, NOW + 60_000) });
  const clock = { now: NOW + 60_000, focused: true };

  it('the low-credit warning takes the headroom when it is smaller than the balance, and never says out of credits for it', () => {
    const e = new ThresholdEngine();
    const fired = e.evaluate(thresholdInputFromSnapshot(snap, undefined, false, view.org?.headroom?.remainingUsd), { lowCreditUsd: 2, usagePercent: 0, spendPerHourUsd: 0 }, NOW);
    assert.deepEqual(fired.map(a => [a.kind, a.value]), [['lowCredit', 1.5]]);
    const plain = new ThresholdEngine();
    assert.deepEqual(plain.evaluate(thresholdInputFromSnapshot(snap), { lowCreditUsd: 2, usagePercent: 0, spendPerHourUsd: 0 }, NOW), []);
  });

  it('hasCredits(), the pre-flight task and the tool use the headroom and name what binds', () => {
    assert.equal(hasCredits(view, 1, clock), true);
    assert.equal(hasCredits(view, 2, clock), false);
    assert.equal(hasCredits(viewOf(snap), 2, clock), true);
    assert.deepEqual(preflight(view, 2, l10nEN, EN, 'https://t', clock), { ok: false, message: '$1.50 left before the budget of this key\'s workspace: below the $2.00 needed.' });
    assert.equal(preflight(view, 1, l10nEN, EN, 'https://t', clock).ok, true);
    const a = agentAnswer(view, l10nEN, EN, 'https://t', clock);
    assert.equal(a.json.headroomUsd, 1.5);
    assert.match(a.text, /What binds first: \$1\.50 left before/);
    assert.equal(agentAnswer(viewOf(snap), l10nEN, EN, 'https://t', clock).json.headroomUsd, null);
  });

  it('the forecast says "is blocked" when a budget is met before the balance runs out', () => {
    const fc = headroomForecast(view.org!.headroom!, 1, NOW);
    assert.equal(fc?.kind, 'blocked');
    const text = headroomForecastText(fc!, NOW, EN)!;
    const s = spendSections({ scope: 'key' }, undefined, EN, text);
    assert.equal(s.forecast.text, text);
    assert.equal(s.forecast.warn, true);
    assert.notEqual(spendSections({ scope: 'key' }, undefined, EN).forecast.text, text);
  });


  it('the view says "is blocked" when a workspace budget is met, not for the key\'s own limit (the forecast says that already)', () => {
    const at = (budgets: KeyBudgetLayer[]) => {
      const sn = buildSnapshot(keyInfo({ limit: 20, limitRemaining: 4.2, usage: 15.8, budgets }), undefined, 'forbidden', NOW);
      return buildView({ snapshot: sn, keySource: 'secret', points: [], settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, l10nEN);
    };
    const v = at([layer({ remainingUsd: 0, spendUsd: 50 })]);
    assert.equal(v.blocked?.kind, 'blocked');
    assert.equal(v.blocked?.layer.scope, 'workspace');
    assert.equal(at([layer({ scope: 'key_limit', remainingUsd: 0, spendUsd: 50 })]).blocked, undefined);
    assert.equal(at([layer()]).blocked, undefined, 'no burn: a budget not met blocks nothing yet');
  });
});
