// "Don't Show Again" can be undone (OpenRouter: Reset Dismissed Warnings), and
// the out-of-credits warning names what ran out. Real extension host, fake server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { api, logText, notificationsOf, resetSettings, setSetting, useKey, waitFor, waitForStatus, type TestApi } from './util';

describe('dismissed warnings: Reset Dismissed Warnings and what ran out', function () {
  let fake: FakeOpenRouter;
  let a: TestApi;
  const reset = () => vscode.commands.executeCommand<number>('openrouterCredits.resetDismissedWarnings');

  before(async () => {
    a = await api();
    fake = await FakeOpenRouter.start();
    await reset(); // whatever an earlier suite dismissed
  });
  after(async () => {
    await reset();
    await useKey(a, fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await fake.close();
  });

  it('after "Don\'t Show Again" a crossing stays silent; after the command it warns again', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /^\$\(credit-card\) \$16\.55$/);
    await setSetting('lowCreditThreshold', 15);
    await waitFor('the threshold applied', () => a._test.controller.view.settings.lowCreditThreshold === 15);
    const before = notificationsOf(a, 'lowCredit').length;
    fake.spend(FAKE_KEYS.management, 2);            // 14.55: below 15
    await a.refresh();
    await waitFor('the first warning', () => notificationsOf(a, 'lowCredit').length - before === 1);

    // What the toast's "Don't Show Again" button does: this profile's flag, and the shared state.
    await a._test.notifier.dontShowAgain('lowCredit', (kind, until) => a._test.alerts.snooze(kind, until));
    assert.equal(a._test.store.readState()?.thresholds?.kinds.lowCredit?.suppressed, true);

    fake.topUp(FAKE_KEYS.management, 10);           // 24.55: re-armed
    await a.refresh();
    await waitForStatus(a, /^\$\(credit-card\) \$24\.55$/);
    fake.spend(FAKE_KEYS.management, 10);           // 14.55: a new crossing, dismissed
    await a.refresh();
    await waitForStatus(a, /\$14\.55/);
    assert.equal(notificationsOf(a, 'lowCredit').length - before, 1, 'silent while dismissed');

    assert.equal(await reset(), 1, 'one warning re-enabled');
    assert.equal(a._test.store.readState()?.thresholds?.kinds.lowCredit?.suppressed, undefined, 'the shared state forgets it too');
    assert.match(logText(a), /Dismissed warnings re-enabled: lowCredit\./);
    assert.equal(await reset(), 0, 'nothing left to re-enable');

    fake.topUp(FAKE_KEYS.management, 10);           // 24.55
    await a.refresh();
    await waitForStatus(a, /^\$\(credit-card\) \$24\.55$/);
    fake.spend(FAKE_KEYS.management, 10);           // 14.55: warns again
    await a.refresh();
    await waitFor('the warning after the reset', () => notificationsOf(a, 'lowCredit').length - before === 2);
    assert.equal(notificationsOf(a, 'lowCredit').at(-1)?.[1], 'OpenRouter credit is low: $14.55 left');
    await setSetting('lowCreditThreshold', undefined);
  });

  it("out of credits names the key's limit and when it resets, when that is what ran out", async () => {
    fake.reset();
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);  // $4.20 left of a $20.00 monthly limit
    await waitForStatus(a, /\$4\.20/);
    const before = notificationsOf(a, 'outOfCredits').length;
    fake.spend(FAKE_KEYS.limited, 4.2);
    await a.refresh();
    await waitFor('the out-of-credits warning', () => notificationsOf(a, 'outOfCredits').length - before === 1);
    const now = new Date();
    const firstOfNextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const date = new Intl.DateTimeFormat(vscode.env.language, { year: 'numeric', month: 'short', day: 'numeric' }).format(firstOfNextMonth);
    assert.equal(notificationsOf(a, 'outOfCredits').at(-1)?.[1], `This key's $20.00 limit is used up; it resets on ${date}.`);
  });

  it('out of credits on the account says to top up', async () => {
    fake.reset();
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitForStatus(a, /\$16\.55/);
    const before = notificationsOf(a, 'outOfCredits').length;
    fake.spend(FAKE_KEYS.management, 16.55);
    await a.refresh();
    await waitFor('the out-of-credits warning', () => notificationsOf(a, 'outOfCredits').length - before === 1);
    assert.equal(notificationsOf(a, 'outOfCredits').at(-1)?.[1], 'You are out of OpenRouter credits: requests will fail with 402 until you top up.');
  });
});
