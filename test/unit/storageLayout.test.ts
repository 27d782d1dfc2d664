import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ENV_ACCOUNT_ID } from '../../src/core/accounts/accounts';
import { ACCOUNT_LIST_FILE, accountFolder, hasOwnFolder, HISTORY_FILE, KEY_FILES, STATE_FILE } from '../../src/core/accounts/storageLayout';

describe('the per-account storage layout', () => {
  const root = path.join('/tmp', 'profile');
  it('a stored account\'s files are in accounts/<id>/; the fallback account\'s in the root', () => {
    assert.equal(accountFolder(root, 'a'.repeat(16)), path.join(root, 'accounts', 'a'.repeat(16)));
    assert.equal(accountFolder(root, ENV_ACCOUNT_ID), root);
  });

  it('only a stored account\'s id names a folder of its own (nothing to delete otherwise)', () => {
    assert.ok(hasOwnFolder('0123456789abcdef'));
    for (const id of [ENV_ACCOUNT_ID, '', '..', '../../etc', 'ABCDEF0123456789', '0123456789abcde']) assert.ok(!hasOwnFolder(id), id);
  });

  it('the files that move with a key are its state and its history', () => {
    assert.deepEqual([...KEY_FILES], [STATE_FILE, HISTORY_FILE]);
    assert.deepEqual([STATE_FILE, HISTORY_FILE, ACCOUNT_LIST_FILE], ['state.json', 'history.json', 'accounts.json'], 'the names on disk stay as they are');
  });
});
