// The "Copy summary" Markdown of the details page (core/summary.ts).
import * as assert from 'node:assert/strict';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { buildMarkdownSummary as summaryOf } from '../../src/core/view/summary';
import { periodSpend, type View } from '../../src/core/view/view';
import type { CreditSnapshot } from '../../src/core/types';
import { FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { keyInfo } from './helpers/keyInfo';
import { EN, viewOf } from './helpers/view';

const NOW = Date.UTC(2025, 4, 14, 12, 0, 0);

function state(snapshot: CreditSnapshot | undefined, over: Partial<View> = {}): View {
  return viewOf(snapshot, { now: NOW, ...over });
}

const buildMarkdownSummary = (v: View) => summaryOf(v, EN);

/** Markdown that a renderer would turn into markup: an HTML tag or a link/image, i.e. not backslash-escaped. */
function rawMarkup(md: string): string[] {
  const hits: string[] = [];
  for (const re of [/(^|[^\\])<\s*img/gi, /(^|[^\\])<\s*script/gi, /(^|[^\\])\]\(/g, /(^|[^\\])!\[/g, /(^|[^\\])\[[^\]\n]*[^\\]\]\(/g]) {
    for (const m of md.matchAll(re)) hits.push(m[0]);
  }
  return hits;
}

describe('core/summary: buildMarkdownSummary', function () {
  let fake: FakeOpenRouter;
  before(async () => { fake = await FakeOpenRouter.start(); });
  after(async () => { await fake.close(); });

  async function fetched(key: string): Promise<CreditSnapshot> {
    return new OpenRouterClient({ baseUrl: fake.baseUrl, userAgent: 'orc-unit' }).fetchSnapshot(key);
  }

  it('summarizes the reference example: $16.55 spendable, $60.00 credits, $43.45 used, 72.4%', async () => {
    const snap = await fetched(FAKE_KEYS.management);
    const client = new OpenRouterClient({ baseUrl: fake.baseUrl, userAgent: 'orc-unit' });
    const breakdown = { keys: await client.listKeys(FAKE_KEYS.management) };
    const md = buildMarkdownSummary(state(snap, { breakdown, periods: periodSpend(snap, undefined, breakdown) }));
    assert.match(md, /^## OpenRouter Credits$/m);
    assert.match(md, /^\*\*Spendable balance: \$16\.55\*\* \(Account balance\)$/m);
    assert.match(md, /^- Total credits: \$60\.00$/m);
    assert.match(md, /^- Total usage: \$43\.45$/m);
    assert.match(md, /^- Remaining: \$16\.55$/m);
    assert.match(md, /^- Used: 72\.4%$/m);
    assert.match(md, /^- Label: Management key$/m);
    assert.match(md, /^- Management key: Yes$/m);
    // The account's spend: the sum over its 4 keys (0.60 + 0.42 + 0.05 + 0), not the management key's own 0.
    assert.match(md, /^- Today: \$1\.07$/m);
    assert.match(md, /^- This week: \$6\.10$/m);
    assert.match(md, /^- This month: \$25\.20$/m);
    assert.match(md, /^_Spend across the account's 4 keys_$/m);
    assert.match(md, /^_Last updated .+_$/m);
    assert.doesNotMatch(md, /Data may be out of date/);
    // Above the threshold of 5: no low-credit line.
    assert.doesNotMatch(md, /Below your low-credit warning/);
    assert.ok(!md.includes(FAKE_KEYS.management), 'the summary never holds the key');
    assert.ok(md.endsWith('\n'));
  });

  it('a management key without its keys shows "—" for the periods, never its own $0.00', async () => {
    const snap = await fetched(FAKE_KEYS.management);
    assert.equal(snap.key.usageDaily, 0);
    const md = buildMarkdownSummary(state(snap, { periods: periodSpend(snap, undefined) }));
    assert.match(md, /^- Today: —$/m);
    assert.match(md, /^- This week: —$/m);
    assert.match(md, /^- This month: —$/m);
    assert.match(md, /^### Spend by key\n\nThe account's keys haven't been loaded yet\.$/m);
    assert.match(md, /^### Spend by model\n\nThe account's activity hasn't been loaded yet\.$/m);
  });

  it('a limited key names what binds, its limit and the low-credit note', async () => {
    const snap = await fetched(FAKE_KEYS.limited);
    const md = buildMarkdownSummary(state(snap));
    // The account balance is not known to this key: "Limited by" would claim a comparison we cannot make.
    assert.match(md, /^\*\*Spendable balance: \$4\.20\*\* \(Left on this key's limit; the account balance isn't known\)$/m);
    assert.match(md, /^> Below your low-credit warning of \$5\.00$/m);
    assert.match(md, /^- Limit: \$20\.00$/m);
    assert.match(md, /^- Remaining: \$4\.20$/m);
    assert.match(md, /^- Limit resets: Monthly$/m);
    assert.match(md, /This key can't read the account balance\. A management key shows/);
  });

  it('a hostile key label is escaped: no HTML, image or link survives', () => {
    const label = '<img src=x onerror=alert(1)> [click](https://evil.example/steal) ![i](https://evil.example/p.png) <script>x()</script>\n# Injected heading\n- injected item';
    const snap: CreditSnapshot = {
      fetchedAt: NOW - 60_000,
      key: keyInfo({ label, limit: 10, limitRemaining: 3, limitReset: '<b>weekly</b>](https://evil.example)', usage: 7 }),
      accountStatus: 'forbidden',
      spendable: 3,
      binding: 'key',
      keyUsagePercent: 70,
    };
    const md = buildMarkdownSummary(state(snap, { error: { kind: 'serviceError', message: 'Bad <img src=x> [x](https://evil.example)' }, stale: true }));
    assert.deepEqual(rawMarkup(md), [], `unescaped markup in:\n${md}`);
    // The label stays on its own list item: its newline cannot start a heading or an item.
    const labelLine = md.split('\n').find(l => l.startsWith('- Label: '));
    assert.ok(labelLine, md);
    assert.match(labelLine!, /Injected heading/);
    assert.doesNotMatch(md, /^#\s*Injected/m);
    assert.doesNotMatch(md, /^- injected item/m);
    // The characters are all still there, shown literally.
    assert.match(labelLine!, /\\<img src=x onerror=alert\(1\)\\>/);
    assert.match(md, /Data may be out of date/);
  });

  it('an unknown balance is never printed as $0.00', async () => {
    const snap = await fetched(FAKE_KEYS.unlimited);
    assert.equal(snap.spendable, undefined);
    const md = buildMarkdownSummary(state(snap));
    const headline = md.split('\n').find(l => l.includes('Spendable balance'));
    assert.equal(headline, '**Spendable balance: Balance unknown** (Used today: $0.42)');
    for (const line of md.split('\n')) {
      if (/balance|Remaining/i.test(line)) assert.doesNotMatch(line, /\$0\.00/, line);
    }
    assert.doesNotMatch(md, /^- Remaining:/m, 'an unlimited key has no remaining figure');
    assert.doesNotMatch(md, /Below your low-credit warning/);
  });

  it('without a snapshot it says why instead of inventing figures', () => {
    assert.match(buildMarkdownSummary(state(undefined, { status: 'noKey' })), /No API key set/);
    assert.match(buildMarkdownSummary(state(undefined, { status: 'invalidKey' })), /API key rejected/);
    const md = buildMarkdownSummary(state(undefined, { status: 'error', error: { kind: 'network', message: 'offline' } }));
    assert.match(md, /Couldn't load your credits/);
    assert.doesNotMatch(md, /\$/);
  });
});
