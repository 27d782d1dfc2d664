// `npm run bench [-- --runs N] [-- --save-baseline] [-- --only demo|organization|key]`: the extension beside its
// previous release. In the real workbench (code-server with the packaged VSIX,
// driven by Chromium, as the e2e layer): the activation time VS Code reports,
// the details page's first paint and complete render (the demo account and a
// 1,000-key organization), key entry → balance in the status bar; from the
// fake server's request record: the requests of one manual refresh, for a
// management key and for a normal key; from dist/: the bytes of each bundle.
// Each figure is the median of N runs (default 3) and its ratio to
// bench/baseline.json (figures.ts). A benchmark, not a test: it prints, and
// fails only when the workbench cannot be driven.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FAKE_KEYS, FakeOpenRouter } from '../../test/fixtures/fakeOpenRouter';
import { clearKey, detailsFrame, extensionLogs, reportedActivationsMs, runCommand, startWorkbench, statusItem, waitForStatus, type Workbench } from '../../test/e2e/harness';
import { PAGE_INIT_ID } from '../../src/core/protocol';
import { REFERENCE_EXTENSION, ROOT, cleanupTemp, ensureBench, filesUnder, packageFolderVsix, run } from './bench';
import { BIG_MODELS, BIG_WORKSPACES, setUpBigOrganization } from './bigOrg';
import { baselineOf, report, type Baseline, type Figure } from './figures';

const BASELINE = path.join(ROOT, 'bench', 'baseline.json');
const argv = process.argv.slice(2);
const RUNS = Math.max(1, Number(argv[argv.indexOf('--runs') + 1]) || 3);
/** The names of our extension and of the floor in Show Running Extensions. */
const OURS = /^(OpenRouter Credits|openrouter-credits\.openrouter-credits)$/i;
const REFERENCE = /^(Bench reference \(the floor\)|openrouter-credits-bench\.bench-reference)$/i;
/** The reference extension's VSIX, packaged once. */
let referenceVsix: string | undefined;
const DEMO_BALANCE = /\$16\.55/;

const wait = (ms: number) => new Promise(r => setTimeout(r, ms));

/** A figure whose runs are filled in as they come. */
function figure(name: string, unit: Figure['unit']): Figure {
  return { name, unit, runs: [] };
}

// --- the workbench ------------------------------------------------------------

/** A workbench whose apiBaseUrl is the fake's; `key` as OPENROUTER_API_KEY (none: no key); `floor`: the reference extension beside ours. */
async function withWorkbench<T>(fake: FakeOpenRouter, key: string | undefined, fn: (wb: Workbench) => Promise<T>, floor = false): Promise<T> {
  const wb = await startWorkbench({
    // code-server scans the machine's ports whenever a socket opens (to offer forwarding), in the extension host:
    // desktop VS Code does not in a local window, so it stays out of the figures.
    settings: { 'openrouterCredits.apiBaseUrl': fake.baseUrl, 'remote.autoForwardPorts': false },
    env: key ? { OPENROUTER_API_KEY: key } : undefined,
    alsoInstall: floor ? [referenceVsix ??= packageFolderVsix(REFERENCE_EXTENSION, 'bench-reference')] : [],
  });
  try {
    return await fn(wb);
  } finally {
    await wb.close();
  }
}

/** Every request the fake has recorded so far. */
async function requestCount(fake: FakeOpenRouter): Promise<number> {
  return (await fake.waitForRequests(0)).length;
}

/** Waits until the fake saw no request for `quietMs` (a refresh and what it triggers are over); returns the count. */
async function settled(fake: FakeOpenRouter, quietMs = 1500, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await requestCount(fake);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error('the extension never stopped asking the fake');
    await wait(100);
    const n = await requestCount(fake);
    if (n !== last) { last = n; since = Date.now(); }
  }
  return last;
}

// --- activation -----------------------------------------------------------------

