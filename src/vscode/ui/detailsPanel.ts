// The "OpenRouter Credits" details webview panel (the page itself:
// src/webview/, bundled into dist/webview.js).
//
// The HTML carries the first screen's view (firstScreenView: no breakdown, no
// history), the localized strings and the display language as JSON under the
// CSP nonce, so the page paints its headline without a round trip; the whole
// view answers the page's `ready`, later views follow, by postMessage
// (src/core/protocol.ts). Until the page asks (`ready`), nothing is posted:
// a loading page would only queue views it cannot use yet. After that, a
// change is posted as a patch of the fields that changed (core viewPatch()):
// the spinner turning on does not resend a big organization's megabyte. A
// panel that is open is revealed and updated, its DOM kept.

import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import type { Formatter } from '../../core/text/format';
import { PAGE_INIT_ID, firstScreenView, isFromWebview, viewPatch, type FromWebview, type KeyAction, type PageInit, type ToWebview, type WebviewCommand } from '../../core/protocol';
import { buildMarkdownSummary } from '../../core/view/summary';
import type { View } from '../../core/view/view';
import { forPage, forPagePatch } from '../../core/view/pageView';
import { DETAILS_VIEW_TYPE } from '../shellIds';

export interface DetailsPanelDeps {
  extensionUri: vscode.Uri;
  getView: () => View;
  onDidChangeView: vscode.Event<View>;
  /** The display language's formatter and strings (shared with every surface). */
  format: Formatter;
  log: vscode.LogOutputChannel;
  /** Runs a page button's command (all but 'copySummary', which the panel handles). */
  executeCommand: (cmd: WebviewCommand) => void | Promise<void>;
  /** The page's account switcher: the host checks the id and switches (Switch Account's own rules). */
  switchAccount: (accountId: string) => void | Thenable<unknown>;
  /**
   * The page's "Set Limit…" on a by-key row: the host runs Set Key Limit for
   * that row, whose modal confirmation decides. The message alone changes nothing.
   */
  setLimit: (keyId: string) => void | Thenable<unknown>;
  /** A by-key row's Rename / Disable / Enable / Delete: the host runs that command for the row, which asks before it acts. */
  keyAction: (action: KeyAction, keyId: string) => void | Thenable<unknown>;
}

export class DetailsPanel implements vscode.Disposable {
  static readonly viewType = DETAILS_VIEW_TYPE;

  private current: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private showAt: number | undefined;
  /** The first paint since show() is still to be logged. */
  private paintPending = false;
  /** The page's script and style sheet, read once (inlined under the nonce: no request before the first paint). */
  private assets?: PageAssets;
  /** The view the page holds (as built, before forPage()): the base of the next patch. Undefined until the page asked with `ready`. */
  private pageHas: View | undefined;
  /** A message to the page was lost: the next view is posted whole, not as a patch. */
  private wholeNext = false;
  /** Resolves the promise show() returned, once the page rendered a whole view (or at its time-out). */
  private rendered?: () => void;

  constructor(private readonly deps: DetailsPanelDeps) {
    this.disposables.push(deps.onDidChangeView((view) => this.postView(view)));
  }

  get panel(): vscode.WebviewPanel | undefined {
    return this.current;
  }

  /**
   * Opens the panel, or reveals the one that is open. Resolves once the page
   * rendered the whole view, or after `renderWaitMs` (a page that never
   * reports does not hold its caller up): Check OpenRouter Credits refreshes
   * after it, so that a big account's page does not compete with a refresh's
   * requests for the host and the CPU.
   */
  show(renderWaitMs = 1000): Promise<void> {
    this.showAt = Date.now();
    this.paintPending = true;
    this.rendered?.();
    const rendered = new Promise<void>(resolve => {
      const timer = setTimeout(() => this.rendered?.(), renderWaitMs);
      this.rendered = () => { clearTimeout(timer); this.rendered = undefined; resolve(); };
    });
    if (this.current) {
      this.current.reveal(undefined, false);
      // A visible page re-renders (and reports 'rendered'); a page that was
      // hidden reloads by itself and asks for the current view with 'ready'.
      this.postView(this.deps.getView(), true);
      return rendered;
    }
    const panel = vscode.window.createWebviewPanel(
      DetailsPanel.viewType,
      this.deps.format.s.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.webviewOptions(),
    );
    this.attach(panel);
    return rendered;
  }

