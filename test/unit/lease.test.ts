import * as assert from 'node:assert/strict';
import { anyLiveFocus, FOCUS_TTL_MS, LEASE_RENEW_MS, liveFocus, type FocusMap } from '../../src/core/refresh/lease';

describe('focus records expire', () => {
  const T0 = 1_700_000_000_000;

  it('tolerates missed heartbeats, but not many', () => {
    assert.ok(FOCUS_TTL_MS >= 3 * LEASE_RENEW_MS, 'two late heartbeats do not expire a live window');
    assert.ok(FOCUS_TTL_MS <= 60_000, 'a crashed window stops counting within a minute');
  });

  it('a crashed focused window stops counting after FOCUS_TTL_MS; a window with a heartbeat keeps counting', () => {
    // Window "crashed" was focused and died at T0; window "alive" is not focused and renews its record every LEASE_RENEW_MS.
    const map: FocusMap = { crashed: { focused: true, at: T0 }, alive: { focused: false, at: T0 } };
    for (let now = T0; now <= T0 + 4 * FOCUS_TTL_MS; now += LEASE_RENEW_MS) {
      map.alive.at = now; // heartbeat
      const live = liveFocus(map, now);
      assert.ok(live.alive, `alive at +${now - T0} ms`);
      assert.equal(anyLiveFocus(map, now), now - T0 <= FOCUS_TTL_MS, `focused at +${now - T0} ms`);
    }
    map.alive.at = T0 + FOCUS_TTL_MS;
    assert.equal(anyLiveFocus(map, T0 + FOCUS_TTL_MS), true, 'still counts at the TTL');
    assert.equal(anyLiveFocus(map, T0 + FOCUS_TTL_MS + 1), false, 'not after it');
    assert.deepEqual(Object.keys(liveFocus(map, T0 + FOCUS_TTL_MS + 1)), ['alive']);
  });

  it('does not trust records from the future (clock set back) or malformed ones', () => {
    const map = {
      future: { focused: true, at: T0 + FOCUS_TTL_MS + 1 },
      soon: { focused: true, at: T0 + 1000 },
      noTime: { focused: true },
      badTime: { focused: true, at: 'now' },
      infinite: { focused: true, at: Infinity },
      noFlag: { focused: 'yes', at: T0 },
      nil: null,
    };
    assert.deepEqual(liveFocus(map, T0), { soon: { focused: true, at: T0 + 1000 } });
    assert.equal(anyLiveFocus({ future: map.future }, T0), false);
    for (const junk of [undefined, null, 42, 'x', [], [{ focused: true, at: T0 }]]) {
      assert.deepEqual(liveFocus(junk, T0), {});
      assert.equal(anyLiveFocus(junk, T0), false);
    }
  });

  it('takes a custom TTL', () => {
    const map = { w: { focused: true, at: T0 } };
    assert.equal(anyLiveFocus(map, T0 + 100, 100), true);
    assert.equal(anyLiveFocus(map, T0 + 101, 100), false);
  });
});
