// The details page (bundled by esbuild into dist/webview.js): it reads the
// PageInit the host wrote into its HTML, renders it, then follows the host's
// `state` messages and posts the user's commands back. What it shows comes
// from core/view/details.ts and every figure from core/text/format.ts, the
// same code the summary and the status bar use. The layout and the sections
// are in page.ts and sections/; server data reaches the DOM through
// textContent only, never innerHTML (dom.ts).

import { Formatter } from '../core/text/format';
import { PAGE_INIT_ID, isPageAccountId, isPageKeyId, isWebviewCommand, type PageInit, type ToWebview } from '../core/protocol';
import { connectHost } from './host';
import { buildPage, tick } from './page';

const host = connectHost();
const init = JSON.parse(document.getElementById(PAGE_INIT_ID)?.textContent ?? 'null') as PageInit;
const f = new Formatter(init.locale, init.strings);
/** The page's one piece of state: the view shown and when it arrived. */
const state = host.restore(init.view);
const render = buildPage(document.getElementById('app')!, f);

function renderAndReport(): void {
  try {
    render(state);
  } catch (e) {
    console.error(e);
    return;
  }
  requestAnimationFrame(() => setTimeout(() => host.post({ type: 'rendered', pageMs: Math.round(performance.now()) }), 0));
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  if (m?.type !== 'state' || typeof m.view !== 'object' || m.view === null) return;
  state.view = m.view;
  state.receivedAt = Date.now();
  host.save(state);
  renderAndReport();
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
});

// Keep "updated … ago" and the expiry's age current without a message from the host.
setInterval(() => tick(state, f), 30_000);

renderAndReport();
host.post({ type: 'ready' });
