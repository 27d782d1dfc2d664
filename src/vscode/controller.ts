// Routes events for one window between the key store, the poller, the shared
// state, the history and the alerts, and keeps the view model (core/view.ts)
// that every surface reads: computed once per change.
import * as vscode from 'vscode';
import { OpenRouterClient, validateBaseUrl } from '../core/client';
import { CreditsError, isCreditsError } from '../core/errors';
import { errorMessage } from '../core/messages';
import { History } from '../core/samples';
import type { Settings } from '../core/settings';
import { EMPTY_STATE, type SharedState } from '../core/sharedState';
import type { CreditSnapshot } from '../core/types';
import { buildView, type View } from '../core/view';
import type { Alerts } from './alerts';
import type { KeyStore } from './keyStore';
import type { Notifier } from './notifier';
import { Poller } from './poller';
import type { SharedStore } from './sharedStore';

export class CreditsController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<View>();
  readonly onDidChange = this.emitter.event;
  private readonly poller: Poller;
  private readonly history: History;
  private readonly disposables: vscode.Disposable[] = [];
  private current: View;
  private client?: OpenRouterClient;
  private baseUrlError?: CreditsError;
  private started = false;
  private generation = 0;
  private disposed = false;
  private manual?: Promise<CreditSnapshot | undefined>;

  /** `cached` is the last shared state this profile saw: shown until the shared file is read. */
  constructor(
    private settings: Settings,
    readonly keys: KeyStore,
    private readonly store: SharedStore,
    private readonly alerts: Alerts,
    private readonly notifier: Notifier,
    private readonly log: vscode.LogOutputChannel,
    private shared: SharedState = EMPTY_STATE,
  ) {
    // The history is read from disk in start(), not during activation.
    this.history = new History({ load: () => (this.started ? store.loadHistory() : []), save: points => store.saveHistory(points) });
    this.poller = new Poller({
      store, log,
      intervalMs: settings.refreshIntervalSeconds * 1000,
      lastPollAt: () => (this.shared.snapshot ? Math.max(this.shared.attemptAt ?? 0, this.shared.snapshot.fetchedAt) : 0),
      task: () => this.fetchOnce('poll'),
    });
    this.current = this.compute();
    this.disposables.push(this.poller, this.emitter,
      this.poller.onDidChange(() => this.fire()),
      store.onDidChangeState(s => this.onSharedState(s)),
      keys.onDidChange(() => void this.onKeyChanged('secrets')),
    );
  }

  /** The view model, as of the last change. */
  get view(): View { return this.current; }

  /** Reads the shared state, the history and the key, then polls or follows. Activation does not wait for it. */
  async start(): Promise<void> {
    this.store.start();
    this.shared = this.store.readState() ?? this.shared;
    this.started = true;
    this.history.reload();
    this.configureClient();
    await this.keys.get();
    if (this.disposed) return;
    if (this.shared.snapshot) this.log.info(`Showing the cached snapshot from ${new Date(this.shared.snapshot.fetchedAt).toISOString()}.`);
    this.fire();
    this.poller.start();
  }

  private compute(): View {
    return buildView({
      snapshot: this.shared.snapshot,
      error: this.baseUrlError ?? this.shared.error,
      keySource: this.keys.source,
      points: this.history.points,
      settings: this.settings,
      focused: this.poller.anyFocused,
      isPoller: this.poller.isPoller,
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
      this.generation++; // a request in flight to the old origin is void
      this.configureClient();
      if (this.poller.isPoller && !this.baseUrlError) void this.refresh();
    }
    if (prev.refreshIntervalSeconds !== next.refreshIntervalSeconds) this.poller.setIntervalMs(next.refreshIntervalSeconds * 1000);
    this.fire();
    const thresholdsChanged = prev.lowCreditThreshold !== next.lowCreditThreshold || prev.usageWarningPercent !== next.usageWarningPercent || prev.spendAlertPerHour !== next.spendAlertPerHour;
    if (thresholdsChanged && this.poller.isPoller && this.shared.snapshot) this.shared = this.alerts.evaluate(this.shared.snapshot, this.current.derived?.spendLastHour, next);
  }

  private configureClient(): void {
    this.baseUrlError = undefined;
    const url = this.settings.apiBaseUrl;
    try {
      const base = validateBaseUrl(url);
      if (this.shared.refusedBaseUrl) this.shared = this.store.update(s => (s.refusedBaseUrl ? { ...s, refusedBaseUrl: undefined } : undefined));
      if (this.client?.baseUrl.href !== base.href) {
        this.client = new OpenRouterClient({ baseUrl: url, userAgent: this.keys.userAgent, creditsForbiddenState: this.shared.creditsForbidden });
      }
    } catch (e) {
      this.client = undefined;
      this.baseUrlError = isCreditsError(e) ? e : new CreditsError('insecureBaseUrl');
      this.log.error(`Refusing the API base URL setting: ${this.baseUrlError.message}`);
      // Tell the user once per refused value, in one window.
      let isNew = false;
      this.shared = this.store.update(s => (s.refusedBaseUrl === url ? undefined : (isNew = true, { ...s, refusedBaseUrl: url })));
      if (isNew) void this.notifier.baseUrlRefused(errorMessage(vscode.l10n, 'insecureBaseUrl', this.baseUrlError.message));
    }
  }

  // --- key ------------------------------------------------------------------

  /** The key changed here or in another window. The window that changed it publishes the new state. */
  private async onKeyChanged(origin: string): Promise<void> {
    this.generation++;
    await this.keys.get();
    this.log.info(`API key changed (${origin}); key source now: ${this.keys.source}.`);
    this.history.reload();
    if (this.keys.source !== 'none' && this.poller.isPoller && !this.shared.snapshot) void this.refresh();
    this.fire();
  }

  /** Stores a key that was already checked; `snapshot` is what the check returned. */
  async storeKey(key: string, snapshot: CreditSnapshot): Promise<void> {
    this.generation++;
    await this.keys.store(key);
    this.shared = this.store.update(s => ({ ...s, keyGen: s.keyGen + 1, snapshot, error: undefined, attemptAt: Date.now(), thresholds: undefined }));
    this.history.clear(); // usage figures of another key would read as spend
    this.history.add(snapshot);
    this.fire();
    this.shared = this.alerts.evaluate(snapshot, this.current.derived?.spendLastHour, this.settings);
  }

  async clearKey(): Promise<void> {
    this.generation++;
    await this.keys.clear();
    this.shared = this.store.update(s => ({ ...s, keyGen: s.keyGen + 1, snapshot: undefined, error: undefined, thresholds: undefined, creditsForbidden: undefined }));
    this.history.clear();
    if (this.keys.source === 'env') void this.refresh();
    this.fire();
  }

  /** Checks a candidate key against /key (and /credits) without storing it. */
  checkKey(key: string): Promise<CreditSnapshot> {
    return this.baseUrlError ? Promise.reject(this.baseUrlError) : this.keys.check(key, this.settings.apiBaseUrl);
  }

  // --- polling --------------------------------------------------------------

  /** Manual refresh. The poller joins its scheduler's request; a follower fetches itself. */
  refresh(): Promise<CreditSnapshot | undefined> {
    const polled = this.poller.refresh();
    if (polled) return polled.then(() => this.shared.snapshot);
    this.manual ??= this.fetchOnce('manual').catch(() => undefined).finally(() => { this.manual = undefined; });
    return this.manual;
  }

  private async fetchOnce(reason: string): Promise<CreditSnapshot | undefined> {
    const gen = this.generation;
    const key = await this.keys.get();
    const client = this.client;
    if (!key || !client) {
      this.fire();
      throw key ? (this.baseUrlError ?? new CreditsError('insecureBaseUrl')) : new CreditsError('noKey', undefined, { retryable: false });
    }
    // The key may change in another window while this request is out.
    const startKeyGen = this.store.readState()?.keyGen ?? this.shared.keyGen;
    const current = () => gen === this.generation && !this.disposed;
    this.log.debug(`Refreshing (${reason}) from ${client.origin}.`);
    let snapshot: CreditSnapshot | undefined;
    let err: CreditsError | undefined;
    try {
      snapshot = await client.fetchSnapshot(key);
      // /key answered but /credits failed: the account balance we showed is still
      // the best we know. Keep it, marked stale, and retry like any failure.
      if (snapshot.accountStatus === 'error' && this.shared.snapshot?.account) err = new CreditsError('serviceError', 'OpenRouter did not return the account balance this time.');
    } catch (e) {
      err = isCreditsError(e) ? e : new CreditsError('network');
    }
    if (!current()) {
      this.log.debug('Discarding a result that a key or setting change made obsolete.');
      // A base URL change: refreshes that joined this request wait for the new origin.
      return !this.disposed && this.client && this.client !== client ? this.fetchOnce(reason) : this.shared.snapshot;
    }
    let prevKind: string | undefined;
    let written = false;
    this.shared = this.store.update(s => {
      if (s.keyGen !== startKeyGen) return undefined; // a newer key's state wins
      written = true;
      prevKind = s.error?.kind;
      const attempt = { ...s, attemptAt: Date.now(), creditsForbidden: client.creditsForbiddenState };
      return err ? { ...attempt, error: { kind: err.kind, message: err.message, status: err.status, at: Date.now() } } : { ...attempt, snapshot, error: undefined };
    });
    if (!written) {
      this.log.debug('Discarding a result for a key that another window replaced.');
      void this.onKeyChanged('another window');
      return this.shared.snapshot;
    }
    if (err) {
      // One incident, one notification, across windows: only a new kind of failure is news.
      if (prevKind !== err.kind) {
        this.log.warn(`Refresh failed: ${err.message}${err.status ? ` (HTTP ${err.status})` : ''}.`);
        this.notifier.incident(err.kind, errorMessage(vscode.l10n, err.kind, err.message, err.status));
      }
      this.fire();
      if (err.kind === 'outOfCredits' && this.shared.snapshot) this.shared = this.alerts.evaluate(this.shared.snapshot, this.current.derived?.spendLastHour, this.settings, true);
      throw err;
    }
    const good = snapshot!;
    this.history.add(good);
    if (prevKind) this.log.info('Refresh succeeded again; the balance is current.');
    this.log.info(`Balance: ${good.spendable === undefined ? 'unknown' : good.spendable.toFixed(4)} (${good.binding ?? 'no limit'}), account: ${good.accountStatus}.`);
    this.fire();
    this.shared = this.alerts.evaluate(good, this.current.derived?.spendLastHour, this.settings);
    return good;
  }

  private onSharedState(s: SharedState): void {
    const keyChanged = s.keyGen !== this.shared.keyGen;
    this.shared = s;
    if (this.client && s.creditsForbidden) this.client.creditsForbiddenState = s.creditsForbidden;
    this.history.reload();
    if (keyChanged) void this.onKeyChanged('another window');
    else this.fire();
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    for (const d of this.disposables) d.dispose();
  }
}
