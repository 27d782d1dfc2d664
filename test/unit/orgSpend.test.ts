import * as assert from 'node:assert/strict';
import { spendByWorkspace, defaultWorkspace } from '../../src/core/org/workspaceSpend';
import { spendByMember } from '../../src/core/org/members';
import { memberLabel } from '../../src/core/org/orgText';
import { DEFAULT, PLATFORM, key, ws } from './helpers/org';
import { EN } from './helpers/view';
import { assertInert } from './helpers/inert';

// Thursday 2026-12-03 10:00 UTC.
const NOW = Date.UTC(2026, 11, 3, 10);

describe('core/org/workspaceSpend: spend by workspace', () => {
  it('sums each workspace per period, BYOK apart, disabled keys counted', () => {
    const keys = [
      key({ workspaceId: 'w-def', usageDaily: 1, usageWeekly: 2, usageMonthly: 3, usage: 10, byokUsageDaily: 5, byokUsageMonthly: 7, byokUsage: 9 }),
      key({ workspaceId: 'w-plat', usageDaily: 0.1, usageWeekly: 0.2, usageMonthly: 40, usage: 100 }),
      key({ workspaceId: 'w-plat', disabled: true, usageDaily: 0.2, usageWeekly: 0.1, usageMonthly: 4, usage: 5 }),
    ];
    const rows = spendByWorkspace(keys, [DEFAULT, PLATFORM], NOW)!;
    assert.deepEqual(rows.map(r => r.name), ['Platform', 'Default']);
    assert.deepEqual(rows[0].spend, { today: 0.3, week: 0.3, month: 44, lifetime: 105 });
    assert.equal(rows[0].keyCount, 2);
    assert.equal(rows[0].disabledKeyCount, 1);
    assert.deepEqual(rows[1].spend, { today: 1, week: 2, month: 3, lifetime: 10 });
    assert.deepEqual(rows[1].byok, { today: 5, week: 0, month: 7, lifetime: 9 });
    assert.equal(rows[1].isDefault, true);
  });

  it('one workspace, or none known: no section', () => {
    assert.equal(spendByWorkspace([key()], [DEFAULT], NOW), undefined);
    assert.equal(spendByWorkspace([key()], undefined, NOW), undefined);
  });

  it('keys without a workspace, or of a deleted one, count in the Default workspace; an empty workspace still has its row', () => {
    const empty = ws('w-empty', 'Empty');
    const rows = spendByWorkspace([key({ usageMonthly: 1 }), key({ workspaceId: 'w-gone', usageMonthly: 2 }), key({ workspaceId: 'w-def', usageMonthly: 4 })], [PLATFORM, DEFAULT, empty], NOW)!;
    const def = rows.find(r => r.workspaceId === 'w-def')!;
    assert.equal(def.spend.month, 7);
    assert.equal(def.keyCount, 3);
    assert.equal(def.unlistedKeyCount, 2);
    assert.equal(rows.find(r => r.workspaceId === 'w-empty')!.keyCount, 0);
  });

  it('the Default workspace is found by slug, then name, then list order', () => {
    assert.equal(defaultWorkspace([PLATFORM, ws('x', 'Main', { slug: 'default' })])!.id, 'x');
    assert.equal(defaultWorkspace([PLATFORM, ws('y', 'Default', { slug: 'dflt' })])!.id, 'y');
    assert.equal(defaultWorkspace([PLATFORM, ws('z', 'Other')])!.id, 'w-plat');
  });

  it('figures read before a UTC reset are not this period’s (Monday 00:30 after a Sunday read)', () => {
    const monday = Date.UTC(2026, 11, 7, 0, 30);
    const sunday = Date.UTC(2026, 11, 6, 23, 50);
    const rows = spendByWorkspace([key({ workspaceId: 'w-def', usageDaily: 1, usageWeekly: 2, usageMonthly: 3, usage: 4 }), key({ workspaceId: 'w-plat' })], [DEFAULT, PLATFORM], monday, sunday)!;
    const def = rows.find(r => r.isDefault)!;
    assert.deepEqual(def.spend, { today: undefined, week: undefined, month: 3, lifetime: 4 });
    // Across a month end (Dec 31 → Jan 1) the month is not this one's either.
    const jan1 = Date.UTC(2027, 0, 1, 0, 5);
    const r2 = spendByWorkspace([key({ workspaceId: 'w-def', usageMonthly: 3 }), key({ workspaceId: 'w-plat' })], [DEFAULT, PLATFORM], jan1, Date.UTC(2026, 11, 31, 23, 59))!;
    assert.equal(r2.find(r => r.isDefault)!.spend.month, undefined);
  });
});

describe('core/org/members: spend by member', () => {
  it('groups by creator, named from the members list, unknown ids by their id, workspace-owned keys apart', () => {
    const keys = [
      key({ creatorUserId: 'u1', usageMonthly: 5, usageDaily: 1 }),
      key({ creatorUserId: 'u1', usageMonthly: 5 }),
      key({ creatorUserId: 'u2', usageMonthly: 20 }),
      key({ creatorUserId: null, usageMonthly: 50 }),
    ];
    const rows = spendByMember(keys, [{ id: 'u1', name: 'Ada Lovelace' }], NOW)!;
    assert.deepEqual(rows.map(r => [r.memberId, r.name, r.named, r.spend.month, r.keyCount]), [
      ['u2', 'u2', false, 20, 1],
      ['u1', 'Ada Lovelace', true, 10, 2],
      [null, '', false, 50, 1],
    ]);
    assert.equal(memberLabel(rows[2], EN), 'Workspace-owned keys');
  });

  it('not an organization (no creators), or one creator: no section', () => {
    assert.equal(spendByMember([key(), key()], undefined, NOW), undefined);
    assert.equal(spendByMember([key({ creatorUserId: 'u1' }), key({ creatorUserId: 'u1' })], undefined, NOW), undefined);
  });

  it('a hostile member name is plain text on every surface', () => {
    const rows = spendByMember([key({ creatorUserId: 'u1' }), key({ creatorUserId: null })], [{ id: 'u1', name: '$(zap)[x](command:evil)\nok' }], NOW)!;
    const label = memberLabel(rows.find(r => r.memberId === 'u1')!, EN);
    assertInert(label);
  });
});
