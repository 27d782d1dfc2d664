import assert from 'node:assert/strict';

import {
  DEFAULT_ACCOUNT_NAME,
  LEGACY_SECRET_ID,
  MAX_ACCOUNTS,
  MAX_ACCOUNT_NAME_CHARS,
  accountKindOf,
  accountWithKeyId,
  addAccount,
  checkAccountName,
  migrateSingleKey,
  newAccountId,
  normalizeAccountName,
  parseAccountList,
  pickAccount,
  removeAccount,
  renameAccount,
  sanitizeAccounts,
  sanitizeActiveId,
  secretIdOf,
  serializeAccountList,
  uniqueAccountName,
  withKeyFacts,
  type Account,
} from '../../src/core/accounts/accounts';
import { parseLimit } from '../../src/core/accounts/accounts';
import { accountRetryDelay, countedOnce, sameAccountSiblings } from '../../src/core/accounts/fleet';
import { keyId } from '../../src/core/identity';
import { keyInfo } from './helpers/keyInfo';

/** Ids 0000000000000001, 0000000000000002, … in order. */
function counter(start = 1): () => string {
  let n = start;
  return () => (n++).toString(16).padStart(16, '0');
}
const id = (n: number): string => n.toString(16).padStart(16, '0');
const acc = (n: number, name: string, extra: Partial<Account> = {}): Account => ({ id: id(n), name, kind: 'unlimited', ...extra });

const SALT = 'salt-of-this-installation';
const KEY = 'sk-or-v1-the-users-only-key-0001';

