import * as assert from 'node:assert/strict';
import { ENV_ACCOUNT_ID, type Account, type AccountPick } from '../../src/core/accounts/accounts';
import { accountRows, accountsView, rowIds, shownAccountId, type RowsInput } from '../../src/core/accounts/rows';
import { buildSnapshot } from '../../src/core/money/model';
import type { View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';

const NOW = 1_700_000_000_000;
const WORK: Account = { id: 'a'.repeat(16), name: 'Work', kind: 'limited' };
const HOME: Account = { id: 'b'.repeat(16), name: 'Home', kind: 'unknown' };
const view = (spendable: number | undefined, o: Partial<View> = {}): Pick<View, 'snapshot' | 'periods' | 'status' | 'stale'> => {
  const snapshot = { ...buildSnapshot(keyInfo({ isManagementKey: true }), undefined, 'unavailable', NOW), spendable };
  return { snapshot, status: 'ok', stale: false, periods: { today: 1.5 } as View['periods'], ...o };
};
const input = (o: Partial<RowsInput>): RowsInput => ({
  accounts: [WORK, HOME], hasEnvAccount: false, pick: { kind: 'active', account: WORK },
  viewOf: () => undefined, nameOf: id => [WORK, HOME].find(a => a.id === id)?.name ?? id, countedOnce: new Map(), ...o,
});

describe('the account rows and the total', () => {
  it('the shown account follows the pick; the fallback account only with nothing stored', () => {
    assert.equal(shownAccountId({ kind: 'pinned', account: HOME }, true), HOME.id);
    assert.equal(shownAccountId({ kind: 'active', account: WORK }, false), WORK.id);
    assert.equal(shownAccountId({ kind: 'none' }, true), ENV_ACCOUNT_ID);
    assert.equal(shownAccountId({ kind: 'none' }, false), undefined);
    assert.equal(shownAccountId({ kind: 'unknownAccount', name: 'X' }, true), undefined);
    assert.deepEqual(rowIds([WORK, HOME], true), [WORK.id, HOME.id]);
    assert.deepEqual(rowIds([], true), [ENV_ACCOUNT_ID]);
    assert.deepEqual(rowIds([], false), []);
  });

  it('one row per account, in the order added: balance, today, status, shown and active', () => {
    const rows = accountRows(input({ activeId: HOME.id, viewOf: id => (id === WORK.id ? view(12.5) : undefined) }));
    assert.deepEqual(rows, [
      { id: WORK.id, name: 'Work', kind: 'management', spendable: 12.5, today: 1.5, status: 'ok', stale: false, fetchedAt: NOW, shown: true, active: false },
      { id: HOME.id, name: 'Home', kind: 'unknown', status: 'loading', stale: false, shown: false, active: true },
    ]);
  });

  it('the first account is active when none is named; the fallback account is active alone', () => {
    assert.deepEqual(accountRows(input({})).map(r => r.active), [true, false]);
    const env = accountRows(input({ accounts: [], hasEnvAccount: true, pick: { kind: 'none' }, nameOf: () => 'OPENROUTER_API_KEY' }));
    assert.deepEqual(env.map(r => [r.id, r.shown, r.active]), [[ENV_ACCOUNT_ID, true, true]]);
  });

  it('the total counts one OpenRouter account once, and is absent when no balance is known', () => {
    const both = (countedOnce: Map<string, string>) => accountsView(input({ viewOf: id => view(id === WORK.id ? 10 : 10), countedOnce }));
    assert.equal(both(new Map()).total, 20);
    assert.equal(both(new Map([[HOME.id, WORK.id]])).total, 10);
    assert.equal('total' in accountsView(input({})), false);
  });

  it('a pinned or unknown account is told as pinned, the unknown name with it', () => {
    const pinned: AccountPick = { kind: 'pinned', account: HOME };
    assert.equal(accountsView(input({ pick: pinned })).pinned, true);
    assert.equal(accountsView(input({})).pinned, false);
    const unknown = accountsView(input({ pick: { kind: 'unknownAccount', name: 'Gone' } }));
    assert.equal(unknown.pinned, true);
    assert.equal(unknown.unknownName, 'Gone');
    assert.ok(unknown.rows.every(r => !r.shown));
  });
});
