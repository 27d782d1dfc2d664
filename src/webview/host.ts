// The page's one handle on the host (acquireVsCodeApi may be called once):
// messages to the extension, and the state VS Code keeps across reloads of a
// hidden panel.

import { firstScreenView, type FromWebview } from '../core/protocol';
import type { View } from '../core/view/view';
import { parsePrefs, type UiPrefs } from './prefs';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The view shown, and Date.now() when it arrived: the page's clock runs on from view.now. */
export interface PageState {
  view: View;
  receivedAt: number;
  /** The view is the first screen's only (firstScreenView()): the whole one follows from the host. */
  partial?: boolean;
}

/**
 * What the page keeps across reloads of a hidden panel: the first screen of
 * the last view (the host answers the reloaded page's `ready` with the whole
 * one; a big organization's whole view is a megabyte to save at each update).
 * A state saved whole by an earlier version has no `partial`.
 */
interface SavedState extends PageState {
  v: 2;
  /** Folded sections, the key table's filter and sort. */
  ui?: UiPrefs;
}

/** A hidden panel reloads from the HTML it was created with: the view it saved may be newer. */
function newer(fromHtml: SavedState, saved: unknown): SavedState {
  const s = saved as SavedState | undefined;
  return s?.v === 2 && typeof s.view?.now === 'number' && typeof s.receivedAt === 'number' && s.view.now > fromHtml.view.now ? s : fromHtml;
}

export interface Host {
  post(message: FromWebview): void;
  /** The state to start from: the view in the page's HTML (`partial`: its first screen only), or the one saved if newer. */
  restore(fromHtml: View, partial: boolean): PageState;
  save(state: PageState): void;
  /** The reader's choices saved with the last state. */
  savedPrefs(): UiPrefs;
  savePrefs(ui: UiPrefs): void;
}

export function connectHost(): Host {
  const vscode = acquireVsCodeApi();
  let ui = parsePrefs((vscode.getState() as SavedState | undefined)?.ui);
  let last: PageState | undefined;
  return {
    post: message => vscode.postMessage(message),
    restore: (view, partial) => {
      const { view: shown, receivedAt, partial: part } = newer({ v: 2, view, receivedAt: Date.now(), partial }, vscode.getState());
      last = { view: shown, receivedAt, partial: part === true };
      return { ...last };
    },
    save: ({ view, receivedAt }) => {
      last = { view: firstScreenView(view), receivedAt, partial: true };
      vscode.setState({ v: 2, ...last, ui });
    },
    savedPrefs: () => ui,
    savePrefs: next => {
      ui = next;
      if (last) vscode.setState({ v: 2, ...last, ui });
    },
  };
}
