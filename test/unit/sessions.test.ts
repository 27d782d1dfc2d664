// Which accounts the `openrouter` authentication provider hands out as
// sessions, and which changes it announces (core/accounts/sessions.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { accountKindOf, renameAccount, withKeyFacts, type Account } from '../../src/core/accounts/accounts';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, isSessionAccount, sessionAccounts, sessionChanges } from '../../src/core/accounts/sessions';
import type { KeyInfo } from '../../src/core/types';

const acc = (id: string, name: string, kind: Account['kind'], keyId?: string): Account =>
  (keyId ? { id: id.padStart(16, '0'), name, kind, keyId } : { id: id.padStart(16, '0'), name, kind });

const LIST: Account[] = [
  acc('1', 'Work', 'limited', 'a'.repeat(16)),
  acc('2', 'Admin', 'management', 'b'.repeat(16)),
  acc('3', 'Home', 'unlimited', 'c'.repeat(16)),
  acc('4', 'Migrated', 'unknown'),
];

describe('authentication sessions (core/accounts/sessions.ts)', () => {
  it('lists only the accounts of a normal key: never a management key, nor a key not checked yet', () => {
    const sessions = sessionAccounts(LIST);
    assert.deepEqual(sessions.map(s => s.name), ['Work', 'Home']);
    assert.deepEqual(sessions[0], { id: LIST[0].id, name: 'Work', keyId: 'a'.repeat(16) });
    assert.equal(isSessionAccount(LIST[1]), false);
    assert.equal(isSessionAccount(LIST[3]), false);
  });

  it('follows the /key answer: a management key is never a session, a normal key (limited or not) is', () => {
    const key = (over: Partial<KeyInfo>): KeyInfo => ({ label: 'k', usage: 0, limit: null, limitRemaining: null, isFreeTier: false, isManagementKey: false, ...over } as KeyInfo);
    assert.equal(isSessionAccount({ kind: accountKindOf(key({ isManagementKey: true })) }), false);
    assert.equal(isSessionAccount({ kind: accountKindOf(key({ isManagementKey: true, limit: 5 })) }), false);
    assert.equal(isSessionAccount({ kind: accountKindOf(key({ limit: 5 })) }), true);
    assert.equal(isSessionAccount({ kind: accountKindOf(key({})) }), true);
    assert.equal(isSessionAccount({ kind: accountKindOf(undefined) }), false);
  });

  it('no list, no sessions', () => {
    assert.deepEqual(sessionAccounts([]), []);
    assert.equal(sessionChanges([], []), undefined);
  });

  it('announces an added, a removed, a renamed account and a replaced key; nothing when the sessions are the same', () => {
    const before = sessionAccounts(LIST);
    assert.equal(sessionChanges(before, sessionAccounts(LIST.map(a => ({ ...a })))), undefined);

    const added = [...LIST, acc('5', 'New', 'limited', 'd'.repeat(16))];
    assert.deepEqual(sessionChanges(before, sessionAccounts(added)), { added: [{ id: added[4].id, name: 'New', keyId: 'd'.repeat(16) }], removed: [], changed: [] });

    const removed = LIST.filter(a => a.name !== 'Work');
    assert.deepEqual(sessionChanges(before, sessionAccounts(removed)), { added: [], removed: [before[0]], changed: [] });

    const renamed = renameAccount(LIST, LIST[2].id, 'Family');
    assert.ok(renamed.ok);
    assert.deepEqual(sessionChanges(before, sessionAccounts(renamed.accounts))?.changed.map(s => s.name), ['Family']);

    const rekeyed = withKeyFacts(LIST, LIST[0].id, { keyId: 'e'.repeat(16) });
    assert.deepEqual(sessionChanges(before, sessionAccounts(rekeyed))?.changed.map(s => s.id), [LIST[0].id]);
  });

  it('an account whose key turns out to be a management key leaves the sessions; one checked as normal joins them', () => {
    const before = sessionAccounts(LIST);
    const turned = withKeyFacts(withKeyFacts(LIST, LIST[0].id, { kind: 'management' }), LIST[3].id, { kind: 'limited' });
    const c = sessionChanges(before, sessionAccounts(turned));
    assert.deepEqual(c?.removed.map(s => s.name), ['Work']);
    assert.deepEqual(c?.added.map(s => s.name), ['Migrated']);
    // A change of the management account's name is none of the sessions' business.
    const r = renameAccount(LIST, LIST[1].id, 'Root');
    assert.ok(r.ok);
    assert.equal(sessionChanges(before, sessionAccounts(r.accounts)), undefined);
  });

  it('the manifest contributes the provider under the same id and label, and activates on its request', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.authentication, [{ id: AUTH_PROVIDER_ID, label: AUTH_PROVIDER_LABEL }]);
    assert.ok(pkg.activationEvents.includes(`onAuthenticationRequest:${AUTH_PROVIDER_ID}`));
  });
});
