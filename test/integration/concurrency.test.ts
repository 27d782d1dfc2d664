// Concurrency: rapid setting changes, key and base-URL changes while a
// request is in flight, and concurrent refreshes, in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CREDITS_PATH, FAKE_KEYS, FakeOpenRouter, KEY_PATH } from '../fixtures/fakeOpenRouter';
import { api, resetSettings, setSetting, statusText, useKey, waitFor, waitForStatus, type TestApi } from './util';

const LIMITED = /^\$\(credit-card\) \$4\.20$/;
const MANAGEMENT = /^\$\(credit-card\) \$16\.55$/;
const NO_KEY = /^\$\(key\) Set OpenRouter key$/;

/** The poller's scheduler (private): its effective interval, to size the windows. */
function effectiveIntervalMs(a: TestApi): number {
  const s = (a._test.controller as unknown as { poller: { scheduler?: { effectiveIntervalMs: number } } }).poller.scheduler;
  assert.ok(s, 'this window runs a scheduler');
  return s.effectiveIntervalMs;
}

describe('hardening: concurrency', function () {
  this.timeout(60_000);
  let a: TestApi;
  let fake: FakeOpenRouter;
  /** Every status bar text and spendable the controller published, in order. */
  const seen: Array<{ text: string; spendable?: number; label?: string }> = [];
  let sub: vscode.Disposable | undefined;

  before(async () => {
    a = await api();
    fake = await FakeOpenRouter.start();
    await setSetting('lowCreditThreshold', 0);
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    await waitFor('this window polls', () => a._test.controller.view.isPoller);
    await a.refresh();
    await waitForStatus(a, LIMITED);
    // Status bar render happens in the same onDidChange round: record after it.
    sub = a._test.controller.onDidChange(v => {
      setImmediate(() => seen.push({ text: statusText(a), spendable: v.snapshot?.spendable, label: v.snapshot?.key.label }));
    });
  });

  after(async () => {
    sub?.dispose();
    fake.clearFaults();
    await useKey(a, fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await fake.close();
  });

  it('ten rapid interval changes leave one poller at the final interval', async function () {
    this.timeout(40_000);
    try {
      for (const s of [7, 3, 9, 5, 1, 8, 4, 6, 1, 2]) await setSetting('refreshIntervalSeconds', s);
      await waitFor('final interval applied', () => a._test.controller.view.settings.refreshIntervalSeconds === 2);
      const eff = effectiveIntervalMs(a);
      assert.ok(eff === 2000 || eff === 8000, `effective interval ${eff} ms`); // 8000: window unfocused (×4)
      // Let the first poll under the final interval happen, then observe a window of 3.5 intervals.
      const k0 = fake.requestsTo(KEY_PATH).length;
      await fake.waitForRequests(k0 + 1, { path: KEY_PATH, timeoutMs: eff + 5000 });
      const start = fake.requestsTo(KEY_PATH)[k0].at;
      const windowMs = 3.5 * eff;
      await waitFor('the observation window', () => Date.now() >= start + windowMs, windowMs + 5000, 100);
      const polls = fake.requestsTo(KEY_PATH).slice(k0).filter(r => r.at <= start + windowMs);
      const gaps = polls.slice(1).map((r, i) => r.at - polls[i].at);
      console.log(`[figure] polls at ${eff} ms over ${windowMs} ms: ${polls.length}, gaps ${gaps.join(', ')} ms`);
      // One scheduler: 4 polls (t = 0, 1, 2, 3 intervals), each a full interval after the last.
      assert.ok(polls.length >= 3 && polls.length <= 4, `${polls.length} polls: ${gaps}`);
      for (const g of gaps) assert.ok(g >= eff * 0.9, `polls ${g} ms apart at an interval of ${eff} ms`);
      assert.match(statusText(a), LIMITED);
    } finally {
      await setSetting('refreshIntervalSeconds', undefined);
      await waitFor('interval reset', () => a._test.controller.view.settings.refreshIntervalSeconds === 300);
    }
  });

  it('a key set while a refresh is in flight wins over the slow old answer', async () => {
    await waitForStatus(a, LIMITED);
    const k0 = fake.requestsTo(KEY_PATH).length;
    fake.addFault({ path: KEY_PATH, token: FAKE_KEYS.limited, delayMs: 1500, times: 1 });
    const t0 = Date.now();
    const pending = a.refresh();
    await fake.waitForRequests(k0 + 1, { path: KEY_PATH });
    const mark = seen.length;
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, MANAGEMENT);
    const result = await pending;
    assert.ok(Date.now() - t0 >= 1400, 'the old request was really in flight');
    // The slow answer for the old key has landed by now (refresh() waited for it): it must change nothing.
    assert.match(statusText(a), MANAGEMENT);
    assert.equal(a._test.controller.view.snapshot?.key.label, 'Management key');
    assert.notEqual(result?.key.label, 'CI key', 'refresh() resolved to the old key\'s answer');
    assert.ok(!seen.slice(mark).some(s => s.label === 'CI key' || /\$4\.20/.test(s.text)), `the old key's answer was shown: ${JSON.stringify(seen.slice(mark))}`);
    await a.refresh();
    assert.match(statusText(a), MANAGEMENT);
  });

  it('a key cleared while a refresh is in flight stays cleared', async () => {
    await waitForStatus(a, MANAGEMENT);
    // A management key's refresh asks /credits (its /key is reused within the hour): hold that back.
    const k0 = fake.requestsTo(CREDITS_PATH).length;
    fake.addFault({ path: CREDITS_PATH, token: FAKE_KEYS.management, delayMs: 1500, times: 1 });
    const pending = a.refresh();
    await fake.waitForRequests(k0 + 1, { path: CREDITS_PATH });
    const mark = seen.length;
    await useKey(a, fake.baseUrl, undefined);
    await waitForStatus(a, NO_KEY);
    await pending;
    // Wait until the delayed response was answered, then check nothing came back.
    await waitFor('the slow answer is out', () => !a._test.controller.view.snapshot && Date.now() - fake.requestsTo(CREDITS_PATH)[k0].at >= 1600, 10_000);
    assert.match(statusText(a), NO_KEY);
    assert.equal(a._test.controller.view.status, 'noKey');
    assert.equal(a.getSnapshot(), undefined);
    assert.ok(!seen.slice(mark).some(s => s.spendable !== undefined || /\$16\.55/.test(s.text)), `a balance came back: ${JSON.stringify(seen.slice(mark))}`);
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    await waitForStatus(a, LIMITED);
  });

  it('an apiBaseUrl change while a request is in flight discards the old origin\'s answer', async () => {
    const b = await FakeOpenRouter.start();
    try {
      b.patchKey(FAKE_KEYS.limited, { limit_remaining: 7.5 });
      fake.patchKey(FAKE_KEYS.limited, { limit_remaining: 3.3 }); // what the old origin's slow answer would show
      const k0 = fake.requestsTo(KEY_PATH).length;
      fake.addFault({ path: KEY_PATH, delayMs: 1500, times: 1 });
      const pending = a.refresh();
      await fake.waitForRequests(k0 + 1, { path: KEY_PATH });
      const mark = seen.length;
      await setSetting('apiBaseUrl', b.baseUrl);
      await waitFor('the new base URL applies', () => a._test.controller.view.settings.apiBaseUrl === b.baseUrl);
      await pending;
      // The configured (new) origin is asked and its answer shown; the old answer never is.
      await waitForStatus(a, /^\$\(credit-card\) \$7\.50$/, 10_000);
      await waitFor('the old answer has landed', () => Date.now() - fake.requestsTo(KEY_PATH)[k0].at >= 1600, 10_000);
      assert.match(statusText(a), /^\$\(credit-card\) \$7\.50$/);
      assert.ok(!seen.slice(mark).some(s => s.spendable === 3.3 || /\$3\.30/.test(s.text)), `the old origin's answer was shown: ${JSON.stringify(seen.slice(mark))}`);
      assert.ok(b.requestsTo(KEY_PATH).length >= 1);
      for (const r of b.requests) assert.equal(r.headers.authorization, `Bearer ${FAKE_KEYS.limited}`);
    } finally {
      fake.patchKey(FAKE_KEYS.limited, { limit_remaining: 4.2 });
      await setSetting('apiBaseUrl', fake.baseUrl);
      await waitFor('base URL restored', () => a._test.controller.view.settings.apiBaseUrl === fake.baseUrl);
      await b.close();
    }
    await a.refresh();
    await waitForStatus(a, LIMITED, 5000);
  });

  it('five concurrent refreshes make one request round', async () => {
    await waitForStatus(a, LIMITED);
    await a.refresh(); // the current client learns (again) that /credits is 403 for this key
    const k0 = fake.requestsTo(KEY_PATH).length;
    const all0 = fake.requests.length;
    fake.addFault({ path: KEY_PATH, delayMs: 300, times: 1 });
    const results = await Promise.all([a.refresh(), a.refresh(), a.refresh(), a.refresh(), a.refresh()]);
    assert.equal(fake.requestsTo(KEY_PATH).length - k0, 1, 'one /key request');
    assert.equal(fake.requests.length - all0, 1, 'no other request (/credits is known to be 403 for this key)');
    for (const r of results) assert.equal(r?.spendable, 4.2);
    // The command joins the same way.
    const k1 = fake.requestsTo(KEY_PATH).length;
    fake.addFault({ path: KEY_PATH, delayMs: 300, times: 1 });
    await Promise.all([1, 2, 3, 4, 5].map(() => vscode.commands.executeCommand('openrouterCredits.refresh')));
    assert.equal(fake.requestsTo(KEY_PATH).length - k1, 1, 'one /key request for five commands');
    assert.match(statusText(a), LIMITED);
  });
});
