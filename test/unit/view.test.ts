// The view model (core/view.ts) and the page that renders it (src/webview/).
import * as assert from 'node:assert/strict';
import { detailsContent } from '../../src/core/view/details';
import { buildSnapshot } from '../../src/core/money/model';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import type { HistoryPoint } from '../../src/core/types';
import { buildView, type ViewInput } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN, viewOf } from './helpers/view';

const NOW = Date.UTC(2026, 10, 26, 12);
const mgmt = buildSnapshot(keyInfo({ label: 'Management key', isManagementKey: true }), { totalCredits: 25, totalUsage: 8.45 }, 'known', NOW - 60_000);
const limited = buildSnapshot(keyInfo({ label: 'CI', limit: 20, limitRemaining: 4.2, usage: 15.8 }), undefined, 'forbidden', NOW - 60_000);
const input = (o: Partial<ViewInput> = {}): ViewInput => ({ snapshot: mgmt, keySource: 'secret', points: [], settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW, ...o });

describe('core/view: buildView', () => {
  it('shows the cached snapshot while the key is not read yet', () => {
    const v = buildView(input({ keySource: undefined }), l10nEN);
    assert.equal(v.status, 'loading');
    assert.equal(v.snapshot?.spendable, 16.55);
  });

  it('shows nothing of an old snapshot without a key', () => {
    const v = buildView(input({ keySource: 'none' }), l10nEN);
    assert.equal(v.status, 'noKey');
    assert.equal(v.snapshot, undefined);
    assert.equal(v.derived, undefined);
  });

  it('localizes the error and keeps the last good value, marked stale', () => {
    const v = buildView(input({ error: { kind: 'serviceError', message: 'HTTP 503', status: 503 } }), l10nEN);
    assert.equal(v.status, 'error');
    assert.equal(v.snapshot?.spendable, 16.55);
    assert.equal(v.stale, true);
    assert.match(v.error!.message, /OpenRouter is having trouble/);
    assert.equal(buildView(input({ error: { kind: 'invalidKey', message: '' } }), l10nEN).status, 'invalidKey');
  });

  it('marks data older than two intervals stale; four times that while no window is focused', () => {
    const at = (ageS: number, focused: boolean) => buildView(input({ snapshot: { ...mgmt, fetchedAt: NOW - ageS * 1000 }, focused }), l10nEN).stale;
    assert.equal(at(599, true), false);
    assert.equal(at(601, true), true);
    assert.equal(at(601, false), false);
    assert.equal(at(2401, false), true);
  });

  it('derives spend from the history once, with the view', () => {
    const points: HistoryPoint[] = [
      { t: NOW - 13 * 3_600_000, keyUsage: 0, totalCredits: 25, totalUsage: 7.45, spendable: 17.55 },
    ];
    const v = buildView(input({ points }), l10nEN);
    assert.ok(Math.abs((v.derived?.spendToday ?? 0) - 1) < 1e-9, String(v.derived?.spendToday));
  });
});

describe('details page and summary', () => {
  it('renders the reference example from the view in its HTML, then reports "painted", "rendered" and "ready"', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: viewOf(mgmt, { now: NOW }) });
    assert.equal(page.text('balance'), '$16.55');
    assert.equal(page.text('total-credits'), '$25.00');
    assert.equal(page.text('total-usage'), '$8.45');
    assert.equal(page.text('usage-percent'), '33.8%');
    assert.deepEqual(page.posted.map(m => m.type), ['painted', 'rendered', 'ready']);
  });

  it('updates the same document from a state message', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: viewOf(mgmt, { now: NOW }) });
    const app = page.document.getElementById('app');
    page.post({ type: 'state', view: viewOf(limited, { now: NOW }) });
    assert.equal(page.document.getElementById('app'), app);
    assert.equal(page.text('balance'), '$4.20');
    assert.equal(page.text('binding'), "Left on this key's limit; the account balance isn't known");
    assert.equal(page.text('balance-note'), 'Below your low-credit warning of $5.00');
    assert.equal(page.text('key-reset'), 'Never');
  });

  it('shows a busy Refresh button while a manual refresh is out', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: viewOf(mgmt, { now: NOW, refreshing: true }) });
    const button = page.document.querySelector('.toolbar button[data-command="refresh"]') as HTMLButtonElement;
    assert.equal(button.disabled, true);
    assert.equal(button.getAttribute('aria-busy'), 'true');
    assert.equal(button.textContent, 'Refreshing…');
    page.post({ type: 'state', view: viewOf(mgmt, { now: NOW }) });
    assert.equal(button.disabled, false);
    assert.equal(button.textContent, 'Refresh');
  });

  it('says nothing about a low-credit warning that is off', () => {
    const view = viewOf(limited, { now: NOW, settings: { lowCreditThreshold: 0 } });
    assert.equal(renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view }).text('balance-note'), '');
    assert.doesNotMatch(buildMarkdownSummary(view, EN), /low-credit warning/);
    assert.equal(detailsContent(view, EN).headline.low, false);
  });

  it('shows a hostile key label as text', () => {
    const evil = '<img src=x onerror="alert(1)"></script><b>x</b>';
    const snap = { ...mgmt, key: { ...mgmt.key, label: evil } };
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: viewOf(snap, { now: NOW }) });
    assert.equal(page.text('key-label'), evil);
    assert.equal(page.document.querySelectorAll('img, b').length, 0);
  });

  it('asks for a key, with the Set Key button, when there is none', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: viewOf(undefined, { now: NOW }) });
    assert.equal(page.text('notice-title'), 'No API key set');
    assert.equal(page.document.querySelector('#notice-actions button')?.getAttribute('data-command'), 'setKey');
    assert.equal((page.document.getElementById('data') as HTMLElement).hidden, true);
  });
});
