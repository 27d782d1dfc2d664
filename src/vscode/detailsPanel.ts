// The "OpenRouter Credits" details webview panel.
//
// The HTML is a data-free skeleton; figures and localized strings arrive by
// postMessage (see src/core/protocol.ts) and media/details.js patches the DOM.

import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import {
  isFromWebview,
  type DetailsState,
  type FromWebview,
  type Strings,
  type ToWebview,
  type WebviewCommand,
} from '../core/protocol';
import { buildMarkdownSummary } from '../core/summary';

export interface DetailsPanelDeps {
  extensionUri: vscode.Uri;
  getState: () => DetailsState;
  onDidChangeState: vscode.Event<DetailsState>;
  log: vscode.LogOutputChannel;
  /** Runs a page button's command (all but 'copySummary', which the panel handles). */
  executeCommand: (cmd: WebviewCommand) => void | Promise<void>;
}

export interface RenderEvent {
  /** Date.now() in the webview after the paint. */
  at: number;
  /** Date.now() in the extension host when the message arrived. */
  receivedAt: number;
  /** ms from the latest show() to this render, for the first render after it. */
  sinceShow?: number;
}

export class DetailsPanel implements vscode.Disposable {
  static readonly viewType = 'openrouterCredits.details';

  /** ms from each show() to the first painted state after it (for tests and benchmarks). */
  readonly renderTimings: number[] = [];

  private readonly renderEmitter = new vscode.EventEmitter<RenderEvent>();
  /** Fires each time the page has rendered and painted a state. */
  readonly onDidRender: vscode.Event<RenderEvent> = this.renderEmitter.event;

  private current: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private showAt: number | undefined;
  private cachedStrings: Strings | undefined;

  constructor(private readonly deps: DetailsPanelDeps) {
    this.disposables.push(
      this.renderEmitter,
      deps.onDidChangeState((state) => this.postState(state)),
    );
  }

  get panel(): vscode.WebviewPanel | undefined {
    return this.current;
  }

