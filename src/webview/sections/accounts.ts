// The accounts card and its switcher: one button per account (the shown one
// marked current), each showing its name, kind and balance as text. Pressing
// another posts switchAccount (main.ts); a workspace pin turns the buttons
// off and says why.

import type { Formatter } from '../../core/text/format';
import { button, h, type Part } from '../dom';

export function accountsPart(f: Formatter): Part {
  const { s } = f;
  const pin = h('p', { id: 'accounts-pin', class: 'muted' });
  const list = h('ul', { id: 'account-list', class: 'account-list', 'aria-label': s.accountsLabel });
  const totalLine = h('p', { id: 'accounts-total', class: 'muted' });
  const root = h('section', { id: 'accounts', class: 'card accounts', 'aria-labelledby': 'accounts-h' },
    h('h2', { id: 'accounts-h', text: s.accountsHeading }), pin, list, totalLine, h('p', { class: 'actions' }, button(s, 'addApiKey')));
  return {
    root,
    render({ accounts: a }) {
      root.hidden = !a;
      if (!a) return;
      pin.textContent = a.pinText;
      pin.hidden = !a.pinText;
      if (a.pinText) list.setAttribute('aria-describedby', 'accounts-pin');
      else list.removeAttribute('aria-describedby');
      list.replaceChildren(...a.rows.map(r => h('li', {},
        h('button', {
          type: 'button', class: 'account', 'data-account-id': r.id,
          'aria-current': r.shown ? 'true' : undefined,
          title: r.shown ? undefined : r.showLabel,
          disabled: a.pinned,
        },
        h('span', { class: 'account-name', text: r.name }),
        h('span', { class: 'account-kind', text: r.kindText }),
        h('span', { class: 'account-balance', text: r.balance }),
        r.stale && h('span', { class: 'badge', text: s.accountStale }),
        r.shown && h('span', { class: 'sr-only', text: `(${s.accountShown})` })))));
      const total = a.total === undefined ? '' : `${s.accountsTotal}: ${a.total}${a.totalNote ? ` (${a.totalNote})` : ''}`;
      totalLine.textContent = total;
      totalLine.hidden = !total;
    },
  };
}
