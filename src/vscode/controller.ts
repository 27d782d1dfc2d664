// Routes events for one window between the key store, the poller, the shared
// state, the history and the alerts, and keeps the view model (core/view.ts)
// that every surface reads: computed once per change.
import * as vscode from 'vscode';
import { History } from '../core/samples';
import type { Settings } from '../core/settings';
import { EMPTY_STATE, type SharedState } from '../core/sharedState';
import type { CreditSnapshot } from '../core/types';
import { buildView, type View } from '../core/view';
import type { Alerts } from './alerts';
import type { KeyStore } from './keyStore';
import type { Notifier } from './notifier';
import { Poller } from './poller';
import { Refresher } from './refresher';
import type { SharedStore } from './sharedStore';

export class CreditsController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<View>();
  readonly onDidChange = this.emitter.event;
  private readonly poller: Poller;
  private readonly history: History;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly refresher: Refresher;
  private current: View;
  private started = false;
  private disposed = false;
  private markReady!: () => void;
  /** Settles when start() has read the shared state and the key: commands and the API wait for it. */
  readonly ready = new Promise<void>(resolve => (this.markReady = resolve));
  private manual?: Promise<CreditSnapshot | undefined>;
  /** Manual refreshes out (the status bar spins while there are any). */
  private asked = 0;

  /** `cached` is the last shared state this profile saw: shown until the shared file is read. */
  constructor(
    private settings: Settings,
    readonly keys: KeyStore,
    private readonly store: SharedStore,
    private readonly alerts: Alerts,
    notifier: Notifier,
    private readonly log: vscode.LogOutputChannel,
    private shared: SharedState = EMPTY_STATE,
  ) {
    this.refresher = new Refresher(store, keys, notifier, log);
    // The history is read from disk in start(), not during activation.
    this.history = new History({ load: () => (this.started ? store.loadHistory() : []), save: points => store.saveHistory(points) });
    this.poller = new Poller({
      store, log,
      intervalMs: settings.refreshIntervalSeconds * 1000,
      lastPollAt: () => (this.shared.snapshot ? Math.max(this.shared.attemptAt ?? 0, this.shared.snapshot.fetchedAt) : 0),
      task: () => this.fetchOnce('poll'),
      retry: () => this.store.readState()?.retry,
      recordRetry: retry => { this.shared = this.store.update(s => ({ ...s, retry })); },
    });
    this.current = this.compute();
    this.disposables.push(this.poller, this.emitter,
      this.poller.onDidChange(() => { this.fire(); if (this.poller.focused) this.claimAlerts(); }),
      store.onDidChangeState(s => this.onSharedState(s)),
      keys.onDidChange(() => void this.onKeyChanged('secrets')),
    );
  }

  /** This window is focused: threshold alerts show here. */
  get windowFocused(): boolean { return this.poller.focused; }

  /** The window-state event, also for the extension's own tests (a headless browser's window is always focused). */
  setWindowFocused(focused: boolean): void { this.poller.setFocused(focused); }

  /** The view model, as of the last change. */
  get view(): View { return this.current; }

  /** Reads the shared state, the history and the key, then polls or follows. Activation does not wait for it. */
  async start(): Promise<void> {
    try {
      this.store.start();
      this.shared = this.store.readState() ?? this.shared;
      this.started = true;
      this.history.reload();
      this.shared = this.refresher.configure(this.settings.apiBaseUrl, this.shared);
      this.fire(); // the shared file's state, while SecretStorage answers
      await this.keys.get();
      if (this.disposed) return;
      this.fire();
      this.poller.start();
    } finally {
      this.markReady();
    }
  }

  private compute(): View {
    return buildView({
      snapshot: this.shared.snapshot,
      error: this.refresher.baseUrlError ?? this.shared.error,
      keySource: this.keys.source,
      points: this.history.points,
      settings: this.settings,
      focused: this.poller.anyFocused,
      isPoller: this.poller.isPoller,
      refreshing: this.asked > 0,
      now: Date.now(),
    }, vscode.l10n);
  }

  /** Recomputes the view (also for age-based staleness, with no new data) and tells every surface. */
  fire(): void {
    if (this.disposed) return;
    this.current = this.compute();
    this.emitter.fire(this.current);
  }

  updateSettings(next: Settings): void {
    const prev = this.settings;
    this.settings = next;
    if (prev.apiBaseUrl !== next.apiBaseUrl) {
      this.refresher.invalidate(); // a request in flight to the old origin is void
      this.shared = this.refresher.configure(next.apiBaseUrl, this.shared);
      if (this.poller.isPoller && !this.refresher.baseUrlError) void this.refresh();
    }
    if (prev.refreshIntervalSeconds !== next.refreshIntervalSeconds) this.poller.setIntervalMs(next.refreshIntervalSeconds * 1000);
    this.fire();
    const thresholdsChanged = prev.lowCreditThreshold !== next.lowCreditThreshold || prev.usageWarningPercent !== next.usageWarningPercent || prev.spendAlertPerHour !== next.spendAlertPerHour;
    // Every window sees the settings change; the shared decision records the crossing once.
    if (thresholdsChanged && this.shared.snapshot) this.shared = this.alerts.evaluate(this.shared.snapshot, this.current.derived?.spendLastHour, next, { force: true });
  }

  /** The key changed here or in another window. The window that changed it publishes the new state. */
  private async onKeyChanged(origin: string): Promise<void> {
    this.refresher.invalidate();
    await this.keys.get();
    this.log.info(`API key changed (${origin}); key source now: ${this.keys.source}.`);
    this.history.reload();
    if (this.keys.source !== 'none' && this.poller.isPoller && !this.shared.snapshot) void this.refresh();
    this.fire();
  }

  /** Stores a key that was already checked; `snapshot` is what the check returned. */
  async storeKey(key: string, snapshot: CreditSnapshot): Promise<void> {
    await this.ready;
    this.refresher.invalidate();
    await this.keys.store(key);
    this.shared = this.store.update(s => ({ ...s, keyGen: s.keyGen + 1, snapshot, error: undefined, attemptAt: Date.now(), thresholds: undefined, thresholdsAsOf: undefined, pendingAlerts: undefined, retry: undefined }));
    this.history.clear(); // usage figures of another key would read as spend
    this.history.add(snapshot);
    this.fire();
    this.shared = this.alerts.evaluate(snapshot, this.current.derived?.spendLastHour, this.settings, { force: true });
  }

  async clearKey(): Promise<void> {
    await this.ready;
    this.refresher.invalidate();
    await this.keys.clear();
    this.shared = this.store.update(s => ({ ...s, keyGen: s.keyGen + 1, snapshot: undefined, error: undefined, thresholds: undefined, thresholdsAsOf: undefined, pendingAlerts: undefined, retry: undefined, creditsForbidden: undefined }));
    this.history.clear();
    if (this.keys.source === 'env') void this.refresh();
    this.fire();
  }

  /** Checks a candidate key against /key (and /credits) without storing it. */
  async checkKey(key: string): Promise<CreditSnapshot> {
    await this.ready;
    return this.refresher.baseUrlError ? Promise.reject(this.refresher.baseUrlError) : this.keys.check(key, this.settings.apiBaseUrl);
  }

  /** Manual refresh. The poller joins its scheduler's request; a follower fetches itself. */
  async refresh(): Promise<CreditSnapshot | undefined> {
    await this.ready;
    this.asked++;
    this.fire();
    const out = this.poller.refresh()?.then(() => this.shared.snapshot)
      ?? (this.manual ??= this.fetchOnce('manual').catch(() => undefined).finally(() => { this.manual = undefined; }));
    return out.finally(() => { this.asked--; this.fire(); });
  }

  private async fetchOnce(reason: string): Promise<CreditSnapshot | undefined> {
    const o = await this.refresher.fetch(reason, this.shared.keyGen);
    if (this.disposed) return undefined;
    if (o.kind === 'obsolete') return o.retry ? this.fetchOnce(reason) : this.shared.snapshot; // a new origin: ask it
    if (o.shared) this.shared = o.shared;
    if (o.kind === 'replaced') return this.onKeyChanged('another window').then(() => this.shared.snapshot);
    if (o.kind === 'failed') {
      this.fire();
      if (o.error.kind === 'outOfCredits' && this.shared.snapshot) this.shared = this.alerts.evaluate(this.shared.snapshot, this.current.derived?.spendLastHour, this.settings, { outOfCredits: true });
      throw o.error;
    }
    const s = o.snapshot;
    this.history.add(s);
    this.log.info(`Balance: ${s.spendable === undefined ? 'unknown' : s.spendable.toFixed(4)} (${s.binding ?? 'no limit'}), account: ${s.accountStatus}.`);
    this.fire();
    this.shared = this.alerts.evaluate(s, this.current.derived?.spendLastHour, this.settings);
    return s;
  }

  private onSharedState(s: SharedState): void {
    const keyChanged = s.keyGen !== this.shared.keyGen;
    this.shared = s;
    this.refresher.creditsForbidden = s.creditsForbidden;
    this.history.reload();
    if (keyChanged) void this.onKeyChanged('another window');
    else this.fire();
    // A reading no window evaluated yet is evaluated here; alerts queued for a focused window are taken.
    if (s.snapshot) this.shared = this.alerts.evaluate(s.snapshot, this.current.derived?.spendLastHour, this.settings);
    else this.claimAlerts();
  }

  private claimAlerts(): void {
    if (!this.started || this.disposed) return;
    this.shared = this.alerts.claim() ?? this.shared;
  }

  dispose(): void {
    this.disposed = true;
    this.refresher.invalidate();
    for (const d of this.disposables) d.dispose();
  }
}
