// Installs the project's dependencies when they are missing or older than
// package-lock.json, so `npm start` and `npm test` work on a fresh clone.
// Plain Node: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDeps() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  // What was installed is recorded by the lockfile's content, not its time: a
  // fresh checkout (a clone, a git worktree) has a new lockfile time but may
  // share an up-to-date install.
  const stamp = path.join(root, 'node_modules', '.orc-lock-sha256');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;
  if (have === want) return;
  if (have === undefined && existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    writeFileSync(stamp, want);
    return;
  }
  console.log('Installing dependencies (npm ci)...');
  // On Windows npm is npm.cmd, which only a shell runs.
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error('npm ci failed');
    process.exit(r.status ?? 1);
  }
  writeFileSync(stamp, want);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureDeps();
