// The bench's arithmetic and its report (npm run bench, run-bench.ts): each
// figure is the median of its runs and a ratio to the previous release's
// median, kept in bench/baseline.json; a ratio above 1 is a regression (every
// figure is "less is better": milliseconds, requests, bytes). Pure: no I/O.

/** One figure of a bench run: its name, its unit, each run's value. */
export interface Figure {
  name: string;
  unit: 'ms' | 'requests' | 'B';
  runs: number[];
}

/** What bench/baseline.json holds: the medians of a release's run, by figure name. */
export interface Baseline {
  /** The commit the figures were taken at (git rev-parse HEAD). */
  commit: string;
  /** ISO time of the run. */
  at: string;
  figures: Record<string, number>;
}

/** The median of the runs (the mean of the middle two for an even count); NaN for none. */
export function median(runs: readonly number[]): number {
  const xs = runs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!xs.length) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** now ÷ before, two decimals; '–' when there is no baseline figure, or either side is not a number. */
export function ratio(now: number, before: number | undefined): string {
  if (before === undefined || !Number.isFinite(now) || !Number.isFinite(before)) return '–';
  if (before === 0) return now === 0 ? '1.00' : '∞';
  return (now / before).toFixed(2);
}

/** A figure's value as printed: whole ms, requests and bytes; a missing one as '–'. */
export function show(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** The baseline a run makes (npm run bench -- --save-baseline). */
export function baselineOf(figures: readonly Figure[], commit: string, at: string): Baseline {
  const out: Record<string, number> = {};
  for (const f of figures) {
    const m = median(f.runs);
    if (Number.isFinite(m)) out[f.name] = m;
  }
  return { commit, at, figures: out };
}

/** The report: one line per figure (median, its runs, the baseline's median, the ratio), as aligned columns. */
export function report(figures: readonly Figure[], baseline: Baseline | undefined): string[] {
  const rows = [['figure', 'median', 'runs', 'baseline', 'ratio']];
  for (const f of figures) {
    const m = median(f.runs);
    const before = baseline?.figures[f.name];
    rows.push([`${f.name} (${f.unit})`, show(m), f.runs.map(show).join(', '), show(before), ratio(m, before)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  const lines = rows.map(r => r.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd());
  lines.push(baseline ? `ratio = this run's median ÷ the baseline's (commit ${baseline.commit.slice(0, 12)}, ${baseline.at}); above 1 is slower or bigger` : 'no baseline yet: npm run bench -- --save-baseline records one');
  return lines;
}
