// Message protocol between the details page (src/webview/) and the extension
// host (src/vscode/detailsPanel.ts). Both sides compile against these types.
// Pure TypeScript: no `vscode` import.
//
// Everything that crosses the boundary is JSON-serializable. The page never
// receives the API key: only the view model (figures, derived usage), the
// localized strings and the display language.

import type { Strings } from './text/strings';
import { periodSpend, type View } from './view/view';

/**
 * What the host writes into the page's HTML (JSON in a nonce'd script element),
 * so the first render needs no round trip through the extension host.
 */
export interface PageInit {
  strings: Strings;
  locale: string;
  view: View;
  /**
   * The view is the first screen's only (firstScreenView): the page paints the
   * headline from it, keeps the cards' space, and waits for the whole view,
   * which the host posts as the `state` that answers `ready`.
   */
  partial?: boolean;
}

/**
 * What the first screen needs of a view (the headline: what can be spent,
 * what binds, the low note; the status line, the toolbar, a notice, the
 * accounts): the view without the breakdown's keys and activity and without
 * the daily history, which only the cards below show. The periods are worked
 * out first, while the breakdown is still there, so the headline's figures are
 * the whole view's.
 */
export function firstScreenView(view: View): View {
  const periods = view.periods ?? (view.snapshot ? periodSpend(view.snapshot, view.derived, view.breakdown) : undefined);
  const derived = view.derived && { ...view.derived, daily: [] };
  // The organization's tables follow with the cards; the headline keeps the shown key's headroom.
  const org = view.org && { budgets: [], keyHeadroom: {}, keyWorkspace: {}, ages: view.org.ages, headroom: view.org.headroom };
  return { ...view, periods, derived, breakdown: undefined, org };
}

/** The id of the element that holds the PageInit JSON. */
export const PAGE_INIT_ID = 'page-init';

/**
 * The buttons of the page (each labelled by the string of the same name).
 * addApiKey: Add API Key; switchAccountPick: the Switch Account quick pick;
 * createKey: Create Key… (a management key; issue 20).
 */
export const WEBVIEW_COMMANDS = ['refresh', 'topUp', 'setKey', 'settings', 'copySummary', 'addManagementKey', 'addApiKey', 'switchAccountPick', 'createKey'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/**
 * Extension → webview: the view changed.
 * - state: the whole view (the answer to `ready`, and whenever the page has
 *   no whole view from this load);
 * - patch: the top-level fields of the view that are not the very values the
 *   page already has (viewPatch()); `unset`: fields the view no longer has.
 *   A spinner turning on, a clock tick or an account row changing costs a few
 *   hundred bytes, not a big organization's megabyte. A page applies a patch
 *   only on a whole view it received since it loaded.
 */
export type ToWebview = { type: 'state'; view: View } | ({ type: 'patch' } & ViewPatch);

export interface ViewPatch {
  fields: Partial<View>;
  unset: (keyof View)[];
}

/**
 * What changed from `prev` to `next`, top-level field by field: a field is
 * the same when it is the very same value (a view model is rebuilt from new
 * objects whenever its data changed, and keeps them otherwise). undefined:
 * nothing changed.
 */
export function viewPatch(prev: View, next: View): ViewPatch | undefined {
  const fields: Record<string, unknown> = {};
  const unset: (keyof View)[] = [];
  const p = prev as unknown as Record<string, unknown>;
  const n = next as unknown as Record<string, unknown>;
  for (const k of Object.keys(n)) if (n[k] !== undefined && n[k] !== p[k]) fields[k] = n[k];
  for (const k of Object.keys(p)) if (p[k] !== undefined && n[k] === undefined) unset.push(k as keyof View);
  return Object.keys(fields).length || unset.length ? { fields: fields as Partial<View>, unset } : undefined;
}

/** The view a patch makes of the one it was taken against (the page's side of viewPatch()). */
export function applyViewPatch(view: View, patch: ViewPatch): View {
  const out = { ...view, ...patch.fields } as unknown as Record<string, unknown>;
  for (const k of patch.unset) delete out[k];
  return out as unknown as View;
}

/** A host message the page can use: a whole view, or a patch of the right shape. */
export function isToWebview(m: unknown): m is ToWebview {
  if (!isPlainRecord(m)) return false;
  if (m.type === 'state') return isPlainRecord(m.view);
  return m.type === 'patch' && isPlainRecord(m.fields) && Array.isArray(m.unset) && m.unset.every(k => typeof k === 'string');
}

/**
 * Webview → extension.
 * - ready: the page (re)loaded; the view in its HTML may be old (a hidden
 *   page reloads from the HTML it was created with), so it wants the current one;
 * - command: a button was pressed;
 * - painted: the headline of a view is painted (the cards may follow in the
 *   next frames); `pageMs` is performance.now() then;
 * - rendered: the page has rendered and painted a whole view (not a first
 *   screen's); `pageMs` is performance.now() then: the page's own part since
 *   its document started;
 * - switchAccount: show this account in this window (an AccountRow.id: 16
 *   lowercase hex digits, or ENV_ACCOUNT_ID). The host checks that it names
 *   an account and that the window is not pinned;
 * - setLimit: change the limit of one of the account's keys (a by-key row's
 *   KeySpendLine.id, 16 lowercase hex digits: never OpenRouter's hash). The
 *   host looks the hash up, asks for the limit and confirms in a modal dialog.
 */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'command'; command: WebviewCommand }
  | { type: 'painted'; pageMs: number }
  | { type: 'rendered'; pageMs: number }
  | { type: 'switchAccount'; accountId: string }
  | { type: 'setLimit'; keyId: string }
  | { type: 'keyAction'; action: KeyAction; keyId: string };

/**
 * What a by-key row's buttons ask of the host (issue 20, a management key):
 * rename, disable, enable or delete the key with this KeySpendLine.id (never
 * a hash). The host looks the hash up afresh and asks before it acts
 * (delete: a modal naming the key and its spend this month).
 */
export const KEY_ACTIONS = ['rename', 'disable', 'enable', 'delete'] as const;
export type KeyAction = (typeof KEY_ACTIONS)[number];

const HEX16 = /^[0-9a-f]{16}$/;
/** accounts.ts's ENV_ACCOUNT_ID (a unit test keeps them equal): not imported, as accounts.ts needs node:crypto and the page is browser code. */
export const PAGE_ENV_ACCOUNT_ID = 'env';

/** An id the page may send in switchAccount: an account id (16 lowercase hex digits) or ENV_ACCOUNT_ID. */
export function isPageAccountId(id: unknown): id is string {
  return typeof id === 'string' && (HEX16.test(id) || id === PAGE_ENV_ACCOUNT_ID);
}

/** An id the page may send in setLimit: a by-key row's id (AccountKey.id, 16 lowercase hex digits). */
export function isPageKeyId(id: unknown): id is string {
  return typeof id === 'string' && HEX16.test(id);
}

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
    case 'painted':
    case 'rendered':
      return hasExactKeys(m, ['type', 'pageMs']) && typeof m.pageMs === 'number' && Number.isFinite(m.pageMs) && m.pageMs >= 0;
    case 'switchAccount':
      return hasExactKeys(m, ['type', 'accountId']) && isPageAccountId(m.accountId);
    case 'setLimit':
      return hasExactKeys(m, ['type', 'keyId']) && isPageKeyId(m.keyId);
    case 'keyAction':
      return hasExactKeys(m, ['type', 'action', 'keyId']) && (KEY_ACTIONS as readonly unknown[]).includes(m.action) && isPageKeyId(m.keyId);
    default:
      return false;
  }
}
