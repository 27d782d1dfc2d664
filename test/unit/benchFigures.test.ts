// npm run bench's arithmetic and report (scripts/bench/figures.ts): medians,
// ratios to the baseline (above 1: a regression), the printed table.
import * as assert from 'node:assert/strict';
import { baselineOf, median, ratio, report, show, type Figure } from '../../scripts/bench/figures';

describe('the bench\'s figures (npm run bench)', () => {
  it('takes the median of the runs, the middle two\'s mean for an even count, NaN for none', () => {
    assert.equal(median([30, 10, 20]), 20);
    assert.equal(median([40, 10, 30, 20]), 25);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
    assert.equal(median([NaN, 5, 9]), 7, 'a run that gave no figure is left out');
  });

  it('gives the ratio to the baseline, above 1 for a regression', () => {
    assert.equal(ratio(50, 40), '1.25');
    assert.equal(ratio(30, 40), '0.75');
    assert.equal(ratio(30, undefined), '–');
    assert.equal(ratio(NaN, 40), '–');
    assert.equal(ratio(0, 0), '1.00');
    assert.equal(ratio(2, 0), '∞');
  });

  it('prints whole figures as they are, others with one decimal, a missing one as –', () => {
    assert.equal(show(123), '123');
    assert.equal(show(12.25), '12.3');
    assert.equal(show(undefined), '–');
    assert.equal(show(NaN), '–');
  });

  it('records the medians as the baseline, and reports each figure against it in aligned columns', () => {
    const figures: Figure[] = [
      { name: 'activation', unit: 'ms', runs: [41, 38, 45] },
      { name: 'bytes dist/webview.js', unit: 'B', runs: [32000] },
      { name: 'key to balance', unit: 'ms', runs: [] },
    ];
    const base = baselineOf(figures, 'abcdef0123456789', '2026-12-03T09:00:00Z');
    assert.deepEqual(base.figures, { activation: 41, 'bytes dist/webview.js': 32000 }, 'no entry for a figure without runs');
    const lines = report([{ ...figures[0], runs: [50, 52, 49] }, { ...figures[1], runs: [16000] }, figures[2]], base);
    assert.equal(lines.length, 5);
    assert.deepEqual(lines[1].split(/\s{2,}/), ['activation (ms)', '50', '50, 52, 49', '41', '1.22']);
    assert.deepEqual(lines[2].split(/\s{2,}/), ['bytes dist/webview.js (B)', '16000', '16000', '32000', '0.50']);
    assert.deepEqual(lines[3].split(/\s{2,}/), ['key to balance (ms)', '–', '–', '–'], 'a figure without runs: no median, no ratio');
    // Aligned: the median column ends at the same place on every line.
    const end = lines[0].indexOf('median') + 'median'.length;
    assert.equal(lines[1].slice(0, end).endsWith(' 50'), true, lines[1]);
    assert.equal(lines[3].slice(0, end).endsWith(' –'), true, lines[3]);
    assert.match(lines[4], /commit abcdef012345/);
    assert.match(report(figures, undefined)[4], /no baseline yet/);
  });
});