describe('core/accounts', () => {
  describe('ids and secrets', () => {
    it('a random 16-hex id, not derived from anything, unique in the list', () => {
      const a = newAccountId();
      const b = newAccountId();
      assert.match(a, /^[0-9a-f]{16}$/);
      assert.notEqual(a, b);
      const dup = ['0000000000000001', '0000000000000001', 'not-hex', '0000000000000002'];
      assert.equal(newAccountId([acc(1, 'A')], () => dup.shift()!), '0000000000000002');
      assert.throws(() => newAccountId([], () => 'x'), /no free id/);
    });

    it('one secret per account, apart from the legacy id', () => {
      assert.equal(secretIdOf('00000000000000ab'), 'openrouterCredits.apiKey.00000000000000ab');
      assert.notEqual(secretIdOf('00000000000000ab'), LEGACY_SECRET_ID);
    });

    it('the kind follows /key', () => {
      assert.equal(accountKindOf(keyInfo({ isManagementKey: true })), 'management');
      assert.equal(accountKindOf(keyInfo({ limit: 20, limitRemaining: 4 })), 'limited');
      assert.equal(accountKindOf(keyInfo({ limit: null })), 'unlimited');
      assert.equal(accountKindOf(undefined), 'unknown');
    });
  });

  describe('names', () => {
    it('normalized: trimmed, one space for runs and control characters, NFC, capped', () => {
      assert.equal(normalizeAccountName('  Work \n\t key  '), 'Work key');
      assert.equal(normalizeAccountName('Cafe\u0301'), 'Café');
      assert.equal(normalizeAccountName('a\u202eb\u0000c'), 'a b c');
      assert.equal(normalizeAccountName('x'.repeat(200)).length, MAX_ACCOUNT_NAME_CHARS);
      assert.equal(normalizeAccountName('   '), '');
      assert.equal(normalizeAccountName(42), '');
    });

    it('unique without regard to case: "Work", "Work (2)", "Work (3)"', () => {
      const list = [acc(1, 'Work'), acc(2, 'work (2)')];
      assert.equal(uniqueAccountName(list, 'Home'), 'Home');
      assert.equal(uniqueAccountName(list, 'WORK'), 'WORK (3)');
      assert.equal(uniqueAccountName(list, 'Work', id(1)), 'Work', 'its own name is free for itself');
      assert.equal(uniqueAccountName(list, ''), DEFAULT_ACCOUNT_NAME);
      const long = 'y'.repeat(MAX_ACCOUNT_NAME_CHARS);
      const second = uniqueAccountName([acc(1, long)], long);
      assert.equal(second.length, MAX_ACCOUNT_NAME_CHARS);
      assert.ok(second.endsWith(' (2)'));
    });

    it('checkAccountName: empty, too long, taken (any case), fine', () => {
      const list = [acc(1, 'Work'), acc(2, 'Home')];
      assert.equal(checkAccountName(list, '   '), 'empty');
      assert.equal(checkAccountName(list, '\u0000'), 'empty');
      assert.equal(checkAccountName(list, 'z'.repeat(MAX_ACCOUNT_NAME_CHARS + 1)), 'tooLong');
      assert.equal(checkAccountName(list, ' home '), 'taken');
      assert.equal(checkAccountName(list, 'HOME', id(2)), undefined, 'renaming to another case of its own name');
      assert.equal(checkAccountName(list, 'Client A'), undefined);
    });
  });

  describe('the stored list', () => {
    it('keeps valid accounts and drops everything else, the key above all', () => {
      const stored = [
        { id: id(1), name: ' Work ', kind: 'management', keyId: 'abcdef0123456789', key: 'sk-or-v1-secret', hash: 'f'.repeat(64) },
        { id: id(1), name: 'Repeated id', kind: 'limited' },
        { id: 'not-an-id', name: 'Bad id', kind: 'limited' },
        { id: id(2), name: 'work', kind: 'weird', keyId: 'NOT-HEX' },
        { id: id(3), name: '', kind: 'limited' },
        null,
        'text',
        [id(4)],
        { id: id(5), name: 7, kind: 'unlimited' },
      ];
      const list = sanitizeAccounts(stored);
      assert.deepEqual(list, [
        { id: id(1), name: 'Work', kind: 'management', keyId: 'abcdef0123456789' },
        { id: id(2), name: 'work (2)', kind: 'unknown' },
        { id: id(3), name: DEFAULT_ACCOUNT_NAME, kind: 'limited' },
        { id: id(5), name: `${DEFAULT_ACCOUNT_NAME} (2)`, kind: 'unlimited' },
      ]);
      assert.ok(!JSON.stringify(list).includes('sk-or-v1'));
      assert.ok(!JSON.stringify(list).includes('f'.repeat(64)));
    });

    it('parses JSON text; anything else is an empty list', () => {
      assert.deepEqual(parseAccountList(JSON.stringify({ accounts: [acc(1, 'A')] })).accounts, [acc(1, 'A')]);
      for (const text of [undefined, '', 'not json', '{}', 'null', '[]', '{"accounts":[]}']) {
        const r = parseAccountList(text);
        assert.deepEqual(r.accounts, [], String(text));
        assert.equal(r.activeId, undefined, String(text));
      }
      assert.deepEqual(sanitizeAccounts(undefined), []);
    });

    it('round-trips what the functions write', () => {
      let list: Account[] = [];
      const next = counter();
      for (const name of ['Work', 'Work', 'Home']) {
        const r = addAccount(list, { name, kind: 'limited' }, next);
        assert.ok(r.ok);
        list = r.accounts;
      }
      assert.deepEqual(parseAccountList(serializeAccountList({ accounts: list, activeId: list[1].id })), { accounts: list, activeId: list[1].id });
      assert.equal(parseAccountList(serializeAccountList({ accounts: list, activeId: 'gone' })).activeId, undefined, 'an active id that names no account is dropped');
    });

    it('the active id only when it names an account', () => {
      const list = [acc(1, 'A')];
      assert.equal(sanitizeActiveId(list, id(1)), id(1));
      assert.equal(sanitizeActiveId(list, id(2)), undefined);
      assert.equal(sanitizeActiveId(list, 1), undefined);
    });
  });

  describe('add, rename, remove', () => {
    it('adds at the end with a unique name and a random id, never the key', () => {
      const list = [acc(1, 'Work')];
      const r = addAccount(list, { name: 'Work', kind: 'management', keyId: keyId(SALT, KEY) }, counter(7));
      assert.ok(r.ok);
      assert.deepEqual(r.account, { id: id(7), name: 'Work (2)', kind: 'management', keyId: keyId(SALT, KEY) });
      assert.deepEqual(r.accounts, [acc(1, 'Work'), r.account]);
      assert.deepEqual(list, [acc(1, 'Work')], 'the input list is not changed');
      assert.ok(!JSON.stringify(r.accounts).includes(KEY));
    });

    it('the same key twice is refused with the account that holds it; so is one over the maximum', () => {
      const k = keyId(SALT, KEY);
      const list = [acc(1, 'Work', { keyId: k })];
      const again = addAccount(list, { name: 'Other', kind: 'limited', keyId: k });
      assert.deepEqual(again, { ok: false, reason: 'sameKey', existing: list[0] });
      const full = Array.from({ length: MAX_ACCOUNTS }, (_, i) => acc(i + 1, `A${i}`));
      assert.deepEqual(addAccount(full, { name: 'One more', kind: 'limited' }), { ok: false, reason: 'tooMany' });
      assert.ok(addAccount(full.slice(1), { name: 'One more', kind: 'limited' }).ok);
    });

    it('renames: trimmed, not empty, not taken by another; unknown id', () => {
      const list = [acc(1, 'Work'), acc(2, 'Home')];
      const r = renameAccount(list, id(1), '  Client A ');
      assert.ok(r.ok);
      assert.equal(r.account.name, 'Client A');
      assert.deepEqual(r.accounts.map((a) => a.name), ['Client A', 'Home']);
      assert.deepEqual(renameAccount(list, id(1), ' '), { ok: false, reason: 'empty' });
      assert.deepEqual(renameAccount(list, id(1), 'home'), { ok: false, reason: 'taken' });
      assert.deepEqual(renameAccount(list, id(1), 'x'.repeat(MAX_ACCOUNT_NAME_CHARS + 1)), { ok: false, reason: 'tooLong' });
      assert.deepEqual(renameAccount(list, id(9), 'New'), { ok: false, reason: 'notFound' });
      const own = renameAccount(list, id(1), 'WORK');
      assert.ok(own.ok && own.account.name === 'WORK');
    });

    it('removes; the active one passes to the first remaining, else stays', () => {
      const list = [acc(1, 'A'), acc(2, 'B'), acc(3, 'C')];
      assert.deepEqual(removeAccount(list, id(2), id(3)), { accounts: [acc(1, 'A'), acc(3, 'C')], removed: acc(2, 'B'), activeId: id(3) });
      assert.equal(removeAccount(list, id(3), id(3)).activeId, id(1));
      assert.equal(removeAccount(list, id(1), id(1)).activeId, id(2));
      assert.equal(removeAccount([acc(1, 'A')], id(1), id(1)).activeId, undefined);
      const none = removeAccount(list, id(9), id(2));
      assert.deepEqual([none.accounts, none.removed, none.activeId], [list, undefined, id(2)]);
    });

    it('withKeyFacts records a kind and keyId learnt later', () => {
      const list = [acc(1, 'A', { kind: 'unknown' }), acc(2, 'B')];
      const next = withKeyFacts(list, id(1), { kind: 'limited', keyId: 'abcdef0123456789' });
      assert.deepEqual(next[0], { id: id(1), name: 'A', kind: 'limited', keyId: 'abcdef0123456789' });
      assert.equal(next[1], list[1]);
      assert.deepEqual(withKeyFacts(list, id(1), { keyId: 'bad' })[0], list[0]);
    });
  });

  describe('which account a window shows', () => {
    const list = [acc(1, 'Work'), acc(2, 'Home'), acc(3, 'Client A')];

    it('no setting: the active account, or the first when the active id is gone', () => {
      for (const setting of [undefined, null, '', '   ']) {
        assert.deepEqual(pickAccount(list, id(2), setting), { kind: 'active', account: list[1] }, String(setting));
      }
      assert.deepEqual(pickAccount(list, id(9), undefined), { kind: 'active', account: list[0] });
      assert.deepEqual(pickAccount(list, undefined, undefined), { kind: 'active', account: list[0] });
      assert.deepEqual(pickAccount([], undefined, undefined), { kind: 'none' });
    });

    it('a pinned name wins over the active account: exact, case-sensitive, trimmed', () => {
      assert.deepEqual(pickAccount(list, id(1), 'Home'), { kind: 'pinned', account: list[1] });
      assert.deepEqual(pickAccount(list, id(1), '  Client A '), { kind: 'pinned', account: list[2] });
    });

    it('an unknown name is its own state, never another account', () => {
      assert.deepEqual(pickAccount(list, id(1), 'home'), { kind: 'unknownAccount', name: 'home' });
      assert.deepEqual(pickAccount(list, id(1), 'Client'), { kind: 'unknownAccount', name: 'Client' });
      assert.deepEqual(pickAccount([], undefined, 'Work'), { kind: 'unknownAccount', name: 'Work' });
      assert.deepEqual(pickAccount(list, id(1), 42), { kind: 'unknownAccount', name: '42' });
      assert.equal((pickAccount(list, id(1), 'n'.repeat(500)) as { name: string }).name.length, MAX_ACCOUNT_NAME_CHARS);
    });
  });

  describe('migrating the single key', () => {
    const k = keyId(SALT, KEY);
    const label = (l: string, extra = {}) => ({ key: keyInfo({ label: l, ...extra }), keyId: k });

    it('nothing stored: nothing to do', () => {
      assert.deepEqual(migrateSingleKey([], undefined, undefined), { action: 'none' });
    });

    it('one account named after the label, keeping its keyId and kind, active, its secret id', () => {
      const m = migrateSingleKey([], undefined, { keyId: k }, label('Laptop key', { limit: 20, limitRemaining: 4 }), counter(5));
      assert.equal(m.action, 'create');
      if (m.action !== 'create') return;
      assert.deepEqual(m.account, { id: id(5), name: 'Laptop key', kind: 'limited', keyId: k });
      assert.deepEqual(m.accounts, [m.account]);
      assert.equal(m.activeId, id(5));
      assert.equal(m.secretId, `openrouterCredits.apiKey.${id(5)}`);
      assert.equal(accountWithKeyId(m.accounts, keyId(SALT, KEY))?.id, id(5), 'its history and thresholds (by keyId) are found');
      assert.ok(!JSON.stringify(m).includes(KEY));
    });

    it('without a snapshot, or with another key\'s: the default name and an unknown kind', () => {
      for (const last of [undefined, { key: keyInfo({ label: 'Someone else', isManagementKey: true }), keyId: '0123456789abcdef' }]) {
        const m = migrateSingleKey([], undefined, { keyId: k }, last, counter());
        assert.ok(m.action === 'create');
        assert.deepEqual([m.account.name, m.account.kind, m.account.keyId], [DEFAULT_ACCOUNT_NAME, 'unknown', k]);
      }
      const blank = migrateSingleKey([], undefined, { keyId: k }, label('   ', { isManagementKey: true }));
      assert.ok(blank.action === 'create');
      assert.deepEqual([blank.account.name, blank.account.kind], [DEFAULT_ACCOUNT_NAME, 'management']);
    });

    it('a migration that stopped before deleting the legacy secret: only drop it', () => {
      const list = [acc(1, 'Laptop key', { keyId: k })];
      assert.deepEqual(migrateSingleKey(list, id(1), { keyId: k }, label('Laptop key')), { action: 'dropLegacy', account: list[0] });
    });

    it('a legacy key beside other accounts (an older version wrote it): added, the active one kept, even over the maximum', () => {
      const list = [acc(1, 'Laptop key', { keyId: 'aaaaaaaaaaaaaaaa' })];
      const m = migrateSingleKey(list, id(1), { keyId: k }, label('Laptop key'), counter(2));
      assert.ok(m.action === 'create');
      assert.equal(m.account.name, 'Laptop key (2)');
      assert.equal(m.activeId, id(1));
      assert.deepEqual(m.accounts, [list[0], m.account]);
      const full = Array.from({ length: MAX_ACCOUNTS }, (_, i) => acc(i + 1, `A${i}`));
      const over = migrateSingleKey(full, id(1), { keyId: k }, undefined, counter(1000));
      assert.ok(over.action === 'create');
      assert.equal(over.accounts.length, MAX_ACCOUNTS + 1, 'a stored key is never lost');
      assert.deepEqual(sanitizeAccounts(JSON.parse(JSON.stringify(over.accounts))), over.accounts);
    });

    it('a bad keyId is nothing to migrate', () => {
      assert.deepEqual(migrateSingleKey([], undefined, { keyId: 'nope' }), { action: 'none' });
    });
  });
});

