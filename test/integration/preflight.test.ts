// The pre-flight task (issue 11): `openrouter-credits` with `minimumUsd`
// succeeds when the spendable balance covers it, fails otherwise naming both
// amounts and the Top Up link; it uses the shared figures when fresh and
// refreshes once when not. Real extension host, real task system.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FAKE_KEYS, FakeOpenRouter, KEY_PATH } from '../fixtures/fakeOpenRouter';
import type { PreflightTasks } from '../../src/vscode/integrations/preflightTask';
import { logText, type TestApi, useKey, waitFor, waitForStatus, withFakeAccount } from './util';

describe('pre-flight task: openrouter-credits', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount(FAKE_KEYS.limited);
  let fake: FakeOpenRouter;
  let a: TestApi;
  let tasks: PreflightTasks;

  before(async () => {
    ({ a, fake } = ctx);
    tasks = (a._test as unknown as { preflight: PreflightTasks }).preflight;
    await waitForStatus(a, /\$4\.20/);
  });

  it('runs through the task system: the provided task ($1) passes with $4.20, and the terminal closes with 0', async () => {
    const found = await vscode.tasks.fetchTasks({ type: 'openrouter-credits' });
    assert.equal(found.length, 1);
    assert.equal((found[0].definition as { minimumUsd?: number }).minimumUsd, 1);
    const ended = new Promise<number | undefined>(resolve => {
      const sub = vscode.tasks.onDidEndTaskProcess(e => { if (e.execution.task.definition.type === 'openrouter-credits') { sub.dispose(); resolve(e.exitCode); } });
    });
    const logBefore = logText(a).length;
    await vscode.tasks.executeTask(found[0]);
    await waitFor('the check ran', () => /Pre-flight check for 1 USD: passed\./.test(logText(a).slice(logBefore)));
    assert.equal(tasks.last?.ok, true);
    assert.match(tasks.last!.message, /^OpenRouter balance \$4\.20 covers the \$1\.00 needed\.$/);
    const code = await Promise.race([ended, new Promise<'none'>(r => setTimeout(() => r('none'), 5000))]);
    if (code !== 'none') assert.equal(code, 0);
  });

  it('fails below the minimum, naming both amounts and the Top Up link', async () => {
    const r = await tasks.run(10);
    assert.equal(r.ok, false);
    assert.equal(r.message, 'OpenRouter balance $4.20 is below the $10.00 needed. Top up: https://openrouter.ai/settings/credits');
  });

  it('uses fresh shared figures without a request, and refreshes once when they are stale', async () => {
    const k0 = fake.requestsTo(KEY_PATH).length;
    assert.equal((await tasks.run(2)).ok, true);
    assert.equal(fake.requestsTo(KEY_PATH).length, k0, 'fresh: no request');
    // A failed refresh makes the figures stale: the next check asks once.
    fake.addFault({ path: KEY_PATH, status: 503, times: 1 });
    await a.refresh();
    await waitFor('stale', () => a._test.controller.view.stale);
    const k1 = fake.requestsTo(KEY_PATH).length;
    const r = await tasks.run(2);
    assert.equal(fake.requestsTo(KEY_PATH).length, k1 + 1, 'one refresh');
    assert.equal(r.ok, true);
  });

  it('an unknown balance, no key, or a bad minimum fail with a clear message', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.unlimited);
    await waitFor('the unlimited key', () => a._test.controller.view.snapshot?.key.limit === null && a._test.controller.view.snapshot.accountStatus !== 'known');
    const unknown = await tasks.run(1);
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /not known for this key, so \$1\.00 cannot be confirmed/);
    assert.equal((await tasks.run(-1)).ok, false);
    await useKey(a, fake.baseUrl, undefined);
    const none = await tasks.run(1);
    assert.equal(none.ok, false);
    assert.match(none.message, /No OpenRouter API key is set/);
  });
});
