// Spend by key (a management key only): each row names its workspace when
// there are several and what binds it; a filter by workspace and sortable
// columns over the whole list (the reader's choice is kept: prefs.ts); 100
// rows at a time with "Show more" (an organization may have 1,000 keys); on
// each row Set Limit…, Rename…, Disable/Enable and Delete…, and Create Key… on
// the section. Names are outside text: text only.

import type { Formatter } from '../../core/text/format';
import type { BreakdownTable, KeySpendLine } from '../../core/view/details';
import { h, section, type Part } from '../dom';
import { getPrefs, setPrefs } from '../prefs';
import { fillTable, setLimitButton, tablePart } from './breakdown';

/** Rows shown at first, and added by each "Show more". */
export const PAGE_ROWS = 100;

type SortCol = 'name' | 'workspace' | 'month';

function sorted(rows: readonly KeySpendLine[], sort: { col: string; desc: boolean } | undefined): KeySpendLine[] {
  if (!sort) return [...rows];
  const dir = sort.desc ? -1 : 1;
  const col = sort.col as SortCol;
  const key = (k: KeySpendLine): string | number => col === 'month' ? k.monthUsd : col === 'workspace' ? (k.workspace ?? '') : k.name;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}

function actionButton(f: Formatter, k: KeySpendLine, action: 'rename' | 'disable' | 'enable' | 'delete'): HTMLButtonElement {
  const text = { rename: f.s.renameKey, disable: f.s.disableKey, enable: f.s.enableKey, delete: f.s.deleteKey }[action];
  const label = { rename: 'renameKeyFor', disable: 'disableKeyFor', enable: 'enableKeyFor', delete: 'deleteKeyFor' } as const;
  return h('button', { type: 'button', class: 'secondary small', 'data-key-action': action, 'data-key-id': k.id, 'aria-label': f.t(label[action], k.name), text });
}

function actions(f: Formatter, k: KeySpendLine): Node | undefined {
  if (!k.canSetLimit && !k.canManage) return undefined;
  return h('span', { class: 'row-actions' },
    k.canSetLimit && setLimitButton(f, k.id, k.name),
    k.canManage && actionButton(f, k, 'rename'),
    k.canManage && actionButton(f, k, k.disabled ? 'enable' : 'disable'),
    k.canManage && actionButton(f, k, 'delete'));
}

/** The workspace filter: every workspace, "All workspaces" first; the reader's choice kept. */
function filterPart(f: Formatter, onChange: () => void): { root: HTMLElement; select: HTMLSelectElement; fill(names: readonly string[]): void } {
  const select = h('select', { id: 'by-key-filter' });
  select.addEventListener('change', () => { setPrefs({ workspace: select.value }); onChange(); });
  const root = h('label', { class: 'filter' }, f.s.filterWorkspace, ' ', select);
  return {
    root, select,
    fill(names) {
      const chosen = names.includes(getPrefs().workspace) ? getPrefs().workspace : '';
      // `selected` as an attribute: a fresh option list picks it (no value setter needed).
      select.replaceChildren(h('option', { value: '', text: f.s.filterAll, selected: chosen === '' }), ...names.map(n => h('option', { value: n, text: n, selected: n === chosen })));
    },
  };
}

/** Spend by key (a management key only: hidden otherwise). */
export function byKeyPart(f: Formatter): Part {
  const { s } = f;
  const heads = [s.colKey, s.colWorkspace, s.colToday, s.colWeek, s.colMonth, s.colByok, s.colLimit, s.colRemaining, s.colResets, s.colHeadroom];
  const t = tablePart(f, 'by-key', heads);
  const ths = [...t.table.querySelectorAll('thead th')] as HTMLElement[];
  const sortable: Partial<Record<number, SortCol>> = { 0: 'name', 1: 'workspace', 4: 'month' };
  let last: { byKey: BreakdownTable<KeySpendLine>; names: readonly string[] } | undefined;
  let shown = PAGE_ROWS;
  const more = h('button', { type: 'button', id: 'by-key-more', class: 'secondary' });
  const create = h('button', { type: 'button', 'data-command': 'createKey', class: 'secondary', text: s.createKey });
  create.hidden = true;
  const filter = filterPart(f, () => { shown = PAGE_ROWS; draw(); });
  for (const [i, col] of Object.entries(sortable)) {
    const th = ths[Number(i)];
    const b = h('button', { type: 'button', class: 'sort', 'data-sort': col, 'aria-label': f.t('sortBy', th.textContent ?? ''), text: th.textContent ?? '' });
    b.addEventListener('click', () => {
      const cur = getPrefs().sort;
      setPrefs({ sort: { col: col!, desc: cur?.col === col ? !cur?.desc : col === 'month' } });
      draw();
    });
    th.replaceChildren(b);
  }
  more.addEventListener('click', () => { shown += PAGE_ROWS; draw(); });
  const root = section('by-key', s.byKeyHeading, h('p', { class: 'muted', text: s.byKeyNote }),
    h('div', { class: 'table-tools' }, create, filter.root), t.stale, t.empty, h('div', { class: 'scroll' }, t.table), more);

  function draw(): void {
    if (!last) return;
    const { byKey, names } = last;
    const several = names.length >= 2;
    const ws = several ? getPrefs().workspace : '';
    const all = sorted(byKey.rows.filter(k => !ws || k.workspace === ws), getPrefs().sort);
    const sort = getPrefs().sort;
    ths.forEach((th, i) => { th.setAttribute('aria-sort', sortable[i] && sort?.col === sortable[i] ? (sort.desc ? 'descending' : 'ascending') : 'none'); });
    const byok = byKey.rows.some(k => k.byok);
    const room = byKey.rows.some(k => k.headroom);
    ths[1].hidden = !several;
    ths[5].hidden = !byok;
    ths[9].hidden = !room;
    fillTable(t, { ...byKey, rows: all.slice(0, shown) }, k => ({
      head: [h('span', { class: 'name', text: k.name }), k.disabled && ' ', k.disabled && h('span', { class: 'badge', text: s.keyDisabled })],
      cells: [...(several ? [k.workspace ?? ''] : []), k.today, k.week, k.month, ...(byok ? [k.byok] : []), k.limit, k.remaining, k.reset, ...(room ? [k.headroom ?? ''] : [])],
      cls: k.disabled ? 'disabled' : undefined,
      action: actions(f, k),
    }));
    more.hidden = all.length <= shown;
    more.textContent = f.t('showMore', f.count(Math.min(PAGE_ROWS, all.length - shown)));
  }

  return {
    root,
    render(c) {
      root.hidden = !c.byKey;
      if (!c.byKey) return;
      const names = c.org?.workspaceNames ?? [];
      filter.root.hidden = names.length < 2;
      create.hidden = !c.org?.canManage;
      filter.fill(names);
      last = { byKey: c.byKey, names };
      draw();
    },
  };
}