describe('accountRetryDelay (one failing account among several)', () => {
  it('doubles per failure from one interval, up to 8 intervals, and never before Retry-After', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 9].map(n => accountRetryDelay(n, 60_000)), [60_000, 120_000, 240_000, 480_000, 480_000, 480_000]);
    assert.equal(accountRetryDelay(1, 60_000, 600_000), 600_000);
    assert.equal(accountRetryDelay(3, 60_000, 1_000), 240_000);
    assert.equal(accountRetryDelay(0, 60_000), 60_000, 'a count below 1 counts as one failure');
  });
});

describe('parseLimit (Set Key Limit)', () => {
  it('reads amounts of 0 or more with at most two decimals; empty is no limit', () => {
    assert.equal(parseLimit('25'), 25);
    assert.equal(parseLimit(' $12.50 '), 12.5);
    assert.equal(parseLimit('12,5'), 12.5);
    assert.equal(parseLimit('0'), 0);
    assert.equal(parseLimit(''), null);
    assert.equal(parseLimit('   '), null);
  });
  it('refuses anything else', () => {
    for (const bad of ['-1', '1e3', 'abc', '12.345', '1,000.00', 'NaN', 'Infinity', '2000000', '0x10']) assert.equal(parseLimit(bad), 'bad', bad);
  });
});

