// The organization's cards (issue 20): spend by workspace, the workspaces'
// budgets (the same bars as our own budgets), spend by member. Each shows
// only when the content has it: one workspace brings no empty card. BYOK is
// its own column, never added to credit spend. Names are text only.

import type { Formatter } from '../../core/text/format';
import type { BreakdownTable, GroupSpendLine } from '../../core/view/details';
import { h, section, type Part } from '../dom';
import { budgetBlock } from './budgets';
import { fillTable, tablePart } from './breakdown';

function groupPart(f: Formatter, id: string, heading: string, col: string, pick: (c: Parameters<Part['render']>[0]) => BreakdownTable<GroupSpendLine> | undefined): Part {
  const { s } = f;
  const t = tablePart(f, id, [col, s.colToday, s.colWeek, s.colMonth, s.colKeys, s.colByok]);
  const byokTh = t.table.querySelectorAll('thead th')[5] as HTMLElement;
  const root = section(id, heading, t.stale, t.empty, h('div', { class: 'scroll' }, t.table));
  return {
    root,
    render(c) {
      const table = pick(c);
      root.hidden = !table;
      if (!table) return;
      // BYOK is its own column, shown when any row has some: never added to credit spend.
      const byok = table.rows.some(r => r.byok);
      byokTh.hidden = !byok;
      fillTable(t, table, r => ({ head: [h('span', { class: 'name', text: r.name })], cells: [r.today, r.week, r.month, r.keys, ...(byok ? [r.byok] : [])] }));
    },
  };
}

/** Spend by workspace (two or more workspaces). */
export const workspacesPart = (f: Formatter): Part => groupPart(f, 'by-workspace', f.s.wsHeading, f.s.colWorkspace, c => c.org?.workspaces);

/** Spend by member (an organization). */
export const membersPart = (f: Formatter): Part => groupPart(f, 'by-member', f.s.membersHeading, f.s.colMember, c => c.org?.members);

/** Every workspace budget as a bar. */
export function workspaceBudgetsPart(f: Formatter): Part {
  const list = h('div', { id: 'ws-budget-list' });
  const root = section('ws-budgets', f.s.wsBudgetsHeading, list);
  return {
    root,
    render(c) {
      const b = c.org?.workspaceBudgets ?? [];
      root.hidden = !b.length;
      list.replaceChildren(...b.map(budgetBlock));
    },
  };
}
