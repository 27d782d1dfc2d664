import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergePoints } from '../../src/core/money/samples';
import type { HistoryPoint } from '../../src/core/types';
import { readText, updateFile, withFileLock, writeAtomic } from '../../src/vscode/sync/lockedFile';

const root = path.resolve(__dirname, '../..');

/** Starts a historyWriter child; resolves once it is ready, with a go() that starts its writes and the promise of its exit. */
function writer(file: string, parity: number, count: number, base: number) {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'helpers/historyWriter.ts'), file, String(parity), String(count), String(base)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', d => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', d => {
      out += d;
      if (out.includes('ready\n')) resolve();
    });
    child.on('exit', code => reject(new Error(`writer exited early (${code}): ${err}`)));
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('exit', code => (code === 0 ? resolve(out) : reject(new Error(`writer failed (${code}): ${err}`))));
  });
  return { ready, done, go: () => child.stdin.write('go\n'), kill: () => child.kill() };
}

describe('lockedFile', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-lock-'));
    file = path.join(dir, 'history.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces a file atomically and leaves no temp file', () => {
    writeAtomic(file, 'a');
    writeAtomic(file, 'b');
    assert.equal(readText(file), 'b');
    assert.deepEqual(fs.readdirSync(dir), ['history.json']);
  });

  it('holds the lock for the callback only, also when it throws', () => {
    assert.equal(withFileLock(file, () => fs.existsSync(`${file}.lock`)), true);
    assert.equal(fs.existsSync(`${file}.lock`), false);
    assert.throws(() => withFileLock(file, () => { throw new Error('boom'); }), /boom/);
    assert.equal(fs.existsSync(`${file}.lock`), false);
    updateFile(file, t => `${t ?? ''}x`);
    updateFile(file, t => `${t ?? ''}y`);
    updateFile(file, () => undefined);
    assert.equal(readText(file), 'xy');
    assert.deepEqual(fs.readdirSync(dir), ['history.json']);
  });

  it('waits a bounded time for a live lock, and breaks a stale one', () => {
    fs.writeFileSync(`${file}.lock`, 'another process');
    const t0 = Date.now();
    assert.throws(() => withFileLock(file, () => 1, { timeoutMs: 100, staleMs: 60_000 }), /held by another process/);
    const waited = Date.now() - t0;
    assert.ok(waited >= 100 && waited < 2000, `waited ${waited} ms`);
    assert.equal(readText(`${file}.lock`), 'another process', 'a live lock is left alone');

    const old = (Date.now() - 10_000) / 1000;
    fs.utimesSync(`${file}.lock`, old, old);
    assert.equal(withFileLock(file, () => 2, { timeoutMs: 100, staleMs: 5_000 }), 2);
    assert.deepEqual(fs.readdirSync(dir), [], 'the stale lock and its aside copy are gone');
  });

  it('two processes merging into one history at the same time lose no point', async function () {
    this.timeout(30_000);
    const COUNT = 300;
    const base = Date.UTC(2025, 5, 4);
    const a = writer(file, 0, COUNT, base);
    const b = writer(file, 1, COUNT, base);
    try {
      await Promise.all([a.ready, b.ready]);
      a.go();
      b.go();
      const outs = await Promise.all([a.done, b.done]);
      const points = (JSON.parse(fs.readFileSync(file, 'utf8')) as { keyId: string; points: HistoryPoint[] }).points;
      const ts = new Set(points.map(p => p.t));
      const missing: number[] = [];
      for (let i = 0; i < 2 * COUNT; i++) if (!ts.has(base + i)) missing.push(i);
      assert.deepEqual(missing, [], `lost ${missing.length} of ${2 * COUNT} points (${outs.map(o => o.trim().split('\n').pop()).join(', ')})`);
      assert.equal(points.length, 2 * COUNT);
      assert.deepEqual(fs.readdirSync(dir), ['history.json'], 'no lock or temp file left');
    } finally {
      a.kill();
      b.kill();
    }
  });
});

describe('mergePoints', () => {
  const T = Date.UTC(2025, 5, 4);
  it('unites two histories by time, one point per t (the second list wins), sorted', () => {
    const theirs = [{ t: T + 3, keyUsage: 3 }, { t: T + 1, keyUsage: 1 }, { t: T + 2, keyUsage: 2 }];
    const mine = [{ t: T + 2, keyUsage: 20 }, { t: T + 4, keyUsage: 4 }, { bad: true }];
    assert.deepEqual(mergePoints(theirs, mine), [
      { t: T + 1, keyUsage: 1 },
      { t: T + 2, keyUsage: 20 },
      { t: T + 3, keyUsage: 3 },
      { t: T + 4, keyUsage: 4 },
    ]);
    assert.deepEqual(mergePoints('not an array', []), []);
  });

  it('then compacts and caps as History does', () => {
    const old = Array.from({ length: 10 }, (_, i) => ({ t: T - 400 * 86_400_000 + i, keyUsage: i }));
    const recent = Array.from({ length: 10 }, (_, i) => ({ t: T + i, keyUsage: i }));
    assert.deepEqual(mergePoints(old, recent), recent, 'points older than a year are dropped');
    assert.equal(mergePoints(recent, recent.map(p => ({ ...p, t: p.t + 100 })), { maxPoints: 5 }).length, 5);
  });
});