async function reload(page: Page): Promise<void> {
  await page.evaluate(() => { (window as unknown as { __beforeReload: number }).__beforeReload = 1; });
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForFunction(() => (window as unknown as { __beforeReload?: number }).__beforeReload === undefined, undefined, { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
}

/** Our "Activation: 12ms" and the floor's, from one Developer: Show Running Extensions per load (RUNS loads). */
async function activation(wb: Workbench): Promise<Figure[]> {
  const ours = figure('activation', 'ms');
  const floor = figure('activation, the floor (a minimal extension)', 'ms');
  for (let load = 1; load <= RUNS; load++) {
    if (load > 1) await reload(wb.page);
    await waitForStatus(wb.page, DEMO_BALANCE, 60_000);
    const [a, b] = await reportedActivationsMs(wb.page, [OURS, REFERENCE]);
    await runCommand(wb.page, 'View: Close All Editors');
    ours.runs.push(a);
    floor.runs.push(b);
  }
  return [ours, floor];
}

// --- the details page ---------------------------------------------------------

/** Our log files, or the reference extension's. */
function logFiles(wb: Workbench, page: 'Details panel' | 'Reference page'): string[] {
  return page === 'Details panel' ? extensionLogs(wb.profile)
    : filesUnder(path.join(wb.profile.userDataDir, 'logs')).filter(f => path.basename(f) === 'Bench Reference.log');
}

/** The page's log lines so far, `what` ("rendered" or "first paint"): [ms from show(), ms in the page]. */
function pageLines(wb: Workbench, what: 'rendered' | 'first paint', page: 'Details panel' | 'Reference page' = 'Details panel'): [number, number][] {
  const re = new RegExp(`${page} ${what} (\\d+) ms after it was opened \\(the page's own part: (\\d+) ms\\)`, 'g');
  return logFiles(wb, page).flatMap(f => [...fs.readFileSync(f, 'utf8').matchAll(re)]).map(m => [Number(m[1]), Number(m[2])]);
}

/** The line after the first `before` of `lines()` (the log's, read again each time), once it is written. */
async function nextLine<T>(lines: () => T[], before: number, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = lines();
    if (got.length > before) return got[before];
    if (Date.now() > deadline) throw new Error(`${what} was never logged`);
    await wait(100);
  }
}

function nextPageLine(wb: Workbench, what: 'rendered' | 'first paint', before: number, page: 'Details panel' | 'Reference page' = 'Details panel'): Promise<[number, number]> {
  return nextLine(() => pageLines(wb, what, page), before, `the page's ${what}`);
}

async function closeAllEditors(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'View: Close All Editors');
    const closed = await page.waitForFunction(() => document.querySelectorAll('.tab').length === 0, undefined, { timeout: 10_000 }).then(() => true, () => false);
    if (closed) return;
    if (attempt >= 3) throw new Error('the editors did not close');
  }
}

/** Opens the page RUNS + 1 times (the first, cold, is left out): show() → first paint and → rendered, and each in the page. */
async function pageFigures(wb: Workbench, label: string): Promise<Figure[]> {
  const paint = figure(`page first paint, ${label}`, 'ms');
  const paintIn = figure(`page first paint in the page, ${label}`, 'ms');
  const done = figure(`page complete, ${label}`, 'ms');
  const doneIn = figure(`page complete in the page, ${label}`, 'ms');
  const state = figure(`state in the page's HTML, ${label}`, 'B');
  for (let open = 0; open <= RUNS; open++) {
    const paints = pageLines(wb, 'first paint').length;
    const renders = pageLines(wb, 'rendered').length;
    await runCommand(wb.page, 'Check OpenRouter Credits');
    const p = await nextPageLine(wb, 'first paint', paints);
    const r = await nextPageLine(wb, 'rendered', renders);
    if (open === 0) state.runs.push(await stateBytes(wb));
    await closeAllEditors(wb.page);
    if (open === 0) continue;
    paint.runs.push(p[0]);
    paintIn.runs.push(p[1]);
    done.runs.push(r[0]);
    doneIn.runs.push(r[1]);
  }
  return [paint, paintIn, done, doneIn, state];
}

/** The bytes of the state the host wrote into the page's HTML (its PageInit JSON), read in the page. */
async function stateBytes(wb: Workbench): Promise<number> {
  const frame = await detailsFrame(wb.page);
  return frame.evaluate(id => new TextEncoder().encode(document.getElementById(id)?.textContent ?? '').length, PAGE_INIT_ID);
}

