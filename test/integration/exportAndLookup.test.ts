// Export Usage… and Look Up Generation Cost (issue 11, items 3 and 4), in the
// real extension host against the fake server. The save dialog and the input
// box cannot be driven from here: the tests give the Uri through the test
// hooks (the registered Export Usage takes none: a command link could pass
// one) and the id as the command's argument.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { spendByKey } from '../../src/core/money/breakdown';
import type { GenerationInfo } from '../../src/core/types';
import { FAKE_GENERATION_IDS, FAKE_KEYS, FakeOpenRouter, GENERATION_PATH } from '../fixtures/fakeOpenRouter';
import { api, logText, notificationsOf, setSetting, type TestApi, useKey, waitFor, withFakeAccount } from './util';

/** The CSV's sections: name → lines (header first). */
function sections(csv: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of csv.split('\r\n\r\n')) {
    const lines = block.split('\r\n').filter(l => l !== '');
    if (lines.length) out.set(lines[0].replace(/^# /, ''), lines.slice(1));
  }
  return out;
}

describe('Export Usage… and Look Up Generation Cost', function () {
  this.timeout(60_000);
  const ctx = withFakeAccount();
  let fake: FakeOpenRouter;
  let a: TestApi;
  let dir: string;

  before(async () => {
    ({ a, fake } = ctx);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-export-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports the history, the daily spend and, for a management key, spend by model and by key, as CSV and JSON, without the key', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.management);
    await waitFor('the breakdown', () => a._test.controller.view.breakdown?.keys && a._test.controller.view.breakdown.byModel ? true : undefined);
    await a.refresh();
    const v = a._test.controller.view;
    const points = a._test.controller.historyPoints;
    assert.ok(points.length >= 1, 'a history sample');

    const csvUri = vscode.Uri.file(path.join(dir, 'usage.csv'));
    const wrote = await a._test.commands.exportUsage(csvUri);
    assert.equal(wrote?.toString(), csvUri.toString());
    const csv = fs.readFileSync(csvUri.fsPath, 'utf8');
    const s = sections(csv);
    assert.deepEqual([...s.keys()], ['exported', 'history', 'daily', 'by_model', 'by_key']);
    assert.equal(s.get('history')![0], 'time,balance,total_credits,total_usage,key_usage');
    assert.equal(s.get('history')!.length - 1, a._test.controller.historyPoints.length);
    assert.match(s.get('history')!.at(-1)!, /^\d{4}-\d\d-\d\dT[\d:.]+Z,16\.55,/);
    assert.equal(s.get('daily')!.length - 1, v.derived!.daily.length);
    assert.equal(s.get('by_model')!.length - 1, v.breakdown!.byModel!.length);
    const keyRows = spendByKey(v.breakdown!.keys!);
    assert.equal(s.get('by_key')!.length - 1, keyRows.length);
    assert.ok(s.get('by_key')![1].startsWith(`${keyRows[0].name},`), `${s.get('by_key')![1]} names ${keyRows[0].name}`);

    const jsonUri = vscode.Uri.file(path.join(dir, 'usage.json'));
    assert.ok(await a._test.commands.exportUsage(jsonUri));
    const json = fs.readFileSync(jsonUri.fsPath, 'utf8');
    const j = JSON.parse(json) as { exportedAt: string; history: unknown[]; daily: Array<{ day: string; spend: number | null }>; byModel: unknown[]; byKey: Array<{ name: string }> };
    assert.deepEqual(Object.keys(j), ['exportedAt', 'history', 'daily', 'byModel', 'byKey']);
    assert.ok(j.history.length >= points.length);
    assert.deepEqual(j.daily.map(d => d.day), v.derived!.daily.map(d => d.day));
    assert.deepEqual(j.byKey.map(k => k.name), keyRows.map(k => k.name));
    assert.equal(j.byModel.length, v.breakdown!.byModel!.length);

    for (const [name, text] of [['CSV', csv], ['JSON', json]]) {
      for (const k of Object.values(FAKE_KEYS)) assert.ok(!text.includes(k), `${name} holds a key`);
    }
    assert.match(notificationsOf(a, 'exportUsage').at(-1)![1], /^OpenRouter usage exported to .*usage\.json\.$/);
    await waitFor('the log line', () => /Usage exported as JSON: \d+ samples, \d+ days, \d+ model rows, \d+ keys\./.test(logText(a)), 5000);
    assert.ok(!logText(a).includes(FAKE_KEYS.management), 'the log holds the key');
  });

  it('a normal key exports its history and daily spend only', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    const uri = vscode.Uri.file(path.join(dir, 'limited.csv'));
    assert.ok(await a._test.commands.exportUsage(uri));
    const csv = fs.readFileSync(uri.fsPath, 'utf8');
    assert.deepEqual([...sections(csv).keys()], ['exported', 'history', 'daily']);
    assert.ok(!csv.includes(FAKE_KEYS.limited));
  });

  it('looks up a generation with a normal key at the configured origin only', async () => {
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    const r0 = fake.requests.length;
    const g = await vscode.commands.executeCommand<GenerationInfo | undefined>('openrouterCredits.lookUpGeneration', FAKE_GENERATION_IDS[1]);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(g, 'a result');
    assert.deepEqual(
      [g.id, g.model, g.providerName, g.totalCost, g.tokensPrompt, g.tokensCompletion, g.tokensReasoning, g.latencyMs, g.generationTimeMs, g.createdAt, g.finishReason],
      [FAKE_GENERATION_IDS[1], 'openai/gpt-4.1', 'Azure', 0.01884, 6210, 802, 0, 812, 5230, '2026-11-24T18:40:02.113402+00:00', 'stop'],
    );

    // An unknown id: OpenRouter's 404, and the hint that a new generation takes a moment.
    const n0 = notificationsOf(a, 'lookUpGeneration').length;
    assert.equal(await vscode.commands.executeCommand('openrouterCredits.lookUpGeneration', 'gen-0000000000-NoSuchGeneration'), undefined);
    await waitFor('the not-found message', () => notificationsOf(a, 'lookUpGeneration').length > n0, 5000);
    assert.match(notificationsOf(a, 'lookUpGeneration').at(-1)![1], /^OpenRouter has no generation "gen-0000000000-NoSuchGeneration"\. A new generation can take a few seconds to appear/);
    await waitFor('the log line', () => logText(a).includes('Generation lookup failed: notFound (HTTP 404).'), 5000);

    // A pasted key is never sent as an id, nor echoed.
    assert.equal(await vscode.commands.executeCommand('openrouterCredits.lookUpGeneration', FAKE_KEYS.limited), undefined);
    assert.match(notificationsOf(a, 'lookUpGeneration').at(-1)![1], /an API key, not a generation id/);

    const asked = fake.requests.slice(r0).filter(r => r.path.startsWith(GENERATION_PATH));
    assert.deepEqual(asked.map(r => r.path), [`${GENERATION_PATH}?id=${FAKE_GENERATION_IDS[1]}`, `${GENERATION_PATH}?id=gen-0000000000-NoSuchGeneration`]);
    const host = new URL(fake.baseUrl).host;
    for (const r of asked) {
      assert.equal(r.port, fake.port);
      assert.equal(r.headers.host, host, 'the configured origin');
      assert.equal(r.headers.authorization, `Bearer ${FAKE_KEYS.limited}`);
    }
    for (const [, text] of notificationsOf(a)) assert.ok(!text.includes(FAKE_KEYS.limited), 'a message holds the key');
    assert.ok(!logText(a).includes(FAKE_KEYS.limited), 'the log holds the key');
  });

  it('a refused base URL sends nothing', async () => {
    const r0 = fake.requests.length;
    try {
      await setSetting('apiBaseUrl', 'http://example.com/api/v1');
      await waitFor('the setting is applied', () => a._test.controller.view.settings.apiBaseUrl === 'http://example.com/api/v1');
      assert.equal(await vscode.commands.executeCommand('openrouterCredits.lookUpGeneration', FAKE_GENERATION_IDS[0]), undefined);
      assert.match(notificationsOf(a, 'lookUpGeneration').at(-1)![1], /^The generation could not be looked up\. The API base URL must use https:\/\//);
      assert.equal(fake.requests.slice(r0).filter(r => r.path.startsWith(GENERATION_PATH)).length, 0);
    } finally {
      await setSetting('apiBaseUrl', fake.baseUrl);
      await waitFor('the setting is applied', () => a._test.controller.view.settings.apiBaseUrl === fake.baseUrl);
    }
  });
});
