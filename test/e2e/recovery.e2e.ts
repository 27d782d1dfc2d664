/// <reference lib="dom" />
// Recovery and live settings in one session: a 5xx and a 401 recover on their own
// (no manual refresh), a threshold changed in the user settings applies live, a drain
// warns once, and "Snooze 24h" really snoozes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import {
  extensionLogs, runCommand, toasts, useScenario, waitForLog, waitForStatus, waitForToast, type Workbench,
} from './harness';

const INTERVAL_S = 2;
const KEY = '/api/v1/key';

/** The codicons (`cloud-offline`, `credit-card`, ...) rendered in this extension's status bar item. */
async function statusIcons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('.statusbar-item'));
    const mine = items.find(e => /openrouterCredits\.status/.test(e.id) || /OpenRouter/.test(e.getAttribute('aria-label') ?? ''));
    if (!mine) return [];
    return Array.from(mine.querySelectorAll('.codicon')).flatMap(e => Array.from(e.classList).filter(c => c.startsWith('codicon-')).map(c => c.slice('codicon-'.length)));
  });
}

/** Waits until the item shows `text` with `icon` as its (first) codicon. */
async function waitForLook(page: Page, text: RegExp, icon: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const t = await waitForStatus(page, text, Math.max(1, deadline - Date.now()));
    const icons = await statusIcons(page);
    last = `${JSON.stringify(t)} with icons ${JSON.stringify(icons)}`;
    if (icons[0] === icon) return;
    if (Date.now() > deadline) throw new Error(`status never showed ${text} with $(${icon}); last: ${last}`);
    await page.waitForTimeout(200);
  }
}

function logCount(wb: Workbench, re: RegExp): number {
  const g = new RegExp(re.source, 'g');
  return extensionLogs(wb.profile).reduce((n, f) => n + (fs.readFileSync(f, 'utf8').match(g)?.length ?? 0), 0);
}

const CREDITS = '/api/v1/credits';

/** Waits for n more polls: a management key's refresh always asks /credits (its /key at most hourly). */
async function polls(fake: FakeOpenRouter, n: number): Promise<void> {
  await fake.waitForRequests(fake.requestsTo(CREDITS).length + n, { path: CREDITS, timeoutMs: 30_000 });
}

