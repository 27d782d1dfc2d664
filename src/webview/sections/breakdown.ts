// The breakdown tables' parts (keys.ts lays out spend by key) and spend by model over the last 30 completed days. A key's
// name and a model's slug are server text: they go in as text only.

import type { Formatter } from '../../core/text/format';
import type { BreakdownTable } from '../../core/view/details';
import { h, section, type Child, type Part } from '../dom';

/** The parts of a breakdown table. */
export interface TablePart {
  stale: HTMLElement;
  empty: HTMLElement;
  table: HTMLTableElement;
  rows: HTMLTableSectionElement;
  /** The header of the actions column (Set Limit…), hidden when no row has an action. */
  actions: HTMLTableCellElement;
}

/** One row as laid out: its header cell's content, its cells' texts, a class, an action button. */
export interface Laid {
  head: Child[];
  cells: string[];
  cls?: string;
  action?: Node;
}

export function tablePart(f: Formatter, id: string, head: readonly string[]): TablePart {
  const rows = h('tbody', { id: `${id}-rows` });
  const actions = h('th', { scope: 'col', class: 'actions' }, h('span', { class: 'sr-only', text: f.s.actions }));
  actions.hidden = true;
  return {
    stale: h('p', { id: `${id}-stale`, class: 'badge', text: f.s.breakdownStale }),
    empty: h('p', { id: `${id}-empty`, class: 'muted' }),
    table: h('table', { id: `${id}-table`, class: 'breakdown' },
      h('thead', {}, h('tr', {}, ...head.map(t => h('th', { scope: 'col', text: t })), actions)),
      rows),
    rows,
    actions,
  };
}

/**
 * Fills a breakdown table: each row's first cell is its header (a key's name,
 * a model's slug), all as text; `action` (a button) goes in a last column,
 * shown when any row has one.
 */
export function fillTable<T>(p: TablePart, t: BreakdownTable<T>, row: (r: T) => Laid): void {
  p.stale.hidden = !t.stale;
  p.empty.textContent = t.empty;
  p.empty.hidden = t.rows.length > 0 || !t.empty;
  p.table.hidden = t.rows.length === 0;
  const laid = t.rows.map(row);
  const actions = laid.some(r => r.action);
  p.actions.hidden = !actions;
  p.rows.replaceChildren(...laid.map(({ head, cells, cls, action }) =>
    h('tr', { class: cls }, h('th', { scope: 'row' }, ...head), ...cells.map(c => h('td', { text: c })), actions && h('td', { class: 'actions' }, action))));
}

/** "Set Limit…" for one of the account's keys: the host asks for the limit and confirms. */
export function setLimitButton(f: Formatter, id: string, name: string): HTMLButtonElement {
  return h('button', { type: 'button', class: 'secondary small', 'data-set-limit': id, 'aria-label': f.t('setLimitFor', name), text: f.s.setLimit });
}

/** Spend by model and the period it covers (a management key only: hidden otherwise). */
export function byModelPart(f: Formatter): Part {
  const { s } = f;
  const t = tablePart(f, 'by-model', [s.colModel, s.colSpend, s.colShare, s.colRequests, s.colTokens]);
  const period = h('p', { id: 'by-model-period', class: 'muted' });
  const root = section('by-model', s.byModelHeading, period, t.stale, t.empty, h('div', { class: 'scroll' }, t.table));
  return {
    root,
    render({ byModel }) {
      root.hidden = !byModel;
      if (!byModel) return;
      period.textContent = byModel.period;
      fillTable(t, byModel, m => ({
        head: [h('span', { class: 'name', text: m.model })],
        cells: [m.spend, m.share, m.requests, m.tokens],
        cls: m.other ? 'other' : undefined,
      }));
    },
  };
}
