// Issue 23, item 2: the page's HTML holds the first screen's view only (the
// headline, the status, the toolbar); the page paints it, keeps the cards'
// space, and fills them, in the same DOM, from the whole view that answers
// its `ready`.
import * as assert from 'node:assert/strict';
import { dailyFromActivity, spendByModel } from '../../src/core/money/breakdown';
import { buildSnapshot } from '../../src/core/money/model';
import { firstScreenView } from '../../src/core/protocol';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import type { AccountBreakdown, AccountKey, ActivityRow } from '../../src/core/types';
import { detailsContent } from '../../src/core/view/details';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN } from './helpers/view';

const NOW = Date.UTC(2026, 10, 26, 12);
const MINUTE = 60_000;

const key = (i: number): AccountKey => ({
  id: `c0ffee${String(i).padStart(10, '0')}`, name: `Team key ${i}`, label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 3 * i, usageDaily: 0.1 * i, usageWeekly: 0.5 * i, usageMonthly: i, createdAt: null,
});

const activity = (date: string, model: string, usage: number): ActivityRow => ({
  date, model, modelPermaslug: model, endpointId: 'e', providerName: 'P', usage, byokUsageInference: 0,
  requests: 3, promptTokens: 500, completionTokens: 500, reasoningTokens: 0,
});

const KEYS = Array.from({ length: 40 }, (_, i) => key(i + 1));
const ROWS = ['2026-11-23', '2026-11-24', '2026-11-25'].flatMap(d => Array.from({ length: 12 }, (_, m) => activity(d, `vendor/model-${m}`, 0.5 + m / 10)));
const breakdown: AccountBreakdown = {
  keys: KEYS, keysAt: NOW - MINUTE, byModel: spendByModel(ROWS), daily: dailyFromActivity(ROWS, { now: NOW }), activityAt: NOW - MINUTE, activityDay: '2026-11-26',
};
const snapshot = buildSnapshot(keyInfo({ label: 'Management key', isManagementKey: true }), { totalCredits: 100, totalUsage: 40 }, 'known', NOW - MINUTE);
const view: View = buildView({ snapshot, keySource: 'secret', points: [], breakdown, settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, l10nEN);

describe('the details page\'s first screen (issue 23)', () => {
  it('keeps in the HTML\'s view what the headline, the status and the toolbar show, and not the breakdown or the history', () => {
    const first = firstScreenView(view);
    assert.equal(first.breakdown, undefined);
    assert.deepEqual(first.derived?.daily, []);
    const whole = detailsContent(view, EN);
    const shown = detailsContent(first, EN);
    assert.deepEqual(shown.headline, whole.headline);
    assert.deepEqual(shown.toolbar, whole.toolbar);
    assert.deepEqual(shown.updated, whole.updated);
    assert.deepEqual(shown.usage, whole.usage, 'the periods are the whole view\'s');
    const bytes = (v: unknown) => JSON.stringify(v).length;
    assert.ok(bytes(first) * 3 < bytes(view), `${bytes(first)} B of ${bytes(view)} B`);
  });

  it('paints the headline from the first screen, keeps the cards\' space, then builds them once and fills them in the same DOM', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: firstScreenView(view), partial: true });
    const data = page.document.getElementById('data')!;
    assert.equal(page.text('balance'), '$60.00');
    assert.equal(data.hasAttribute('hidden'), false);
    assert.equal(data.getAttribute('data-pending'), 'true');
    // The first paint lays out the top only: the cards are built with their first render.
    assert.equal(data.children.length, 0);
    // The first paint, then `ready`; `rendered` waits for the whole view.
    assert.deepEqual(page.posted.map(m => m.type), ['painted', 'ready']);
    const balance = page.document.getElementById('balance');
    page.post({ type: 'state', view });
    assert.equal(page.document.querySelectorAll('#by-key-rows tr').length, KEYS.length);
    const rows = page.document.getElementById('by-key-rows');
    const cards = data.children.length;
    assert.ok(rows && cards > 0);
    page.post({ type: 'state', view: { ...view, now: view.now + 60_000 } });
    assert.equal(page.document.getElementById('by-key-rows'), rows, 'the table is the same element');
    assert.equal(data.children.length, cards, 'the cards are built once');
    assert.equal(page.document.getElementById('balance'), balance, 'the headline is the same element');
    assert.equal(data.hasAttribute('data-pending'), false);
    assert.equal(page.document.getElementById('app')?.getAttribute('aria-busy'), 'false');
    assert.deepEqual(page.posted.map(m => m.type), ['painted', 'ready', 'painted', 'rendered', 'painted', 'rendered']);
  });

  it('a hidden panel\'s reload with its saved whole view keeps the cards\' space until they are built', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: firstScreenView(view), partial: true },
      { manualFrames: true, savedState: { v: 2, view: { ...view, now: view.now + 1 }, receivedAt: Date.now() } });
    const data = page.document.getElementById('data')!;
    assert.equal(page.text('balance'), '$60.00');
    assert.equal(data.children.length, 0, 'no card before the first paint');
    assert.equal(data.getAttribute('data-pending'), 'true', 'their space kept');
    page.frame();
    page.frame();
    assert.equal(page.document.querySelectorAll('#by-key-rows tr').length, KEYS.length);
    assert.equal(data.hasAttribute('data-pending'), false);
  });

  it('saves the first screen of each view only; a reload from it paints the headline and asks for the rest', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: firstScreenView(view), partial: true });
    const newer = { ...view, now: view.now + 60_000 };
    page.post({ type: 'state', view: newer });
    const saved = page.saved() as { v: number; view: View; partial?: boolean };
    assert.equal(saved.partial, true);
    assert.deepEqual(saved.view, JSON.parse(JSON.stringify(firstScreenView(newer))), 'the first screen of the last view, not its breakdown');
    assert.ok(JSON.stringify(saved).length < JSON.stringify(newer).length / 2, 'far smaller than the whole view');
    // A hidden panel's reload: its HTML is the older first screen; the saved one is newer, and partial too.
    const reloaded = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: firstScreenView(view), partial: true }, { savedState: saved });
    assert.equal(reloaded.document.getElementById('data')?.getAttribute('data-pending'), 'true', 'the cards wait for the whole view');
    assert.deepEqual(reloaded.posted.map(m => m.type), ['painted', 'ready']);
  });

  it('a whole view that arrives before the headline\'s first paint waits for it', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: firstScreenView(view), partial: true }, { manualFrames: true });
    page.post({ type: 'state', view });
    assert.equal(page.document.querySelectorAll('#by-key-rows tr').length, 0, 'not rendered before the first paint');
    assert.deepEqual(page.posted.map(m => m.type), []);
    page.frame();
    assert.deepEqual(page.posted.map(m => m.type), ['painted', 'ready'], 'the headline painted first');
    page.frame();
    page.frame();
    assert.equal(page.document.querySelectorAll('#by-key-rows tr').length, KEYS.length, 'then the whole view');
    assert.deepEqual(page.posted.map(m => m.type), ['painted', 'ready', 'painted', 'rendered']);
  });

  it('asks for the whole view only after the headline\'s first paint, so that its message cannot hold the paint up', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: firstScreenView(view), partial: true }, { manualFrames: true });
    assert.equal(page.text('balance'), '$60.00', 'the headline is in the DOM');
    assert.deepEqual(page.posted.map(m => m.type), [], 'nothing before the first frame');
    page.frame();
    assert.deepEqual(page.posted.map(m => m.type), ['painted', 'ready']);
  });
});