describe('sameAccountSiblings (two management keys of one OpenRouter account)', () => {
  it('maps a management account whose key list is the same as an earlier one\'s to that one', () => {
    const m = sameAccountSiblings([
      { id: 'a', kind: 'management', keyIds: ['k1', 'k2', 'k3'] },
      { id: 'b', kind: 'limited' },
      { id: 'c', kind: 'management', keyIds: ['k3', 'k1', 'k2'] },
      { id: 'd', kind: 'management', keyIds: ['k1', 'k2'] },
      { id: 'e', kind: 'management', keyIds: ['k2', 'k1', 'k3', 'k3'] },
    ]);
    assert.deepEqual([...m.entries()], [['c', 'a'], ['e', 'a']]);
  });
  it('never groups normal keys, unknown lists or empty ones', () => {
    assert.equal(sameAccountSiblings([
      { id: 'a', kind: 'limited', keyIds: ['k1'] },
      { id: 'b', kind: 'limited', keyIds: ['k1'] },
      { id: 'c', kind: 'management' },
      { id: 'd', kind: 'management' },
      { id: 'e', kind: 'management', keyIds: [] },
      { id: 'f', kind: 'management', keyIds: [] },
    ]).size, 0);
  });
});

describe('countedOnce (the total counts each OpenRouter account once)', () => {
  it('a normal key listed among a management account\'s keys is that account; other normal keys count on their own', () => {
    const m = countedOnce([
      { id: 'team', kind: 'management', keyIds: ['k1', 'k2'], keyLabels: ['sk-or-v1-abc...111', 'sk-or-v1-def...222'] },
      { id: 'ci', kind: 'limited', label: 'sk-or-v1-def...222' },
      { id: 'home', kind: 'unlimited', label: 'sk-or-v1-zzz...999' },
      { id: 'admin', kind: 'management', keyIds: ['k2', 'k1'], keyLabels: ['sk-or-v1-abc...111', 'sk-or-v1-def...222'] },
    ]);
    assert.deepEqual([...m.entries()].sort(), [['admin', 'team'], ['ci', 'team']]);
  });
});
