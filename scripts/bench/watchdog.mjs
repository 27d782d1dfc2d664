// Stops a code-server process group (code-server, its extension hosts, file
// watcher and pty host) when told to, or when the process that started it is
// gone however it went (SIGKILL, a crash, an exit without cleanup).
// startCodeServer runs it detached with a pipe on stdin: the pipe closes when
// stop() ends it or when the parent dies. Then: SIGTERM to the whole group,
// SIGKILL after a grace period, and exit once no process of the group is left.
// Usage: node watchdog.mjs <process group id> [grace ms]
import { readFileSync, readdirSync } from 'node:fs';

const pgid = Number(process.argv[2]);
const graceMs = Number(process.argv[3] || 5000);
if (!(pgid > 1)) process.exit(2);

/** Whether a live (not zombie) process is left in the group. */
function groupAlive() {
  if (process.platform === 'linux') {
    // /proc rather than kill(-pgid, 0), which also counts zombies not yet reaped.
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      let stat;
      try { stat = readFileSync(`/proc/${e}/stat`, 'utf8'); } catch { continue; }
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    }
    return false;
  }
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

const signal = sig => { try { process.kill(-pgid, sig); } catch { /* already gone */ } };
const sleep = ms => new Promise(r => setTimeout(r, ms));
async function goneWithin(ms) {
  for (const end = Date.now() + ms; groupAlive(); await sleep(50)) if (Date.now() > end) return false;
  return true;
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  if (groupAlive()) {
    signal('SIGTERM');
    if (!(await goneWithin(graceMs))) {
      signal('SIGKILL');
      await goneWithin(2000);
    }
  }
  process.exit(0);
}

// Stopped some other way: nothing left to watch.
setInterval(() => { if (!stopping && !groupAlive()) process.exit(0); }, 1000);
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => void stop());
process.stdin.on('error', () => void stop());
