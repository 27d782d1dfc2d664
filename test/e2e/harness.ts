/// <reference lib="dom" />
// Drives the real workbench (code-server, with the packaged VSIX installed)
// through Chromium. Shared by the e2e tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import * as assert from 'node:assert/strict';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { ROOT, ensureBench, filesUnder, installVsix, launchBrowser, makeProfile, packageConsumerVsix, startCodeServer, type Profile, type Server } from '../../scripts/bench/bench';

export const EXT_ID = 'openrouter-credits.openrouter-credits';

export function vsixPath(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const p = path.join(ROOT, `openrouter-credits-${pkg.version}.vsix`);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run npm run package (run-e2e.ts does)`);
  return p;
}

/** Every profile the e2e run used, for the final key-leak scan. */
export const usedProfiles: Profile[] = [];

/** The extension's log files in a profile (one per extension host). */
export function extensionLogs(p: Profile): string[] {
  return filesUnder(path.join(p.userDataDir, 'logs')).filter(f => path.basename(f) === 'OpenRouter Credits.log');
}

/** Waits for a log line matching `re` in any of the profile's extension logs. */
export async function waitForLog(p: Profile, re: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of extensionLogs(p)) {
      const m = re.exec(fs.readFileSync(f, 'utf8'));
      if (m) return m;
    }
    if (Date.now() > deadline) throw new Error(`no log line matched ${re}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

export interface Workbench {
  server: Server;
  profile: Profile;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  open(): Promise<Page>;
  close(): Promise<void>;
}

export async function startWorkbench(opts: {
  settings?: Record<string, unknown>;
  workspaceSettings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  seed?: (globalStorageDir: string) => void;
  /** Run with workspace trust on: the folder opens in Restricted Mode. */
  restricted?: boolean;
  /** Install the consumer extension (test/fixtures/consumerExtension) too, as a VSIX of its own. */
  consumer?: boolean;
  /** Other VSIXes installed beside ours (the bench's reference extension). */
  alsoInstall?: string[];
}): Promise<Workbench> {
  const bench = ensureBench();
  const profile = makeProfile({
    'openrouterCredits.refreshIntervalSeconds': 300,
    ...(opts.restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {}),
    ...opts.settings,
  }, opts.workspaceSettings);
  usedProfiles.push(profile);
  installVsix(bench, profile, vsixPath());
  if (opts.consumer) installVsix(bench, profile, packageConsumerVsix());
  for (const vsix of opts.alsoInstall ?? []) installVsix(bench, profile, vsix);
  if (opts.seed) {
    const dir = path.join(profile.userDataDir, 'User', 'globalStorage', EXT_ID);
    fs.mkdirSync(dir, { recursive: true });
    opts.seed(dir);
  }
  const server = await startCodeServer(bench, profile, { env: { ORC_TEST_MODE: '1', ...opts.env }, workspaceTrust: opts.restricted });
  const browser = await launchBrowser();
  const consoleErrors: string[] = [];
  const open = async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    return page;
  };
  const page = await open();
  return {
    server, profile, browser, page, consoleErrors, open,
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

export interface Scenario {
  /** The fake OpenRouter server the workbench talks to. */
  fake: FakeOpenRouter;
  wb: Workbench;
}

export type ScenarioOptions = Parameters<typeof startWorkbench>[0] & {
  /** OPENROUTER_API_KEY for the workbench (the key fallback); none = no key. */
  key?: string;
  /** Adjusts the fake server before the workbench starts. */
  prepare?: (fake: FakeOpenRouter) => void;
  /** The fake's loopback address (default 127.0.0.1). */
  fakeHost?: string;
};

/**
 * Registers before/after hooks for a describe block: a fake server, and a
 * workbench (the packaged VSIX in code-server) whose apiBaseUrl points at it.
 * The returned object is filled in by the time the tests run.
 */
export function useScenario(options: ScenarioOptions | (() => ScenarioOptions)): Scenario {
  const s = {} as Scenario;
  before(async () => {
    const { key, prepare, fakeHost, ...opts } = typeof options === 'function' ? options() : options;
    s.fake = await FakeOpenRouter.start({ host: fakeHost });
    prepare?.(s.fake);
    s.wb = await startWorkbench({
      ...opts,
      settings: { 'openrouterCredits.apiBaseUrl': s.fake.baseUrl, ...opts.settings },
      env: key ? { OPENROUTER_API_KEY: key, ...opts.env } : opts.env,
    });
  });
  after(async () => {
    await s.wb?.close();
    await s.fake?.close();
  });
  return s;
}

/** A GET answer's `data` from the fake, asked as a client would (the management key unless `key`): the truth a test checks the page against. */
export async function getJson<T>(fake: FakeOpenRouter, p: string, key: string = FAKE_KEYS.management): Promise<T> {
  const res = await fetch(`${fake.baseUrl}${p}`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200, `GET ${p}`);
  return ((await res.json()) as { data: T }).data;
}

/** The status bar item of this extension. */
export function statusItem(page: Page) {
  return page.locator('[id="openrouter-credits.openrouter-credits.openrouterCredits.status"], #openrouterCredits\\.status').first();
}

/** Waits until the extension's status bar item's text matches. */
export async function waitForStatus(page: Page, re: RegExp, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await statusText(page)) ?? '';
    if (re.test(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`status bar text ${JSON.stringify(last)} never matched ${re}`);
}

export async function statusText(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('.statusbar-item'));
    const mine = items.find(e => /openrouterCredits\.status/.test(e.id) || /OpenRouter/.test(e.getAttribute('aria-label') ?? ''));
    return mine ? (mine.textContent ?? '').trim() : undefined;
  });
}

