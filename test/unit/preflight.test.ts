import * as assert from 'node:assert/strict';
import { keyInfo } from './helpers/keyInfo';
import { buildSnapshot } from '../../src/core/money/model';
import { agentAnswer } from '../../src/core/view/agentTool';
import { balanceMaxAgeMs, hasCredits, preflight, preflightFresh, type BalanceClock } from '../../src/core/view/preflight';
import { EN, l10nEN, viewOf } from './helpers/view';

const TOP = 'https://openrouter.ai/settings/credits';
const KEY = keyInfo({ limit: 20, limitRemaining: 4.2, usage: 15.8, usageDaily: 1, usageWeekly: 2, usageMonthly: 3 });

describe('core/preflight: the openrouter-credits task', () => {
  const snap = buildSnapshot(KEY, undefined, 'forbidden', Date.now());
  const NOW: BalanceClock = { now: snap.fetchedAt + 60_000, focused: true };

  it('passes when the spendable balance covers the minimum, and fails below it naming both and the Top Up link', () => {
    assert.deepEqual(preflight(viewOf(snap), 4.2, l10nEN, EN, TOP, NOW), { ok: true, message: 'OpenRouter balance $4.20 covers the $4.20 needed.' });
    assert.deepEqual(preflight(viewOf(snap), 5, l10nEN, EN, TOP, NOW), { ok: false, message: `OpenRouter balance $4.20 is below the $5.00 needed. Top up: ${TOP}` });
  });

  it('fails when the balance is unknown (never reads it as $0), out of credits, without a key, or with a bad minimum', () => {
    const unlimited = buildSnapshot({ ...KEY, limit: null, limitRemaining: null }, undefined, 'forbidden', Date.now());
    const r = preflight(viewOf(unlimited), 0.5, l10nEN, EN, TOP, NOW);
    assert.equal(r.ok, false);
    assert.doesNotMatch(r.message, /\$0\.00/);
    assert.equal(preflight(viewOf(snap, { error: { kind: 'outOfCredits', message: 'm' }, status: 'error', stale: true }), 1, l10nEN, EN, TOP, NOW).ok, false);
    assert.equal(preflight(viewOf(undefined, { status: 'noKey', keySource: 'none' }), 1, l10nEN, EN, TOP, NOW).ok, false);
    assert.equal(preflight(viewOf(snap), Number.NaN, l10nEN, EN, TOP, NOW).ok, false);
    assert.equal(preflight(viewOf(snap), -1, l10nEN, EN, TOP, NOW).ok, false);
  });

  it('says when it decided on the last known figures', () => {
    const v = viewOf(snap, { error: { kind: 'network', message: 'm' }, status: 'error', stale: true });
    assert.equal(preflightFresh(v), false);
    assert.match(preflight(v, 1, l10nEN, EN, TOP, NOW).message, /\(last known; the refresh failed\)$/);
    assert.equal(preflightFresh(viewOf(snap)), true);
  });

  describe('a balance too old to decide on (the refreshes failed, or nothing polled)', () => {
    const MIN = 60_000;
    const HOUR = 60 * MIN;
    const failed = { error: { kind: 'network', message: 'm' }, status: 'error' as const, stale: true };
    const at = (ageMs: number, focused = true): BalanceClock => ({ now: snap.fetchedAt + ageMs, focused });

    it('is older than 3 refresh intervals as polling uses them (4x while no window is focused), and never under 15 minutes', () => {
      assert.equal(balanceMaxAgeMs(300, true), 15 * MIN);
      assert.equal(balanceMaxAgeMs(300, false), HOUR);
      assert.equal(balanceMaxAgeMs(60, true), 15 * MIN, 'the floor');
      assert.equal(balanceMaxAgeMs(3600, true), 3 * HOUR);
      assert.equal(balanceMaxAgeMs(Number.NaN, true), 15 * MIN);
    });

    it('the task fails on a covering balance from 2 hours ago, saying how old it is', () => {
      const r = preflight(viewOf(snap, failed), 1, l10nEN, EN, TOP, at(2 * HOUR));
      assert.deepEqual(r, { ok: false, message: 'The last known OpenRouter balance, $4.20, is from 2 hours ago: too old to confirm the $1.00 needed.' });
      assert.equal(preflight(viewOf(snap), 1, l10nEN, EN, TOP, at(2 * HOUR)).ok, false, 'also when no refresh failed but nothing polled');
    });

    it('passes up to the limit: 14 minutes focused, 50 minutes unfocused; fails past it', () => {
      assert.equal(preflight(viewOf(snap, failed), 1, l10nEN, EN, TOP, at(14 * MIN)).ok, true);
      assert.equal(preflight(viewOf(snap, failed), 1, l10nEN, EN, TOP, at(16 * MIN)).ok, false);
      assert.equal(preflight(viewOf(snap, failed), 1, l10nEN, EN, TOP, at(50 * MIN, false)).ok, true);
      assert.equal(preflight(viewOf(snap, failed), 1, l10nEN, EN, TOP, at(61 * MIN, false)).ok, false);
      assert.equal(preflight(viewOf(snap, { ...failed, settings: { refreshIntervalSeconds: 3600 } }), 1, l10nEN, EN, TOP, at(2 * HOUR)).ok, true, '3 hourly intervals');
    });

    it('a balance below the minimum fails as below, however old', () => {
      const r = preflight(viewOf(snap, failed), 5, l10nEN, EN, TOP, at(2 * HOUR));
      assert.match(r.message, /is below the \$5\.00 needed/);
      assert.equal(r.ok, false);
    });

    it('the account figures carried over from an earlier refresh count with their own time', () => {
      const carried = { ...snap, accountAsOf: snap.fetchedAt - 2 * HOUR };
      const r = preflight(viewOf(carried, failed), 1, l10nEN, EN, TOP, at(MIN));
      assert.equal(r.ok, false);
      assert.match(r.message, /from 2 hours ago/);
    });

    it('hasCredits() answers undefined (unknown) for it, and as before otherwise', () => {
      assert.equal(hasCredits(viewOf(snap), 4, at(MIN)), true);
      assert.equal(hasCredits(viewOf(snap), 5, at(MIN)), false);
      assert.equal(hasCredits(viewOf(snap, failed), 4, at(14 * MIN)), true);
      assert.equal(hasCredits(viewOf(snap, failed), 4, at(2 * HOUR)), undefined);
      assert.equal(hasCredits(viewOf(snap, failed), 5, at(2 * HOUR)), undefined);
      assert.equal(hasCredits(viewOf(snap, failed), 4, at(30 * MIN, false)), true);
      assert.equal(hasCredits(viewOf(snap, { error: { kind: 'outOfCredits', message: 'm' }, status: 'error', stale: true }), 1, at(2 * HOUR)), false);
      assert.equal(hasCredits(viewOf(undefined, { status: 'noKey', keySource: 'none' }), 1, at(MIN)), undefined);
      assert.equal(hasCredits(viewOf(snap, { status: 'invalidKey' }), 1, at(MIN)), undefined);
      assert.equal(hasCredits(viewOf(snap), Number.NaN, at(MIN)), undefined);
    });

    it('the agent tool says so too, and its check fails', () => {
      const a = agentAnswer(viewOf(snap, failed), l10nEN, EN, TOP, at(2 * HOUR), 1);
      assert.equal(a.json.check?.ok, false);
      assert.equal(a.json.balanceStale, true);
      assert.match(a.text, /Spendable OpenRouter balance: \$4\.20\. \(last known, from 2 hours ago\)/);
      assert.match(a.text, /too old to confirm the \$1\.00 needed/);
      const fresh = agentAnswer(viewOf(snap), l10nEN, EN, TOP, at(MIN), 1);
      assert.equal(fresh.json.check?.ok, true);
      assert.equal(fresh.json.balanceStale, false);
    });
  });
});
