// The message protocol from the details webview (core/protocol.ts).
import * as assert from 'node:assert/strict';
import { ENV_ACCOUNT_ID } from '../../src/core/accounts/accounts';
import { PAGE_ENV_ACCOUNT_ID, WEBVIEW_COMMANDS, isFromWebview } from '../../src/core/protocol';

describe('core/protocol: isFromWebview', function () {
  it('accepts every valid message', () => {
    assert.equal(isFromWebview({ type: 'ready' }), true);
    for (const command of WEBVIEW_COMMANDS) assert.equal(isFromWebview({ type: 'command', command }), true, command);
    assert.equal(isFromWebview({ type: 'rendered', pageMs: 0 }), true);
    assert.equal(isFromWebview({ type: 'rendered', pageMs: Date.now() }), true);
    assert.equal(isFromWebview({ type: 'rendered', pageMs: 1234.5 }), true);
    assert.equal(isFromWebview(JSON.parse('{"type":"command","command":"refresh"}')), true, 'as structured-cloned from the page');
    assert.equal(isFromWebview(Object.assign(Object.create(null), { type: 'ready' })), true, 'a null-prototype object');
  });

  it('rejects extra or missing keys', () => {
    assert.equal(isFromWebview({ type: 'ready', extra: 1 }), false);
    assert.equal(isFromWebview({ type: 'command', command: 'refresh', key: 'sk-or-x' }), false);
    assert.equal(isFromWebview({ type: 'command' }), false);
    assert.equal(isFromWebview({ type: 'rendered' }), false);
    assert.equal(isFromWebview({ type: 'rendered', pageMs: 1, extra: undefined }), false);
    assert.equal(isFromWebview({ command: 'refresh' }), false);
  });

  it('rejects unknown types and commands', () => {
    assert.equal(isFromWebview({ type: 'eval' }), false);
    assert.equal(isFromWebview({ type: 'READY' }), false);
    for (const command of ['openExternal', 'Refresh', '', 'constructor', '__proto__', 'toString', 1, null, ['refresh'], { c: 'refresh' }]) {
      assert.equal(isFromWebview({ type: 'command', command }), false, JSON.stringify(command));
    }
  });

  it('rejects non-objects and arrays', () => {
    for (const m of [undefined, null, 0, 1, NaN, '', 'ready', '{"type":"ready"}', true, Symbol('ready'), () => ({ type: 'ready' }), [], [{ type: 'ready' }], ['ready']]) {
      assert.equal(isFromWebview(m), false, String(typeof m === 'symbol' ? 'symbol' : JSON.stringify(m) ?? typeof m));
    }
    assert.equal(isFromWebview(Object.assign(['x'], { type: 'ready' })), false, 'an array with a type property');
    assert.equal(isFromWebview(new Date()), false);
    assert.equal(isFromWebview(new Map([['type', 'ready']])), false);
  });

  it('rejects prototype-polluted and class-instance objects', () => {
    // A __proto__ key from JSON is an own property: the exact-key check must refuse it.
    assert.equal(isFromWebview(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')), false);
    assert.equal(isFromWebview(JSON.parse('{"type":"command","command":"refresh","__proto__":{"command":"topUp"}}')), false);
    // Inherited fields do not count as the message's own.
    assert.equal(isFromWebview(Object.create({ type: 'ready' })), false);
    const polluted = Object.create({ command: 'refresh' }) as Record<string, unknown>;
    polluted.type = 'command';
    assert.equal(isFromWebview(polluted), false);
    class Msg { type = 'ready'; }
    assert.equal(isFromWebview(new Msg()), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'validation polluted nothing');
  });

  it('rejects an invalid `pageMs`: negative, NaN, infinite or not a number', () => {
    for (const pageMs of [-1, -0.001, NaN, Infinity, -Infinity, '123', null, undefined, {}, [1], 10n]) {
      assert.equal(isFromWebview({ type: 'rendered', pageMs }), false, String(pageMs));
    }
  });

  describe('switchAccount and setLimit (accounts)', () => {
    const HEX = '0123456789abcdef';

    it('the page knows the environment account by the id accounts.ts gives it', () => {
      assert.equal(PAGE_ENV_ACCOUNT_ID, ENV_ACCOUNT_ID);
    });

    it('accepts an account id (16 lowercase hex digits) or the environment account', () => {
      assert.equal(isFromWebview({ type: 'switchAccount', accountId: HEX }), true);
      assert.equal(isFromWebview({ type: 'switchAccount', accountId: 'ffffffffffffffff' }), true);
      assert.equal(isFromWebview({ type: 'switchAccount', accountId: 'env' }), true);
      assert.equal(isFromWebview(JSON.parse(`{"type":"switchAccount","accountId":"${HEX}"}`)), true);
    });

    it('accepts a by-key row id (16 lowercase hex digits)', () => {
      assert.equal(isFromWebview({ type: 'setLimit', keyId: HEX }), true);
      assert.equal(isFromWebview(JSON.parse(`{"type":"setLimit","keyId":"${HEX}"}`)), true);
    });

    it('the new buttons are commands', () => {
      for (const command of ['addApiKey', 'switchAccountPick']) assert.equal(isFromWebview({ type: 'command', command }), true, command);
    });

    it('rejects a bad account id', () => {
      for (const accountId of [
        '', 'ENV', 'Env', 'env ', ' env', '0123456789ABCDEF', '0123456789abcde', '0123456789abcdef0', '0123456789abcdeg',
        `${HEX}\n`, 'Work', 'sk-or-v1-0123456789abcdef', '../0123456789abcd', 16, 0x0123456789abcdef, null, undefined, [HEX], { id: HEX }, true,
      ]) {
        assert.equal(isFromWebview({ type: 'switchAccount', accountId }), false, JSON.stringify(accountId) ?? String(accountId));
      }
    });

    it('rejects a bad key id: the environment account, a hash, upper case, other types', () => {
      for (const keyId of [
        '', 'env', '0123456789ABCDEF', '0123456789abcde', '0123456789abcdef0', 'a'.repeat(64), 'sk-or-v1-abc', `${HEX} `, 1, null, undefined, [HEX], { keyId: HEX },
      ]) {
        assert.equal(isFromWebview({ type: 'setLimit', keyId }), false, JSON.stringify(keyId) ?? String(keyId));
      }
    });

    it('rejects extra, missing or swapped keys', () => {
      assert.equal(isFromWebview({ type: 'switchAccount' }), false);
      assert.equal(isFromWebview({ type: 'setLimit' }), false);
      assert.equal(isFromWebview({ type: 'switchAccount', accountId: HEX, name: 'Work' }), false);
      assert.equal(isFromWebview({ type: 'switchAccount', accountId: HEX, key: 'sk-or-v1-x' }), false, 'never a key from the page');
      assert.equal(isFromWebview({ type: 'setLimit', keyId: HEX, limit: 10 }), false, 'the limit is asked in the host');
      assert.equal(isFromWebview({ type: 'setLimit', keyId: HEX, hash: 'a'.repeat(64) }), false);
      assert.equal(isFromWebview({ type: 'switchAccount', keyId: HEX }), false);
      assert.equal(isFromWebview({ type: 'setLimit', accountId: HEX }), false);
      assert.equal(isFromWebview({ type: 'command', command: 'switchAccount' }), false);
      assert.equal(isFromWebview({ type: 'command', command: 'setLimit' }), false);
      assert.equal(isFromWebview(JSON.parse(`{"type":"setLimit","keyId":"${HEX}","__proto__":{"x":1}}`)), false);
      const inherited = Object.create({ accountId: HEX }) as Record<string, unknown>;
      inherited.type = 'switchAccount';
      assert.equal(isFromWebview(inherited), false);
    });
  });
});
