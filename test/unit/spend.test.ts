import * as assert from 'node:assert/strict';
import { DAY, HOUR, History, MINUTE } from '../../src/core/money/samples';
import { derive, spendLastHour, startOfUtcWeek } from '../../src/core/money/spend';
import type { CreditSnapshot, HistoryPoint } from '../../src/core/types';
import { MemoryStore, WED, series, snap } from './helpers/history';

const close = (a: number | undefined, b: number, eps = 1e-6) => {
  assert.ok(a !== undefined, `expected ~${b}, got undefined`);
  assert.ok(Math.abs(a - b) <= eps, `expected ~${b}, got ${a}`);
};

describe('spend', () => {
  describe('derive', () => {
    it('gives nothing without data', () => {
      assert.deepEqual(derive(undefined, [], WED), { daily: [] });
    });

    it('spendSinceLastCheck: usage delta to the previous point, never negative', () => {
      const pts = [{ t: WED, keyUsage: 1 }, { t: WED + MINUTE, keyUsage: 1.25 }];
      close(derive(snap(WED + 2 * MINUTE, 1.75, 10), pts, WED + 2 * MINUTE).spendSinceLastCheck, 0.5);
      // snapshot already in the history: compares with the point before it
      const withSnap = [...pts, { t: WED + 2 * MINUTE, keyUsage: 1.75 }];
      close(derive(snap(WED + 2 * MINUTE, 1.75, 10), withSnap, WED + 2 * MINUTE).spendSinceLastCheck, 0.5);
      assert.equal(derive(snap(WED + 2 * MINUTE, 0.1, 10), pts, WED + 2 * MINUTE).spendSinceLastCheck, 0, 'a reset is not negative');
      assert.equal(derive(snap(WED, 1, 10), [], WED).spendSinceLastCheck, undefined);
    });

    it('today / week / month come from the snapshot when it is from the current period', () => {
      const now = WED + 10 * HOUR;
      const s = snap(now, 50, 100, { usageDaily: 1.5, usageWeekly: 7, usageMonthly: 20 });
      const d = derive({ ...s, account: undefined, accountStatus: 'forbidden' }, [], now);
      assert.equal(d.spendToday, 1.5);
      assert.equal(d.spendThisWeek, 7);
      assert.equal(d.spendThisMonth, 20);
      // With account figures the periods are the account's: without history to place them, unknown (never the key's own).
      const a = derive(s, [], now);
      assert.deepEqual([a.spendToday, a.spendThisWeek, a.spendThisMonth], [undefined, undefined, undefined]);
      assert.equal(a.unknownReasons?.spendThisWeek, 'history');
    });

    it('today / week / month fall back to history (UTC days, weeks from Monday)', () => {
      assert.equal(startOfUtcWeek(WED + 5 * HOUR), Date.UTC(2025, 5, 2));
      assert.equal(startOfUtcWeek(Date.UTC(2025, 5, 8, 23)), Date.UTC(2025, 5, 2), 'Sunday belongs to the week of the Monday before');
      assert.equal(startOfUtcWeek(Date.UTC(2025, 5, 9)), Date.UTC(2025, 5, 9));
      const now = WED + 10 * HOUR;
      // 1 USD per hour since May 25
      const pts = series(Date.UTC(2025, 4, 25), now, HOUR, t => (t - Date.UTC(2025, 4, 25)) / HOUR);
      const d = derive(undefined, pts, now);
      close(d.spendToday, 10);
      close(d.spendThisWeek, 48 + 10);
      close(d.spendThisMonth, 72 + 10);
      // a snapshot from yesterday does not count as today's figure
      const yesterday = snap(WED - HOUR, 0, 100, { usageDaily: 99 });
      close(derive(yesterday, pts, now).spendToday, 10);
      // without a point at or before the period start: unknown
      assert.equal(derive(undefined, pts.filter(p => p.t > WED), now).spendToday, undefined);
    });

    it('spendLastHour needs ~50 min of history', () => {
      const now = WED + 5 * HOUR;
      const pts = series(now - 3 * HOUR, now, MINUTE, t => (t - now) / HOUR * 0.6 + 10); // 0.6 USD/h
      close(derive(undefined, pts, now).spendLastHour, 0.6);
      close(spendLastHour(pts, now), 0.6);
      const short = pts.filter(p => now - p.t <= 40 * MINUTE);
      assert.equal(derive(undefined, short, now).spendLastHour, undefined);
      const enough = pts.filter(p => now - p.t <= 52 * MINUTE);
      close(derive(undefined, enough, now).spendLastHour, 0.6 * 52 / 60);
    });

    it('linear drain: burn rates and forecast give the right days', () => {
      const now = WED;
      const from = now - 10 * DAY;
      // 2 USD/day, 100 credits at the start: spendable at now = 80
      const pts = series(from, now, 15 * MINUTE, t => ((t - from) / DAY) * 2, () => 100);
      const d = derive(undefined, pts, now);
      close(d.burnRate24h, 2);
      close(d.burnRate7d, 2);
      assert.equal(d.forecast?.basis, '7d');
      close(d.forecast?.daysLeft, 40);
      close(d.forecast?.runOutAt, now + 40 * DAY, 1);
      // also through History's compaction
      const h = new History(new MemoryStore());
      for (const p of pts) h.addPoint(p);
      const d2 = derive(undefined, h.points, now);
      close(d2.burnRate7d, 2, 1e-3);
      close(d2.forecast?.daysLeft, 40, 0.05);
    });

    it('uses the snapshot as the latest point and its spendable for the forecast', () => {
      const now = WED;
      const from = now - 3 * DAY;
      const pts = series(from, now - HOUR, HOUR, t => ((t - from) / DAY) * 4, () => 100);
      const s = snap(now, 12, 100); // 4 USD/day, 88 left → 22 days
      const d = derive(s, pts, now);
      close(d.burnRate7d, 4);
      close(d.forecast?.daysLeft, 22);
    });

    it('flat usage gives no forecast', () => {
      const pts = series(WED - 10 * DAY, WED, HOUR, () => 5, () => 100);
      const d = derive(undefined, pts, WED);
      assert.equal(d.burnRate7d, 0);
      assert.equal(d.burnRate24h, 0);
      assert.equal(d.forecast, undefined);
      // 0.005 USD/day is still flat
      const slow = series(WED - 10 * DAY, WED, HOUR, t => (t - (WED - 10 * DAY)) / DAY * 0.005, () => 100);
      assert.equal(derive(undefined, slow, WED).forecast, undefined);
    });

    it('short history gives no forecast; 24 h..2 days uses the 24 h rate', () => {
      const rate = (from: number) => (t: number) => ((t - from) / DAY) * 3;
      const h5 = series(WED - 5 * HOUR, WED, 15 * MINUTE, rate(WED - 5 * HOUR), () => 50);
      const d5 = derive(undefined, h5, WED);
      assert.equal(d5.burnRate24h, undefined, 'under 6 h');
      assert.equal(d5.forecast, undefined);
      const h12 = series(WED - 12 * HOUR, WED, 15 * MINUTE, rate(WED - 12 * HOUR), () => 50);
      const d12 = derive(undefined, h12, WED);
      close(d12.burnRate24h, 3);
      assert.equal(d12.burnRate7d, undefined);
      assert.equal(d12.forecast, undefined, 'under 24 h');
      const h30 = series(WED - 30 * HOUR, WED, 15 * MINUTE, rate(WED - 30 * HOUR), () => 50);
      const d30 = derive(undefined, h30, WED);
      assert.equal(d30.burnRate7d, undefined);
      assert.equal(d30.forecast?.basis, '24h');
      close(d30.forecast?.daysLeft, (50 - 3.75) / 3);
    });

    it('no forecast when the balance is unknown or used up', () => {
      const from = WED - 5 * DAY;
      const pts = series(from, WED, HOUR, t => ((t - from) / DAY) * 2, () => 10);
      assert.equal(derive(undefined, pts, WED).forecast, undefined, 'spendable 0');
      const unknown = pts.map(({ t, keyUsage }) => ({ t, keyUsage }));
      assert.equal(derive(undefined, unknown, WED).forecast, undefined);
      close(derive(undefined, unknown, WED).burnRate7d, 2);
    });

    it('a top-up mid-series is not negative spend', () => {
      const from = WED - 10 * DAY;
      const topUpAt = from + 5 * DAY + 7 * HOUR;
      const pts = series(from, WED, HOUR, t => ((t - from) / DAY) * 2, t => (t >= topUpAt ? 70 : 20));
      const d = derive(undefined, pts, WED);
      close(d.burnRate7d, 2);
      close(d.burnRate24h, 2);
      close(d.forecast?.daysLeft, 25); // 70 - 20 = 50 left at 2/day
      for (const day of d.daily.slice(1, -1)) close(day.spend, 2);
    });

    it('a usage reset is not negative spend', () => {
      const from = WED - 3 * DAY;
      const resetAt = from + 2 * DAY;
      // 1 USD/day; at resetAt the key's usage restarts from 0
      const pts = series(from, WED, HOUR, t => (t < resetAt ? (t - from) / DAY + 30 : (t - resetAt) / DAY));
      const d = derive(undefined, pts, WED);
      assert.ok(d.burnRate24h! > 0.9 && d.burnRate24h! <= 1 + 1e-9, String(d.burnRate24h));
      assert.ok(d.burnRate7d! > 0.9 && d.burnRate7d! <= 1 + 1e-9, String(d.burnRate7d));
      assert.ok(d.daily.every(x => x.spend !== undefined && x.spend >= 0));
    });

    it('a management key that spends nothing itself: spend, burn rate and forecast come from the account', () => {
      const now = WED + 15 * HOUR;
      const from = now - 3 * DAY;
      // The key's own usage stays 0; the account's usage grows by $2/day.
      const pts: HistoryPoint[] = [];
      for (let t = from; t < now; t += HOUR) {
        const u = 10 + ((t - from) / DAY) * 2;
        pts.push({ t, keyUsage: 0, totalUsage: u, totalCredits: 50, spendable: 50 - u });
      }
      const u = 10 + ((now - from) / DAY) * 2;
      const s: CreditSnapshot = { ...snap(now, 0, 50), account: { totalCredits: 50, totalUsage: u, remaining: 50 - u, usagePercent: (u / 50) * 100 }, spendable: 50 - u };
      const d = derive(s, pts, now);
      close(d.burnRate24h, 2);
      close(d.burnRate7d, 2);
      close(d.spendLastHour, 2 / 24);
      close(d.spendToday, 15 * (2 / 24)); // since the sample at midnight
      assert.ok(d.forecast, 'a forecast');
      close(d.forecast!.daysLeft, (50 - u) / 2);
      close(d.spendSinceLastCheck, 2 / 24);
    });

    it('daily: last 30 UTC days, oldest first, with end-of-day balances; today from the account, else usage_daily', () => {
      const now = WED + 15 * HOUR;
      const from = now - 45 * DAY;
      const pts = series(from, now - HOUR, HOUR, t => ((t - from) / DAY) * 2.4, () => 500);
      const s = snap(now, ((now - from) / DAY) * 2.4, 500, { usageDaily: 1.23 });
      const d = derive(s, pts, now);
      assert.equal(d.daily.length, 30);
      assert.equal(d.daily[29].day, '2025-06-04');
      assert.equal(d.daily[0].day, '2025-05-06');
      for (const day of d.daily.slice(0, 29)) {
        close(day.spend, 2.4);
        const endOfDay = Date.parse(day.day) + DAY - HOUR; // last hourly sample of the day (at 23:00 + offset)
        const last = pts.filter(p => p.t < Date.parse(day.day) + DAY).pop()!;
        assert.ok(last.t >= endOfDay - HOUR);
        close(day.balance, last.spendable!);
      }
      // With account figures, today's spend is the account's, from history (here
      // 2.4/day since the sample at midnight: today's bar is spendToday), never
      // the key's own 1.23.
      close(d.daily[29].spend, 1.5);
      close(d.spendToday, 1.5);
      close(d.daily[29].balance, s.spendable!);
      // Without account figures, today's spend is the key's usage_daily.
      const keyOnly: CreditSnapshot = { ...s, account: undefined, accountStatus: 'forbidden' };
      const pk = pts.map(({ totalUsage: _u, totalCredits: _c, ...p }) => p);
      assert.equal(derive(keyOnly, pk, now).daily[29].spend, 1.23);
      // history that starts 3 days ago gives 3 + today entries (no empty days before it)
      const recent = derive(undefined, pts.filter(p => p.t >= WED - 3 * DAY), now);
      assert.equal(recent.daily.length, 4);
      assert.equal(recent.daily[0].day, '2025-06-01');
    });
  });
});
