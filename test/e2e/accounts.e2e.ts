/// <reference lib="dom" />
// Several accounts (issue 12) in the real workbench: Add API Key through the
// palette's password and name boxes, Switch Account by its quick pick and by
// the details page's accounts card, a workspace pinned to an account by its
// `openrouterCredits.account` setting beside a window that shows the active
// one, and Set Limit… from a by-key row, which changes nothing until the modal
// confirmation says so. The truth is the fake's request record and key state,
// the extension's log and the profile's shared files, never a fixed sleep.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { FAKE_KEYS, KEYS_PATH, keyPath, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import {
  EXT_ID, answerInputBox, clickDialogButton, detailsFrame, extensionLogs, runCommand, statusText, useScenario, waitForLog, waitForStatus, getJson,
} from './harness';

const TEAM = 'Team';
const PERSONAL = 'Personal';
/** What the status bar shows for each account once there are two (the name, then the figure). */
const TEAM_STATUS = /Team \$16\.55/;
const PERSONAL_STATUS = /Personal \$4\.20/;
/** The by-key row whose limit the test changes: $10.00, resets weekly, $0.40 spent this week. */
const STAGING = 'Staging bot';

interface ListedKey { hash: string; name: string; limit: number | null; limit_remaining: number | null; limit_reset: string | null }

/** The account's key named `name`, as the fake lists it to the management key. */
async function listedKey(fake: FakeOpenRouter, name: string): Promise<ListedKey> {
  const keys = await getJson<ListedKey[]>(fake, '/keys?include_disabled=true', FAKE_KEYS.management);
  const k = keys.find(x => x.name === name);
  assert.ok(k, `the fake lists ${name}`);
  return k;
}

/** Every PATCH the fake received, to any path. */
function patches(fake: FakeOpenRouter) {
  return fake.requests.filter(r => r.method === 'PATCH');
}

/** Waits for the quick input whose title matches (an input box or a quick pick the extension opened). */
async function waitForQuickInput(page: Page, title: string | RegExp): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Waits until the quick input is gone (its answer was taken). */
async function waitForQuickInputHidden(page: Page): Promise<void> {
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
}

/** Add API Key from the palette: the key in the password box, then the name (checked against the key's label offered by default). */
async function addApiKey(page: Page, key: string, name: string, defaultName: string): Promise<void> {
  await runCommand(page, 'OpenRouter: Add API Key');
  await waitForQuickInput(page, 'OpenRouter API Key');
  assert.equal(await page.locator('.quick-input-widget input').getAttribute('type'), 'password', 'the key is typed into a password box');
  await answerInputBox(page, key);
  // The key is checked with OpenRouter, then the name box offers its label.
  await waitForQuickInput(page, 'Name the Account');
  const input = page.locator('.quick-input-widget input');
  assert.equal(await input.inputValue(), defaultName, 'the name box offers the key\'s label');
  await answerInputBox(page, name);
  await waitForQuickInputHidden(page);
}

/** Switch Account from the palette: the quick pick, filtered by typing the account's name, then Enter. */
async function switchByQuickPick(page: Page, name: string, other: string): Promise<void> {
  await runCommand(page, 'OpenRouter: Switch Account');
  await waitForQuickInput(page, 'Switch OpenRouter Account');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: other }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.quick-input-widget input').fill(name);
  // Enter takes the focused row: only once the list is filtered down to the one typed.
  await rows.filter({ hasText: other }).first().waitFor({ state: 'hidden', timeout: 15_000 });
  await rows.filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await waitForQuickInputHidden(page);
}

/** The page's accounts card: each button's name, whether it is marked as the shown one, and whether it is off. */
async function accountButtons(frame: Frame): Promise<Array<{ name: string; current: boolean; disabled: boolean }>> {
  return frame.$$eval('#account-list button[data-account-id]', bs => bs.map(b => ({
    name: b.querySelector('.account-name')?.textContent ?? '',
    current: b.getAttribute('aria-current') === 'true',
    disabled: (b as HTMLButtonElement).disabled,
  })));
}

