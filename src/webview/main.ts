// The details page (bundled by esbuild into dist/webview.js): it reads the
// PageInit the host wrote into its HTML (the first screen's view), paints the
// headline, then follows the host's `state` messages (the first: the whole
// view, answering `ready`) and posts the user's commands back. What it shows comes
// from core/view/details.ts and every figure from core/text/format.ts, the
// same code the summary and the status bar use. The layout and the sections
// are in page.ts and sections/; server data reaches the DOM through
// textContent only, never innerHTML (dom.ts).

import { Formatter } from '../core/text/format';
import { PAGE_INIT_ID, KEY_ACTIONS, applyViewPatch, isPageAccountId, isPageKeyId, isToWebview, isWebviewCommand, type PageInit, type ToWebview } from '../core/protocol';
import { connectHost } from './host';
import { toggleFold } from './dom';
import { initPrefs } from './prefs';
import { buildPage, tick } from './page';
import type { DetailsContent } from '../core/view/details';
import type { View } from '../core/view/view';
import type { KeyAction } from '../core/protocol';

const isKeyAction = (x: unknown): x is KeyAction => (KEY_ACTIONS as readonly unknown[]).includes(x);

const host = connectHost();
const init = JSON.parse(document.getElementById(PAGE_INIT_ID)?.textContent ?? 'null') as PageInit;
const f = new Formatter(init.locale, init.strings);
/** The page's one piece of state: the view shown and when it arrived. */
const state = host.restore(init.view, init.partial === true);
// The reader's folds, filter and sort, before the layout is built.
initPrefs(host.savedPrefs(), ui => host.savePrefs(ui));
const render = buildPage(document.getElementById('app')!, f);
/** Counts renders: a frame scheduled for an older view leaves its cards to the newer one. */
let generation = 0;
/** Until the headline's first paint, a view that arrives waits (a big account's would hold the paint up). */
let firstPainted = false;
let waiting: View | undefined;
/** A whole view came from the host since this load: the base a patch applies to. */
let whole = false;

/** After the next paint (requestAnimationFrame runs before it; the timeout after it). */
const afterPaint = (fn: () => void): void => { requestAnimationFrame(() => setTimeout(fn, 0)); };

/**
 * Renders the headline at once and reports its first paint, then the cards
 * in the next frame and reports the whole page rendered. `partial`: the view
 * is the HTML's first screen only; the whole one follows as a `state`.
 */
function renderAndReport(partial = false): void {
  const gen = ++generation;
  let c: DetailsContent;
  try {
    c = render.top(state, partial);
  } catch (e) {
    console.error(e);
    return;
  }
  afterPaint(() => {
    host.post({ type: 'painted', pageMs: Math.round(performance.now()) });
    if (!firstPainted) {
      firstPainted = true;
      if (waiting) {
        const v = waiting;
        waiting = undefined;
        show(v);
        return;
      }
    }
    if (partial || gen !== generation) return;
    try {
      render.cards(c);
    } catch (e) {
      console.error(e);
      return;
    }
    afterPaint(() => host.post({ type: 'rendered', pageMs: Math.round(performance.now()) }));
  });
}

/** A whole view, or a patch of the last whole one (ignored before there is one: its base is another load's). */
function onMessage(m: ToWebview): void {
  if (m.type === 'state') whole = true;
  else if (!whole) return;
  const base = waiting ?? state.view;
  const view = m.type === 'state' ? m.view : applyViewPatch(base, m);
  if (firstPainted) show(view);
  else waiting = view;
}

function show(view: View): void {
  state.view = view;
  state.receivedAt = Date.now();
  state.partial = false;
  host.save(state);
  renderAndReport();
}

window.addEventListener('message', (ev: MessageEvent<unknown>) => {
  if (isToWebview(ev.data)) onMessage(ev.data);
});

document.addEventListener('click', ev => {
  const target = ev.target instanceof Element ? ev.target : null;
  const b = target?.closest('button[data-command]');
  const command = b?.getAttribute('data-command');
  if (isWebviewCommand(command)) host.post({ type: 'command', command });
  // Another account: only ids the host accepts, never while pinned (the button is off) or for the one shown.
  const account = target?.closest('button[data-account-id]');
  const accountId = account?.getAttribute('data-account-id');
  if (account && !account.hasAttribute('disabled') && account.getAttribute('aria-current') !== 'true' && isPageAccountId(accountId)) {
    host.post({ type: 'switchAccount', accountId });
  }
  const keyId = target?.closest('button[data-set-limit]')?.getAttribute('data-set-limit');
  if (isPageKeyId(keyId)) host.post({ type: 'setLimit', keyId });
  const action = target?.closest('button[data-key-action]');
  const act = action?.getAttribute('data-key-action');
  const actKey = action?.getAttribute('data-key-id');
  if (isKeyAction(act) && isPageKeyId(actKey)) host.post({ type: 'keyAction', action: act, keyId: actKey });
  const fold = target?.closest('button[data-fold]');
  if (fold) toggleFold(fold);
});

// Keep "updated … ago" and the expiry's age current without a message from the host.
setInterval(() => tick(state, f), 30_000);

// The HTML's view is the first screen's only, and so is a saved one (a hidden panel's reload; one saved whole by an earlier version is whole).
renderAndReport(state.partial === true);
// `ready` after the first paint: the whole view it asks for (big for a big account) must not hold the paint up.
afterPaint(() => host.post({ type: 'ready' }));
