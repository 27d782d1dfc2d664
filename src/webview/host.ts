// The page's one handle on the host (acquireVsCodeApi may be called once):
// messages to the extension, and the state VS Code keeps across reloads of a
// hidden panel.

import type { FromWebview } from '../core/protocol';
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
}

/** What the page keeps across reloads of a hidden panel. */
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
  /** The state to start from: the view in the page's HTML, or the one saved if newer. */
  restore(fromHtml: View): PageState;
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
    restore: view => {
      const { view: shown, receivedAt } = newer({ v: 2, view, receivedAt: Date.now() }, vscode.getState());
      last = { view: shown, receivedAt };
      return last;
    },
    save: ({ view, receivedAt }) => {
      last = { view, receivedAt };
      vscode.setState({ v: 2, view, receivedAt, ui });
    },
    savedPrefs: () => ui,
    savePrefs: next => {
      ui = next;
      if (last) vscode.setState({ v: 2, ...last, ui });
    },
  };
}
