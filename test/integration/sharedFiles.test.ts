// The files shared by windows, through this extension host's real
// SharedStore: a crashed window's focus record expires, the heartbeat keeps
// this window's alive without firing focus events, and a history save merges
// with points another window wrote.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FOCUS_TTL_MS, LEASE_RENEW_MS } from '../../src/core/refresh/lease';
import { SharedStore } from '../../src/vscode/sync/sharedStore';
import { api, waitFor } from './util';

function readJson(file: string): Record<string, { focused: boolean; at: number }> {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe('shared files', function () {
  this.timeout(40_000);
  let store: SharedStore;

  before(async () => {
    store = (await api())._test.store;
  });

  it('ignores a crashed window\'s focus, and renews this window\'s record without a focus event', async () => {
    const focusPath = path.join(store.dir, 'focus.json');
    const events: boolean[] = [];
    const sub = store.onDidChangeFocus(f => events.push(f));
    try {
      const t0 = Date.now();
      // Another window crashed while focused long ago, and this window's record is gone for now.
      fs.writeFileSync(focusPath, JSON.stringify({ ghost: { focused: true, at: t0 - FOCUS_TTL_MS - 1000 } }));
      assert.equal(store.anyWindowFocused(), false, 'an expired record does not count');
      fs.writeFileSync(focusPath, JSON.stringify({ ghost: { focused: true, at: t0 - 1000 } }));
      assert.equal(store.anyWindowFocused(), true, 'a live one does');
      fs.writeFileSync(focusPath, JSON.stringify({ ghost: { focused: true, at: t0 - FOCUS_TTL_MS - 1000 } }));

      // The heartbeat writes this window's record back and drops the expired one.
      const first = await waitFor('the heartbeat', () => {
        const m = readJson(focusPath);
        return m[store.windowId] && !m.ghost ? m[store.windowId] : undefined;
      }, 3 * LEASE_RENEW_MS, 100);
      assert.equal(store.anyWindowFocused(), first.focused);
      // A heartbeat that only renews the time fires no focus event.
      await new Promise(r => setTimeout(r, 1500)); // the events of the changes above (1 s watch interval)
      const seen = events.length;
      store.touchFocus();
      assert.ok(readJson(focusPath)[store.windowId].at > first.at, 'renewed');
      await new Promise(r => setTimeout(r, 2500));
      assert.equal(events.length, seen, `focus events on a heartbeat: ${JSON.stringify(events.slice(seen))}`);
    } finally {
      sub.dispose();
      store.touchFocus();
    }
  });

  it('reads the state another window wrote even when it is the same size at the same time, and never keeps a time in the future', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-state-'));
    const mine = new SharedStore(dir, crypto.randomBytes(8).toString('hex'), (await api())._test.log);
    try {
      const file = path.join(dir, 'state.json');
      const written = mine.update(s => ({ ...s, keyGen: 5 }));
      assert.equal(mine.readState()?.keyGen, 5);
      // Another window's state of the very same length, with this file's times (a coarse clock, a reused inode).
      const stat = fs.statSync(file);
      const other = fs.readFileSync(file, 'utf8').replace('"keyGen":5', '"keyGen":6').replace(/"writer":"[0-9a-f]+"/, `"writer":"${'f'.repeat(16)}"`);
      assert.equal(other.length, stat.size);
      fs.writeFileSync(file, other);
      fs.utimesSync(file, stat.atime, stat.mtime);
      assert.equal(mine.readState()?.keyGen, 6, 'the other window\'s state, not the one this window wrote');
      assert.equal(mine.update(s => ({ ...s, recheckKey: true })).keyGen, 6, 'and a locked update builds on it');
      // A time in the future (the clock was set back after the write) holds nothing up, read after read.
      mine.update(s => ({ ...s, thresholdsAsOf: Date.now() + 3_600_000, attemptAt: Date.now() + 3_600_000 }));
      for (let i = 0; i < 2; i++) {
        const s = mine.readState();
        assert.equal(s?.thresholdsAsOf, undefined);
        assert.equal(s?.attemptAt, undefined);
      }
      assert.equal(written.keyGen, 5);
    } finally {
      mine.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("merges a history save with the points another window wrote, keeps one key's history, and clear() empties it", () => {
    const file = store.historyPath;
    const original = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const id = '0123456789abcdef';
    try {
      const t = Date.now() - 60_000;
      fs.writeFileSync(file, JSON.stringify({ keyId: id, points: [{ t, keyUsage: 1 }, { t: t + 2000, keyUsage: 3 }] }));
      store.saveHistory(id, [{ t: t + 1000, keyUsage: 2 }]);
      assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { keyId: id, points: [{ t, keyUsage: 1 }, { t: t + 1000, keyUsage: 2 }, { t: t + 2000, keyUsage: 3 }] });
      assert.deepEqual(store.loadHistory('fedcba9876543210'), [], "another key's points are not its history");
      store.saveHistory(id, []);
      assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { keyId: id, points: [] });
      assert.equal(fs.existsSync(`${file}.lock`), false, 'the lock is released');
    } finally {
      if (original === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, original);
    }
  });
});