  /** Opens the panel, or reveals the one that is open. */
  show(): void {
    this.showAt = Date.now();
    if (this.current) {
      this.current.reveal(undefined, false);
      // A visible page re-renders (and reports 'rendered'); a page that was
      // hidden reloads by itself and asks for the state with 'ready'.
      this.postState(this.deps.getState());
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DetailsPanel.viewType,
      vscode.l10n.t('OpenRouter Credits'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.webviewOptions(),
    );
    this.attach(panel);
  }

  /** Restores the panel after a window reload. Call during activation. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DetailsPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, _state: unknown) => {
        if (this.current && this.current !== panel) {
          // One instance only.
          panel.dispose();
          return;
        }
        this.attach(panel);
      },
    });
  }

  /** Copies the Markdown summary of the current state to the clipboard. */
  async copySummary(): Promise<void> {
    const text = buildMarkdownSummary(this.deps.getState(), this.strings(), vscode.env.language);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(this.strings().summaryCopied, 3000);
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
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.disposePanelListeners();
    this.current = panel;
    panel.title = vscode.l10n.t('OpenRouter Credits');
    const icon = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
    panel.iconPath = { light: icon, dark: icon };
    panel.webview.options = this.webviewOptions();
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidDispose(() => {
        if (this.current === panel) this.current = undefined;
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
    panel.webview.postMessage(message).then(undefined, (e: unknown) => {
      this.deps.log.warn(`Details: could not post to the page: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private postState(state: DetailsState): void {
    this.post({ type: 'state', state });
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
        this.post({ type: 'init', strings: this.strings(), locale: vscode.env.language });
        this.postState(this.deps.getState());
        return;
      case 'rendered': {
        const receivedAt = Date.now();
        let sinceShow: number | undefined;
        if (this.showAt !== undefined) {
          sinceShow = receivedAt - this.showAt;
          this.renderTimings.push(sinceShow);
          this.showAt = undefined;
          this.deps.log.info(`Details panel rendered ${sinceShow} ms after it was opened.`);
        }
        this.renderEmitter.fire({ at: m.at, receivedAt, sinceShow });
        return;
      }
      case 'command':
        void this.runCommand(m.command);
        return;
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
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css'));
    const src = webview.cspSource;
    const csp = [
      "default-src 'none'",
      `img-src ${src} data:`,
      `style-src ${src}`,
      `script-src 'nonce-${nonce}'`,
      `font-src ${src}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(style.toString())}">
<title>${escapeHtml(vscode.l10n.t('OpenRouter Credits'))}</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${nonce}" src="${escapeHtml(script.toString())}"></script>
</body>
</html>`;
  }

  /** Every text of the page, localized. Keys and placeholders: DEFAULT_STRINGS in protocol.ts. */
  private strings(): Strings {
    if (this.cachedStrings) return this.cachedStrings;
    this.cachedStrings = {
      title: vscode.l10n.t('OpenRouter Credits'),
      spendableBalance: vscode.l10n.t('Spendable balance'),
      bindingKey: vscode.l10n.t("Limited by this key's limit"),
      bindingAccount: vscode.l10n.t('Account balance'),
      balanceUnknown: vscode.l10n.t('Balance unknown'),
      balanceUnknownExplain: vscode.l10n.t("This key has no spending limit and the account balance isn't available to it."),
      usedToday: vscode.l10n.t('Used today: {0}'),
      lowCredit: vscode.l10n.t('Below your low-credit warning of {0}'),
      loading: vscode.l10n.t('Loading…'),
      refreshing: vscode.l10n.t('Refreshing…'),
      noKeyTitle: vscode.l10n.t('No API key set'),
      noKeyExplain: vscode.l10n.t("Set your OpenRouter API key to see your credits. It is kept in VS Code's secret storage."),
      invalidKeyTitle: vscode.l10n.t('API key rejected'),
      invalidKeyExplain: vscode.l10n.t(
        'OpenRouter rejected the API key: it may be invalid, disabled or expired. Set a new key to continue.',
      ),
      errorTitle: vscode.l10n.t("Couldn't load your credits"),
      envKeyNote: vscode.l10n.t('Using the API key from an environment variable.'),
      actions: vscode.l10n.t('Actions'),
      refresh: vscode.l10n.t('Refresh'),
      topUp: vscode.l10n.t('Top Up'),
      setKey: vscode.l10n.t('Set Key'),
      settings: vscode.l10n.t('Settings'),
      copySummary: vscode.l10n.t('Copy summary'),
      accountHeading: vscode.l10n.t('Account'),
      totalCredits: vscode.l10n.t('Total credits'),
      totalUsage: vscode.l10n.t('Total usage'),
      accountRemaining: vscode.l10n.t('Remaining'),
      usagePercent: vscode.l10n.t('Used'),
      usageBarLabel: vscode.l10n.t('Account credits used'),
      noCreditsPurchased: vscode.l10n.t('No credits purchased yet'),
      accountForbidden: vscode.l10n.t("This key can't read the account balance."),
      accountUnavailable: vscode.l10n.t("OpenRouter didn't return usable account figures for this key."),
      accountError: vscode.l10n.t("The account figures couldn't be loaded this time."),
      managementKeyExplain: vscode.l10n.t("A management key shows the account's total credits, usage and balance."),
      addManagementKey: vscode.l10n.t('Add a management key'),
      keyHeading: vscode.l10n.t('API key'),
      keyLabel: vscode.l10n.t('Label'),
      keyLimit: vscode.l10n.t('Limit'),
      noLimit: vscode.l10n.t('No limit'),
      keyRemaining: vscode.l10n.t('Remaining'),
      keyLimitUsed: vscode.l10n.t('Limit used'),
      keyUsageTotal: vscode.l10n.t('Total usage'),
      resetPeriod: vscode.l10n.t('Limit resets'),
      resetDaily: vscode.l10n.t('Daily'),
      resetWeekly: vscode.l10n.t('Weekly'),
      resetMonthly: vscode.l10n.t('Monthly'),
      resetNever: vscode.l10n.t('Never'),
      expiry: vscode.l10n.t('Expiry'),
      expiresIn: vscode.l10n.t('Expires {0}'),
      expiredAgo: vscode.l10n.t('Expired {0}'),
      noExpiry: vscode.l10n.t('No expiry'),
      freeTier: vscode.l10n.t('Free tier'),
      managementKey: vscode.l10n.t('Management key'),
      yes: vscode.l10n.t('Yes'),
      no: vscode.l10n.t('No'),
      byokUsage: vscode.l10n.t('BYOK usage'),
      byokInLimit: vscode.l10n.t('BYOK counted in limit'),
      usageHeading: vscode.l10n.t('Usage'),
      today: vscode.l10n.t('Today'),
      thisWeek: vscode.l10n.t('This week'),
      thisMonth: vscode.l10n.t('This month'),
      sinceLastCheck: vscode.l10n.t('Since last check'),
      burnHeading: vscode.l10n.t('Burn rate and forecast'),
      burn24h: vscode.l10n.t('Last 24 hours'),
      burn7d: vscode.l10n.t('Last 7 days'),
      perDay: vscode.l10n.t('{0} / day'),
      forecastDays: vscode.l10n.t('Runs out in ~{0} days (around {1})'),
      forecastOneDay: vscode.l10n.t('Runs out in ~1 day (around {0})'),
      forecastLessThanDay: vscode.l10n.t('Runs out in less than a day (around {0})'),
      forecastNone: vscode.l10n.t('Not enough history for a forecast yet'),
      forecastBasis24h: vscode.l10n.t('Based on the last 24 hours.'),
      forecastBasis7d: vscode.l10n.t('Based on the last 7 days.'),
      historyHeading: vscode.l10n.t('History (30 days)'),
      chartTitle: vscode.l10n.t('Balance and daily spend, last 30 days'),
      chartDesc: vscode.l10n.t('{0} days from {1} to {2}; total spend {3}.'),
      chartDescBalance: vscode.l10n.t('Balance went from {0} to {1}.'),
      chartNoData: vscode.l10n.t('No history yet'),
      legendSpend: vscode.l10n.t('Daily spend (left scale)'),
      legendBalance: vscode.l10n.t('Balance (right scale)'),
      showDataTable: vscode.l10n.t('Show data table'),
      colDay: vscode.l10n.t('Day (UTC)'),
      colSpend: vscode.l10n.t('Spend'),
      colBalance: vscode.l10n.t('Balance'),
      lastUpdated: vscode.l10n.t('Last updated {0}'),
      notUpdated: vscode.l10n.t('Not updated yet'),
      stale: vscode.l10n.t('Data may be out of date'),
      notAvailable: vscode.l10n.t('—'),
      summaryCopied: vscode.l10n.t('Credit summary copied to the clipboard'),
    };
    return this.cachedStrings;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