describe('e2e: recovery, live settings and snooze (management key from OPENROUTER_API_KEY)', function () {
  const s = useScenario({ key: FAKE_KEYS.management, settings: { 'openrouterCredits.refreshIntervalSeconds': INTERVAL_S } });

  it('a 503 keeps $16.55 with the stale look, then recovers on its own', async () => {
    await waitForLook(s.wb.page, /^\$16\.55$/, 'credit-card');
    s.fake.addFault({ status: 503 });
    await waitForLook(s.wb.page, /^\$16\.55$/, 'cloud-offline');
    assert.equal(await s.wb.page.locator('.statusbar-item .codicon-cloud-offline').count(), 1);
    await waitForLog(s.wb.profile, /Refresh failed \(serviceError, attempt \d+\); next try in \d+ s/);
    s.fake.clearFaults();
    // No Refresh command: the back-off retry brings the normal look back.
    await waitForLook(s.wb.page, /^\$16\.55$/, 'credit-card', 30_000);
    assert.equal(await s.wb.page.locator('.statusbar-item .codicon-cloud-offline').count(), 0);
    await waitForLog(s.wb.profile, /Refresh succeeded again/);
  });

  it('a 401 shows the invalid-key state and offers Set API Key, then recovers on its own', async () => {
    s.fake.addFault({ status: 401 });
    const text = await waitForStatus(s.wb.page, /OpenRouter key invalid/);
    assert.doesNotMatch(text, /\$16\.55/);
    const toast = await waitForToast(s.wb.page, /rejected the API key/);
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Set API Key' }).count(), 1);
    s.fake.clearFaults();
    await waitForLook(s.wb.page, /^\$16\.55$/, 'credit-card', 30_000);
    assert.equal(logCount(s.wb, /Notification \(invalidKey\)/), 1, 'one invalid-key notification for the incident');
    await runCommand(s.wb.page, 'Notifications: Clear All Notifications');
    await s.wb.page.waitForFunction(() => document.querySelectorAll('.notification-toast').length === 0);
  });

  it('a threshold changed in the user settings applies live; a drain warns once; Snooze 24h snoozes', async () => {
    // Through the Settings editor, which writes the user settings.json. (code-server does not
    // notice edits made to that file behind its back, so the test edits it the way a user does.)
    await runCommand(s.wb.page, 'Preferences: Open User Settings');
    await s.wb.page.locator('.settings-editor .suggest-input-container').first().click();
    await s.wb.page.keyboard.type('openrouterCredits.lowCreditThreshold');
    const row = s.wb.page.locator('.settings-editor .setting-item-contents[data-key="openrouterCredits.lowCreditThreshold"]');
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.locator('input').fill('15');
    await row.locator('input').press('Tab');
    const file = path.join(s.wb.profile.userDataDir, 'User', 'settings.json');
    const deadline = Date.now() + 15_000;
    // VS Code writes the file in place: a read in the middle of a write finds it empty or cut, which is "not yet".
    const threshold = (): unknown => { try { return (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)['openrouterCredits.lowCreditThreshold']; } catch { return undefined; } };
    while (threshold() !== 15) {
      if (Date.now() > deadline) throw new Error(`the setting never reached ${file}`);
      await s.wb.page.waitForTimeout(100);
    }
    await runCommand(s.wb.page, 'View: Close All Editors');

    // 16.55 → 16.05 → 15.55 → 15.05 → 14.55: one crossing of 15, on the last step.
    for (const expected of ['16.05', '15.55', '15.05', '14.55']) {
      s.fake.spend(FAKE_KEYS.management, 0.5);
      await waitForStatus(s.wb.page, new RegExp(`^\\$${expected.replace('.', '\\.')}$`), 30_000);
    }
    // The new threshold is in force without a reload: the item warns.
    await waitForLook(s.wb.page, /^\$14\.55$/, 'warning');
    const toast = await waitForToast(s.wb.page, /OpenRouter credit is low: \$14\.55 left/);
    await polls(s.fake, 2);
    assert.equal(await toasts(s.wb.page).filter({ hasText: /credit is low/ }).count(), 1, 'one toast');
    assert.equal(logCount(s.wb, /Notification \(lowCredit\)/), 1, 'one notification in the logs');

    await toast.locator('.monaco-button', { hasText: 'Snooze 24h' }).click();
    await waitForLog(s.wb.profile, /User snoozed lowCredit for 24 h\./);
    await toast.waitFor({ state: 'hidden' });

    // A top-up would re-arm the warning and a new drain cross again, but it is snoozed.
    s.fake.topUp(FAKE_KEYS.management, 10);
    await waitForLook(s.wb.page, /^\$24\.55$/, 'credit-card', 30_000);
    s.fake.spend(FAKE_KEYS.management, 10);
    await waitForLook(s.wb.page, /^\$14\.55$/, 'warning', 30_000);
    await polls(s.fake, 3);
    assert.equal(logCount(s.wb, /Notification \(lowCredit\)/), 1, 'snoozed: no second notification');
    assert.equal(await toasts(s.wb.page).filter({ hasText: /credit is low/ }).count(), 0);
  });

  it('the welcome walkthrough is listed and shows its three steps', async () => {
    await runCommand(s.wb.page, 'Welcome: Open Walkthrough...');
    const input = s.wb.page.locator('.quick-input-widget input');
    await input.fill('OpenRouter');
    const row = s.wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with OpenRouter Credits' }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    for (const step of ['Sign in, or get a key', 'Set your key', 'Pick your threshold']) {
      await s.wb.page.getByText(step, { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    await runCommand(s.wb.page, 'View: Close All Editors');
  });
});
