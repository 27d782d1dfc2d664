// `npm start`, the README's first command: the extension, loaded from this
// checkout, shows the demo account's balance in a real VS Code; and stopping it
// with SIGTERM or SIGINT leaves nothing behind.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, freePort, launchBrowser } from '../../scripts/bench/bench';
import { waitForStatus } from './harness';

interface Started {
  proc: ChildProcess;
  url: string;
  /** The profile folder `npm start` made (every code-server process names it). */
  profileRoot: string;
  out(): string;
}

const started: ChildProcess[] = [];
let browser: Browser | undefined;
let running: Started | undefined;

/** Runs `npm start` the way a developer does (on a free PORT, demo account) and waits for its URL. */
async function npmStart(): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  delete env.OPENROUTER_API_KEY;
  const proc = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(proc);
  let out = '';
  proc.stdout!.on('data', d => { out += d; });
  proc.stderr!.on('data', d => { out += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL:\n${out}`)), 120_000);
    const check = () => {
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', code => { clearTimeout(timer); reject(new Error(`npm start exited (${code}):\n${out}`)); });
  });
  const folder = new URL(url).searchParams.get('folder')!;
  return { proc, url, profileRoot: path.dirname(folder), out: () => out };
}

/** Opens the URL and waits for the balance, so that the extension host, file watcher and pty host are running. */
async function openWorkbench(url: string): Promise<Page> {
  browser ??= await launchBrowser();
  const page = await browser.newPage();
  await page.goto(url);
  await waitForStatus(page, /\$\d+\.\d\d/, 60_000);
  return page;
}

// --- processes, from /proc -----------------------------------------------

function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch { return undefined; }
}
const alive = (pid: number) => { const s = stat(pid); return !!s && s.state !== 'Z'; };
function cmdline(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch { return ''; }
}
const allPids = () => fs.readdirSync('/proc').filter(e => /^\d+$/.test(e)).map(Number);

/** `pid` and all its descendants (detached ones too: a new process group keeps its parent). */
function tree(pid: number): number[] {
  const kids = allPids().filter(p => stat(p)?.ppid === pid);
  return [pid, ...kids.flatMap(tree)];
}

/** Every live process that `npm start` started: its tree, plus any process naming its profile. */
function startedBy(s: Started): Map<number, string> {
  const pids = new Set([...tree(s.proc.pid!), ...allPids().filter(p => p !== process.pid && cmdline(p).includes(s.profileRoot))]);
  return new Map([...pids].filter(alive).map(p => [p, cmdline(p)]));
}

/**
 * Sends `signal` to one process, npm or the node process it runs (not to the
 * group, as Ctrl+C would), and waits, bounded, until none of the processes
 * `npm start` started is alive.
 */
async function stopAndCheck(s: Started, target: 'npm' | 'node', signal: NodeJS.Signals, withWorkbench = true): Promise<void> {
  const label = `${signal} to ${target}`;
  const before = startedBy(s);
  const node = [...before].find(([, c]) => /scripts\/start\.mjs/.test(c))?.[0];
  assert.ok(node, 'no node process runs scripts/start.mjs');
  const kinds = {
    'code-server': [...before.values()].some(c => /code-server/.test(c)),
    'extension host': [...before.values()].some(c => /extensionHost/i.test(c)),
    'file watcher': [...before.values()].some(c => /fileWatcher|watcherMain|parcel/i.test(c)),
    'pty host': [...before.values()].some(c => /ptyHost/i.test(c)),
  };
  assert.ok(kinds['code-server'] && (kinds['extension host'] || !withWorkbench), `npm start's processes lack code-server or an extension host:\n${[...before].map(([p, c]) => `${p} ${c}`).join('\n')}`);
  const t0 = Date.now();
  process.kill(target === 'npm' ? s.proc.pid! : node, signal);
  const deadline = t0 + 30_000;
  let left = [...before.keys()].filter(alive);
  while (left.length && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 100));
    left = [...before.keys()].filter(alive);
  }
  const ms = Date.now() - t0;
  const late = allPids().filter(p => alive(p) && p !== process.pid && cmdline(p).includes(s.profileRoot));
  console.log(`      [figure] ${label}: ${before.size} processes (${Object.entries(kinds).filter(([, v]) => v).map(([k]) => k).join(', ')}), ${before.size - left.length} gone in ${ms} ms, ${left.length + late.length} left`);
  assert.deepEqual([...new Set([...left, ...late])].map(p => `${p} ${before.get(p) ?? cmdline(p)}`), [], `still alive ${ms} ms after ${signal}`);
  if (signal !== 'SIGKILL') assert.match(s.out(), /Stopping/);
}

describe('e2e: npm start', function () {
  after(async () => {
    await browser?.close();
    for (const proc of started) {
      if (proc.exitCode !== null || proc.signalCode !== null) continue;
      const exited = new Promise(r => proc.once('exit', r));
      try { process.kill(-proc.pid!, 'SIGTERM'); } catch { continue; }
      await exited;
    }
  });

  it('opens the extension against the demo account and prints the URL', async () => {
    running = await npmStart();
    assert.match(running.out(), /demo account/);
    const page = await openWorkbench(running.url);
    const text = await waitForStatus(page, /\$\d+\.\d\d/, 5_000);
    assert.match(text, /\$1[0-9]\.\d\d/); // the demo's ~$18.40, draining slowly
  });

  it('SIGTERM to npm stops everything it started: code-server, extension host, watcher, fake server', async () => {
    if (!running || running.proc.exitCode !== null) {
      running = await npmStart();
      await openWorkbench(running.url);
    }
    const fakeUrl = /demo account at (http:\/\/\S+?)\/api\/v1/.exec(running.out())?.[1];
    await stopAndCheck(running, 'npm', 'SIGTERM');
    // The fake server lived in the npm start process: its port is closed now.
    if (fakeUrl) await assert.rejects(fetch(`${fakeUrl}/api/v1/credits`));
  });

  it('SIGINT to npm stops everything it started', async () => {
    const s = await npmStart();
    await openWorkbench(s.url);
    await stopAndCheck(s, 'npm', 'SIGINT');
  });

  it('SIGTERM to the node process stops everything too', async () => {
    await stopAndCheck(await npmStart(), 'node', 'SIGTERM', false);
  });

  it('SIGKILL to the node process: the watchdog still stops code-server', async () => {
    await stopAndCheck(await npmStart(), 'node', 'SIGKILL', false);
  });
});
