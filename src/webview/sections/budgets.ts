// The budgets card: one block per set budget; hidden when none is set.

import type { Formatter } from '../../core/text/format';
import type { BudgetLine } from '../../core/view/details';
import { h, section, svg, type Part } from '../dom';

/**
 * One budget: its label and "spend of budget", a progress bar (role
 * progressbar: the share used, its text as the value text) with a decorative
 * pace mark, then the pace, the projection and the over-budget state in words.
 * Sizes are attributes, not inline styles (CSP).
 */
export function budgetBlock(b: BudgetLine): HTMLElement {
  const used = b.usedPercent;
  const clamped = used === undefined ? 0 : Math.max(0, Math.min(100, used));
  const pace = b.pacePercent.toFixed(2);
  const valueText = used === undefined ? b.text : `${b.text} (${b.used})${b.overText ? `; ${b.overText}` : ''}`;
  const bar = h('div', {
    id: `${b.id}-bar`, class: 'bar budget-bar', role: 'progressbar', 'aria-label': b.label,
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': used === undefined ? undefined : clamped.toFixed(1), 'aria-valuetext': valueText,
    'data-level': b.level,
  });
  const pic = svg('svg', { viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  pic.append(
    svg('rect', { x: '0', y: '0', width: '100', height: '8', class: 'track' }),
    svg('rect', { x: '0', y: '0', width: clamped.toFixed(2), height: '8', class: 'fill', id: `${b.id}-fill` }),
    svg('line', { x1: pace, x2: pace, y1: '0', y2: '8', class: 'pace', id: `${b.id}-pace-mark` }),
  );
  bar.append(pic);
  return h('div', { id: b.id, class: 'budget', 'data-level': b.level },
    h('p', { class: 'budget-head' },
      h('span', { class: 'budget-label', text: b.label }), ' ',
      h('span', { id: `${b.id}-text`, class: 'budget-text', text: b.text })),
    bar,
    h('p', { id: `${b.id}-pace`, class: 'muted', text: b.paceText }),
    !!b.projected && h('p', { id: `${b.id}-projected`, class: b.projectedOver ? 'warn' : undefined, text: b.projected }),
    !!b.overText && h('p', { id: `${b.id}-over`, class: 'over', text: b.overText }));
}

export function budgetsPart(f: Formatter): Part {
  const list = h('div', { id: 'budget-list' });
  const root = section('budgets', f.s.budgetsHeading, list, h('p', { class: 'muted', text: f.s.budgetPaceNote }));
  return {
    root,
    render(c) {
      root.hidden = !c.budgets.length;
      list.replaceChildren(...c.budgets.map(budgetBlock));
    },
  };
}
