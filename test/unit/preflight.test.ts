import * as assert from 'node:assert/strict';
import { keyInfo } from './helpers/keyInfo';
import { buildSnapshot } from '../../src/core/money/model';
import { preflight, preflightFresh } from '../../src/core/view/preflight';
import { EN, l10nEN, viewOf } from './helpers/view';

const TOP = 'https://openrouter.ai/settings/credits';
const KEY = keyInfo({ limit: 20, limitRemaining: 4.2, usage: 15.8, usageDaily: 1, usageWeekly: 2, usageMonthly: 3 });

describe('core/preflight: the openrouter-credits task', () => {
  const snap = buildSnapshot(KEY, undefined, 'forbidden', Date.now());

  it('passes when the spendable balance covers the minimum, and fails below it naming both and the Top Up link', () => {
    assert.deepEqual(preflight(viewOf(snap), 4.2, l10nEN, EN, TOP), { ok: true, message: 'OpenRouter balance $4.20 covers the $4.20 needed.' });
    assert.deepEqual(preflight(viewOf(snap), 5, l10nEN, EN, TOP), { ok: false, message: `OpenRouter balance $4.20 is below the $5.00 needed. Top up: ${TOP}` });
  });

  it('fails when the balance is unknown (never reads it as $0), out of credits, without a key, or with a bad minimum', () => {
    const unlimited = buildSnapshot({ ...KEY, limit: null, limitRemaining: null }, undefined, 'forbidden', Date.now());
    const r = preflight(viewOf(unlimited), 0.5, l10nEN, EN, TOP);
    assert.equal(r.ok, false);
    assert.doesNotMatch(r.message, /\$0\.00/);
    assert.equal(preflight(viewOf(snap, { error: { kind: 'outOfCredits', message: 'm' }, status: 'error', stale: true }), 1, l10nEN, EN, TOP).ok, false);
    assert.equal(preflight(viewOf(undefined, { status: 'noKey', keySource: 'none' }), 1, l10nEN, EN, TOP).ok, false);
    assert.equal(preflight(viewOf(snap), Number.NaN, l10nEN, EN, TOP).ok, false);
    assert.equal(preflight(viewOf(snap), -1, l10nEN, EN, TOP).ok, false);
  });

  it('says when it decided on the last known figures', () => {
    const v = viewOf(snap, { error: { kind: 'network', message: 'm' }, status: 'error', stale: true });
    assert.equal(preflightFresh(v), false);
    assert.match(preflight(v, 1, l10nEN, EN, TOP).message, /\(last known; the refresh failed\)$/);
    assert.equal(preflightFresh(viewOf(snap)), true);
  });
});