/** Waits until the page's accounts card marks `name` as the shown account. */
async function waitForShownOnPage(frame: Frame, name: string): Promise<void> {
  await frame.waitForFunction(n => {
    const cur = document.querySelector('#account-list button[aria-current="true"] .account-name');
    return cur?.textContent === n;
  }, name, { timeout: 30_000 });
}

/** The by-key table's row of `name`: its cells (Today, This week, This month, Limit, Remaining, Reset). */
async function byKeyCells(frame: Frame, name: string): Promise<string[] | undefined> {
  return frame.$$eval('#by-key-rows tr', (trs, n) => {
    const tr = trs.find(t => t.querySelector('th .name')?.textContent === n);
    return tr ? Array.from(tr.querySelectorAll('td:not(.actions)')).map(td => td.textContent ?? '') : undefined;
  }, name);
}

/** Every log line of the profile's extension hosts, joined. */
function allLogs(wb: { profile: Parameters<typeof extensionLogs>[0] }): string {
  return extensionLogs(wb.profile).map(f => fs.readFileSync(f, 'utf8')).join('\n');
}

function countLog(wb: { profile: Parameters<typeof extensionLogs>[0] }, re: RegExp): number {
  return allLogs(wb).match(new RegExp(re.source, 'g'))?.length ?? 0;
}

/** Waits until the log has more than `before` lines matching `re`. */
async function waitForLogCount(wb: { profile: Parameters<typeof extensionLogs>[0] }, re: RegExp, before: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (countLog(wb, re) <= before) {
    if (Date.now() > deadline) throw new Error(`no new log line matched ${re} (still ${before})`);
    await new Promise(r => setTimeout(r, 200));
  }
}

/**
 * Set Limit… on a by-key row of the page: the limit box (offering the
 * current limit), the reset pick (the current reset first, "as now"), then
 * the modal warning, which is left open for the caller to answer.
 */
async function setLimitUpToTheModal(page: Page, frame: Frame, name: string, limit: string, shownLimit: string): Promise<void> {
  const row = frame.locator('#by-key-rows tr', { has: frame.locator('th .name', { hasText: name }) });
  await row.locator('button[data-set-limit]').click();
  await waitForQuickInput(page, `Set Limit for "${name}"`);
  assert.equal(await page.locator('.quick-input-widget input').inputValue(), shownLimit, 'the limit box offers the current limit');
  await answerInputBox(page, limit);
  await waitForQuickInput(page, 'When the limit resets');
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await first.waitFor({ state: 'visible', timeout: 15_000 });
  const firstText = (await first.innerText()).replace(/\s+/g, ' ');
  assert.match(firstText, /Resets weekly.*as now/, 'the current reset comes first');
  await first.click();
  await page.locator('.monaco-dialog-box').waitFor({ state: 'visible', timeout: 30_000 });
  const dialog = (await page.locator('.monaco-dialog-box').innerText()).replace(/\s+/g, ' ');
  assert.ok(dialog.includes(`Set the limit of the key "${name}" to $${Number(limit).toFixed(2)}?`), `the modal names the key and the new limit: ${dialog}`);
}

