// The `total` format counts one OpenRouter account once (issue 21, item 5):
// which stored keys are one account (/key's organization_id, else
// creator_user_id), and what several normal keys of it can spend together.
import * as assert from 'node:assert/strict';
import { type Account } from '../../src/core/accounts/accounts';
import { accountOwnerOf, countedOnce, keyFactsOf, sharedSpendable } from '../../src/core/accounts/fleet';
import { accountsView, type RowsInput } from '../../src/core/accounts/rows';
import { buildSnapshot } from '../../src/core/money/model';
import type { SharedState } from '../../src/core/refresh/sharedState';
import type { CreditSnapshot, KeyInfo } from '../../src/core/types';
import { keyInfo } from './helpers/keyInfo';

const NOW = 1_700_000_000_000;
const PERSONAL = { organizationId: null, creatorUserId: 'user_1' } as const;

/** A normal key's snapshot whose /credits answered (some normal keys' do). */
function snap(key: Partial<KeyInfo>, credits?: { totalCredits: number; totalUsage: number }, at = NOW): CreditSnapshot {
  return buildSnapshot(keyInfo(key), credits, credits ? 'known' : 'forbidden', at);
}

/** The account list's total, from the accounts' shared states as the glue passes them (keyFactsOf → countedOnce → accountsView). */
function totalOf(snaps: Record<string, CreditSnapshot>): number | undefined {
  const accounts: Account[] = Object.keys(snaps).map(id => ({ id, name: id, kind: 'unknown' }));
  const state = (id: string): SharedState => ({ v: 1, keyGen: 1, updatedAt: NOW, keyId: `key-${id}`, snapshot: snaps[id] });
  const facts = accounts.flatMap(a => keyFactsOf(a.id, state(a.id), `key-${a.id}`) ?? []);
  const input: RowsInput = {
    accounts, hasEnvAccount: false, pick: { kind: 'active', account: accounts[0] },
    viewOf: id => ({ snapshot: snaps[id], status: 'ok', stale: false }),
    nameOf: id => id,
    countedOnce: countedOnce(facts),
  };
  return accountsView(input).total;
}

describe('which OpenRouter account a key belongs to (accountOwnerOf)', () => {
  it('its organization, else (no organization) its creator; nothing when /key does not say', () => {
    assert.equal(accountOwnerOf({ organizationId: 'org_9', creatorUserId: 'user_1' }), 'org:org_9');
    assert.equal(accountOwnerOf({ organizationId: null, creatorUserId: 'user_1' }), 'user:user_1');
    assert.equal(accountOwnerOf({ organizationId: null, creatorUserId: null }), undefined);
    // Without organization_id, a member's personal and organization keys look alike: no grouping.
    assert.equal(accountOwnerOf({ creatorUserId: 'user_1' }), undefined);
    assert.equal(accountOwnerOf({}), undefined);
  });

  it('is among an account\'s key facts once its key\'s snapshot is read', () => {
    const state: SharedState = { v: 1, keyGen: 1, updatedAt: NOW, keyId: 'k', snapshot: snap(PERSONAL) };
    assert.equal(keyFactsOf('a', state, 'k')?.owner, 'user:user_1');
    assert.equal('owner' in (keyFactsOf('a', { ...state, snapshot: snap({}) }, 'k') ?? {}), false);
  });
});

describe('countedOnce by owner', () => {
  it('normal keys of one account count with the first of them; a management key of it counts for all', () => {
    const m = countedOnce([
      { id: 'laptop', kind: 'unlimited', owner: 'user:u1' },
      { id: 'ci', kind: 'limited', owner: 'user:u1' },
      { id: 'other', kind: 'unlimited', owner: 'user:u2' },
      { id: 'anon', kind: 'unlimited' },
      { id: 'anon2', kind: 'unlimited' },
    ]);
    assert.deepEqual([...m.entries()], [['ci', 'laptop']]);
    const withAdmin = countedOnce([
      { id: 'laptop', kind: 'unlimited', owner: 'org:o1' },
      { id: 'admin', kind: 'management', keyIds: ['x'], owner: 'org:o1' },
      { id: 'ci', kind: 'limited', owner: 'org:o1' },
      { id: 'admin2', kind: 'management', keyIds: ['y'], owner: 'org:o1' },
    ]);
    assert.deepEqual([...withAdmin.entries()].sort(), [['admin2', 'admin'], ['ci', 'admin'], ['laptop', 'admin']]);
  });
});

describe('what normal keys of one account can spend together (sharedSpendable)', () => {
  const account = { totalCredits: 150, totalUsage: 50 };
  it('the account\'s remaining credit once, however many unlimited keys see it', () => {
    assert.equal(sharedSpendable([snap({}, account), snap({}, account)]), 100);
  });
  it('limited keys add up their room, capped by the account', () => {
    assert.equal(sharedSpendable([snap({ limit: 20, limitRemaining: 10 }, account), snap({ limit: 30, limitRemaining: 20 }, account)]), 30);
    assert.equal(sharedSpendable([snap({ limit: 20, limitRemaining: 10 }, { totalCredits: 25, totalUsage: 0 }), snap({ limit: 30, limitRemaining: 20 })]), 25);
    assert.equal(sharedSpendable([snap({ limit: 20, limitRemaining: 10 }, account), snap({}, account)]), 100, 'an unlimited key reaches the whole account');
    assert.equal(sharedSpendable([snap({ limit: 20, limitRemaining: -2 }, account), snap({ limit: 30, limitRemaining: 5 }, account)]), 5, 'an overdrawn key takes nothing from another\'s room');
  });
  it('the freshest account figures cap it; without any, the keys\' own balances add up', () => {
    assert.equal(sharedSpendable([snap({}, { totalCredits: 150, totalUsage: 40 }, NOW - 60_000), snap({}, account, NOW)]), 100);
    assert.equal(sharedSpendable([snap({ limit: 20, limitRemaining: 10 }), snap({ limit: 30, limitRemaining: 20 }), snap({})]), 30);
    assert.equal(sharedSpendable([snap({}), undefined]), undefined);
  });
});

describe('the total format counts one OpenRouter account once', () => {
  it('two unlimited keys of an account with $150 bought and $50 used: $100, not $200', () => {
    const account = { totalCredits: 150, totalUsage: 50 };
    assert.equal(totalOf({ laptop: snap(PERSONAL, account), desktop: snap(PERSONAL, account) }), 100);
  });
  it('keys of different accounts, or whose account /key does not tell, each count', () => {
    const account = { totalCredits: 150, totalUsage: 50 };
    assert.equal(totalOf({ mine: snap(PERSONAL, account), theirs: snap({ organizationId: null, creatorUserId: 'user_2' }, account) }), 200);
    assert.equal(totalOf({ a: snap({ creatorUserId: 'user_1' }, account), b: snap({ creatorUserId: 'user_1' }, account) }), 200);
  });
  it('a key of an account whose management key is stored counts with it', () => {
    const mgmt = buildSnapshot(keyInfo({ ...PERSONAL, isManagementKey: true }), { totalCredits: 150, totalUsage: 50 }, 'known', NOW);
    assert.equal(totalOf({ admin: mgmt, ci: snap({ ...PERSONAL, limit: 20, limitRemaining: 10 }) }), 100);
  });
});
