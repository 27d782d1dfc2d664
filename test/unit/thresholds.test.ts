import * as assert from 'node:assert/strict';
import { Alert, AlertKind, ThresholdEngine, ThresholdSettings, nextLimitReset, thresholdInputFromSnapshot, whatRanOut } from '../../src/core/alerts/thresholds';
import type { CreditSnapshot } from '../../src/core/types';

const S: ThresholdSettings = { lowCreditUsd: 5, usagePercent: 90, spendPerHourUsd: 0 };
const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;

const kinds = (a: Alert[]): AlertKind[] => a.map(x => x.kind);

/** Feeds a series of spendable values; returns the indexes that fired lowCredit. */
function lowFires(e: ThresholdEngine, values: number[], settings = S): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (e.evaluate({ spendable: v }, settings, T0 + i).some(a => a.kind === 'lowCredit')) out.push(i);
  });
  return out;
}

describe('ThresholdEngine', () => {
  describe('lowCredit', () => {
    it('fires once per downward crossing', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(lowFires(e, [10, 8, 6, 4.9, 4, 3, 2, 4.99, 1]), [3]);
    });

    it('re-arms only past threshold + hysteresis (default max(0.5, 10 %))', () => {
      const e = new ThresholdEngine();
      // 5.4 is inside the band (5 + 0.5): no re-arm, so 4.8 does not fire again.
      assert.deepEqual(lowFires(e, [6, 4.9, 5.4, 4.8, 5.5, 4.7]), [1, 5]);
      // threshold 20 → hysteresis 2
      const e2 = new ThresholdEngine();
      const s20 = { ...S, lowCreditUsd: 20 };
      assert.deepEqual(lowFires(e2, [25, 19, 21.9, 19, 22, 19], s20), [1, 5]);
      // explicit hysteresis
      const e3 = new ThresholdEngine();
      assert.deepEqual(lowFires(e3, [6, 4, 5.1, 4], { ...S, hysteresisUsd: 0.1 }), [1, 3]);
    });

    it('first evaluation already below fires once', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(lowFires(e, [3, 3, 2]), [0]);
    });

    it('is skipped while spendable is unknown, and 0 = off', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(e.evaluate({}, S, T0), []);
      assert.deepEqual(e.evaluate({ spendable: undefined, usagePercent: 10 }, S, T0), []);
      const off = new ThresholdEngine();
      assert.deepEqual(lowFires(off, [3, 2], { ...S, lowCreditUsd: 0 }), []);
    });

    it('an unknown reading leaves the state alone', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(lowFires(e, [4]), [0]);
      e.evaluate({}, S, T0);
      assert.deepEqual(lowFires(e, [4]), []);
    });

    it('raising the threshold above the current value fires (a new crossing)', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(lowFires(e, [8]), []);
      const fired = e.evaluate({ spendable: 8 }, { ...S, lowCreditUsd: 10 }, T0);
      assert.deepEqual(fired, [{ kind: 'lowCredit', value: 8, threshold: 10 }]);
      assert.deepEqual(e.evaluate({ spendable: 8 }, { ...S, lowCreditUsd: 10 }, T0), []);
    });

    it('a value in the hysteresis band that becomes newly past a raised threshold fires', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(lowFires(e, [4.9, 5.2]), [0]); // fired, 5.2 still in the band
      assert.equal(e.evaluate({ spendable: 5.2 }, { ...S, lowCreditUsd: 6 }, T0).length, 1);
    });

    it('a value already past the old threshold does not fire again when the threshold moves', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(lowFires(e, [3]), [0]);
      assert.deepEqual(e.evaluate({ spendable: 3 }, { ...S, lowCreditUsd: 4 }, T0), []);
      assert.deepEqual(e.evaluate({ spendable: 3 }, { ...S, lowCreditUsd: 8 }, T0), []);
      // lowering it below the value re-arms; the next crossing fires
      assert.deepEqual(e.evaluate({ spendable: 3 }, { ...S, lowCreditUsd: 2 }, T0), []);
      assert.equal(e.evaluate({ spendable: 1.5 }, { ...S, lowCreditUsd: 2 }, T0).length, 1);
    });

    it('turning the warning on while past it fires once', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(e.evaluate({ spendable: 3 }, { ...S, lowCreditUsd: 0 }, T0), []);
      assert.equal(e.evaluate({ spendable: 3 }, S, T0).length, 1);
      assert.equal(e.evaluate({ spendable: 3 }, S, T0).length, 0);
    });
  });

  describe('usagePercent', () => {
    it('fires once per upward crossing, re-arms 2 points below', () => {
      const e = new ThresholdEngine();
      const fired: number[] = [];
      [50, 89.9, 90, 95, 88.5, 91, 88, 90.1].forEach((p, i) => {
        if (e.evaluate({ usagePercent: p }, S, T0).some(a => a.kind === 'usagePercent')) fired.push(i);
      });
      assert.deepEqual(fired, [2, 7]);
    });

    it('0 = off; a custom hysteresis is used', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(e.evaluate({ usagePercent: 99 }, { ...S, usagePercent: 0 }, T0), []);
      const e2 = new ThresholdEngine();
      const s = { ...S, hysteresisPercent: 10 };
      assert.equal(e2.evaluate({ usagePercent: 95 }, s, T0).length, 1);
      assert.equal(e2.evaluate({ usagePercent: 85 }, s, T0).length, 0);
      assert.equal(e2.evaluate({ usagePercent: 95 }, s, T0).length, 0);
      assert.equal(e2.evaluate({ usagePercent: 80 }, s, T0).length, 0);
      assert.equal(e2.evaluate({ usagePercent: 95 }, s, T0).length, 1);
    });

    it('thresholdInputFromSnapshot prefers the account percentage, else the key one', () => {
      const key = { usage: 1 } as CreditSnapshot['key'];
      const snap: CreditSnapshot = { fetchedAt: T0, key, accountStatus: 'forbidden', spendable: 2, keyUsagePercent: 80 };
      assert.deepEqual(thresholdInputFromSnapshot(snap, 0.3), { spendable: 2, usagePercent: 80, outOfCredits: false, spendLastHour: 0.3 });
      const withAccount: CreditSnapshot = {
        ...snap,
        accountStatus: 'known',
        account: { totalCredits: 10, totalUsage: 9.5, remaining: 0.5, usagePercent: 95 },
        spendable: 0,
      };
      const input = thresholdInputFromSnapshot(withAccount);
      assert.equal(input.usagePercent, 95);
      assert.equal(input.outOfCredits, true);
      assert.equal(thresholdInputFromSnapshot({ ...snap, spendable: undefined }, undefined, true).outOfCredits, true);
    });
  });

  describe('outOfCredits', () => {
    it('fires on spendable <= 0, re-arms when back above 0', () => {
      const e = new ThresholdEngine();
      const s = { ...S, lowCreditUsd: 0 };
      assert.deepEqual(kinds(e.evaluate({ spendable: 1 }, s, T0)), []);
      assert.deepEqual(e.evaluate({ spendable: 0 }, s, T0), [{ kind: 'outOfCredits', value: 0, threshold: 0 }]);
      assert.deepEqual(kinds(e.evaluate({ spendable: -0.2 }, s, T0)), []);
      assert.deepEqual(kinds(e.evaluate({ spendable: 0.01 }, s, T0)), []);
      assert.deepEqual(kinds(e.evaluate({ spendable: 0 }, s, T0)), ['outOfCredits']);
    });

    it('fires on a 402 even when spendable is unknown', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(kinds(e.evaluate({ outOfCredits: true }, S, T0)), ['outOfCredits']);
      assert.deepEqual(kinds(e.evaluate({ outOfCredits: true }, S, T0)), []);
      assert.deepEqual(kinds(e.evaluate({ outOfCredits: false }, S, T0)), []);
      assert.deepEqual(kinds(e.evaluate({ outOfCredits: true }, S, T0)), ['outOfCredits']);
      // a 402 while the (stale) balance still looks positive: value 0
      const e2 = new ThresholdEngine();
      assert.deepEqual(e2.evaluate({ outOfCredits: true, spendable: 3 }, { ...S, lowCreditUsd: 0 }, T0), [{ kind: 'outOfCredits', value: 0, threshold: 0 }]);
      assert.deepEqual(e2.evaluate({ spendable: -0.5 }, { ...S, lowCreditUsd: 0 }, T0), []);
    });

    it('supersedes lowCredit / usagePercent alerts of the same evaluation (their crossing is consumed)', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(kinds(e.evaluate({ spendable: 0, usagePercent: 100 }, S, T0)), ['outOfCredits']);
      assert.deepEqual(kinds(e.evaluate({ spendable: 3, usagePercent: 95 }, S, T0)), []);
      // separately, lowCredit then outOfCredits
      const e2 = new ThresholdEngine();
      assert.deepEqual(kinds(e2.evaluate({ spendable: 3 }, S, T0)), ['lowCredit']);
      assert.deepEqual(kinds(e2.evaluate({ spendable: 0 }, S, T0)), ['outOfCredits']);
    });
  });

  describe('spendSpike', () => {
    it('fires when the last hour exceeds the limit, re-arms when it falls back', () => {
      const e = new ThresholdEngine();
      const s = { ...S, spendPerHourUsd: 2 };
      const seq = [0.5, 1.9, 2.5, 3, 2.1, 1.5, 2.01, 2, 0];
      const fired = seq.map(v => e.evaluate({ spendLastHour: v }, s, T0).length);
      assert.deepEqual(fired, [0, 0, 1, 0, 0, 0, 1, 0, 0]);
    });

    it('0 = off; unknown spendLastHour is skipped', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(e.evaluate({ spendLastHour: 100 }, S, T0), []);
      assert.deepEqual(e.evaluate({ spendLastHour: undefined }, { ...S, spendPerHourUsd: 1 }, T0), []);
      assert.equal(e.evaluate({ spendLastHour: 100 }, { ...S, spendPerHourUsd: 1 }, T0).length, 1);
    });
  });

  describe('snooze and suppression', () => {
    it('a snoozed warning waits for the snooze to end, then fires once if still past', () => {
      const e = new ThresholdEngine();
      assert.equal(e.evaluate({ spendable: 4 }, S, T0).length, 1);
      e.snooze('lowCredit', T0 + 24 * HOUR);
      assert.equal(e.toJSON().kinds.lowCredit?.snoozedUntil, T0 + 24 * HOUR);
      assert.equal(e.evaluate({ spendable: 3 }, S, T0 + HOUR).length, 0);
      assert.equal(e.evaluate({ spendable: 2 }, S, T0 + 23 * HOUR).length, 0);
      assert.deepEqual(e.evaluate({ spendable: 2 }, S, T0 + 24 * HOUR), [{ kind: 'lowCredit', value: 2, threshold: 5 }]);
      assert.equal(e.toJSON().kinds.lowCredit?.snoozedUntil, undefined, 'the snooze is over');
      assert.equal(e.evaluate({ spendable: 1 }, S, T0 + 25 * HOUR).length, 0);
    });

    it('a crossing during the snooze fires at its end; a recovery during it cancels that', () => {
      const e = new ThresholdEngine();
      e.snooze('lowCredit', T0 + HOUR);
      assert.equal(e.evaluate({ spendable: 10 }, S, T0).length, 0);
      assert.equal(e.evaluate({ spendable: 4 }, S, T0 + 1).length, 0);
      assert.equal(e.evaluate({ spendable: 4 }, S, T0 + HOUR).length, 1);

      const e2 = new ThresholdEngine();
      e2.evaluate({ spendable: 4 }, S, T0);
      e2.snooze('lowCredit', T0 + HOUR);
      e2.evaluate({ spendable: 12 }, S, T0 + 1); // topped up meanwhile
      assert.equal(e2.evaluate({ spendable: 12 }, S, T0 + HOUR).length, 0);
      assert.equal(e2.evaluate({ spendable: 4 }, S, T0 + 2 * HOUR).length, 1);
    });

    it('snoozing one kind does not affect the others', () => {
      const e = new ThresholdEngine();
      e.snooze('lowCredit', T0 + HOUR);
      assert.deepEqual(kinds(e.evaluate({ spendable: 3, usagePercent: 95 }, S, T0)), ['usagePercent']);
    });

    it('suppressForever silences a kind for good, and only that kind', () => {
      const e = new ThresholdEngine();
      e.suppressForever('usagePercent');
      assert.equal(e.toJSON().kinds.usagePercent?.suppressed, true);
      assert.deepEqual(e.evaluate({ usagePercent: 99 }, S, T0), []);
      assert.deepEqual(e.evaluate({ usagePercent: 50 }, S, T0), []);
      assert.deepEqual(e.evaluate({ usagePercent: 99 }, S, T0), []);
      assert.deepEqual(kinds(e.evaluate({ usagePercent: 99, spendable: 4 }, S, T0)), ['lowCredit']);
      // A fresh state (what the caller keeps after a key change) fires again.
      assert.deepEqual(kinds(new ThresholdEngine().evaluate({ usagePercent: 99 }, S, T0)), ['usagePercent']);
    });
    it('unsuppressAll re-enables every suppressed kind and says which; a crossing the user saw does not fire again', () => {
      const e = new ThresholdEngine();
      assert.deepEqual(kinds(e.evaluate({ spendable: 4, usagePercent: 95 }, S, T0)), ['lowCredit', 'usagePercent']);
      e.suppressForever('lowCredit');
      e.suppressForever('spendSpike');
      e.snooze('usagePercent', T0 + HOUR);
      assert.deepEqual(e.unsuppressAll(), ['lowCredit', 'spendSpike']);
      assert.deepEqual(e.unsuppressAll(), [], 'nothing left to re-enable');
      const after = e.toJSON().kinds;
      assert.equal(after.lowCredit?.suppressed, undefined);
      assert.equal(after.spendSpike?.suppressed, undefined);
      assert.equal(after.usagePercent?.snoozedUntil, T0 + HOUR, 'a snooze is not a dismissal: it stays');
      // Still below the threshold the user already saw: no second toast for it.
      assert.deepEqual(e.evaluate({ spendable: 3.5 }, S, T0 + 1), []);
      // A top-up and a new crossing warn again.
      assert.deepEqual(e.evaluate({ spendable: 20 }, S, T0 + 2), []);
      assert.deepEqual(kinds(e.evaluate({ spendable: 4 }, S, T0 + 3)), ['lowCredit']);
    });

    it('a crossing that happened while suppressed fires at the first evaluation after unsuppressAll', () => {
      const e = new ThresholdEngine();
      e.suppressForever('lowCredit');
      assert.deepEqual(e.evaluate({ spendable: 4 }, S, T0), []);
      e.unsuppressAll();
      assert.deepEqual(kinds(e.evaluate({ spendable: 4 }, S, T0 + 1)), ['lowCredit']);
      assert.deepEqual(e.evaluate({ spendable: 4 }, S, T0 + 2), []);
    });

    it('changing a threshold re-arms its warning (usage % and spend per hour too)', () => {
      const e = new ThresholdEngine();
      const s = { ...S, spendPerHourUsd: 2 };
      assert.deepEqual(kinds(e.evaluate({ usagePercent: 85, spendLastHour: 1 }, { ...s, usagePercent: 80, spendPerHourUsd: 0.5 }, T0)), ['usagePercent', 'spendSpike']);
      // Both thresholds move past the value (no warning), then back below it: a new crossing each.
      assert.deepEqual(e.evaluate({ usagePercent: 85, spendLastHour: 1 }, s, T0 + 1), []);
      assert.deepEqual(kinds(e.evaluate({ usagePercent: 85, spendLastHour: 1 }, { ...s, usagePercent: 84, spendPerHourUsd: 0.9 }, T0 + 2)), ['usagePercent', 'spendSpike']);
    });
  });

  describe('whatRanOut and nextLimitReset', () => {
    const key = (over: Partial<CreditSnapshot['key']> = {}): CreditSnapshot['key'] => ({
      label: 'k', limit: 20, limitRemaining: 0, limitReset: 'monthly', usage: 20, usageDaily: 0, usageWeekly: 0, usageMonthly: 20,
      byokUsage: 0, byokUsageDaily: 0, byokUsageWeekly: 0, byokUsageMonthly: 0, includeByokInLimit: false, isFreeTier: false, isManagementKey: false, expiresAt: null,
      ...over,
    });
    const account = (remaining: number) => ({ totalCredits: 25, totalUsage: 25 - remaining, remaining, usagePercent: (25 - remaining) / 25 * 100 });
    // Wednesday 2026-11-18 15:30 UTC.
    const NOW = Date.UTC(2026, 10, 18, 15, 30);

    it('the next reset: the next UTC midnight, the next Monday (UTC), the first of the next month', () => {
      assert.equal(nextLimitReset('daily', NOW), Date.UTC(2026, 10, 19));
      assert.equal(nextLimitReset('weekly', NOW), Date.UTC(2026, 10, 23)); // Monday
      assert.equal(new Date(nextLimitReset('weekly', NOW)!).getUTCDay(), 1);
      assert.equal(nextLimitReset('monthly', NOW), Date.UTC(2026, 11, 1));
      // At the very reset instant, the next one; Sunday → tomorrow; Monday → a week later; December → January.
      assert.equal(nextLimitReset('daily', Date.UTC(2026, 10, 19)), Date.UTC(2026, 10, 20));
      assert.equal(nextLimitReset('weekly', Date.UTC(2026, 10, 22, 23, 59)), Date.UTC(2026, 10, 23));
      assert.equal(nextLimitReset('weekly', Date.UTC(2026, 10, 23)), Date.UTC(2026, 10, 30));
      assert.equal(nextLimitReset('monthly', Date.UTC(2026, 11, 31, 23)), Date.UTC(2027, 0, 1));
      assert.equal(nextLimitReset('monthly', Date.UTC(2027, 0, 31, 12)), Date.UTC(2027, 1, 1), 'no overflow past a short month');
      // Never, or a period this code does not know.
      assert.equal(nextLimitReset(null, NOW), undefined);
      assert.equal(nextLimitReset('yearly', NOW), undefined);
      assert.equal(nextLimitReset('daily', NaN), undefined);
    });

    it("a key limit used up names the limit and its reset; no reset, no date", () => {
      const snap: CreditSnapshot = { fetchedAt: NOW, key: key(), accountStatus: 'forbidden', spendable: 0, binding: 'key', keyUsagePercent: 100 };
      assert.deepEqual(whatRanOut(snap, NOW), { what: 'key', limit: 20, resetsAt: Date.UTC(2026, 11, 1) });
      assert.deepEqual(whatRanOut({ ...snap, key: key({ limitReset: 'daily' }) }, NOW), { what: 'key', limit: 20, resetsAt: Date.UTC(2026, 10, 19) });
      assert.deepEqual(whatRanOut({ ...snap, key: key({ limitReset: null }) }, NOW), { what: 'key', limit: 20 });
      // The key's limit binds, with an account that still has money.
      assert.deepEqual(whatRanOut({ ...snap, account: account(5), accountStatus: 'known' }, NOW), { what: 'key', limit: 20, resetsAt: Date.UTC(2026, 11, 1) });
      // A 402 while the key's limit binds (figures not yet at 0): the key.
      assert.equal(whatRanOut({ ...snap, key: key({ limitRemaining: 0.3 }), spendable: 0.3 }, NOW).what, 'key');
    });

    it('an account at or below 0 is the account, even when the key limit is used up too', () => {
      const snap: CreditSnapshot = { fetchedAt: NOW, key: key({ limit: null, limitRemaining: null, limitReset: null }), account: account(0), accountStatus: 'known', spendable: 0, binding: 'account' };
      assert.deepEqual(whatRanOut(snap, NOW), { what: 'account' });
      assert.deepEqual(whatRanOut({ ...snap, account: account(-0.4), key: key() }, NOW), { what: 'account' });
      // A 402 while the account binds (still above 0 when last read): the account.
      assert.deepEqual(whatRanOut({ ...snap, account: account(3), key: key({ limitRemaining: 8 }), spendable: 3 }, NOW), { what: 'account' });
      // A 402 with an unlimited key and no account figures, or with nothing read yet: the account.
      assert.deepEqual(whatRanOut({ ...snap, account: undefined, accountStatus: 'forbidden', spendable: undefined, binding: undefined }, NOW), { what: 'account' });
      assert.deepEqual(whatRanOut(undefined, NOW), { what: 'account' });
    });
  });

  describe('state', () => {
    it('round-trips through JSON, so another window continues where this one stopped', () => {
      const a = new ThresholdEngine();
      a.evaluate({ spendable: 4, usagePercent: 95, spendLastHour: 0 }, { ...S, spendPerHourUsd: 1 }, T0);
      a.snooze('spendSpike', T0 + HOUR);
      a.suppressForever('outOfCredits');
      const json = JSON.parse(JSON.stringify(a.toJSON()));
      const b = new ThresholdEngine(json);
      assert.deepEqual(b.toJSON(), a.toJSON());
      // b does not re-fire what a fired
      assert.deepEqual(b.evaluate({ spendable: 3.5, usagePercent: 96 }, S, T0 + 1), []);
      assert.deepEqual(b.evaluate({ spendable: 0 }, S, T0 + 2), []); // suppressed
      assert.equal(b.toJSON().kinds.spendSpike?.snoozedUntil, T0 + HOUR);
    });

    it('toJSON is a copy', () => {
      const e = new ThresholdEngine();
      const j = e.toJSON();
      e.evaluate({ spendable: 1 }, S, T0);
      assert.deepEqual(j.kinds, {});
    });

    it('tolerates missing or corrupt state', () => {
      for (const bad of [undefined, null, 42, 'x', { kinds: 'no' }, { kinds: { lowCredit: 'x', bogus: {} } }]) {
        const e = new ThresholdEngine(bad);
        assert.equal(e.evaluate({ spendable: 1 }, S, T0).length, 1);
      }
      const e = new ThresholdEngine({ v: 1, kinds: { lowCredit: { armed: false, threshold: 'x', lastValue: 3 } } });
      assert.equal(e.evaluate({ spendable: 1 }, S, T0).length, 0);
    });
  });
});
