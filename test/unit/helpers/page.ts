// Runs the real details page (src/webview/main.ts, bundled by esbuild as for
// the VSIX) against a DOM (linkedom), with the host replaced by a recorder:
// what a unit test can check of the page without a browser.
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { parseHTML } from 'linkedom';
import { PAGE_INIT_ID, type FromWebview, type PageInit, type ToWebview } from '../../../src/core/protocol';

let bundle: string | undefined;

export interface RenderedPage {
  document: Document;
  /** The page's messages to the host. */
  posted: FromWebview[];
  /** Delivers a host message to the page. */
  post(message: ToWebview): void;
  /** textContent of the element with this id ('' when there is none). */
  text(id: string): string;
  /** Clicks an element (a bubbling click event, as a mouse or Enter/Space on a button gives). */
  click(el: Element): void;
  /** With `manualFrames`: runs the animation-frame callbacks queued so far (a frame is painted). */
  frame(): void;
  /** The last state the page saved (vscode.setState), as a reload would get it. */
  saved(): unknown;
}

/** `manualFrames`: requestAnimationFrame queues until frame() (by default a callback runs at once). */
/** `savedState`: what vscode.getState() gives (a hidden panel's reload). */
export function renderPage(init: PageInit, opts: { manualFrames?: boolean; savedState?: unknown } = {}): RenderedPage {
  let saved: unknown = opts.savedState;
  const frames: Array<() => void> = [];
  bundle ??= esbuild.buildSync({
    entryPoints: [path.resolve(__dirname, '../../../src/webview/main.ts')],
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, logLevel: 'error',
  }).outputFiles[0].text;
  const json = JSON.stringify(init).replace(/</g, '\\u003c');
  const { document, Element, Event } = parseHTML(`<!DOCTYPE html><html><body><div id="app"></div><script type="application/json" id="${PAGE_INIT_ID}">${json}</script></body></html>`);
  const posted: FromWebview[] = [];
  const listeners: Array<(ev: { data: unknown }) => void> = [];
  const context = vm.createContext({
    document,
    Element,
    window: { addEventListener: (type: string, fn: (ev: { data: unknown }) => void) => { if (type === 'message') listeners.push(fn); } },
    acquireVsCodeApi: () => ({ postMessage: (m: FromWebview) => posted.push(m), getState: () => saved, setState: (x: unknown) => { saved = JSON.parse(JSON.stringify(x)); } }),
    requestAnimationFrame: (fn: () => void) => { if (opts.manualFrames) frames.push(fn); else fn(); },
    setTimeout: (fn: () => void) => { fn(); return 0; },
    setInterval: () => 0,
    console,
    performance: { now: () => 12.3 },
  });
  vm.runInContext(bundle, context);
  // As postMessage's structured clone does: the page gets objects of its own realm.
  const parseInPage = vm.runInContext('(text) => JSON.parse(text)', context) as (text: string) => unknown;
  return {
    document: document as unknown as Document,
    posted,
    post: message => { for (const l of listeners) l({ data: parseInPage(JSON.stringify(message)) }); },
    text: id => document.getElementById(id)?.textContent ?? '',
    click: el => { el.dispatchEvent(new Event('click', { bubbles: true })); },
    frame: () => { for (const fn of frames.splice(0)) fn(); },
    saved: () => saved,
  };
}
