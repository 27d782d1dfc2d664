import assert from 'node:assert/strict';

import { Formatter, formatPercent, formatUsd, formatUsdCompact } from '../../src/core/text/format';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';

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

  describe('Formatter', () => {
    const NOW = Date.UTC(2026, 10, 26, 12);
    const DAY = 86_400_000;
    const en = new Formatter('en-US', DEFAULT_STRINGS);

    it('says "—" for what is not known, and never "-$0.00"', () => {
      assert.equal(en.usd(undefined), '—');
      assert.equal(en.usd(null), '—');
      assert.equal(en.percent(undefined), '—');
      assert.equal(en.perDay(undefined), '—');
      assert.equal(en.usd(-0.000001), '$0.00');
      assert.equal(en.perDay(1.2), '$1.20 / day');
    });

    it('relative ages: "just now" within a minute, then Intl in the display language', () => {
      assert.equal(en.relative(NOW - 30_000, NOW), 'just now');
      assert.equal(en.relative(NOW + 30_000, NOW), 'just now');
      assert.equal(en.relative(NOW - 10 * 60_000, NOW), '10 minutes ago');
      assert.equal(en.relative(NOW - 3 * 3_600_000, NOW), '3 hours ago');
      assert.equal(en.relative(NOW + 3 * DAY, NOW), 'in 3 days');
      const de = new Formatter('de', { ...DEFAULT_STRINGS, justNow: 'gerade eben' });
      assert.equal(de.relative(NOW - 10 * 60_000, NOW), 'vor 10 Minuten');
      assert.equal(de.relative(NOW, NOW), 'gerade eben');
    });

    it('one run-out sentence: "less than a day" below one day, never "~0 days"', () => {
      const at = (daysLeft: number) => ({ daysLeft, runOutAt: NOW + daysLeft * DAY, basis: '7d' as const });
      const date = (d: number) => en.date(NOW + d * DAY);
      assert.match(date(16.4), /^(Dec 12|Dec 13), 2026$/, "a calendar date in the user's time zone");
      assert.equal(en.forecast(at(0.4)), `Runs out in less than a day (around ${date(0.4)})`);
      assert.equal(en.forecast(at(1.2)), `Runs out in ~1 day (around ${date(1.2)})`);
      assert.equal(en.forecast(at(16.4)), `Runs out in ~16 days (around ${date(16.4)})`);
      assert.equal(en.forecastBasis(at(3)), 'Based on the last 7 days.');
    });

    it('falls back to en-US for a locale Intl refuses', () => {
      assert.equal(new Formatter('not-a-locale!!', DEFAULT_STRINGS).usd(1), '$1.00');
    });
  });
});
