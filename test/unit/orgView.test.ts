// The organization's part of the view model: one account with one workspace
// looks as before; two workspaces bring spend by workspace, each key's
// workspace and headroom; a normal key gets its own headroom, naming what it
// cannot see.
import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/money/model';
import { buildOrgView } from '../../src/core/org/orgView';
import type { AccountBreakdown } from '../../src/core/types';
import { keyInfo } from './helpers/keyInfo';
import { DEFAULT, key, PLATFORM } from './helpers/org';

const NOW = Date.UTC(2026, 11, 3, 12);
const mgmt = () => buildSnapshot(keyInfo({ isManagementKey: true, usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, limit: null, limitRemaining: null }), { totalCredits: 100, totalUsage: 40 }, 'known', NOW);

describe('core/org/orgView', () => {
  it('one workspace: no spend by workspace, no workspace names on the key rows', () => {
    const b: AccountBreakdown = { keys: [key({ id: 'a', workspaceId: DEFAULT.id })], keysAt: NOW, org: { workspaces: [DEFAULT], budgets: [], structureAt: NOW } };
    const v = buildOrgView(mgmt(), b, NOW)!;
    assert.equal(v.workspaces, undefined);
    assert.deepEqual(v.keyWorkspace, {});
    assert.equal(v.headroom, undefined, 'a management key spends nothing itself');
    assert.ok(v.keyHeadroom.a, 'each key row has its headroom');
  });

  it('two workspaces: each counted, each key named by its workspace, a workspace budget binds its keys', () => {
    const b: AccountBreakdown = {
      keys: [key({ id: 'a', workspaceId: DEFAULT.id, usageMonthly: 5 }), key({ id: 'p', workspaceId: PLATFORM.id, usageMonthly: 44 })],
      keysAt: NOW,
      org: { workspaces: [DEFAULT, PLATFORM], budgets: [{ workspaceId: PLATFORM.id, interval: 'monthly', limitUsd: 50 }], structureAt: NOW },
    };
    const v = buildOrgView(mgmt(), b, NOW)!;
    assert.deepEqual(v.workspaces!.map(w => w.name).sort(), ['Default', 'Platform']);
    assert.deepEqual(v.keyWorkspace, { a: 'Default', p: 'Platform' });
    assert.equal(v.budgets.length, 1);
    assert.ok(Math.abs(v.keyHeadroom.p.remainingUsd! - 6) < 1e-9, `Platform's key: $6 left before its workspace's budget, got ${v.keyHeadroom.p.remainingUsd}`);
    assert.equal(v.keyHeadroom.p.binding?.scope, 'workspace');
  });

  it('a view rebuilt without new data reuses the key rows for the same UTC day, and works them out again the next day or with another balance', () => {
    const DAY = 86_400_000;
    const late = Date.UTC(2026, 11, 3, 23, 59);
    const b: AccountBreakdown = {
      keys: [
        key({ id: 'a', workspaceId: DEFAULT.id, usageDaily: 3, usageWeekly: 4, usageMonthly: 5, limit: 10, limitRemaining: 6, limitReset: 'daily' }),
        key({ id: 'p', workspaceId: PLATFORM.id, usageDaily: 2, usageWeekly: 9, usageMonthly: 44 }),
      ],
      keysAt: NOW,
      org: { workspaces: [DEFAULT, PLATFORM], budgets: [{ workspaceId: PLATFORM.id, interval: 'daily', limitUsd: 5 }, { workspaceId: PLATFORM.id, interval: 'monthly', limitUsd: 50 }], structureAt: NOW },
    };
    /** The same breakdown as a new object: never memoised with `b`. */
    const fresh = (): AccountBreakdown => JSON.parse(JSON.stringify(b)) as AccountBreakdown;
    const first = buildOrgView(mgmt(), b, NOW)!;
    const sameDay = buildOrgView(mgmt(), b, late)!;
    assert.equal(sameDay.keyHeadroom, first.keyHeadroom, 'the same day: the rows are reused');
    assert.deepEqual(sameDay.keyHeadroom, buildOrgView(mgmt(), fresh(), late)!.keyHeadroom, 'and they are what a fresh build gives');
    const nextDay = buildOrgView(mgmt(), b, NOW + DAY)!;
    assert.notEqual(nextDay.keyHeadroom, first.keyHeadroom);
    assert.deepEqual(nextDay.keyHeadroom, buildOrgView(mgmt(), fresh(), NOW + DAY)!.keyHeadroom);
    assert.notDeepEqual(nextDay.keyHeadroom.p, first.keyHeadroom.p, 'yesterday\'s daily figures no longer count against the daily budget');
    const poorer = buildSnapshot(keyInfo({ isManagementKey: true, usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, limit: null, limitRemaining: null }), { totalCredits: 100, totalUsage: 99 }, 'known', NOW);
    const low = buildOrgView(poorer, b, NOW + DAY)!;
    assert.equal(low.keyHeadroom.a.binding?.scope, 'balance', 'another balance: worked out again');
    assert.deepEqual(low.keyHeadroom, buildOrgView(poorer, fresh(), NOW + DAY)!.keyHeadroom);
  });

  it('the key rows, spend by workspace and by member are worked out when first read, once, and are plain data to every reader', () => {
    let membersRead = 0;
    const org = { workspaces: [DEFAULT, PLATFORM], budgets: [{ workspaceId: PLATFORM.id, interval: 'monthly' as const, limitUsd: 50 }], structureAt: NOW };
    Object.defineProperty(org, 'members', { enumerable: true, get: () => (membersRead++, [{ id: 'u1', name: 'Ada', email: 'ada@example.com' }]) });
    const b: AccountBreakdown = { keys: [key({ id: 'a', workspaceId: DEFAULT.id, usageMonthly: 5, creatorUserId: 'u1' }), key({ id: 'p', workspaceId: PLATFORM.id, usageMonthly: 44 })], keysAt: NOW, org };
    const v = buildOrgView(mgmt(), b, NOW)!;
    assert.equal(v.budgets.length, 1, 'what the warnings read is there at once');
    assert.equal(membersRead, 0, 'spend by member not worked out before it is read');
    assert.equal(v.members![0].keyCount, 1);
    assert.equal(v.members, v.members);
    assert.equal(membersRead, 1, 'and once');
    assert.deepEqual(Object.keys(v).sort(), ['ages', 'budgets', 'headroom', 'keyHeadroom', 'keyWorkspace', 'members', 'membersError', 'structureError', 'workspaces']);
    const json = JSON.parse(JSON.stringify(v));
    assert.deepEqual(json.keyWorkspace, { a: 'Default', p: 'Platform' });
    assert.equal(json.keyHeadroom.p.binding.scope, 'workspace');
    assert.deepEqual({ ...v }.workspaces, v.workspaces);
    assert.deepEqual(structuredClone(v).keyHeadroom, v.keyHeadroom);
  });

  it('a normal key: its own headroom, saying that workspace budgets and guardrails are unknown to it', () => {
    const snap = buildSnapshot(keyInfo({ limit: 20, limitRemaining: 12.8 }), undefined, 'forbidden', NOW);
    const v = buildOrgView(snap, undefined, NOW)!;
    assert.ok(Math.abs(v.headroom!.remainingUsd! - 12.8) < 1e-9);
    assert.ok(v.headroom!.unknownLayers.length > 0, 'what could bind but cannot be read is named');
  });
});
