import * as assert from 'node:assert/strict';
import { keyInfo } from './helpers/keyInfo';
import { ACTIVITY_MANUAL_MS, KEY_RECHECK_MS, keepUnchanged, mergeBreakdown, planRequests, zerosContradictKeys } from '../../src/core/openrouter/requests';
import { buildSnapshot } from '../../src/core/money/model';
import { withAccountRate } from '../../src/core/view/view';
import type { AccountKey, ActivityRow } from '../../src/core/types';

const NOW = Date.UTC(2026, 10, 26, 10);
const KEY = keyInfo({ isManagementKey: true });
const mgmt = (keyAt: number) => ({ ...buildSnapshot(KEY, { totalCredits: 25, totalUsage: 8 }, 'known', keyAt), keyAt });
const normal = buildSnapshot({ ...KEY, isManagementKey: false, usage: 3 }, undefined, 'forbidden', NOW - 1000);
const key = (over: Partial<AccountKey>): AccountKey => ({ id: 'i', name: 'n', label: 'l', disabled: false, limit: null, limitRemaining: null, limitReset: null, usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...over });
const row = (date: string, model: string, usage: number): ActivityRow => ({ date, model, modelPermaslug: model, endpointId: 'e', providerName: 'p', usage, byokUsageInference: 0, requests: 1, promptTokens: 10, completionTokens: 5, reasoningTokens: 0 } as ActivityRow);