export async function statusElementInfo(page: Page): Promise<{ id: string; text: string; background: string; aria: string } | undefined> {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('.statusbar-item'));
    const mine = items.find(e => /openrouterCredits\.status/.test(e.id) || /OpenRouter/.test(e.getAttribute('aria-label') ?? ''));
    if (!mine) return undefined;
    return { id: mine.id, text: (mine.textContent ?? '').trim(), background: getComputedStyle(mine as HTMLElement).backgroundColor, aria: mine.querySelector('[aria-label]')?.getAttribute('aria-label') ?? mine.getAttribute('aria-label') ?? '' };
  });
}

/** Runs a command from the palette by its title (retrying if focus moves away, e.g. to a revealed panel). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      // Click the row whose label is exactly the title: Enter would run whichever row
      // has focus, which can be another one while the list still filters.
      const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      const row = page.locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await row.click();
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Clicks a button of the modal dialog that is (about to be) shown. */
export async function clickDialogButton(page: Page, label: string | RegExp): Promise<void> {
  const button = page.locator('.monaco-dialog-box .monaco-button', { hasText: label });
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}

/** Runs Remove API Key on the one account and confirms it; the status bar then asks for a key. */
export async function clearKey(page: Page): Promise<void> {
  await runCommand(page, 'OpenRouter: Remove API Key');
  await clickDialogButton(page, /^Remove$/);
  await waitForStatus(page, /Set OpenRouter key/);
}

/** Types into the quick-input box that the extension opened and presses Enter. */
export async function answerInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.keyboard.press('Enter');
}

export function toasts(page: Page) {
  return page.locator('.notification-toast');
}

export async function waitForToast(page: Page, re: RegExp, timeoutMs = 30_000) {
  const t = page.locator('.notification-toast', { hasText: re }).first();
  await t.waitFor({ state: 'visible', timeout: timeoutMs });
  return t;
}

/** The details panel's inner frame (the page's own document). */
export async function detailsFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      try {
        if (await f.$('#balance')) return f;
      } catch { /* frame navigating */ }
    }
    await page.waitForTimeout(100);
  }
  throw new Error('details panel did not render');
}

/** Every file under a folder whose bytes contain `needle`. */
export function grepTree(dir: string, needle: string): string[] {
  return filesUnder(dir).filter(f => {
    try { return fs.readFileSync(f).includes(needle); } catch { return false; /* vanished or unreadable */ }
  });
}

export function screenshotsDir(): string {
  const d = path.join(ROOT, 'docs', 'screenshots');
  fs.mkdirSync(d, { recursive: true });
  return d;
}

/** Reads "Activation: 123ms" (or "Startup Activation: …") from this extension's row of the running-extensions editor. */
export async function reportedActivationMs(page: Page): Promise<number> {
  return (await reportedActivationsMs(page, [/^(OpenRouter Credits|openrouter-credits\.openrouter-credits)$/i]))[0];
}

/** "Activation: 12ms" of each extension named (display name or id), from one Developer: Show Running Extensions. */
export async function reportedActivationsMs(page: Page, names: RegExp[]): Promise<number[]> {
  // The list is virtual (70 px rows, sorted by time): a tall page renders every row.
  await page.setViewportSize({ width: 1400, height: 2400 });
  await runCommand(page, 'Developer: Show Running Extensions');
  const out: number[] = [];
  for (const name of names) {
    const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ has: page.locator('.name', { hasText: name }) });
    const time = row.locator('.activation-time', { hasText: /\d+(\.\d+)?\s*ms/ });
    await time.waitFor({ state: 'visible', timeout: 30_000 });
    out.push(Number(/([\d.]+)\s*ms/.exec((await time.textContent()) ?? '')?.[1]));
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  return out;
}
