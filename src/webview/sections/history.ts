// The history card: the 30-day chart (chart.ts draws into the host <svg>), its
// legend (with the budget pace when one is set) and the same figures as a
// data table, with each day's split per model when the account has one.

import type { Formatter } from '../../core/text/format';
import { modelSplit, renderChart } from '../chart';
import { h, section, svg, type Part } from '../dom';

export function historyPart(f: Formatter): Part {
  const { s } = f;
  const chart = svg('svg', { id: 'chart', viewBox: '0 0 640 220', role: 'img' });
  const paceLegend = h('span', { id: 'legend-pace' });
  const colModels = h('th', { scope: 'col', id: 'col-models', text: s.byModelHeading });
  const rows = h('tbody', { id: 'history-rows' });
  const root = section('history', s.historyHeading, chart,
    h('p', { class: 'legend' },
      h('span', { class: 'swatch swatch-spend', 'aria-hidden': 'true' }), s.legendSpend, ' ',
      h('span', { class: 'swatch swatch-balance', 'aria-hidden': 'true' }), s.legendBalance,
      paceLegend),
    h('details', {}, h('summary', { text: s.showDataTable }),
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: s.colDay }), h('th', { scope: 'col', text: s.colSpend }), h('th', { scope: 'col', text: s.colBalance }), colModels)),
        rows)));
  return {
    root,
    render({ daily, chartPace }) {
      renderChart(chart, daily, f, chartPace);
      paceLegend.hidden = !chartPace;
      paceLegend.replaceChildren(...(chartPace ? [' ', h('span', { class: 'swatch swatch-pace', 'aria-hidden': 'true' }), chartPace.legend] : []));
      // The days' split per model (account activity) as a column, only when there is one.
      const split = daily.some(r => r.byModel?.length);
      colModels.hidden = !split;
      rows.replaceChildren(...daily.map(r => h('tr', {},
        h('th', { scope: 'row', text: r.day }),
        h('td', { text: f.usd(r.spend), title: r.unknown && f.unknownReason(r.unknown), 'aria-description': r.unknown && f.unknownReason(r.unknown) }),
        h('td', { text: f.usd(r.balance) }),
        split && h('td', { class: 'models', text: modelSplit(r, f).join(', ') }))));
    },
  };
}
