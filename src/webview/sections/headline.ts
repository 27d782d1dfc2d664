// The top of the page: the spendable balance (headline), the toolbar, and the
// status line (last updated, its age, stale, the last error).

import type { Formatter } from '../../core/text/format';
import { TOOLBAR, type DetailsContent } from '../../core/view/details';
import { button, h, type Child, type Part } from '../dom';

/** The balance, what binds it and the low-credit note; shown when there are figures or while loading. */
export function headlinePart(f: Formatter): Part {
  const balance = h('p', { id: 'balance', class: 'amount' });
  const binding = h('p', { id: 'binding', class: 'sub' });
  const note = h('p', { id: 'balance-note', class: 'note' });
  const headroom = h('p', { id: 'headroom', class: 'sub' });
  const root = h('section', { class: 'headline', 'aria-labelledby': 'balance-label' },
    h('p', { id: 'balance-label', class: 'eyebrow', text: f.s.spendableBalance }), balance, binding, headroom, note);
  return {
    root,
    render(c) {
      root.hidden = !c.hasData && c.status !== 'loading';
      const hl = c.headline;
      balance.textContent = hl.balance;
      balance.classList.toggle('unknown', hl.unknown);
      balance.classList.toggle('low', hl.low);
      binding.textContent = hl.binding;
      headroom.textContent = hl.headroom;
      headroom.hidden = !hl.headroom;
      note.textContent = hl.note;
      note.classList.toggle('big-note', hl.unknown);
      note.classList.toggle('warn', hl.low);
    },
  };
}

/** The page's commands: each button shows when its command can act (DetailsContent.toolbar). */
export function toolbarPart(f: Formatter): Part {
  const buttons = TOOLBAR.map(command => button(f.s, command, command === 'refresh'));
  return {
    root: h('div', { class: 'toolbar', role: 'group', 'aria-label': f.s.actions }, ...buttons),
    render(c) {
      buttons.forEach((b, i) => { b.hidden = !c.toolbar.includes(TOOLBAR[i]); });
    },
  };
}

/** Every Refresh button on the page (the toolbar's, a notice's) shows a manual refresh that is out. */
export function renderRefresh(f: Formatter, c: DetailsContent): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-command="refresh"]')) {
    b.disabled = c.busy;
    b.setAttribute('aria-busy', String(c.busy));
    b.textContent = c.busy ? f.s.refreshing : f.s.refresh;
  }
}

/** "Refreshing… Last updated … (age)", the stale badge and the last error, announced politely. */
export function statusPart(f: Formatter): Part {
  const { s } = f;
  const line = h('p', { id: 'status-line', class: 'status-line' });
  const error = h('p', { id: 'error', class: 'error' });
  return {
    root: h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, line, error),
    render(c) {
      const kids: Child[] = [];
      if (c.refreshing) kids.push(s.refreshing, ' ');
      if (c.updated) kids.push(f.t('lastUpdated', c.updated.at), ' ', h('span', { id: 'updated-rel', class: 'muted', 'aria-hidden': 'true', text: `(${c.updated.age})` }));
      else if (c.status !== 'loading' && c.status !== 'noKey') kids.push(s.notUpdated);
      if (c.stale) kids.push(' ', h('span', { class: 'badge', id: 'stale', text: s.stale }));
      line.replaceChildren(...kids.filter((x): x is Node | string => !!x));
      error.textContent = c.error;
      error.hidden = !c.error;
    },
  };
}
