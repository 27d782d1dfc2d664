import assert from 'node:assert/strict';

import { formatAge, formatDuration, formatPercent, formatUsd, formatUsdCompact } from '../../src/core/format';

describe('core/format', () => {
  it('formatUsd: two decimals', () => {
    assert.equal(formatUsd(16.55), '$16.55');
    assert.equal(formatUsd(25 - 8.45), '$16.55');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(1234.5), '$1,234.50');
    assert.equal(formatUsd(-3.2), '-$3.20');
    assert.equal(formatUsd(0.015), '$0.02');
  });

  it('formatUsd: sub-cent amounts keep up to 4 decimals', () => {
    assert.equal(formatUsd(0.0042), '$0.0042');
    assert.equal(formatUsd(0.005), '$0.005');
    assert.equal(formatUsd(-0.0042), '-$0.0042');
    assert.equal(formatUsd(0.00001), '<$0.0001');
  });

  it('formatUsd: never "-$0.00"', () => {
    for (const n of [-0, -0.00001, -0.000000001, -0.004 + 0.004]) {
      assert.ok(!formatUsd(n).startsWith('-'), `${n} → ${formatUsd(n)}`);
      assert.ok(!formatUsdCompact(n).startsWith('-'), `${n} → ${formatUsdCompact(n)}`);
    }
  });

  it('formatUsd: other locales and non-finite input', () => {
    assert.match(formatUsd(16.55, 'de-DE'), /16,55/);
    assert.equal(formatUsd(1, 'not-a-locale!!'), '$1.00');
    assert.equal(formatUsd(NaN), '—');
  });

  it('formatUsdCompact: compact from $10,000', () => {
    assert.equal(formatUsdCompact(16.55), '$16.55');
    assert.equal(formatUsdCompact(9999.99), '$9,999.99');
    assert.equal(formatUsdCompact(10_000), '$10K');
    assert.equal(formatUsdCompact(12_345), '$12.3K');
    assert.equal(formatUsdCompact(1_250_000), '$1.3M');
    assert.equal(formatUsdCompact(-12_345), '-$12.3K');
    assert.equal(formatUsdCompact(0.0042), '$0.0042');
  });

  it('formatPercent: one decimal', () => {
    assert.equal(formatPercent(33.8), '33.8%');
    assert.equal(formatPercent((8.45 / 25) * 100), '33.8%');
    assert.equal(formatPercent(50), '50.0%');
    assert.equal(formatPercent(0), '0.0%');
    assert.equal(formatPercent(-0.01), '0.0%');
    assert.equal(formatPercent(120.04), '120.0%');
    assert.equal(formatPercent(Infinity), '—');
  });

  it('formatDuration', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatDuration(2 * 60_000 + 5_000), '2 min');
    assert.equal(formatDuration(3 * 3_600_000 + 1), '3 h');
    assert.equal(formatDuration(2 * 86_400_000), '2 d');
    assert.equal(formatDuration(-5), '0 s');
  });

  it('formatAge', () => {
    const now = 1_700_000_000_000;
    assert.equal(formatAge(now, now), 'just now');
    assert.equal(formatAge(now - 30_000, now), 'just now');
    assert.equal(formatAge(now + 60_000, now), 'just now');
    assert.equal(formatAge(now - 2 * 60_000, now), '2 min ago');
    assert.equal(formatAge(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(formatAge(now - 49 * 3_600_000, now), '2 d ago');
  });
});
