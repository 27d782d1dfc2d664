// The notice card that stands in for the figures: no key, a rejected key, an
// error before any data, a workspace naming a missing account.

import type { Formatter } from '../../core/text/format';
import { button, h, type Part } from '../dom';

export function noticePart(f: Formatter): Part {
  const title = h('h2', { id: 'notice-title' });
  const text = h('p', { id: 'notice-text' });
  const actions = h('p', { id: 'notice-actions' });
  const root = h('section', { id: 'notice', class: 'card notice', 'aria-labelledby': 'notice-title' }, title, text, actions);
  return {
    root,
    render({ notice }) {
      root.hidden = !notice;
      if (!notice) return;
      title.textContent = notice.title;
      text.textContent = notice.text;
      text.hidden = !notice.text;
      actions.replaceChildren(button(f.s, notice.command, true), ...(notice.more ?? []).flatMap(m => [' ', button(f.s, m)]));
    },
  };
}
