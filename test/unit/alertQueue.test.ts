import * as assert from 'node:assert/strict';
import { PENDING_ALERT_TTL_MS, routeAlerts, sanitizePending, type PendingAlert } from '../../src/core/alerts/alertQueue';
import { readSharedState } from '../../src/core/refresh/sharedState';
import { ThresholdEngine, type Alert } from '../../src/core/alerts/thresholds';

const LOW: Alert = { kind: 'lowCredit', value: 4.2, threshold: 5 };
const SPIKE: Alert = { kind: 'spendSpike', value: 3, threshold: 2 };
const SETTINGS = { lowCreditUsd: 5, usagePercent: 0, spendPerHourUsd: 2 };

/** The engine state right after `alerts` fired (their kinds are disarmed). */
function firedState(now: number) {
  const e = new ThresholdEngine();
  const fired = e.evaluate({ spendable: 4.2, spendLastHour: 3 }, SETTINGS, now);
  assert.deepEqual(fired.map(a => a.kind).sort(), ['lowCredit', 'spendSpike']);
  return e;
}

describe('core/alertQueue: warnings show in the focused window', () => {
  const t0 = Date.UTC(2026, 10, 26, 8);

  it('a focused window shows what it found at once and queues nothing', () => {
    const e = firedState(t0);
    const r = routeAlerts(undefined, [LOW], e.toJSON(), true, t0);
    assert.deepEqual(r.show, [LOW]);
    assert.equal(r.pending, undefined);
  });

  it('an unfocused window queues it; the first window to gain focus takes it, once', () => {
    const e = firedState(t0);
    const queued = routeAlerts(undefined, [LOW], e.toJSON(), false, t0);
    assert.deepEqual(queued.show, []);
    assert.deepEqual(queued.pending, [{ alert: LOW, at: t0 }]);
    // Another unfocused window looks: it stays queued.
    const still = routeAlerts(queued.pending, [], e.toJSON(), false, t0 + 1000);
    assert.deepEqual(still.pending, queued.pending);
    assert.deepEqual(still.show, []);
    // A window gains focus: it takes it; the queue is empty for every other window.
    const taken = routeAlerts(still.pending, [], e.toJSON(), true, t0 + 2000);
    assert.deepEqual(taken.show, [LOW]);
    assert.equal(taken.pending, undefined);
    assert.deepEqual(routeAlerts(taken.pending, [], e.toJSON(), true, t0 + 3000).show, []);
  });

  it('a newer alert of a kind replaces the queued one; kinds show oldest first', () => {
    const e = firedState(t0);
    const a = routeAlerts(undefined, [LOW], e.toJSON(), false, t0);
    const b = routeAlerts(a.pending, [SPIKE], e.toJSON(), false, t0 + 10);
    const newerLow = { ...LOW, value: 3.9 };
    const c = routeAlerts(b.pending, [newerLow], e.toJSON(), true, t0 + 20);
    assert.deepEqual(c.show, [SPIKE, newerLow]);
  });

  it('drops a queued alert that is no longer news: expired, recovered, snoozed or dismissed', () => {
    const queued: PendingAlert[] = [{ alert: LOW, at: t0 }];
    const e = firedState(t0);
    assert.deepEqual(routeAlerts(queued, [], e.toJSON(), true, t0 + PENDING_ALERT_TTL_MS).show, [], 'expired');
    const recovered = new ThresholdEngine(e.toJSON());
    recovered.evaluate({ spendable: 20 }, SETTINGS, t0 + 1);
    assert.deepEqual(routeAlerts(queued, [], recovered.toJSON(), true, t0 + 2).show, [], 'recovered');
    const snoozed = new ThresholdEngine(e.toJSON());
    snoozed.snooze('lowCredit', t0 + 60_000);
    assert.deepEqual(routeAlerts(queued, [], snoozed.toJSON(), true, t0 + 2).show, [], 'snoozed');
    const dismissed = new ThresholdEngine(e.toJSON());
    dismissed.suppressForever('lowCredit');
    assert.deepEqual(routeAlerts(queued, [], dismissed.toJSON(), true, t0 + 2).show, [], 'dismissed');
  });

  it('reads the queue from the shared file defensively', () => {
    assert.deepEqual(sanitizePending([{ alert: LOW, at: t0 }, { alert: { kind: 'nope', value: 1, threshold: 1 }, at: t0 }, null, { alert: LOW }]), [{ alert: LOW, at: t0 }]);
    assert.equal(sanitizePending('x'), undefined);
    const s = readSharedState(JSON.stringify({ v: 1, keyGen: 0, updatedAt: 1, pendingAlerts: [{ alert: SPIKE, at: t0, extra: '<b>' }], thresholdsAsOf: 'x' })).state!;
    assert.deepEqual(s.pendingAlerts, [{ alert: SPIKE, at: t0 }]);
    assert.equal(s.thresholdsAsOf, undefined);
  });

  it('a queued budget warning or report survives an earlier snooze of its kind that has ended', () => {
    const e = new ThresholdEngine();
    e.snooze('budgetDay', t0 - 1000); // snoozed once, days ago: the engine leaves it armed for good
    const budget: Alert = { kind: 'budgetDay', value: 9, threshold: 10 };
    const queued = routeAlerts(undefined, [budget], e.toJSON(), false, t0);
    assert.deepEqual(routeAlerts(queued.pending, [], e.toJSON(), true, t0 + 1000).show, [budget]);
  });
});
