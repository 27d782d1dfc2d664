import * as assert from 'node:assert/strict';
import type { AccountKey, GenerationInfo } from '../../src/core/types';
import { accountPickItem, createdKeyText, deleteKeyConfirmText, generationPick, keyAdminPickItem, keyPickItem } from '../../src/core/view/picks';
import type { AccountRow } from '../../src/core/view/view';
import { assertInert } from './helpers/inert';
import { EN, l10nEN } from './helpers/view';

const HOSTILE = '$(check) [Update](command:workbench.action.quit)';

const row = (o: Partial<AccountRow> = {}): AccountRow => ({
  id: 'a1', name: 'Work', kind: 'management', spendable: 16.55, status: 'ok', stale: false, shown: true, active: true, ...o,
});

const key = (o: Partial<AccountKey> = {}): AccountKey => ({
  id: 'k1', name: 'CI', label: 'sk-or-v1-abc...1234', disabled: false, limit: 10, limitRemaining: 5, limitReset: null,
  usage: 5, usageDaily: 0, usageWeekly: 0, usageMonthly: 5, createdAt: null, ...o,
});

const generation = (o: Partial<GenerationInfo> = {}): GenerationInfo => ({
  id: 'gen-1764004800-bH7cJ4dK6fM2nP8qR0sT', model: 'openai/gpt-4.1', providerName: 'Azure', totalCost: 0.01884,
  createdAt: '2026-11-24T18:40:02.113402+00:00', tokensPrompt: 6210, tokensCompletion: 802, tokensReasoning: 0,
  latencyMs: 990, generationTimeMs: 5230, isByok: false, finishReason: 'stop', ...o,
});

/** Everything of an item a quick pick renders, icons included, except the icon the extension put first. */
function rendered(item: { label: string; description?: string; detail?: string }): string[] {
  return [item.label.replace(/^\$\((check|blank)\) /, ''), item.description ?? '', item.detail ?? ''];
}

describe('core/view/picks: what the quick picks show', () => {
  it('Switch Account: the mark is the extension\'s, a hostile name renders no icon and no link', () => {
    const plain = accountPickItem(row(), EN, l10nEN, { pinned: false });
    assert.equal(plain.label, '$(check) Work');
    assert.equal(plain.value.id, 'a1');
    const item = accountPickItem(row({ name: HOSTILE, active: false, stale: true }), EN, l10nEN, { pinned: true });
    assert.equal(item.label, '$(blank) $ (check) [Update] (command:workbench.action.quit)');
    assert.match(item.description!, /\(out of date\)$/);
    assert.equal(item.detail, 'Shown in this workspace (openrouterCredits.account)');
    for (const t of rendered(item)) assertInert(t);
  });

  it('Rename Account and Remove API Key: the name as plain text', () => {
    const item = accountPickItem(row({ name: HOSTILE }), EN, l10nEN);
    assert.equal(item.label, '$ (check) [Update] (command:workbench.action.quit)');
    for (const t of rendered(item)) assertInert(t);
  });

  it("Set Key Limit: a key's name (anyone who can name keys chose it) as plain text, else its label", () => {
    assert.deepEqual([keyPickItem(key(), EN, l10nEN).label, keyPickItem(key(), EN, l10nEN).description], ['CI', '$10.00']);
    assert.equal(keyPickItem(key({ name: '', limit: null }), EN, l10nEN).label, 'sk-or-v1-abc...1234');
    assert.equal(keyPickItem(key({ name: '', limit: null }), EN, l10nEN).description, 'No limit');
    for (const t of rendered(keyPickItem(key({ name: HOSTILE }), EN, l10nEN))) assertInert(t);
  });

  it('Rename / Disable / Enable / Delete Key: the name, disabled or not, this month\'s spend, the workspace; outside text inert', () => {
    const item = keyAdminPickItem(key({ usageMonthly: 12.5 }), EN, l10nEN, 'Platform');
    assert.deepEqual([item.label, item.description, item.detail, item.value.id], ['CI', '$12.50 this month', 'Platform', 'k1']);
    const off = keyAdminPickItem(key({ name: '', disabled: true }), EN, l10nEN);
    assert.deepEqual([off.label, off.description, off.detail], ['sk-or-v1-abc...1234', 'disabled · $5.00 this month', undefined]);
    for (const t of rendered(keyAdminPickItem(key({ name: HOSTILE }), EN, l10nEN, HOSTILE))) assertInert(t);
  });

  it('Delete Key: the modal names the key and what it spent this month', () => {
    const text = deleteKeyConfirmText(key({ name: 'Batch jobs', usageMonthly: 20, usage: 30 }), EN, l10nEN);
    assert.equal(text.message, 'Delete the key "Batch jobs"?');
    assert.match(text.detail, /^It spent \$20\.00 this month\./);
    const hostile = deleteKeyConfirmText(key({ name: HOSTILE }), EN, l10nEN);
    assertInert(hostile.message);
  });

  it('Create Key: the secret appears once, in the detail only; the name is plain text', () => {
    const secret = `sk-or-v1-${'ab12'.repeat(16)}`;
    const text = createdKeyText(HOSTILE, secret, l10nEN);
    assert.equal(text.detail, secret);
    assert.ok(!text.message.includes(secret) && !text.message.includes(secret.slice(9, 30)), 'not in the message');
    assert.equal(`${text.message}\n${text.detail}`.split(secret).length - 1, 1);
    assertInert(text.message);
  });

  it("Look Up Generation Cost: OpenRouter's values shown as plain text, copied as they are", () => {
    const g = generation({ model: '$(zap)[x](command:y)', providerName: 'Evil $(x)', finishReason: '[a](https://evil.example)' });
    const pick = generationPick(g, EN, l10nEN);
    assertInert(pick.title);
    assert.equal(pick.title, 'Generation cost: $0.01884 ($ (zap)[x] (command:y))');
    for (const item of pick.items) for (const t of rendered(item)) assertInert(t);
    assert.ok(pick.items.some(i => i.value === '$(zap)[x](command:y)'), 'the model copied as OpenRouter has it');
    assert.deepEqual(generationPick(generation(), EN, l10nEN).items.map(i => i.description), generationPick(generation(), EN, l10nEN).items.map(i => i.value), 'ordinary values unchanged');
  });
});