describe('e2e accounts: several keys, switched, pinned per workspace, and a key\'s limit set', function () {
  // No key at the start: the accounts are added through the palette.
  const s = useScenario({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  let frame: Frame;

  it('adds a second key and switches back and forth by the quick pick and the page\'s accounts card', async () => {
    const page = s.wb.page;
    await waitForStatus(page, /Set OpenRouter key/);
    // The first account: the management key, named Team.
    await addApiKey(page, FAKE_KEYS.management, TEAM, 'Management key');
    await waitForLog(s.wb.profile, /Account "Team" added \(management\)/, 30_000);
    // One account: the status bar does not name it.
    const one = await waitForStatus(page, /\$16\.55/);
    assert.doesNotMatch(one, /Team/);

    // The second: the limited key, named Personal; it becomes the active account, and the status bar names it.
    await addApiKey(page, FAKE_KEYS.limited, PERSONAL, 'CI key');
    await waitForLog(s.wb.profile, /Account "Personal" added \(limited\); it is now the active account\./, 30_000);
    await waitForStatus(page, PERSONAL_STATUS);

    // The details page, open while Personal is shown: its accounts card lists both, Personal marked.
    await runCommand(page, 'Check OpenRouter Credits');
    frame = await detailsFrame(page);
    await waitForShownOnPage(frame, PERSONAL);
    assert.deepEqual((await accountButtons(frame)).map(b => [b.name, b.current, b.disabled]), [[TEAM, false, false], [PERSONAL, true, false]]);
    assert.equal(await frame.$eval('#by-key', e => (e as HTMLElement).hidden), true, 'a normal key has no by-key table');

    // Back to Team through Switch Account's quick pick, picked by typing its name.
    const shows = countLog(s.wb, /Active account: "Team"\./);
    await switchByQuickPick(page, TEAM, PERSONAL);
    await waitForLogCount(s.wb, /Active account: "Team"\./, shows);
    await waitForStatus(page, TEAM_STATUS);
    // The open page follows: Team is marked, and its figures are the management account's.
    await waitForShownOnPage(frame, TEAM);
    await frame.waitForFunction(() => document.querySelector('#balance')?.textContent === '$16.55' && document.querySelectorAll('#by-key-rows tr').length === 4, undefined, { timeout: 30_000 });
    assert.equal(await frame.$eval('#by-key', e => (e as HTMLElement).hidden), false, 'the management account\'s by-key table');
    assert.equal(await frame.$eval('#usage-scope', e => e.textContent), "Spend across the account's 4 keys");

    // And to Personal again from the page's own accounts card.
    const toPersonal = countLog(s.wb, /Active account: "Personal"\./);
    await frame.locator('#account-list button[data-account-id]', { hasText: PERSONAL }).click();
    await waitForLogCount(s.wb, /Active account: "Personal"\./, toPersonal);
    await waitForStatus(page, PERSONAL_STATUS);
    await waitForShownOnPage(frame, PERSONAL);
    await frame.waitForFunction(() => (document.querySelector('#by-key') as HTMLElement | null)?.hidden === true, undefined, { timeout: 30_000 });

    // Team's button brings Team back as the active account (the tests below start from it).
    const toTeam = countLog(s.wb, /Active account: "Team"\./);
    await frame.locator('#account-list button[data-account-id]', { hasText: TEAM }).click();
    await waitForLogCount(s.wb, /Active account: "Team"\./, toTeam);
    await waitForStatus(page, TEAM_STATUS);
    await waitForShownOnPage(frame, TEAM);
  });

  it('a workspace that names Personal shows Personal, while the other window keeps the active account', async () => {
    // A second folder in the same profile, pinned to Personal by its workspace settings.
    const pinnedDir = path.join(path.dirname(s.wb.profile.workspace), 'pinned-workspace');
    fs.mkdirSync(path.join(pinnedDir, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(pinnedDir, '.vscode', 'settings.json'), JSON.stringify({ 'openrouterCredits.account': PERSONAL }, null, 2));
    const pinnedLogs = countLog(s.wb, /This window shows account "Personal" \(pinned\)\./);
    const pinned = await s.wb.browser.newPage({ viewport: { width: 1400, height: 900 } });
    pinned.on('console', m => { if (m.type() === 'error') s.wb.consoleErrors.push(m.text()); });
    try {
      await pinned.goto(`${s.wb.server.url}/?folder=${encodeURIComponent(pinnedDir)}`);
      await pinned.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      // The new window reads the profile's list of accounts and picks Personal by the workspace's name for it.
      await waitForLogCount(s.wb, /This window shows account "Personal" \(pinned\)\./, pinnedLogs, 60_000);
      // code-server keeps SecretStorage in each window's memory (no embedder secret
      // provider): this window cannot read the keys the first one stored. It shows
      // Personal's figures from the shared state, which the polling window keeps
      // current; never Team's, and it does not ask for the key again.
      const shownBeforeKey = await waitForStatus(pinned, /Set OpenRouter key|Personal \$4\.20/, 60_000);
      assert.doesNotMatch(shownBeforeKey, /Team|\$16\.55/, 'a pinned window never shows another account');
      assert.doesNotMatch(shownBeforeKey, /Set OpenRouter key/, 'the account\'s figures show without its key being readable here');
      await waitForStatus(pinned, PERSONAL_STATUS, 60_000);
      // The first window (no setting) still shows the active account, Team.
      assert.match((await statusText(s.wb.page)) ?? '', TEAM_STATUS);
      // The active account is still Team in the shared list: the pin changed where the window looks, not the list.
      const list = JSON.parse(fs.readFileSync(path.join(s.wb.profile.userDataDir, 'User', 'globalStorage', EXT_ID, 'accounts.json'), 'utf8')) as { accounts: Array<{ id: string; name: string }>; activeId?: string };
      assert.deepEqual(list.accounts.map(a => a.name), [TEAM, PERSONAL]);
      assert.equal(list.accounts.find(a => a.id === list.activeId)?.name, TEAM);

      // The pinned window's page says so, and its account buttons are off.
      await runCommand(pinned, 'Check OpenRouter Credits');
      const pinnedFrame = await detailsFrame(pinned);
      await waitForShownOnPage(pinnedFrame, PERSONAL);
      await pinnedFrame.waitForFunction(() => !(document.querySelector('#accounts-pin') as HTMLElement | null)?.hidden, undefined, { timeout: 30_000 });
      assert.match(await pinnedFrame.$eval('#accounts-pin', e => e.textContent ?? ''), /This workspace shows Personal \(openrouterCredits\.account\)/);
      assert.ok((await accountButtons(pinnedFrame)).every(b => b.disabled), 'a pinned workspace\'s switcher is off');
    } finally {
      await pinned.close();
    }
    // The unpinned window never followed the pin.
    assert.match((await statusText(s.wb.page)) ?? '', TEAM_STATUS);
  });

  it('Set Limit… changes nothing when the modal is cancelled, and exactly one PATCH when confirmed', async () => {
    const page = s.wb.page;
    await waitForStatus(page, TEAM_STATUS);
    frame = await detailsFrame(page);
    await waitForShownOnPage(frame, TEAM);
    await frame.waitForFunction(n => Array.from(document.querySelectorAll('#by-key-rows tr th .name')).some(e => e.textContent === n), STAGING, { timeout: 30_000 });
    const before = await listedKey(s.fake, STAGING);
    assert.equal(before.limit, 10);
    assert.equal(before.limit_reset, 'weekly');
    assert.deepEqual((await byKeyCells(frame, STAGING))?.slice(3, 5), ['$10.00', '$9.60']);
    assert.equal(patches(s.fake).length, 0, 'no PATCH before the test');

    // Cancelled at the modal: no PATCH, the key's limit unchanged.
    const cancelled = countLog(s.wb, /Set Key Limit cancelled; nothing was changed\./);
    await setLimitUpToTheModal(page, frame, STAGING, '25', '10');
    await clickDialogButton(page, 'Cancel');
    await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 15_000 });
    await waitForLogCount(s.wb, /Set Key Limit cancelled; nothing was changed\./, cancelled);
    assert.deepEqual(patches(s.fake).map(r => `${r.method} ${r.path}`), [], 'a cancelled Set Limit sends no PATCH');
    assert.equal((await listedKey(s.fake, STAGING)).limit, 10);

    // Confirmed: one PATCH to that key, with the new limit and the kept reset.
    await setLimitUpToTheModal(page, frame, STAGING, '25', '10');
    await clickDialogButton(page, /^Set Limit$/);
    await s.fake.waitForRequests(1, { path: keyPath(before.hash), timeoutMs: 30_000 });
    await waitForLog(s.wb.profile, /Key limit set for "Staging bot": 25 USD, resets weekly\./, 30_000);
    const sent = patches(s.fake);
    assert.equal(sent.length, 1, `exactly one PATCH: ${sent.map(r => r.path).join(', ')}`);
    assert.equal(sent[0].path, keyPath(before.hash));
    assert.ok(sent[0].path.startsWith(`${KEYS_PATH}/`));
    assert.deepEqual(JSON.parse(sent[0].body ?? ''), { limit: 25, limit_reset: 'weekly' });
    // The fake's key now has the limit (GET /keys/{hash}, as OpenRouter answers it).
    const after = await getJson<ListedKey>(s.fake, `/keys/${encodeURIComponent(before.hash)}`, FAKE_KEYS.management);
    assert.equal(after.limit, 25);
    assert.equal(after.limit_reset, 'weekly');
    assert.equal(after.limit_remaining, 24.6);
    // The page shows it after the refresh that follows.
    await frame.waitForFunction(n => {
      const tr = Array.from(document.querySelectorAll('#by-key-rows tr')).find(t => t.querySelector('th .name')?.textContent === n);
      return tr?.querySelectorAll('td')[3]?.textContent === '$25.00';
    }, STAGING, { timeout: 30_000 });
    assert.deepEqual((await byKeyCells(frame, STAGING))?.slice(3, 5), ['$25.00', '$24.60']);

    // The log records the change, and no key: neither the keys nor any "sk-or-" text.
    const logs = allLogs(s.wb);
    assert.match(logs, /Details: the page asks to set a key's limit; asking the user to confirm\./);
    assert.doesNotMatch(logs, /sk-or-/, 'no key (nor any "sk-or-" text) in the extension\'s logs');
    for (const key of Object.values(FAKE_KEYS)) assert.ok(!logs.includes(key), `${key.slice(0, 12)}… in the log`);
    assert.ok(!logs.includes(before.hash), 'no key hash in the log');
  });

  it('removes both accounts: no key nor account left in the profile', async () => {
    const page = s.wb.page;
    // Two stored accounts: Remove API Key asks which, then confirms in a modal.
    await runCommand(page, 'OpenRouter: Remove API Key');
    await waitForQuickInput(page, 'Remove API Key');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: PERSONAL }).first().click();
    await clickDialogButton(page, /^Remove$/);
    await waitForLog(s.wb.profile, /Account "Personal" removed, with its key, history and warnings state\./, 30_000);
    // One left: the status bar no longer names it.
    await waitForStatus(page, /^(?!.*Team).*\$16\.55/);
    // The last one is removed without a pick.
    await runCommand(page, 'OpenRouter: Remove API Key');
    await clickDialogButton(page, /^Remove$/);
    await waitForLog(s.wb.profile, /Account "Team" removed, with its key, history and warnings state\./, 30_000);
    await waitForStatus(page, /Set OpenRouter key/);
    const dir = path.join(s.wb.profile.userDataDir, 'User', 'globalStorage', EXT_ID);
    const list = JSON.parse(fs.readFileSync(path.join(dir, 'accounts.json'), 'utf8')) as { accounts: unknown[] };
    assert.deepEqual(list.accounts, []);
    const left = fs.existsSync(path.join(dir, 'accounts')) ? fs.readdirSync(path.join(dir, 'accounts')) : [];
    assert.deepEqual(left, [], 'no account folder left');
  });

  it('raised no CSP violation', () => {
    assert.deepEqual(s.wb.consoleErrors.filter(e => /Content Security Policy|Refused to/i.test(e)), []);
  });
});
