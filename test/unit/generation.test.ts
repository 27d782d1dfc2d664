import assert from 'node:assert/strict';

import { OpenRouterClient } from '../../src/core/openrouter/client';
import { generationFields, generationIdFrom, generationIdProblem, generationJson, GENERATION_ID_PATTERN } from '../../src/core/openrouter/generation';
import type { GenerationInfo } from '../../src/core/types';
import { FAKE_GENERATION_IDS, FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { EN, l10nEN } from './helpers/view';

const info = (o: Partial<GenerationInfo> = {}): GenerationInfo => ({
  id: 'gen-1764004800-bH7cJ4dK6fM2nP8qR0sT', model: 'openai/gpt-4.1', providerName: 'Azure', totalCost: 0.01884,
  createdAt: '2026-11-24T18:40:02.113402+00:00', tokensPrompt: 6210, tokensCompletion: 802, tokensReasoning: 0,
  latencyMs: 990, generationTimeMs: 5230, isByok: false, finishReason: 'stop', ...o,
});

describe('core/generation', () => {
  it("the fake's ids look like OpenRouter's and match the pattern", () => {
    for (const id of FAKE_GENERATION_IDS) assert.match(id, GENERATION_ID_PATTERN);
  });

  it('a selection pre-fills the input box only when it is a generation id', () => {
    assert.equal(generationIdFrom(FAKE_GENERATION_IDS[0]), FAKE_GENERATION_IDS[0]);
    assert.equal(generationIdFrom(`  "${FAKE_GENERATION_IDS[1]}"\n`), FAKE_GENERATION_IDS[1]);
    assert.equal(generationIdFrom(`\`${FAKE_GENERATION_IDS[2]}\``), FAKE_GENERATION_IDS[2]);
    for (const no of [undefined, '', 'gen-', 'gen-abc', 'hello world', `id: ${FAKE_GENERATION_IDS[0]}`, 'sk-or-v1-abcdef', `"${FAKE_GENERATION_IDS[0]}'`, `gen-${'a'.repeat(300)}`]) {
      assert.equal(generationIdFrom(no), undefined, String(no));
    }
  });

  it('the input box refuses an empty id or one with spaces', () => {
    assert.match(generationIdProblem('  ', l10nEN) ?? '', /Enter a generation id/);
    assert.match(generationIdProblem('gen a', l10nEN) ?? '', /does not look like/);
    assert.equal(generationIdProblem(' gen-anything ', l10nEN), undefined);
    const pasted = generationIdProblem('sk-or-v1-0123456789abcdef', l10nEN) ?? '';
    assert.match(pasted, /an API key, not a generation id/);
    assert.ok(!pasted.includes('0123456789abcdef'), 'the key is not echoed');
  });

  it('shows cost to the millionth, model, provider, tokens, latency and time', () => {
    const f = generationFields(info(), EN, l10nEN);
    const byLabel = Object.fromEntries(f.map(x => [x.label, x.value]));
    assert.equal(byLabel['Total cost'], '$0.01884');
    assert.equal(byLabel.Model, 'openai/gpt-4.1');
    assert.equal(byLabel.Provider, 'Azure');
    assert.equal(byLabel.Tokens, '6,210 prompt · 802 completion · 0 reasoning');
    assert.equal(byLabel['Latency (first token)'], '990 ms');
    assert.equal(byLabel['Generation time'], '5,230 ms');
    assert.equal(byLabel.Time, EN.dateTime(Date.parse('2026-11-24T18:40:02.113Z')));
    assert.equal(byLabel['Finish reason'], 'stop');
    assert.equal(byLabel['Generation id'], info().id);
    assert.equal(byLabel.Billing, undefined, 'BYOK only when it is');
    assert.equal(f[0].label, 'Total cost');
  });

  it('leaves out what OpenRouter did not give', () => {
    const f = generationFields(info({ providerName: null, tokensPrompt: null, tokensCompletion: null, tokensReasoning: null, latencyMs: null, generationTimeMs: null, createdAt: '', finishReason: null, isByok: true, totalCost: 0 }), EN, l10nEN);
    assert.deepEqual(f.map(x => x.label), ['Total cost', 'Model', 'Billing', 'Generation id']);
    assert.equal(f[0].value, '$0.00');
  });

  it('Copy as JSON holds the fields as read', () => {
    assert.deepEqual(JSON.parse(generationJson(info())), info());
  });

  it('every field of a fake generation, read by the real client', async () => {
    const server = await FakeOpenRouter.start();
    try {
      const g = await new OpenRouterClient({ baseUrl: server.baseUrl }).fetchGeneration(FAKE_KEYS.limited, FAKE_GENERATION_IDS[0]);
      const byLabel = Object.fromEntries(generationFields(g, EN, l10nEN).map(x => [x.label, x.value]));
      assert.equal(byLabel['Total cost'], '$0.004215');
      assert.equal(byLabel.Tokens, '612 prompt · 158 completion · 0 reasoning');
      assert.equal(byLabel.Provider, 'Anthropic');
    } finally {
      await server.close();
    }
  });
});
