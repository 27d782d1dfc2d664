// The page's element builders. Everything a builder is given as text (key
// names, model slugs, account names: user and server text) goes in through
// textContent or an attribute, never as markup: the page has no innerHTML.

import type { StringKey, Strings } from '../core/text/strings';
import type { WebviewCommand } from '../core/protocol';
import type { DetailsContent, Row } from '../core/view/details';
import { getPrefs, setPrefs } from './prefs';

/** A child for h(): false and undefined are left out, strings become text. */
export type Child = Node | string | false | undefined;

/** One section of the page: its element, built once, and how it follows each content. */
export interface Part {
  readonly root: HTMLElement;
  render(c: DetailsContent): void;
}

/** An element; `text` becomes its textContent, true an empty attribute, false and undefined none. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...kids: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids) if (c) e.append(c);
  return e;
}

const SVGNS = 'http://www.w3.org/2000/svg';

/** An SVG element with these attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** Sets the text only when it changed (no needless re-announcement). */
export function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

/** A button that posts a command to the host, labelled by the string of the same name. */
export function button(s: Strings, command: WebviewCommand, primary = false): HTMLButtonElement {
  const label: StringKey = command;
  return h('button', { type: 'button', 'data-command': command, class: primary ? 'primary' : 'secondary', text: s[label] });
}

/**
 * A card: a <section> labelled by its heading, which is a button that folds
 * the card's body (aria-expanded); the folded state is the reader's (prefs.ts).
 */
export function section(id: string, heading: string, ...kids: Child[]): HTMLElement {
  const folded = getPrefs().folded.includes(id);
  const body = h('div', { id: `${id}-body`, class: 'card-body' }, ...kids);
  body.hidden = folded;
  const fold = h('button', { type: 'button', class: 'fold', 'data-fold': id, 'aria-expanded': String(!folded), 'aria-controls': `${id}-body`, text: heading });
  return h('section', { id, class: 'card', 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, fold), body);
}

/** Folds or unfolds a card from its heading's button, and remembers it. */
export function toggleFold(fold: Element): void {
  const id = fold.getAttribute('data-fold') ?? '';
  const body = document.getElementById(`${id}-body`);
  if (!body) return;
  const open = fold.getAttribute('aria-expanded') !== 'true';
  fold.setAttribute('aria-expanded', String(open));
  body.hidden = !open;
  const rest = getPrefs().folded.filter(x => x !== id);
  setPrefs({ folded: open ? rest : [...rest, id] });
}

/** The <dl> of a card's figures. */
export const figures = (): HTMLElement => h('dl', { class: 'figures' });

/** Replaces a <dl>'s rows; each <dd> gets the row's id (tests and CSS use it). */
export function fillRows(list: HTMLElement, rows: readonly Row[]): void {
  list.replaceChildren(...rows.map(r => h('div', { class: 'row' },
    h('dt', { text: r.label }),
    h('dd', { id: r.id, 'data-testid': r.id, class: r.warn ? 'warn' : undefined, title: r.hint, 'aria-description': r.hint, text: r.value }))));
}
