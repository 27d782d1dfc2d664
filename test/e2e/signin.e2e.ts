/// <reference lib="dom" />
// "Sign in with OpenRouter" the way a new user does it: from the palette,
// through the (fake) OpenRouter page in the browser, back into VS Code through
// code-server's /callback page, with no key typed. And the paste-a-code
// fallback, when the browser does not come back.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { answerInputBox, clearKey, clickDialogButton, runCommand, useScenario, waitForLog, waitForStatus, waitForToast } from './harness';

const SIGNED_IN = /\$10\.00/;

/** VS Code asks before it opens an external site (link protection): the user says Open. */
const allowOpen = (page: Page) => clickDialogButton(page, /^Open$/);

describe('e2e: sign in with OpenRouter', function () {
  // The fake listens on 127.0.0.2: VS Code treats 127.0.0.1 and localhost as
  // ports to forward, and re-encodes such a URL on the way to the browser, which
  // would mangle the nested callback_url. The real auth page (openrouter.ai) is
  // not loopback, so it is opened exactly as given; so is any 127.0.0.2 page.
  const s = useScenario({ fakeHost: '127.0.0.2' });

  it('signs in from the palette through the browser, with no key typed', async () => {
    await waitForStatus(s.wb.page, /Set OpenRouter key/);
    const popup = s.wb.page.context().waitForEvent('page', { timeout: 30_000 });
    await runCommand(s.wb.page, 'OpenRouter: Sign In with OpenRouter');
    await allowOpen(s.wb.page);
    const auth = await popup;
    // The fake's /auth redirects to the callback; code-server's /callback page hands it to VS Code.
    await auth.waitForURL(/\/callback\?/, { timeout: 30_000 }).catch(() => {
      throw new Error(`the auth page did not come back to the callback; it is at ${auth.url()}`);
    });
    await waitForStatus(s.wb.page, SIGNED_IN);
    await waitForToast(s.wb.page, /saved: limit \$10\.00/);
    assert.equal(s.fake.issuedKeys.length, 1);
    assert.match(s.fake.issuedKeys[0].keyLabel ?? '', /^OpenRouter Credits \(VS Code on /);
    await waitForLog(s.wb.profile, /Sign-in: a normal key was stored/);
    await auth.close();
  });

  it('falls back to pasting the code that OpenRouter shows', async () => {
    await clearKey(s.wb.page);
    // The browser never comes back: the user cancels the wait and asks to paste a code.
    s.fake.addFault({ path: '/auth', status: 503, times: 1 });
    const first = s.wb.page.context().waitForEvent('page', { timeout: 30_000 });
    await runCommand(s.wb.page, 'OpenRouter: Sign In with OpenRouter');
    await allowOpen(s.wb.page);
    await (await first).close();
    const waiting = await waitForToast(s.wb.page, /approve the request in your browser/);
    await waiting.locator('.monaco-button, .codicon-notifications-clear', { hasText: /Cancel/ }).first().click();
    const offer = await waitForToast(s.wb.page, /No sign-in came back from the browser/);
    const second = s.wb.page.context().waitForEvent('page', { timeout: 30_000 });
    await offer.locator('.monaco-button', { hasText: 'Paste a Code Instead' }).click();
    await allowOpen(s.wb.page);
    const page = await second;
    await page.waitForSelector('#code', { timeout: 30_000 });
    const code = (await page.textContent('#code'))?.trim() ?? '';
    assert.ok(code.length > 0, 'the page shows a code');
    await answerInputBox(s.wb.page, code);
    await waitForStatus(s.wb.page, SIGNED_IN);
    assert.equal(s.fake.issuedKeys.length, 2);
    await page.close();
  });
});
