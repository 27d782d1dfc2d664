/// <reference lib="dom" />
// Another extension signs in with OpenRouter (issue 22, item 1): the consumer
// extension (test/fixtures/consumerExtension, installed as a VSIX of its own
// beside ours) asks for getSession('openrouter', [], { createIfNone: true }).
// VS Code asks the user in a modal ("The extension '…' wants to sign in using
// OpenRouter.") and, the provider having several accounts, in a quick pick of
// them; the user allows and picks one. The consumer reports to a file what it
// got: the account's label, a SHA-256 of the token (never the token) and the
// status the fake's /key answered to that token. A second, silent call gets
// the same account with no prompt. A management key's account is never offered.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../../scripts/bench/bench';
import { FAKE_KEYS, KEY_PATH } from '../fixtures/fakeOpenRouter';
import { answerInputBox, clickDialogButton, runCommand, useScenario, waitForLog, waitForStatus } from './harness';

const CONSUMER_NAME = 'OpenRouter session consumer (test fixture)';
const ASK = 'Test Consumer: Ask for an OpenRouter Session';
const ASK_SILENTLY = 'Test Consumer: Ask Silently for an OpenRouter Session';
/** What the consumer sends with its own /key call (test/fixtures/consumerExtension/extension.js). */
const CONSUMER_TITLE = 'openrouter-credits-test-consumer';

interface Report { call: string; label?: string; tokenSha256?: string; keyStatus?: number | string; session?: null; error?: string }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The consumer's report lines so far. */
function reports(file: string): Report[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as Report);
}

/** Waits until the consumer has written its `n`-th report line, and returns it. */
async function waitForReport(file: string, n: number, timeoutMs = 60_000): Promise<Report> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = reports(file);
    if (all.length >= n) return all[n - 1];
    if (Date.now() > deadline) throw new Error(`the consumer wrote ${all.length} report lines, not ${n}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

async function waitForQuickInput(page: Page, title: string | RegExp): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Add API Key from the palette: the key in the password box, then the account's name. */
async function addApiKey(page: Page, key: string, name: string): Promise<void> {
  await runCommand(page, 'OpenRouter: Add API Key');
  await waitForQuickInput(page, 'OpenRouter API Key');
  await answerInputBox(page, key);
  await waitForQuickInput(page, 'Name the Account');
  await answerInputBox(page, name);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
}

describe('e2e consent: another extension gets an OpenRouter session once the user allows it', function () {
  let reportFile = '';
  const s = useScenario(() => {
    reportFile = path.join(tempDir('consent-'), 'consumer-report.jsonl');
    return { consumer: true, env: { ORC_CONSUMER_REPORT: reportFile } };
  });

  it('asks the user, offers the normal-key accounts only, and hands out the picked account\'s working key', async () => {
    const page = s.wb.page;
    await waitForStatus(page, /Set OpenRouter key/);
    await addApiKey(page, FAKE_KEYS.management, 'Team');
    await waitForLog(s.wb.profile, /Account "Team" added \(management\)/, 30_000);
    await addApiKey(page, FAKE_KEYS.limited, 'Personal');
    await waitForLog(s.wb.profile, /Account "Personal" added \(limited\)/, 30_000);
    await addApiKey(page, FAKE_KEYS.unlimited, 'Home');
    await waitForLog(s.wb.profile, /Account "Home" added/, 30_000);

    // The consumer asks, createIfNone: VS Code's modal names it and OpenRouter.
    await runCommand(page, ASK);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.ok(text.includes(`The extension '${CONSUMER_NAME}' wants to sign in using OpenRouter.`), `the consent modal: ${text}`);
    assert.deepEqual(reports(reportFile), [], 'nothing handed out before the user allows it');
    await clickDialogButton(page, /^Allow$/);

    // Then the account pick: the normal-key accounts, never the management key's.
    await waitForQuickInput(page, /wants to access a OpenRouter account/);
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Home' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const offered = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map(t => t.trim());
    assert.ok(offered.includes('Personal') && offered.includes('Home'), `both normal-key accounts are offered: ${offered.join(', ')}`);
    assert.ok(!offered.some(l => /Team/.test(l)), `the management key's account is never offered: ${offered.join(', ')}`);
    await rows.filter({ hasText: 'Home' }).first().click();

    // The consumer got Home's session, and its token is the key that works.
    const got = await waitForReport(reportFile, 1);
    assert.equal(got.error, undefined, `the consumer's getSession failed: ${got.error}`);
    assert.equal(got.call, 'ask');
    assert.equal(got.label, 'Home');
    assert.equal(got.tokenSha256, sha256(FAKE_KEYS.unlimited), 'the token is Home\'s key');
    assert.equal(got.keyStatus, 200, 'the fake\'s /key accepts the token');
    const consumerCalls = s.fake.requestsTo(KEY_PATH).filter(r => r.headers['x-title'] === CONSUMER_TITLE);
    assert.equal(consumerCalls.length, 1);
    assert.equal(consumerCalls[0].headers.authorization, `Bearer ${FAKE_KEYS.unlimited}`);

    // Asked again silently: the same account, with no modal nor pick.
    await runCommand(page, ASK_SILENTLY);
    const again = await waitForReport(reportFile, 2);
    assert.equal(await dialog.isVisible(), false, 'no consent modal the second time');
    assert.equal(await page.locator('.quick-input-widget .quick-input-title', { hasText: /OpenRouter account/ }).isVisible(), false, 'no account pick the second time');
    assert.deepEqual(again, { call: 'silent', label: 'Home', tokenSha256: sha256(FAKE_KEYS.unlimited), keyStatus: 200 });
  });
});