/** The floor's page (the reference extension's: one figure, its script inline), opened as ours: show() → first paint. */
async function floorPage(wb: Workbench, sitting = ''): Promise<Figure[]> {
  const paint = figure(`page first paint, the floor (a minimal page)${sitting}`, 'ms');
  const paintIn = figure(`page first paint in the page, the floor (a minimal page)${sitting}`, 'ms');
  for (let open = 0; open <= RUNS; open++) {
    const before = pageLines(wb, 'first paint', 'Reference page').length;
    await runCommand(wb.page, 'Bench Reference: Open Page');
    const p = await nextPageLine(wb, 'first paint', before, 'Reference page');
    await closeAllEditors(wb.page);
    if (open === 0) continue;
    paint.runs.push(p[0]);
    paintIn.runs.push(p[1]);
  }
  return [paint, paintIn];
}

// --- requests per refresh -------------------------------------------------------

/** This host's busy time of each refresh so far (the controller's "Balance: …" line). */
function busyLines(wb: Workbench): number[] {
  return extensionLogs(wb.profile).flatMap(f => [...fs.readFileSync(f, 'utf8').matchAll(/this host busy (\d+) ms of it/g)]).map(m => Number(m[1]));
}

/** One manual refresh (Refresh Credits), RUNS times, each once the traffic has settled: its requests, and this host's busy time. */
async function refreshFigures(wb: Workbench, fake: FakeOpenRouter, label: string): Promise<Figure[]> {
  const f = figure(`requests per refresh, ${label}`, 'requests');
  const busy = figure(`host work per refresh, ${label}`, 'ms');
  for (let i = 0; i < RUNS; i++) {
    const before = await settled(fake);
    const lines = busyLines(wb).length;
    await runCommand(wb.page, 'OpenRouter: Refresh Credits');
    await fake.waitForRequests(before + 1, { timeoutMs: 30_000 });
    f.runs.push((await settled(fake)) - before);
    busy.runs.push(await nextLine(() => busyLines(wb), lines, 'the refresh\'s balance', 30_000));
  }
  return [f, busy];
}

/** The floor's refresh (the reference extension's: the same requests, each answer parsed, nothing else), RUNS times: its requests, and this host's busy time. */
async function floorRefresh(wb: Workbench, fake: FakeOpenRouter, label: string): Promise<Figure[]> {
  const f = figure(`requests per refresh, the floor (${label})`, 'requests');
  const busy = figure(`host work per refresh, the floor (${label}: the same requests, only parsed)`, 'ms');
  const lines = (): [number, number][] => logFiles(wb, 'Reference page')
    .flatMap(file => [...fs.readFileSync(file, 'utf8').matchAll(/Reference refresh: (\d+) requests, \d+ ms, this host busy (\d+) ms of it/g)])
    .map(m => [Number(m[1]), Number(m[2])]);
  for (let i = 0; i <= RUNS; i++) {
    await settled(fake);
    const before = lines().length;
    await runCommand(wb.page, 'Bench Reference: Refresh');
    const [requests, ms] = await nextLine(lines, before, 'the reference refresh', 30_000);
    if (i === 0) continue; // the first also read the workspaces
    f.runs.push(requests);
    busy.runs.push(ms);
  }
  return [f, busy];
}

// --- key entry ------------------------------------------------------------------

/** Set API Key: the key typed, then from Enter to the balance in the status bar, RUNS times (the key removed between). */
async function keyToBalance(wb: Workbench): Promise<Figure> {
  const f = figure('key to balance', 'ms');
  const input = wb.page.locator('.quick-input-widget input');
  for (let i = 0; i < RUNS; i++) {
    await waitForStatus(wb.page, /Set OpenRouter key/, 60_000);
    await runCommand(wb.page, 'OpenRouter: Set API Key');
    await input.waitFor({ state: 'visible' });
    await input.fill(FAKE_KEYS.management);
    const t0 = Date.now();
    await wb.page.keyboard.press('Enter');
    await statusItem(wb.page).filter({ hasText: DEMO_BALANCE }).waitFor({ state: 'visible', timeout: 60_000 });
    f.runs.push(Date.now() - t0);
    await clearKey(wb.page);
  }
  return f;
}

/** Sets a normal key (a limited one) and counts its refreshes' requests. */
async function normalKeyRequests(wb: Workbench, fake: FakeOpenRouter): Promise<Figure> {
  await runCommand(wb.page, 'OpenRouter: Set API Key');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(FAKE_KEYS.limited);
  await wb.page.keyboard.press('Enter');
  await waitForStatus(wb.page, /\$\d/, 60_000);
  return (await refreshFigures(wb, fake, 'normal key'))[0];
}

