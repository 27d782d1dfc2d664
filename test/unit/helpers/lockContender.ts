// Child process of lockedFile.test.ts: one process taking `${file}.lock`,
// steered line by line so that a test can replay a race step by step.
// Args: file, the lock steps to stop at (comma-separated, each at its first
// occurrence), 'hold' to stay inside until told. Prints "ready", waits for
// "go"; prints "step <name>" at each first step (then waits for "on" when it
// stops there); inside the lock, creates `${file}.holder` with O_EXCL and
// prints "in" ("double" when another holder's marker is there: two processes
// hold the lock), waits for "leave" when holding; prints "done" at the end.
import * as fs from 'node:fs';
import { lockSteps, withFileLock } from '../../../src/vscode/sync/lockedFile';

const [file, stops, mode] = process.argv.slice(2);
const stopAt = new Set(stops ? stops.split(',') : []);
const seen = new Set<string>();
const pause = new Int32Array(new SharedArrayBuffer(4));
let pending = '';

/** The next line from the test (stdin), read synchronously: the lock's steps are synchronous. */
function readLine(): string {
  const buf = Buffer.alloc(64);
  while (!pending.includes('\n')) {
    let n = 0;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 1); // a non-blocking pipe: wait for the test's next line
      continue;
    }
    if (n === 0) process.exit(3); // the test went away
    pending += buf.toString('utf8', 0, n);
  }
  const i = pending.indexOf('\n');
  const line = pending.slice(0, i);
  pending = pending.slice(i + 1);
  return line;
}

function say(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

function expect(want: string): void {
  const got = readLine();
  if (got !== want) throw new Error(`expected "${want}", got "${got}"`);
}

lockSteps.on = step => {
  if (seen.has(step)) return;
  seen.add(step);
  say(`step ${step}`);
  if (stopAt.has(step)) expect('on');
};

say('ready');
expect('go');
withFileLock(file, () => {
  const marker = `${file}.holder`;
  let mine = false;
  try {
    fs.closeSync(fs.openSync(marker, 'wx'));
    mine = true;
    say('in');
  } catch {
    say('double');
  }
  if (mode === 'hold') expect('leave');
  if (mine) fs.unlinkSync(marker);
}, { timeoutMs: 20_000 });
say('done');
process.exit(0);