  /** Restores the panel after a window reload. Call during activation. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DetailsPanel.viewType, this.serializer());
  }

  /** What restores the panel (the activation bundle registers it: src/vscode/shell.ts). */
  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, _state: unknown) => {
        if (this.current && this.current !== panel) {
          // One instance only.
          panel.dispose();
          return;
        }
        this.attach(panel);
      },
    };
  }

  /** Copies the Markdown summary of the current state to the clipboard. */
  async copySummary(): Promise<void> {
    const text = buildMarkdownSummary(this.deps.getView(), this.deps.format);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(this.deps.format.s.summaryCopied, 3000);
    this.deps.log.info('Details: summary copied to the clipboard.');
  }

  dispose(): void {
    this.current?.dispose();
    this.disposePanelListeners();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media'), vscode.Uri.joinPath(this.deps.extensionUri, 'dist')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.disposePanelListeners();
    this.current = panel;
    this.pageHas = undefined;
    panel.title = this.deps.format.s.title;
    const icon = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
    panel.iconPath = { light: icon, dark: icon };
    panel.webview.options = this.webviewOptions();
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      // A hidden page is gone (no retainContextWhenHidden): shown again, it reloads and asks with `ready`.
      panel.onDidChangeViewState(e => { if (!e.webviewPanel.visible) this.pageHas = undefined; }),
      panel.onDidDispose(() => {
        if (this.current === panel) this.current = undefined;
        this.pageHas = undefined;
        this.rendered?.();
        this.disposePanelListeners();
      }),
    );
    panel.webview.html = this.html(panel.webview);
  }

  private disposePanelListeners(): void {
    while (this.panelDisposables.length) this.panelDisposables.pop()?.dispose();
  }

  private post(message: ToWebview): void {
    const panel = this.current;
    // A hidden page (no retainContextWhenHidden) is not live: the message is
    // dropped, and the page asks again with 'ready' when it is shown.
    if (!panel) return;
    // A message that did not reach a live page leaves it behind: the next view goes whole.
    const lost = (): void => { if (this.current === panel) this.wholeNext = true; };
    panel.webview.postMessage(message).then(delivered => { if (!delivered) lost(); }, (e: unknown) => {
      lost();
      this.deps.log.warn(`Details: could not post to the page: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /**
   * A new view for a page that has one: the fields that changed (`always`:
   * even none, so that a revealed page renders again). Nothing before the
   * page's `ready`, whose answer is the whole view.
   */
  private postView(view: View, always = false): void {
    const base = this.pageHas;
    if (!base || !this.current) return;
    if (this.wholeNext) {
      this.postWhole(view);
      return;
    }
    this.pageHas = view;
    const patch = viewPatch(base, view);
    if (!patch && !always) return;
    this.post({ type: 'patch', ...forPagePatch(patch ?? { fields: {}, unset: [] }) });
  }

  private postWhole(view: View): void {
    if (!this.current) return;
    this.pageHas = view;
    this.wholeNext = false;
    this.post({ type: 'state', view: forPage(view) });
  }

  private onMessage(m: unknown): void {
    if (!isFromWebview(m)) {
      this.deps.log.warn('Details: ignored an unexpected message from the page.');
      return;
    }
    this.handle(m);
  }

  private handle(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        // The view in the page's HTML may be older than the current one.
        this.postWhole(this.deps.getView());
        return;
      case 'painted':
        if (this.showAt !== undefined && this.paintPending) {
          this.deps.log.info(`Details panel first paint ${Date.now() - this.showAt} ms after it was opened (the page's own part: ${m.pageMs} ms).`);
          this.paintPending = false;
        }
        return;
      case 'rendered':
        if (this.showAt !== undefined) {
          this.deps.log.info(`Details panel rendered ${Date.now() - this.showAt} ms after it was opened (the page's own part: ${m.pageMs} ms).`);
          this.showAt = undefined;
        }
        this.rendered?.();
        return;
      case 'command':
        void this.runCommand(m.command);
        return;
      case 'switchAccount':
        void this.guard('switchAccount', () => this.deps.switchAccount(m.accountId));
        return;
      case 'setLimit':
        this.deps.log.info('Details: the page asks to set a key\'s limit; asking the user to confirm.');
        void this.guard('setLimit', () => this.deps.setLimit(m.keyId));
        return;
      case 'keyAction':
        this.deps.log.info(`Details: the page asks to ${m.action} a key; asking the user.`);
        void this.guard(m.action, () => this.deps.keyAction(m.action, m.keyId));
        return;
    }
  }

  private async guard(what: string, fn: () => void | Thenable<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.deps.log.error(`Details: "${what}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async runCommand(command: WebviewCommand): Promise<void> {
    try {
      if (command === 'copySummary') await this.copySummary();
      else await this.deps.executeCommand(command);
    } catch (e) {
      this.deps.log.error(`Details: command "${command}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(18).toString('base64');
    const uri = (...p: string[]) => escapeHtml(webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...p)).toString());
    const src = webview.cspSource;
    const csp = [
      "default-src 'none'",
      `img-src ${src} data:`,
      `style-src ${src} 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const { format } = this.deps;
    this.assets ??= readAssets(this.deps.extensionUri, this.deps.log);
    const { js, css } = this.assets;
    // The first screen's view only: the rest follows as the `state` that answers the page's `ready`.
    const init: PageInit = { strings: format.s, locale: format.locale, view: forPage(firstScreenView(this.deps.getView())), partial: true };
    return `<!DOCTYPE html>
<html lang="${escapeHtml(format.locale)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${css === undefined ? `<link rel="stylesheet" href="${uri('media', 'details.css')}">` : `<style nonce="${nonce}" id="page-style">${css}</style>`}
<title>${escapeHtml(format.s.title)}</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${nonce}" type="application/json" id="${PAGE_INIT_ID}">${jsonForScript(init)}</script>
${js === undefined ? `<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script>` : `<script nonce="${nonce}" id="page-script">${js}</script>`}
</body>
</html>`;
  }
}

/** The page's own script and style sheet, as text for inline elements; undefined: linked instead (unreadable, or text that would end its element). */
interface PageAssets {
  js?: string;
  css?: string;
}

/**
 * Reads dist/webview.js and media/details.css once. They are the extension's
 * own files (never outside text), inlined under the CSP nonce so that the page
 * makes no request before its first paint; a file that cannot be read, or
 * whose text would close its element early, is linked as a resource instead.
 */
function readAssets(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): PageAssets {
  const read = (rel: string[], closing: RegExp): string | undefined => {
    try {
      const text = readFileSync(vscode.Uri.joinPath(extensionUri, ...rel).fsPath, 'utf8');
      return closing.test(text) ? undefined : text;
    } catch (e) {
      log.warn(`Details: ${rel.join('/')} is linked, not inlined (${e instanceof Error ? e.message : String(e)}).`);
      return undefined;
    }
  };
  return { js: read(['dist', 'webview.js'], /<\/script|<!--/i), css: read(['media', 'details.css'], /<\/style/i) };
}

/**
 * JSON that cannot end its <script> element early: every <, > and & (and the
 * line separators JavaScript once rejected) is written as a \u escape, so a
 * key label such as "</script><img …>" stays data.
 */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