// --- the scenarios ----------------------------------------------------------------

async function withFake<T>(prepare: (fake: FakeOpenRouter) => void, fn: (fake: FakeOpenRouter) => Promise<T>): Promise<T> {
  const fake = await FakeOpenRouter.start();
  prepare(fake);
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

/** The demo account (the fake's management key), the floor beside it: activation, the page, a refresh. */
function demoAccount(): Promise<Figure[]> {
  return withFake(() => undefined, fake => withWorkbench(fake, FAKE_KEYS.management, async wb => {
    const act = await activation(wb);
    await settled(fake);
    const page = await pageFigures(wb, 'demo account');
    const floor = await floorPage(wb);
    const refresh = await refreshFigures(wb, fake, 'management key');
    return [...act, ...page, ...floor, ...refresh];
  }, true));
}

/** An organization of 1,000 keys over 10 workspaces, with 30 days × 100 models of activity (bigOrg.ts): the page, a refresh. */
function bigOrganization(): Promise<Figure[]> {
  let label = '';
  return withFake(fake => { label = `${setUpBigOrganization(fake).keys} keys, ${BIG_WORKSPACES} workspaces, ${BIG_MODELS} models`; }, fake => withWorkbench(fake, FAKE_KEYS.management, async wb => {
    await waitForStatus(wb.page, DEMO_BALANCE, 60_000);
    await settled(fake);
    // Each beside the floor's, in the same workbench and sitting.
    return [...await pageFigures(wb, label), ...await floorPage(wb, ', beside the organization'), ...await refreshFigures(wb, fake, label), ...await floorRefresh(wb, fake, `${BIG_WORKSPACES} workspaces`)];
  }, true));
}

/** No key at first: key entry → balance, then a normal key's refreshes. */
function keyEntry(): Promise<Figure[]> {
  return withFake(() => undefined, fake => withWorkbench(fake, undefined, async wb => [await keyToBalance(wb), await normalKeyRequests(wb, fake)]));
}

/** The bytes of each shipped bundle (dist/*.js of the production build). */
function bundleBytes(): Figure[] {
  const dist = path.join(ROOT, 'dist');
  return fs.readdirSync(dist).filter(f => f.endsWith('.js')).sort()
    .map(f => ({ name: `bytes dist/${f}`, unit: 'B' as const, runs: [fs.statSync(path.join(dist, f)).size] }));
}

function readBaseline(): Baseline | undefined {
  return fs.existsSync(BASELINE) ? (JSON.parse(fs.readFileSync(BASELINE, 'utf8')) as Baseline) : undefined;
}

async function main(): Promise<void> {
  // The production build (scripts/build.mjs, run by vsce as vscode:prepublish) and the VSIX the workbench installs.
  run('node', [path.join(ROOT, 'scripts/package.mjs')]);
  const bytes = bundleBytes();
  const bench = ensureBench();
  console.log(`bench: VS Code ${bench.vscodeVersion} (code-server ${bench.codeServerVersion}), ${RUNS} runs a figure`);
  // `--only demo|organization|key`: one scenario (a quicker look while working on one figure; no baseline is saved from it).
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const scenarios: [string, () => Promise<Figure[]>][] = [['demo', demoAccount], ['organization', bigOrganization], ['key', keyEntry]];
  const figures: Figure[] = [];
  for (const [name, scenario] of scenarios) if (!only || only === name) figures.push(...await scenario());
  figures.push(...bytes);
  const baseline = readBaseline();
  console.log(report(figures, baseline).join('\n'));
  if (argv.includes('--save-baseline') && !only) {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    fs.mkdirSync(path.dirname(BASELINE), { recursive: true });
    fs.writeFileSync(BASELINE, `${JSON.stringify(baselineOf(figures, commit, new Date().toISOString()), null, 2)}\n`);
    console.log(`bench: baseline written to ${path.relative(ROOT, BASELINE)} (commit ${commit.slice(0, 12)})`);
  }
}

main().then(() => { cleanupTemp(); process.exit(0); }, err => { console.error('bench: could not drive the workbench:', err); cleanupTemp(); process.exit(1); });
