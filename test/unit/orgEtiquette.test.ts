import * as assert from 'node:assert/strict';
import { MEMBERS_MS, ORG_RETRY_MS, STRUCTURE_MS, keysToAsk, mergeOrg, orgAges, planOrgRequests, type OrgStructure } from '../../src/core/org/etiquette';
import type { OrgData } from '../../src/core/org/types';
import { DEFAULT, PLATFORM } from './helpers/org';

const NOW = Date.UTC(2026, 11, 3, 12);
const MGMT = { isManagementKey: true, isOrganization: true };
const STRUCT: OrgStructure = { workspaces: [DEFAULT, PLATFORM], budgets: [], guardrails: [], assignments: [] };

describe('core/org/etiquette: what an org refresh asks', () => {
  it('a normal key asks none of it', () => {
    assert.deepEqual(planOrgRequests(undefined, NOW, { isManagementKey: false, isOrganization: true, manual: true, structureDirty: true }), { structure: false, members: false });
    assert.deepEqual(keysToAsk({ workspaces: [DEFAULT, PLATFORM] }, false), []);
  });

  it('a management key: the structure and members at first, then the structure hourly and members daily', () => {
    assert.deepEqual(planOrgRequests(undefined, NOW, MGMT), { structure: true, members: true });
    const org = mergeOrg(undefined, { ok: true, value: STRUCT }, { ok: true, value: [] }, NOW);
    assert.deepEqual(planOrgRequests(org, NOW + 5 * 60_000, MGMT), { structure: false, members: false });
    assert.deepEqual(planOrgRequests(org, NOW + STRUCTURE_MS, MGMT), { structure: true, members: false });
    assert.deepEqual(planOrgRequests(org, NOW + MEMBERS_MS, MGMT), { structure: true, members: true });
    // A manual refresh does not force a good copy; a change the user made does.
    assert.deepEqual(planOrgRequests(org, NOW + 60_000, { ...MGMT, manual: true }), { structure: false, members: false });
    assert.deepEqual(planOrgRequests(org, NOW + 60_000, { ...MGMT, structureDirty: true }), { structure: true, members: false });
    // The clock set back: asked again.
    assert.equal(planOrgRequests(org, NOW - 60_000, MGMT).structure, true);
  });

  it('not an organization: no members', () => {
    assert.equal(planOrgRequests(undefined, NOW, { isManagementKey: true, isOrganization: false }).members, false);
  });

  it('steady state: one /keys per workspace (1 + W with /credits); before the workspaces are known, the Default one', () => {
    assert.deepEqual(keysToAsk(undefined, true), [undefined]);
    assert.deepEqual(keysToAsk({ workspaces: [DEFAULT, PLATFORM] }, true), ['w-def', 'w-plat']);
  });

  it('a failed read keeps its last good copy with its age, and is tried again after an hour or on a manual refresh', () => {
    const good = mergeOrg(undefined, { ok: true, value: STRUCT }, { ok: true, value: [{ id: 'u1', name: 'Ada' }] }, NOW);
    const later = NOW + 2 * STRUCTURE_MS;
    const failed = mergeOrg(good, { ok: false, kind: 'network' }, { ok: false, kind: 'http' }, later);
    assert.deepEqual(failed.workspaces, STRUCT.workspaces);
    assert.deepEqual(failed.members, [{ id: 'u1', name: 'Ada' }]);
    assert.equal(failed.structureAt, NOW);
    assert.equal(failed.structureError, 'network');
    assert.equal(failed.membersError, 'http');
    assert.deepEqual(orgAges(failed, later), { structureMs: 2 * STRUCTURE_MS, membersMs: 2 * STRUCTURE_MS });
    assert.deepEqual(planOrgRequests(failed, later + 60_000, MGMT), { structure: false, members: false });
    assert.deepEqual(planOrgRequests(failed, later + 60_000, { ...MGMT, manual: true }), { structure: true, members: true });
    assert.deepEqual(planOrgRequests(failed, later + ORG_RETRY_MS, MGMT), { structure: true, members: true });
    const healed = mergeOrg(failed, { ok: true, value: { ...STRUCT, workspaces: [DEFAULT] } }, undefined, later + ORG_RETRY_MS);
    assert.equal(healed.structureError, undefined);
    assert.equal(healed.membersError, 'http');
    assert.deepEqual(healed.workspaces, [DEFAULT]);
  });

  it('not asked: nothing changes', () => {
    const org: OrgData = { workspaces: [DEFAULT], structureAt: 1 };
    assert.deepEqual(mergeOrg(org, undefined, undefined, NOW), org);
    assert.deepEqual(orgAges(undefined, NOW), {});
  });
});