describe('core/requests: request etiquette', () => {
  it('a key never fetched asks /key only (then /keys and /activity once it is known to be a management key)', () => {
    assert.deepEqual(planRequests(undefined, undefined, NOW), { keys: false, activity: false });
  });

  it('a normal key never asks /keys or /activity, and always asks /key', () => {
    for (let i = 0; i < 3; i++) assert.deepEqual(planRequests(normal, undefined, NOW + i * 3_600_000, { manual: true }), { keys: false, activity: false });
  });

  it('a management key: /key at most hourly, /keys each refresh, /activity once per UTC day', () => {
    const b = mergeBreakdown(undefined, { ok: true, value: [key({})] }, { ok: true, value: [row('2026-11-25', 'm', 1)] }, NOW);
    const p = planRequests(mgmt(NOW - 60_000), b, NOW);
    assert.equal(p.knownKeyAt, NOW - 60_000, '/key reused within the hour');
    assert.equal(p.keys, true);
    assert.equal(p.activity, false, 'already fetched today');
    assert.equal(planRequests(mgmt(NOW - KEY_RECHECK_MS), b, NOW).knownKey, undefined, '/key again after an hour');
    assert.equal(planRequests(mgmt(NOW - 60_000), b, NOW, { recheckKey: true }).knownKey, undefined, '/key at once after a 401');
    const tomorrow = Date.UTC(2026, 10, 27, 0, 1);
    assert.equal(planRequests(mgmt(tomorrow - 1000), b, tomorrow).activity, true, 'a new UTC day');
  });

  it('/activity fetched before OpenRouter added yesterday: asked again hourly until it has', () => {
    const early = Date.UTC(2026, 10, 26, 0, 5);
    const b = mergeBreakdown(undefined, undefined, { ok: true, value: [row('2026-11-24', 'm', 1)] }, early);
    assert.equal(b.activityHasYesterday, false);
    assert.equal(planRequests(mgmt(early), b, early + 10 * 60_000).activity, false);
    assert.equal(planRequests(mgmt(early), b, early + ACTIVITY_MANUAL_MS).activity, true);
    const full = mergeBreakdown(b, undefined, { ok: true, value: [row('2026-11-25', 'm', 1)] }, early + ACTIVITY_MANUAL_MS);
    assert.equal(planRequests(mgmt(early), full, early + 3 * ACTIVITY_MANUAL_MS).activity, false);
  });

  it('/activity on a manual refresh: at most once an hour', () => {
    const b = mergeBreakdown(undefined, undefined, { ok: true, value: [] }, NOW);
    assert.equal(planRequests(mgmt(NOW), b, NOW + 10 * 60_000, { manual: true }).activity, false);
    assert.equal(planRequests(mgmt(NOW), b, NOW + ACTIVITY_MANUAL_MS, { manual: true }).activity, true);
  });

  it('a failure keeps the last good breakdown and records its kind; /activity is retried at most hourly', () => {
    const good = mergeBreakdown(undefined, { ok: true, value: [key({ usageDaily: 2 })] }, { ok: true, value: [row('2026-11-25', 'm', 1)] }, NOW - 86_400_000);
    const bad = mergeBreakdown(good, { ok: false, kind: 'serviceError' }, { ok: false, kind: 'timeout' }, NOW);
    assert.deepEqual(bad.keys, good.keys);
    assert.equal(bad.keysAt, good.keysAt);
    assert.equal(bad.keysError, 'serviceError');
    assert.deepEqual(bad.byModel, good.byModel);
    assert.equal(bad.activityError, 'timeout');
    assert.equal(planRequests(mgmt(NOW), bad, NOW + 60_000).activity, false, 'not every poll');
    assert.equal(planRequests(mgmt(NOW), bad, NOW + ACTIVITY_MANUAL_MS).activity, true);
    const healed = mergeBreakdown(bad, { ok: true, value: [] }, undefined, NOW + 1);
    assert.equal(healed.keysError, undefined);
    assert.equal(healed.activityError, 'timeout', 'not asked: unchanged');
  });

  it('a refresh keeps each unchanged key as the object it was, and the whole list when nothing changed', () => {
    const before = [key({ id: 'a', usage: 1 }), key({ id: 'b', usage: 2 }), key({ id: 'c', usage: 3, workspaceId: 'w' })];
    const b0 = mergeBreakdown(undefined, { ok: true, value: before }, undefined, NOW);
    const copies = () => before.map(k => ({ ...k }));
    const same = mergeBreakdown(b0, { ok: true, value: copies() }, undefined, NOW + 60_000);
    assert.equal(same.keys, b0.keys, 'nothing changed: the same list');
    assert.equal(same.keysAt, NOW + 60_000, 'read again all the same');
    const spent = copies();
    spent[1] = { ...spent[1], usage: 2.5 };
    const next = mergeBreakdown(b0, { ok: true, value: spent }, undefined, NOW + 60_000).keys!;
    assert.notEqual(next, b0.keys);
    assert.equal(next[0], before[0]);
    assert.equal(next[2], before[2]);
    assert.equal(next[1], spent[1], 'the key that spent is the new one');
    assert.equal(next[1].usage, 2.5);
    // A field that came or went, a key that went, another order: a new list, with what it says now.
    const moved = keepUnchanged(before, [before[1], before[0], before[2]].map(k => ({ ...k })));
    assert.notEqual(moved, before);
    assert.deepEqual(moved.map(k => k.id), ['b', 'a', 'c']);
    const noWorkspace = copies();
    delete noWorkspace[2].workspaceId;
    const lost = keepUnchanged(before, noWorkspace);
    assert.equal(lost[2], noWorkspace[2]);
    assert.equal('workspaceId' in lost[2], false);
    assert.deepEqual(keepUnchanged(before, copies().slice(0, 2)).map(k => k.id), ['a', 'b']);
    const fresh = copies();
    assert.equal(keepUnchanged(undefined, fresh), fresh);
    // A stored key with a field a fresh read does not have (another version's, or put there by hand): the fresh one, without it.
    const stored = [{ ...before[0], expiresAt: '2027-01-01', hash: 'not-kept' } as AccountKey];
    const read = keepUnchanged(stored, [{ ...before[0] }]);
    assert.notEqual(read, stored);
    assert.equal('hash' in read[0], false);
  });

  it("zeros from /credits for a management key are not a balance when the account's keys show usage", () => {
    const zeros = buildSnapshot(KEY, { totalCredits: 0, totalUsage: 0 }, 'known', NOW);
    assert.equal(zerosContradictKeys(zeros, [key({ usage: 3 })]), true);
    assert.equal(zerosContradictKeys(zeros, [key({ usage: 0 })]), false, 'a new, empty account: real zeros');
    assert.equal(zerosContradictKeys(zeros, undefined), false);
  });
});

describe('core/view: a management key\'s burn rate and forecast from the account\'s activity', () => {
  it('uses the last 7 completed days where the history has no rate yet, and forecasts an account-bound balance', () => {
    const snap = buildSnapshot(KEY, { totalCredits: 25, totalUsage: 8.45 }, 'known', NOW);
    const daily = Array.from({ length: 10 }, (_, i) => ({ day: new Date(NOW - (10 - i) * 86_400_000).toISOString().slice(0, 10), total: i < 3 ? 100 : 1, byModel: [] }));
    const d = withAccountRate({ daily: [], unknownReasons: { burnRate7d: 'history', forecast: 'history' } }, snap, { daily }, NOW);
    assert.equal(d.burnRate7d, 1, 'the last 7 completed days only');
    assert.equal(d.forecast?.basis, '7d');
    assert.ok(Math.abs(d.forecast!.daysLeft - 16.55) < 1e-9);
    assert.equal(d.unknownReasons, undefined);
    // A rate the history placed stays; fewer than 7 days say nothing.
    assert.equal(withAccountRate({ daily: [], burnRate7d: 3 }, snap, { daily }, NOW).burnRate7d, 3);
    assert.equal(withAccountRate({ daily: [] }, snap, { daily: daily.slice(0, 5) }, NOW).burnRate7d, undefined);
  });
});
