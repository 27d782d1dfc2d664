// Review of issue 21 item 9: a workspace's openrouterCredits.account of any
// JSON (a repository sets it) never throws; it is an unknown account.
import * as assert from 'node:assert/strict';
import { pickAccount } from '../../src/core/accounts/accounts';

describe('openrouterCredits.account of the wrong type', () => {
  for (const setting of [{ toString: 1 }, [{ toString: 1 }], { valueOf: 1, toString: 1 }]) {
    it(`${JSON.stringify(setting)}: an unknown account, no throw`, () => {
      const p = pickAccount([], undefined, setting);
      assert.equal(p.kind, 'unknownAccount');
    });
  }
});
