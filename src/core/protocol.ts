// Message protocol between the details page (src/webview/) and the extension
// host (src/vscode/detailsPanel.ts). Both sides compile against these types.
// Pure TypeScript: no `vscode` import.
//
// Everything that crosses the boundary is JSON-serializable. The page never
// receives the API key: only the view model (figures, derived usage), the
// localized strings and the display language.

import type { Strings } from './strings';
import type { View } from './view';

/**
 * What the host writes into the page's HTML (JSON in a nonce'd script element),
 * so the first render needs no round trip through the extension host.
 */
export interface PageInit {
  strings: Strings;
  locale: string;
  view: View;
}

/** The id of the element that holds the PageInit JSON. */
export const PAGE_INIT_ID = 'page-init';

/** The buttons of the page. */
export const WEBVIEW_COMMANDS = ['refresh', 'topUp', 'setKey', 'settings', 'copySummary', 'addManagementKey'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** Extension → webview: the view changed. */
export type ToWebview = { type: 'state'; view: View };

/**
 * Webview → extension.
 * - ready: the page (re)loaded; the view in its HTML may be old (a hidden
 *   page reloads from the HTML it was created with), so it wants the current one;
 * - command: a button was pressed;
 * - rendered: the page has rendered and painted a view; `pageMs` is
 *   performance.now() then: the page's own part since its document started.
 */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'command'; command: WebviewCommand }
  | { type: 'rendered'; pageMs: number };

function isPlainRecord(m: unknown): m is Record<string, unknown> {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const proto = Object.getPrototypeOf(m);
  return proto === Object.prototype || proto === null;
}

function hasExactKeys(m: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(m);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(m, k));
}

export function isWebviewCommand(c: unknown): c is WebviewCommand {
  return typeof c === 'string' && (WEBVIEW_COMMANDS as readonly string[]).includes(c);
}

/** Strict validation of a message from the webview: known type, exact keys, valid values. */
export function isFromWebview(m: unknown): m is FromWebview {
  if (!isPlainRecord(m)) return false;
  switch (m.type) {
    case 'ready':
      return hasExactKeys(m, ['type']);
    case 'command':
      return hasExactKeys(m, ['type', 'command']) && isWebviewCommand(m.command);
    case 'rendered':
      return hasExactKeys(m, ['type', 'pageMs']) && typeof m.pageMs === 'number' && Number.isFinite(m.pageMs) && m.pageMs >= 0;
    default:
      return false;
  }
}
