// The message protocol from the details webview (core/protocol.ts).
import * as assert from 'node:assert/strict';
import { WEBVIEW_COMMANDS, isFromWebview } from '../../src/core/protocol';

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
});
