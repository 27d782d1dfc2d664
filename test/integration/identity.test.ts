// Identity: the shared state and the history carry a salted key id.
// Swapping OPENROUTER_API_KEY (as a restart with another environment would)
// never shows the old key's balance as the new key's, nor mixes their spend.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_KEYS, FakeOpenRouter, KEY_PATH } from '../fixtures/fakeOpenRouter';
import { api, resetSettings, setSetting, useKey, waitFor, waitForStatus, type TestApi } from './util';

describe('identity: a key swapped through the environment', function () {
  this.timeout(60_000);
  let a: TestApi;
  let fake: FakeOpenRouter;
  const envBefore = process.env.OPENROUTER_API_KEY;

  before(async () => {
    a = await api();
    fake = await FakeOpenRouter.start();
    await setSetting('lowCreditThreshold', 0);
    await useKey(a, fake.baseUrl, undefined); // no stored key: the environment's is used
  });

  after(async () => {
    if (envBefore === undefined) delete process.env.OPENROUTER_API_KEY; else process.env.OPENROUTER_API_KEY = envBefore;
    fake.clearFaults();
    await useKey(a, fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await fake.close();
  });

  it("shows nothing of the old key's state, and keeps their histories apart", async () => {
    process.env.OPENROUTER_API_KEY = FAKE_KEYS.management;
    await a.refresh();
    await waitForStatus(a, /\$16\.55/);
    const idA = a._test.controller.keys!.id!;
    assert.equal(a._test.store.readState()?.keyId, idA);
    assert.ok(a._test.store.loadHistory(idA).length >= 1);

    // Another key, whose first answer is held back: nothing of A may show meanwhile.
    process.env.OPENROUTER_API_KEY = FAKE_KEYS.limited;
    fake.addFault({ path: KEY_PATH, token: FAKE_KEYS.limited, delayMs: 1500, times: 1 });
    const pending = a.refresh();
    await waitFor('the new key read', () => a._test.controller.keys!.id !== idA);
    const idB = a._test.controller.keys!.id!;
    assert.equal(a._test.controller.view.snapshot, undefined, "A's balance shown as B's");
    assert.equal(a.getSnapshot(), undefined);
    assert.doesNotMatch(a._test.statusBar.item.text, /16\.55/);
    await pending;
    await waitForStatus(a, /\$4\.20/);
    const state = a._test.store.readState()!;
    assert.equal(state.keyId, idB);
    assert.equal(state.snapshot?.key.label, 'CI key');
    // B's history holds only B's points; A's usage never reads as B's spend.
    const points = a._test.store.loadHistory(idB);
    assert.ok(points.length >= 1 && points.every(p => p.totalUsage === undefined && p.keyUsage === state.snapshot!.key.usage), JSON.stringify(points));
    assert.deepEqual(a._test.store.loadHistory(idA), []);
    const spend = a._test.controller.view.derived;
    assert.ok(!spend?.spendLastHour, `no spend from the swap: ${JSON.stringify(spend)}`);
    // The salt and the ids never contain the key.
    const files = ['state.json', 'history.json', 'salt'].map(f => fs.readFileSync(path.join(a._test.store.dir, f), 'utf8')).join('\n');
    for (const k of [FAKE_KEYS.management, FAKE_KEYS.limited]) assert.ok(!files.includes(k), 'a key in the shared files');
  });
});
