// The 30-day chart of the details page: daily spend as bars (left scale) and
// the end-of-day balance as a line (right scale), in SVG with a text
// description for screen readers. A day whose spend is unknown (a gap in the
// history) is an outlined column with its reason, never a bar of 0. Colours
// come from the CSS (theme variables).

import type { ChartPace } from '../core/view/details';
import type { Formatter } from '../core/text/format';
import type { DailySpend } from '../core/types';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;
const W = 640, H = 220, L = 56, R = 64, T = 12, B = 28;

const isNum = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function dayMs(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
}

/** The next "nice" axis maximum at or above v (1, 2, 2.5, 5 × 10^n). */
function nice(v: number): number {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** How many models a day's split names before folding the rest ("3 more models"). */
export const SPLIT_MODELS = 3;

/**
 * A day's spend per model (from the account's activity), largest first:
 * ["openai/gpt-4.1: $1.20", …, "3 more models: $0.10"]; [] when the day has no split.
 */
export function modelSplit(r: DailySpend, f: Formatter, top = SPLIT_MODELS): string[] {
  const models = r.byModel ?? [];
  const lines = models.slice(0, top).map(m => `${m.model}: ${f.usd(m.spend)}`);
  const rest = models.slice(top);
  if (rest.length) lines.push(`${rest.length === 1 ? rest[0].model : f.t('chartMoreModels', String(rest.length))}: ${f.usd(rest.reduce((a, m) => a + m.spend, 0))}`);
  return lines;
}

/** Redraws `svg` from the daily figures (oldest first), with the budget pace as a dashed line when one is set. */
export function renderChart(svg: SVGSVGElement, daily: readonly DailySpend[], f: Formatter, pace?: ChartPace): void {
  const rows = daily.filter(r => isNum(dayMs(r.day)));
  const desc = el('desc', { id: 'chart-desc' });
  svg.replaceChildren(el('title', {}, f.s.chartTitle), desc);
  svg.setAttribute('aria-label', f.s.chartTitle);
  svg.setAttribute('aria-describedby', 'chart-desc');
  if (!rows.length) {
    desc.textContent = f.s.chartNoData;
    svg.append(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, f.s.chartNoData));
    return;
  }
  const pw = W - L - R, ph = H - T - B;
  const last = dayMs(rows[rows.length - 1].day), first = last - 29 * DAY, slot = pw / 30;
  const xOf = (ms: number) => L + ((ms - first) / DAY) * slot;
  const spends = rows.map(r => (isNum(r.spend) ? r.spend : 0));
  const bals = rows.map(r => r.balance).filter(isNum);
  // The pace line stays inside the scale.
  const sMax = nice(Math.max(0, ...spends, pace?.perDay ?? 0));
  const bLo = Math.min(0, ...bals), bHiRaw = bals.length ? Math.max(...bals) : 1;
  const bHi = bHiRaw > bLo ? (bLo < 0 ? bHiRaw : nice(bHiRaw)) : bLo + 1;
  const yS = (v: number) => T + ph - (v / sMax) * ph;
  const yB = (v: number) => T + ph - ((v - bLo) / (bHi - bLo)) * ph;
  const total = spends.reduce((a, b) => a + b, 0);
  const unknown = rows.filter(r => !isNum(r.spend)).length;
  desc.textContent = f.t('chartDesc', String(rows.length), rows[0].day, rows[rows.length - 1].day, f.usd(total)) +
    (unknown ? ` ${f.t('chartDescUnknown', String(unknown))}` : '') +
    (bals.length ? ` ${f.t('chartDescBalance', f.usd(bals[0]), f.usd(bals[bals.length - 1]))}` : '') +
    (pace ? ` ${pace.desc}` : '');

  const g = el('g', { 'aria-hidden': 'true' });
  for (const k of [0, 0.5, 1]) g.append(el('line', { x1: L, x2: W - R, y1: T + ph * k, y2: T + ph * k, class: k === 1 ? 'baseline' : 'grid' }));
  const label = (x: number, y: number, anchor: string, text: string) => g.append(el('text', { x, y, 'text-anchor': anchor, class: 'axis' }, text));
  label(L - 6, T + 4, 'end', f.usd(sMax));
  label(L - 6, T + ph + 4, 'end', f.usd(0));
  if (bals.length) {
    label(W - R + 6, T + 4, 'start', f.usd(bHi));
    label(W - R + 6, T + ph + 4, 'start', f.usd(bLo));
  }
  for (const ms of [first, first + 15 * DAY, last]) label(xOf(ms) + slot / 2, H - 8, 'middle', f.utcDay(ms));

  for (const r of rows) {
    const x = xOf(dayMs(r.day));
    if (x < L - 0.5) continue;
    if (!isNum(r.spend)) {
      // A day whose spend cannot be placed: an outlined column, not a bar of 0.
      const col = el('rect', { x: x + slot * 0.15, y: T, width: slot * 0.7, height: ph, class: 'unknown' });
      col.append(el('title', {}, `${r.day}: ${f.usd(undefined)} · ${f.unknownReason(r.unknown)}`));
      g.append(col);
      continue;
    }
    const v = isNum(r.spend) ? Math.max(0, r.spend) : 0;
    const y = yS(v);
    const rect = el('rect', { x: x + slot * 0.15, y, width: slot * 0.7, height: Math.max(v > 0 ? 1 : 0, T + ph - y), class: 'spend' });
    // The day's split per model on hover (the data table lists it too).
    const split = modelSplit(r, f);
    rect.append(el('title', {}, `${r.day}: ${f.usd(r.spend)}${isNum(r.balance) ? ` · ${f.usd(r.balance)}` : ''}${split.length ? `\n${split.join('\n')}` : ''}`));
    g.append(rect);
  }
  let path = '', prev = NaN;
  for (const r of rows) {
    const ms = dayMs(r.day);
    if (!isNum(r.balance) || ms < first) { prev = NaN; continue; }
    const x = (xOf(ms) + slot / 2).toFixed(1), y = yB(r.balance).toFixed(1);
    path += `${ms - prev === DAY ? 'L' : 'M'}${x} ${y}`;
    g.append(el('circle', { cx: x, cy: y, r: 2.5, class: 'point' }));
    prev = ms;
  }
  if (path) g.append(el('path', { d: path, class: 'balance' }));
  if (pace) {
    // Across the bars: a day's bar above it spent more than an even spread of the budget allows.
    const y = yS(pace.perDay).toFixed(1);
    g.append(el('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'pace', id: 'chart-pace', 'data-per-day': pace.perDay }));
  }
  svg.append(g);
}
