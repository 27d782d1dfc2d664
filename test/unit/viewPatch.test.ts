// Issue 20, item 9: after the whole view that answers `ready`, the host posts
// only the fields of the view that changed (core/protocol.ts viewPatch()), and
// the page applies them to the whole view it has, never to another load's.
import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/money/model';
import { applyViewPatch, firstScreenView, isToWebview, viewPatch } from '../../src/core/protocol';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import type { AccountBreakdown, AccountKey } from '../../src/core/types';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { l10nEN } from './helpers/view';

const NOW = Date.UTC(2026, 10, 26, 12);
const MINUTE = 60_000;

const key = (i: number): AccountKey => ({
  id: `c0ffee${String(i).padStart(10, '0')}`, name: `Team key ${i}`, label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 3 * i, usageDaily: 0.1 * i, usageWeekly: 0.5 * i, usageMonthly: i, createdAt: null,
});
const KEYS = Array.from({ length: 300 }, (_, i) => key(i + 1));
const breakdown: AccountBreakdown = { keys: KEYS, keysAt: NOW - MINUTE, byModel: [], daily: [], activityAt: NOW - MINUTE, activityDay: '2026-11-26' };
const snapshotOf = (usage: number) => buildSnapshot(keyInfo({ label: 'Management key', isManagementKey: true }), { totalCredits: 100, totalUsage: usage }, 'known', NOW - MINUTE);
const viewOf = (usage: number, extra: Partial<Parameters<typeof buildView>[0]> = {}): View =>
  buildView({ snapshot: snapshotOf(usage), keySource: 'secret', points: [], breakdown, settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW, ...extra }, l10nEN);
/** What crosses postMessage: JSON (undefined fields vanish). */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('view patches between the host and the page (issue 20, item 9)', () => {
  const whole = viewOf(40);

  it('a view rebuilt with the same objects is no patch; the spinner turning on is one field, not the keys', () => {
    assert.equal(viewPatch(whole, { ...whole }), undefined);
    const spinning = { ...whole, refreshing: true };
    const p = viewPatch(whole, spinning)!;
    assert.deepEqual(Object.keys(p.fields), ['refreshing']);
    assert.deepEqual(p.unset, []);
    assert.ok(JSON.stringify(p).length * 100 < JSON.stringify(whole).length, `${JSON.stringify(p).length} B of ${JSON.stringify(whole).length} B`);
  });

  it('applied to the view it was taken against, a patch gives the new view, through JSON too', () => {
    const failed = { ...whole, error: { kind: 'network', message: 'Could not reach OpenRouter.' }, stale: true };
    const pairs: Array<[View, View]> = [
      [whole, { ...whole, refreshing: true }],
      [whole, failed], // a field added
      [failed, whole], // a field gone: `unset`, since JSON drops undefined
      [whole, viewOf(55)], // new figures: new objects everywhere
      [whole, { ...whole, org: undefined, breakdown: undefined }],
    ];
    for (const [a, b] of pairs) {
      const p = viewPatch(a, b)!;
      assert.deepEqual(wire(applyViewPatch(wire(a), wire(p))), wire(b));
    }
    assert.deepEqual(viewPatch(failed, whole)?.unset, ['error']);
  });

  it('the page checks the shape of what the host sends', () => {
    assert.ok(isToWebview({ type: 'state', view: whole }));
    assert.ok(isToWebview({ type: 'patch', fields: { refreshing: true }, unset: ['error'] }));
    for (const bad of [null, [], 'state', { type: 'state' }, { type: 'state', view: [] }, { type: 'patch', fields: {} }, { type: 'patch', fields: [], unset: [] }, { type: 'patch', fields: {}, unset: [1] }, { type: 'other', view: whole }]) {
      assert.equal(isToWebview(bad), false, JSON.stringify(bad));
    }
  });

  it('the page applies a patch to the whole view it received, and ignores one that comes before it (another load\'s base)', () => {
    const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: firstScreenView(whole), partial: true });
    assert.equal(page.text('balance'), '$60.00');
    const newer = viewOf(45);
    page.post({ type: 'patch', ...viewPatch(whole, newer)! });
    assert.equal(page.text('balance'), '$60.00', 'no whole view yet: the patch is not applied');
    assert.equal(page.document.querySelectorAll('#by-key-rows tr').length, 0);
    page.post({ type: 'state', view: whole });
    const rows = page.document.querySelectorAll('#by-key-rows tr').length;
    assert.ok(rows > 0, 'the whole view fills the cards');
    page.post({ type: 'patch', ...viewPatch(whole, newer)! });
    assert.equal(page.text('balance'), '$55.00', 'the patch is applied to the whole view');
    assert.equal(page.document.querySelectorAll('#by-key-rows tr').length, rows, 'the keys it did not resend stay');
    const failed = { ...newer, error: { kind: 'network', message: 'Could not reach OpenRouter.' }, stale: true };
    page.post({ type: 'patch', ...viewPatch(newer, failed)! });
    assert.match(page.document.getElementById('app')!.textContent ?? '', /Could not reach OpenRouter/);
    page.post({ type: 'patch', ...viewPatch(failed, newer)! });
    assert.doesNotMatch(page.document.getElementById('app')!.textContent ?? '', /Could not reach OpenRouter/, 'an unset field is gone');
    const saved = page.saved() as { view: View; partial: boolean };
    assert.equal(saved.partial, true, 'what the page saves stays its first screen');
    assert.equal(saved.view.snapshot?.account?.totalUsage, 45);
  });
});
