// Child process of lockedFile.test.ts: one "window" saving its history to the
// shared file the way SharedStore.saveHistory does (its whole list, merged by
// time under the lock), one new point per save. Args: file, parity (0|1),
// count, base t. Prints "ready", waits for a line on stdin, writes, then
// prints "done <lock timeouts>".
import { historyFileText } from '../../../src/core/money/samples';
import type { HistoryPoint } from '../../../src/core/types';
import { updateFile } from '../../../src/vscode/sync/lockedFile';

const [file, parity, count, base] = process.argv.slice(2);
/** Both writers save the same key's history. */
const KEY_ID = '0123456789abcdef';
const mine: HistoryPoint[] = [];

function save(): boolean {
  try {
    updateFile(file, text => historyFileText(text, KEY_ID, mine));
    return true;
  } catch (e) {
    if (!/held by another process/.test((e as Error).message)) throw e;
    return false; // as in the extension: the points stay in memory and go out with the next save
  }
}

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  let timeouts = 0;
  for (let i = 0; i < Number(count); i++) {
    mine.push({ t: Number(base) + 2 * i + Number(parity), keyUsage: i });
    if (!save()) timeouts++;
  }
  while (!save()) timeouts++;
  process.stdout.write(`done ${timeouts}\n`);
  process.exit(0);
});
