import * as assert from 'node:assert/strict';
import {
  DAY,
  DEFAULT_MAX_POINTS,
  HOUR,
  History,
  HistoryStore,
  MINUTE,
  compact,
  pointFromSnapshot,
} from '../../src/core/money/samples';
import type { CreditSnapshot, HistoryPoint } from '../../src/core/types';
import { MemoryStore, WED, series, snap } from './helpers/history';
import { keyInfo } from './helpers/keyInfo';

describe('samples', () => {
  describe('pointFromSnapshot', () => {
    it('keeps account totals only when the account is known', () => {
      const s = snap(WED, 3, 10);
      assert.deepEqual(pointFromSnapshot(s), { t: WED, keyUsage: 3, spendable: 7, totalCredits: 10, totalUsage: 3 });
      const noAccount: CreditSnapshot = { fetchedAt: WED, key: keyInfo({ usage: 3 }), accountStatus: 'forbidden' };
      assert.deepEqual(pointFromSnapshot(noAccount), { t: WED, keyUsage: 3 });
    });
  });


  describe('compact', () => {
    const now = WED + 12 * HOUR + 7 * MINUTE;
    const all = series(now - 400 * DAY, now, 15 * MINUTE, t => (t - (now - 400 * DAY)) / DAY);
    const out = compact(all, now);

    it('thins a 400-day series by age tier', () => {
      assert.ok(out.length < DEFAULT_MAX_POINTS, `${out.length} points`);
      assert.ok(out.length > 1000, `${out.length} points`);
      assert.ok(out.every(p => now - p.t <= 365 * DAY), 'nothing older than 365 days');
      const count = (from: number, to: number, bucket: number) => {
        const pts = out.filter(p => now - p.t > from && now - p.t <= to);
        const buckets = new Map<number, number>();
        for (const p of pts) buckets.set(Math.floor(p.t / bucket), (buckets.get(Math.floor(p.t / bucket)) ?? 0) + 1);
        return { n: pts.length, maxPerBucket: Math.max(...buckets.values()) };
      };
      const raw = out.filter(p => now - p.t <= HOUR);
      assert.deepEqual(raw, all.filter(p => now - p.t <= HOUR), 'the last hour is untouched');
      assert.equal(count(HOUR, 48 * HOUR, 5 * MINUTE).maxPerBucket, 1);
      const hourly = count(48 * HOUR, 30 * DAY, HOUR);
      assert.ok(hourly.maxPerBucket === 1 && Math.abs(hourly.n - 28 * 24) <= 1, JSON.stringify(hourly));
      const daily = count(30 * DAY, 365 * DAY, DAY);
      assert.ok(daily.maxPerBucket === 1 && Math.abs(daily.n - 335) <= 1, JSON.stringify(daily));
      for (let i = 1; i < out.length; i++) assert.ok(out[i].t > out[i - 1].t, 'sorted');
    });

    it('keeps the last sample of each bucket (end-of-day balances survive)', () => {
      // the original last sample of p's bucket
      const lastOf = (t: number, bucket: number) => {
        const i = all.findIndex(q => Math.floor(q.t / bucket) > Math.floor(t / bucket));
        return all[(i < 0 ? all.length : i) - 1];
      };
      const old = out.filter(p => now - p.t > 31 * DAY);
      assert.ok(old.length > 300);
      for (const p of old) assert.equal(p, lastOf(p.t, DAY), new Date(p.t).toISOString());
      const hourly = out.filter(p => now - p.t > 49 * HOUR && now - p.t < 29 * DAY);
      assert.ok(hourly.length > 600);
      for (const p of hourly) assert.equal(p, lastOf(p.t, HOUR), new Date(p.t).toISOString());
    });

    it('is idempotent and does not mutate its input', () => {
      const copy = all.slice();
      assert.deepEqual(compact(out, now), out);
      assert.deepEqual(all, copy);
    });

    it('enforces the hard cap by dropping the oldest', () => {
      const dense = series(now - 50 * MINUTE, now, 1000, t => t / 1e9); // 3001 raw points in the last hour
      const capped = compact(dense, now);
      assert.equal(capped.length, DEFAULT_MAX_POINTS);
      assert.equal(capped[capped.length - 1].t, now);
      assert.equal(capped[0].t, dense[dense.length - DEFAULT_MAX_POINTS].t);
      assert.equal(compact(dense, now, { maxPoints: 10 }).length, 10);
    });

    it('sorts unsorted input and accepts custom tiers', () => {
      const pts = [{ t: 3 * HOUR, keyUsage: 3 }, { t: HOUR, keyUsage: 1 }, { t: 2 * HOUR, keyUsage: 2 }];
      assert.deepEqual(compact(pts, 3 * HOUR).map(p => p.t), [HOUR, 2 * HOUR, 3 * HOUR]);
      const tiers = [{ maxAgeMs: 10 * HOUR, bucketMs: 10 * HOUR }];
      assert.deepEqual(compact(pts, 3 * HOUR, { tiers }).map(p => p.t), [3 * HOUR]);
    });
  });


  describe('History', () => {
    it('loads synchronously, drops invalid entries, sorts and de-duplicates', () => {
      const store = new MemoryStore([{ t: 3, keyUsage: 1 }, 'junk', { t: 1, keyUsage: 0 }, { t: 2 }, { t: 3, keyUsage: 2 }, null]);
      const h = new History(store);
      assert.deepEqual(h.points, [{ t: 1, keyUsage: 0 }, { t: 3, keyUsage: 2 }]);
    });

    it('adds snapshots in order, replaces same-time ones, inserts late ones, saves copies', () => {
      const store = new MemoryStore();
      const h = new History(store);
      h.add(snap(WED, 1, 10));
      h.add(snap(WED + 2 * MINUTE, 2, 10));
      h.add(snap(WED + 2 * MINUTE, 2.5, 10));
      h.add(snap(WED + MINUTE, 1.5, 10));
      assert.deepEqual(h.points.map(p => [p.t - WED, p.keyUsage]), [[0, 1], [MINUTE, 1.5], [2 * MINUTE, 2.5]]);
      assert.equal(store.saved.length, 4);
      assert.notEqual(store.saved[3], h.points);
      assert.deepEqual(store.saved[3], h.points);
    });

    it('never exceeds its cap, compacting incrementally', () => {
      const store = new MemoryStore();
      const h = new History(store, { maxPoints: 300 });
      let max = 0;
      for (let i = 0; i < 20_000; i++) {
        h.add(snap(WED + i * 30_000, i / 100, 1000));
        max = Math.max(max, h.length);
      }
      assert.ok(max <= 300, `max ${max}`);
      assert.equal(h.points[h.length - 1].t, WED + 19_999 * 30_000);
    });

    it('compacts at most once per hour of samples', () => {
      const h = new History(new MemoryStore());
      // 2 h of 15 s samples: the older hour is only thinned at the next hourly compaction.
      for (let i = 0; i <= 480; i++) h.add(snap(WED + i * 15_000, i, 1000));
      assert.equal(h.length, 481 - 240 + 240 / 20);
    });

    it('works with an async store; saves are serialized and end with the latest points', async () => {
      const saves: HistoryPoint[][] = [];
      const pending: Promise<void>[] = [];
      let active = 0;
      let maxActive = 0;
      const store: HistoryStore = {
        load: async () => [{ t: WED - MINUTE, keyUsage: 0 }],
        save: points => {
          const p = (async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            await new Promise(r => setImmediate(r));
            saves.push(points);
            active--;
          })();
          pending.push(p);
          return p;
        },
      };
      const h = new History(store);
      await h.reload();
      assert.equal(h.length, 1);
      for (let i = 0; i < 5; i++) h.add(snap(WED + i * MINUTE, i, 10));
      // Wait on the store's saves until no finished save has started another one.
      for (let seen = 0; seen < pending.length; ) {
        seen = pending.length;
        await Promise.all(pending);
        await new Promise(r => setImmediate(r));
      }
      assert.equal(maxActive, 1);
      assert.ok(saves.length >= 2 && saves.length <= 5);
      assert.deepEqual(saves[saves.length - 1], h.points);
    });

    it('reload() picks up what another window saved; clear() empties and saves', () => {
      const store = new MemoryStore();
      const h = new History(store);
      h.add(snap(WED, 1, 10));
      store.data = [{ t: WED, keyUsage: 1 }, { t: WED + MINUTE, keyUsage: 2 }];
      h.reload();
      assert.equal(h.length, 2);
      h.clear();
      assert.equal(h.length, 0);
      assert.deepEqual(store.data, []);
    });

    it('a failing store does not break add()', () => {
      const errors: unknown[] = [];
      const h = new History({ load: () => { throw new Error('no file'); }, save: () => { throw new Error('disk full'); } }, { onSaveError: e => errors.push(e) });
      h.add(snap(WED, 1, 10));
      assert.equal(h.length, 1);
      assert.equal(errors.length, 1);
    });
  });
});
