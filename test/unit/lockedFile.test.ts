import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergePoints } from '../../src/core/money/samples';
import type { HistoryPoint } from '../../src/core/types';
import { readInto, readText, updateFile, withFileLock, writeAtomic } from '../../src/vscode/sync/lockedFile';

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

/** A lockContender child (helpers/lockContender.ts), steered by lines; `until` waits for a line it printed. */
function contender(file: string, stops: string[], mode = '') {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'helpers/lockContender.ts'), file, stops.join(','), mode], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buf = '';
  let err = '';
  let exit: number | null | undefined;
  const wake = (): void => waiters.forEach(w => w());
  child.stdout.on('data', d => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
    wake();
  });
  child.stderr.on('data', d => (err += d));
  child.on('exit', code => { exit = code; wake(); });
  const until = (re: RegExp): Promise<string> => new Promise((resolve, reject) => {
    const check = (): void => {
      const hit = lines.find(l => re.test(l));
      if (hit !== undefined) { waiters.delete(check); resolve(hit); }
      else if (exit !== undefined) { waiters.delete(check); reject(new Error(`contender exited (${exit}) before ${re}: ${lines.join(' | ')} ${err}`)); }
    };
    waiters.add(check);
    check();
  });
  return { lines, until, send: (line: string) => child.stdin.write(`${line}\n`), kill: () => child.kill() };
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

  it('reads a file whole into a reused buffer, growing it for a bigger file; a missing file is undefined', () => {
    assert.equal(readInto(file, Buffer.alloc(0)), undefined);
    writeAtomic(file, Buffer.from('{"a":1}'));
    const small = readInto(file, Buffer.alloc(0))!;
    assert.equal(small.bytes.toString(), '{"a":1}');
    const big = 'é'.repeat(200_000); // 400,000 bytes: more than the first buffer
    writeAtomic(file, big);
    const grown = readInto(file, small.buffer)!;
    assert.notEqual(grown.buffer, small.buffer);
    assert.equal(grown.bytes.toString('utf8'), big);
    writeAtomic(file, 'short');
    const again = readInto(file, grown.buffer)!;
    assert.equal(again.buffer, grown.buffer, 'a file that fits: the same buffer');
    assert.equal(again.bytes.toString(), 'short');
    writeAtomic(file, '');
    assert.equal(readInto(file, grown.buffer)!.bytes.length, 0);
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

  it('breaks a stale lock also after a breaker died while breaking it, and leaves no marker', () => {
    const old = (Date.now() - 60_000) / 1000;
    for (const f of [`${file}.lock`, `${file}.lock.break0`]) {
      fs.writeFileSync(f, '');
      fs.utimesSync(f, old, old);
    }
    assert.equal(withFileLock(file, () => 3, { timeoutMs: 500 }), 3);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a lock broken by two processes at once is held by one process at a time (three processes, replayed step by step)', async function () {
    this.timeout(30_000);
    // A stale lock: its holder died a minute ago.
    fs.writeFileSync(`${file}.lock`, '99999.deaddeaddead');
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(`${file}.lock`, old, old);
    const a = contender(file, [], 'hold');
    const b = contender(file, ['stale', 'removed', 'broken']);
    const c = contender(file, []);
    try {
      await Promise.all([a.until(/^ready$/), b.until(/^ready$/), c.until(/^ready$/)]);
      // b judges the lock stale, and stops there.
      b.send('go');
      await b.until(/^step stale$/);
      // a judges it stale too, breaks it and takes the lock: it holds it until told.
      a.send('go');
      await a.until(/^in$/);
      // b goes on breaking what it judged stale, and stops at its next step.
      b.send('on');
      const next = await b.until(/^step (removed|broken)$/);
      // c tries the lock now: a still holds it.
      c.send('go');
      assert.equal(await c.until(/^(in|double|step busy)$/), 'step busy', 'c finds the lock held');
      b.send('on');
      if (next === 'step removed') {
        await b.until(/^step broken$/);
        b.send('on');
      }
      a.send('leave');
      await Promise.all([a.until(/^done$/), b.until(/^done$/), c.until(/^done$/)]);
      for (const [name, p] of [['a', a], ['b', b], ['c', c]] as const) {
        assert.ok(!p.lines.includes('double'), `${name} held the lock while another process held it: ${p.lines.join(' | ')}`);
        assert.ok(p.lines.includes('in'), `${name} got the lock in the end`);
      }
      assert.deepEqual(fs.readdirSync(dir), [], 'no lock, marker or aside file left');
    } finally {
      a.kill();
      b.kill();
      c.kill();
    }
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
