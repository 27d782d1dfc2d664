// The page's layout, built once, and its rendering: each section is a part
// (sections/*) that follows the content core/view/details.ts makes of the
// page state, in place. The first screen (headline, status, toolbar) renders
// first; the cards follow in the next frame. Only the ages change between
// updates (tick).

import { detailsContent, type DetailsContent } from '../core/view/details';
import type { Formatter } from '../core/text/format';
import type { PageState } from './host';
import { h, setText, type Part } from './dom';
import { accountsPart } from './sections/accounts';
import { byModelPart } from './sections/breakdown';
import { byKeyPart } from './sections/keys';
import { membersPart, workspaceBudgetsPart, workspacesPart } from './sections/org';
import { budgetsPart } from './sections/budgets';
import { accountPart, burnPart, keyPart, usagePart } from './sections/figures';
import { headlinePart, renderRefresh, statusPart, toolbarPart } from './sections/headline';
import { historyPart } from './sections/history';
import { noticePart } from './sections/notice';

/** The content for now: the page's clock runs on from the view's, so ages stay right between updates. */
function contentAt(state: PageState, f: Formatter): DetailsContent {
  return detailsContent({ ...state.view, now: state.view.now + (Date.now() - state.receivedAt) }, f);
}

/** How the page renders: the first screen at once, the cards after (the next frames). */
export interface PageRender {
  /** The headline, the toolbar, the status, a notice, the accounts; `partial`: no cards yet, their space kept. */
  top(state: PageState, partial: boolean): DetailsContent;
  /** The figures' cards, in place (the layout is built once). */
  cards(c: DetailsContent): void;
}

/** Builds the page into `app` once; returns how it renders a page state. */
export function buildPage(app: HTMLElement, f: Formatter): PageRender {
  const headline = headlinePart(f);
  const status = statusPart(f);
  const notice = noticePart(f);
  const toolbar = toolbarPart(f);
  const accounts = accountsPart(f);
  // The figures' cards, in the page's order (the 30-day chart above the tables); shown when there are figures.
  // Built with their first render, after the first paint: the headline's frame builds and lays out the top only.
  let cards: Part[] | undefined;
  const data = h('div', { id: 'data', class: 'grid' });
  app.replaceChildren(h('h1', { class: 'sr-only', text: f.s.title }), headline.root, toolbar.root, status.root, notice.root, accounts.root, data);
  return {
    top(state, partial) {
      const c = contentAt(state, f);
      app.setAttribute('aria-busy', c.status === 'loading' || partial ? 'true' : 'false');
      app.dataset.status = c.status;
      // Before the notice: a Refresh button it adds starts plain.
      toolbar.render(c);
      renderRefresh(f, c);
      notice.render(c);
      accounts.render(c);
      data.hidden = !c.hasData;
      // The cards' space stays kept (media/details.css) until they are filled: nothing below the headline jumps.
      if ((partial || !cards) && c.hasData) data.dataset.pending = 'true';
      status.render(c);
      headline.render(c);
      return c;
    },
    cards(c) {
      if (c.hasData && !cards) {
        cards = [accountPart, keyPart, usagePart, budgetsPart, workspaceBudgetsPart, burnPart, historyPart,
          workspacesPart, byKeyPart, membersPart, byModelPart].map(part => part(f));
        data.append(...cards.map(p => p.root));
      }
      if (c.hasData) for (const card of cards!) card.render(c);
      delete data.dataset.pending;
      if (c.status !== 'loading') app.setAttribute('aria-busy', 'false');
    },
  };
}

/** Between updates only the ages change: touch nothing else (no re-announcement, no lost focus). */
export function tick(state: PageState, f: Formatter): void {
  const c = contentAt(state, f);
  if (c.updated) setText(document.getElementById('updated-rel'), `(${c.updated.age})`);
  const expiry = c.key.find(r => r.id === 'key-expiry');
  if (expiry) setText(document.getElementById('key-expiry'), expiry.value);
}
