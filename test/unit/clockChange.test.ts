// The system clock set back (or forward) while polling: issue 21, item 6.
// Waits are measured on the monotonic clock, a sample older than the newest
// starts a new segment of the history (no spend across it), and no stored
// time in the future holds anything up. All on an injected FakeClock.
import * as assert from 'node:assert/strict';
import { FakeClock, flushPromises } from '../../src/core/refresh/clock';
import { RefreshScheduler } from '../../src/core/refresh/scheduler';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
/** Wednesday 2024-05-15 12:00 UTC. */
const T0 = Date.UTC(2024, 4, 15, 12);

describe('clock changes: the scheduler', () => {
  function polling(intervalMs = 5 * MIN) {
    const clock = new FakeClock(T0);
    const runs: number[] = [];
    const s = new RefreshScheduler<number>({ clock, intervalMs, task: () => { runs.push(clock.now()); return Promise.resolve(runs.length); } });
    return { clock, runs, s };
  }

  it('goes on polling every interval after the clock is set back 6 h', async () => {
    const { clock, runs, s } = polling();
    s.start(0);
    await flushPromises();
    await clock.advanceAsync(5 * MIN);
    assert.equal(runs.length, 2);
    clock.setWall(clock.now() - 6 * HOUR);
    await clock.advanceAsync(5 * MIN);
    assert.equal(runs.length, 3, 'the next poll is one interval after the last, not 6 h later');
    await clock.advanceAsync(HOUR);
    assert.equal(runs.length, 15);
    s.dispose();
  });

  it('a clock set forward neither polls early nor stops polling', async () => {
    const { clock, runs, s } = polling();
    s.start(0);
    await flushPromises();
    clock.setWall(clock.now() + 6 * HOUR);
    await clock.advanceAsync(5 * MIN - 1);
    assert.equal(runs.length, 1, 'no poll before the interval is over');
    await clock.advanceAsync(1);
    assert.equal(runs.length, 2);
    clock.setWall(clock.now() - 6 * HOUR);
    await clock.advanceAsync(5 * MIN);
    assert.equal(runs.length, 3);
    s.dispose();
  });

  it('refreshIfStale measures the age on the monotonic clock; nextRunAt reads in wall time', async () => {
    const { clock, runs, s } = polling();
    s.start(0);
    await flushPromises();
    clock.setWall(clock.now() + 6 * HOUR);
    await s.refreshIfStale(5 * MIN);
    assert.equal(runs.length, 1, 'a reading 0 s old is fresh, whatever the wall clock says');
    assert.equal(s.nextRunAt, clock.now() + 5 * MIN);
    assert.equal(s.lastSuccessAt, clock.now() - 6 * HOUR, 'lastSuccessAt is the wall time it was taken at');
    s.dispose();
  });
});
