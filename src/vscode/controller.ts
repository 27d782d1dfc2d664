// Orchestrates one window: key, client, scheduler (when this window holds the
// poller lease), shared state, history, thresholds and notifications. Every
// view (status bar, details panel, public API) reads `view`.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { OpenRouterClient, validateBaseUrl } from '../core/client';
import { CreditsError, isCreditsError } from '../core/errors';
import { History, derive } from '../core/history';
import { LEASE_RENEW_MS } from '../core/lease';
import { RefreshScheduler } from '../core/scheduler';
import type { Settings } from '../core/settings';
import { ThresholdEngine, thresholdInputFromSnapshot } from '../core/thresholds';
import type { CreditSnapshot, DerivedUsage } from '../core/types';
import type { ItemStatus } from '../core/presentation';
import { errorMessage } from './messages';
import type { KeyStore } from './keyStore';
import type { Notifier } from './notifier';
import type { SharedState, SharedStore } from './sharedStore';

export interface ViewModel {
  status: ItemStatus;
  snapshot?: CreditSnapshot;
  derived?: DerivedUsage;
  error?: { kind: string; message: string; status?: number };
  stale: boolean;
  keySource: 'secret' | 'env' | 'none';
  settings: Settings;
  /** This window polls for all windows. */
  isPoller: boolean;
}

const UNFOCUSED_SLOWDOWN = 4;

export class CreditsController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ViewModel>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private scheduler?: RefreshScheduler<CreditSnapshot | undefined>;
  private client?: OpenRouterClient;
  private clientBase?: string;
  private shared: SharedState;
  private keySource: 'secret' | 'env' | 'none' = 'none';
  private keyKnown = false;
  private history: History;
  private leaseTimer?: ReturnType<typeof setInterval>;
  private isPoller = false;
  private focused: boolean;
  private generation = 0;
  private disposed = false;
  private manual?: Promise<CreditSnapshot | undefined>;
  private baseUrlError?: CreditsError;

  constructor(
    private settings: Settings,
    private readonly keys: KeyStore,
    private readonly store: SharedStore,
    private readonly notifier: Notifier,
    private readonly log: vscode.LogOutputChannel,
    private readonly userAgent: string,
  ) {
    this.shared = store.readState() ?? { v: 1, keyGen: 0, updatedAt: 0 };
    this.history = new History({ load: () => store.loadHistory(), save: points => store.saveHistory(points) });
    this.focused = vscode.window.state.focused;
    store.writeFocus(this.focused);
    this.disposables.push(
      store.onDidChangeState(s => this.onSharedState(s)),
      store.onDidChangeFocus(() => this.onFocus(this.focused)),
      keys.onDidChange(() => void this.onKeyChanged('secrets')),
      vscode.window.onDidChangeWindowState(e => {
        if (e.focused !== this.focused) {
          this.focused = e.focused;
          store.writeFocus(e.focused);
          this.onFocus(e.focused);
        }
      }),
    );
  }

  /** Shows the cached state at once, then starts polling (or following). */
  async start(): Promise<void> {
    await this.readKeySource();
    this.configureClient();
    this.fire();
    if (this.shared.snapshot) this.log.info(`Showing the cached snapshot from ${new Date(this.shared.snapshot.fetchedAt).toISOString()}.`);
    this.leaseTick();
    this.leaseTimer = setInterval(() => this.leaseTick(), LEASE_RENEW_MS);
  }

  get view(): ViewModel {
    const s = this.shared;
    let status: ItemStatus;
    const err = this.baseUrlError ?? s.error;
    if (this.keySource === 'none') status = 'noKey';
    else if (err?.kind === 'invalidKey') status = 'invalidKey';
    else if (err) status = 'error';
    else if (s.snapshot) status = 'ok';
    else status = 'loading';
    if (!this.keyKnown) status = 'loading';
    const snapshot = status === 'noKey' ? undefined : s.snapshot;
    const intervalMs = this.settings.refreshIntervalSeconds * 1000;
    const old = snapshot ? Date.now() - snapshot.fetchedAt > 2 * intervalMs * (this.focused ? 1 : UNFOCUSED_SLOWDOWN) : false;
    const errStatus = (err as { status?: number } | undefined)?.status;
    const error = err && status !== 'noKey' ? { kind: err.kind, message: errorMessage(err.kind, err.message, errStatus), status: errStatus } : undefined;
    return {
      status,
      snapshot,
      derived: snapshot ? derive(snapshot, this.history.points, Date.now()) : undefined,
      error,
      stale: !!snapshot && (!!error || old),
      keySource: this.keySource,
      settings: this.settings,
      isPoller: this.isPoller,
    };
  }

  private fire(): void {
    if (!this.disposed) this.emitter.fire(this.view);
  }

  // --- settings -----------------------------------------------------------

  updateSettings(next: Settings): void {
    const prev = this.settings;
    this.settings = next;
    if (prev.apiBaseUrl !== next.apiBaseUrl) {
      this.generation++; // a request in flight to the old origin is void
      this.configureClient();
      if (this.isPoller && !this.baseUrlError) void this.refresh();
    }
    if (prev.refreshIntervalSeconds !== next.refreshIntervalSeconds) this.scheduler?.setIntervalMs(next.refreshIntervalSeconds * 1000);
    if (prev.lowCreditThreshold !== next.lowCreditThreshold || prev.usageWarningPercent !== next.usageWarningPercent || prev.spendAlertPerHour !== next.spendAlertPerHour) {
      if (this.isPoller && this.shared.snapshot) this.evaluateThresholds(this.shared.snapshot);
    }
    this.fire();
  }

  private configureClient(): void {
    this.baseUrlError = undefined;
    try {
      validateBaseUrl(this.settings.apiBaseUrl);
      if (this.shared.refusedBaseUrl) this.shared = this.store.update(s => (s.refusedBaseUrl ? { ...s, refusedBaseUrl: undefined } : undefined));
      if (this.clientBase !== this.settings.apiBaseUrl || !this.client) {
        this.client = new OpenRouterClient({ baseUrl: this.settings.apiBaseUrl, userAgent: this.userAgent });
        this.clientBase = this.settings.apiBaseUrl;
        if (this.shared.creditsForbidden) this.client.creditsForbiddenState = this.shared.creditsForbidden as never;
      }
    } catch (e) {
      this.client = undefined;
      this.clientBase = undefined;
      this.baseUrlError = isCreditsError(e) ? e : new CreditsError('insecureBaseUrl');
      this.log.error(`Refusing the API base URL setting: ${this.baseUrlError.message}`);
      // Tell the user once per refused value, in one window.
      const url = this.settings.apiBaseUrl;
      let isNew = false;
      this.shared = this.store.update(s => {
        if (s.refusedBaseUrl === url) return undefined;
        isNew = true;
        return { ...s, refusedBaseUrl: url };
      });
      if (isNew) void this.notifier.baseUrlRefused(errorMessage('insecureBaseUrl', this.baseUrlError.message));
    }
  }

  // --- key ------------------------------------------------------------------

  private async readKeySource(): Promise<string | undefined> {
    const { key, source } = await this.keys.get();
    this.keySource = source;
    this.keyKnown = true;
    return key;
  }

  /** The key changed here or in another window. The window that changed it publishes the new state. */
  private async onKeyChanged(origin: string): Promise<void> {
    this.generation++;
    await this.readKeySource();
    this.log.info(`API key changed (${origin}); key source now: ${this.keySource}.`);
    this.history.reload();
    if (this.keySource !== 'none' && this.isPoller && !this.shared.snapshot) void this.refresh();
    this.fire();
  }

  /** Stores a key that was already checked; `snapshot` is what the check returned. */
  async storeKey(key: string, snapshot: CreditSnapshot): Promise<void> {
    this.generation++;
    await this.keys.store(key);
    this.shared = this.store.update(s => ({ ...s, keyGen: s.keyGen + 1, snapshot, error: undefined, attemptAt: Date.now(), thresholds: undefined }));
    this.keySource = 'secret';
    this.history.clear(); // usage figures of another key would read as spend
    this.history.add(snapshot);
    this.evaluateThresholds(snapshot);
    this.fire();
  }

  async clearKey(): Promise<void> {
    this.generation++;
    await this.keys.clear();
    this.shared = this.store.update(s => ({ ...s, keyGen: s.keyGen + 1, snapshot: undefined, error: undefined, thresholds: undefined, creditsForbidden: undefined }));
    this.history.clear();
    await this.readKeySource();
    if (this.keySource === 'env') void this.refresh();
    this.fire();
  }

  /** Checks a candidate key against /key (and /credits) without storing it. */
  async checkKey(key: string): Promise<CreditSnapshot> {
    if (this.baseUrlError) throw this.baseUrlError;
    const client = new OpenRouterClient({ baseUrl: this.settings.apiBaseUrl, userAgent: this.userAgent });
    return client.fetchSnapshot(key);
  }

  // --- polling --------------------------------------------------------------

  private leaseTick(): void {
    if (this.disposed) return;
    const holds = this.store.tryLease();
    if (holds && !this.isPoller) {
      this.isPoller = true;
      this.log.info('This window now polls OpenRouter for all windows.');
      this.startScheduler();
    } else if (!holds && this.isPoller) {
      this.isPoller = false;
      this.log.info('Another window polls OpenRouter now; following it.');
      this.scheduler?.dispose();
      this.scheduler = undefined;
    }
  }

  private startScheduler(): void {
    const intervalMs = this.settings.refreshIntervalSeconds * 1000;
    this.scheduler = new RefreshScheduler<CreditSnapshot | undefined>({
      intervalMs,
      task: () => this.fetchOnce('poll'),
      onError: (e, nextDelayMs, attempt) => {
        const kind = isCreditsError(e) ? e.kind : 'error';
        if (kind !== 'noKey') this.log.warn(`Refresh failed (${kind}, attempt ${attempt}); next try in ${Math.round(nextDelayMs / 1000)} s.`);
      },
    });
    this.scheduler.setSlowFactor(this.focused ? 1 : UNFOCUSED_SLOWDOWN);
    // Take over where the previous poller left off: the next poll is due one interval after the last.
    const last = this.shared.snapshot ? Math.max(this.shared.attemptAt ?? 0, this.shared.snapshot.fetchedAt) : 0;
    this.scheduler.start(Math.max(0, last + intervalMs - Date.now()));
  }

  private onFocus(focused: boolean): void {
    const anyFocused = focused || this.store.anyWindowFocused();
    this.scheduler?.setSlowFactor(anyFocused ? 1 : UNFOCUSED_SLOWDOWN);
    if (anyFocused && this.scheduler) void this.scheduler.refreshIfStale(this.settings.refreshIntervalSeconds * 1000);
    this.fire();
  }

  /** Manual refresh. The poller joins its scheduler's request; a follower fetches itself. */
  refresh(): Promise<CreditSnapshot | undefined> {
    if (this.scheduler) return this.scheduler.refresh().then(() => this.shared.snapshot);
    if (!this.manual) {
      this.manual = this.fetchOnce('manual').catch(() => undefined).finally(() => { this.manual = undefined; });
    }
    return this.manual;
  }

  private async fetchOnce(reason: string): Promise<CreditSnapshot | undefined> {
    const gen = this.generation;
    const key = await this.readKeySource();
    if (!key) {
      this.fire();
      throw new CreditsError('noKey', undefined, { retryable: false });
    }
    if (this.baseUrlError || !this.client) {
      this.fire();
      throw this.baseUrlError ?? new CreditsError('insecureBaseUrl');
    }
    const client = this.client;
    // The key may change in another window while this request is out.
    const startKeyGen = this.store.readState()?.keyGen ?? this.shared.keyGen;
    this.log.debug(`Refreshing (${reason}) from ${new URL(this.settings.apiBaseUrl).origin}.`);
    try {
      const snapshot = await client.fetchSnapshot(key);
      const prev = this.shared.snapshot;
      if (snapshot.accountStatus === 'error' && prev?.account && gen === this.generation) {
        // /key answered but /credits failed: the account balance we showed is still
        // the best we know. Keep it, marked stale, and retry like any failure.
        throw new CreditsError('serviceError', 'OpenRouter did not return the account balance this time.');
      }
      if (gen !== this.generation || this.disposed) {
        this.log.debug('Discarding a result that a key or setting change made obsolete.');
        return this.obsolete(client, reason);
      }
      const prevError = this.shared.error;
      let written = false;
      this.shared = this.store.update(s => {
        if (s.keyGen !== startKeyGen) return undefined; // a newer key's state wins
        written = true;
        return { ...s, snapshot, error: undefined, attemptAt: Date.now(), creditsForbidden: client.creditsForbiddenState };
      });
      if (!written) {
        this.log.debug('Discarding a result for a key that another window replaced.');
        void this.onKeyChanged('another window');
        return this.shared.snapshot;
      }
      this.history.add(snapshot);
      if (prevError) this.log.info('Refresh succeeded again; the balance is current.');
      this.log.info(`Balance: ${snapshot.spendable === undefined ? 'unknown' : snapshot.spendable.toFixed(4)} (${snapshot.binding ?? 'no limit'}), account: ${snapshot.accountStatus}.`);
      this.evaluateThresholds(snapshot);
      this.fire();
      return snapshot;
    } catch (e) {
      if (gen !== this.generation || this.disposed) return this.obsolete(client, reason);
      const err = isCreditsError(e) ? e : new CreditsError('network');
      let prevKind: string | undefined;
      let written = false;
      this.shared = this.store.update(s => {
        if (s.keyGen !== startKeyGen) return undefined;
        written = true;
        prevKind = s.error?.kind;
        return { ...s, error: { kind: err.kind, message: err.message, status: err.status, at: Date.now() }, attemptAt: Date.now() };
      });
      if (!written) return this.shared.snapshot;
      // One incident, one notification, across windows: only a new kind of failure is news.
      if (prevKind !== err.kind) {
        this.log.warn(`Refresh failed: ${err.message}${err.status ? ` (HTTP ${err.status})` : ''}.`);
        this.notifier.incident(err.kind, errorMessage(err.kind, err.message, err.status));
      }
      if (err.kind === 'outOfCredits' && this.shared.snapshot) this.evaluateThresholds(this.shared.snapshot, true);
      this.fire();
      throw err;
    }
  }

  /**
   * The answer of a request that a key or setting change made obsolete. When
   * the API base URL changed meanwhile, refreshes that joined this request
   * wait for the configured origin instead (else it would only be asked at
   * the next poll); otherwise what is shown stays.
   */
  private obsolete(client: OpenRouterClient, reason: string): Promise<CreditSnapshot | undefined> | CreditSnapshot | undefined {
    if (!this.disposed && this.client && this.client !== client) return this.fetchOnce(reason);
    return this.shared.snapshot;
  }

  private evaluateThresholds(snapshot: CreditSnapshot, outOfCredits = false): void {
    const engine = new ThresholdEngine(this.shared.thresholds as never);
    const derived = derive(snapshot, this.history.points, Date.now());
    const alerts = engine.evaluate(
      thresholdInputFromSnapshot(snapshot, derived.spendLastHour, outOfCredits),
      { lowCreditUsd: this.settings.lowCreditThreshold, usagePercent: this.settings.usageWarningPercent, spendPerHourUsd: this.settings.spendAlertPerHour },
      Date.now(),
    );
    this.shared = this.store.update(s => ({ ...s, thresholds: engine.toJSON() }));
    for (const a of alerts) {
      this.log.info(`Threshold crossed: ${a.kind} (${a.value.toFixed(2)} vs ${a.threshold}).`);
      void this.notifier.alert(a, snapshot, (kind, until) => {
        const e = new ThresholdEngine(this.store.readState()?.thresholds as never);
        if (until === Infinity) e.suppressForever(kind); else e.snooze(kind, until);
        this.shared = this.store.update(s => ({ ...s, thresholds: e.toJSON() }));
      });
    }
  }

  private onSharedState(s: SharedState): void {
    const keyChanged = s.keyGen !== this.shared.keyGen;
    this.shared = s;
    if (this.client && s.creditsForbidden) this.client.creditsForbiddenState = s.creditsForbidden as never;
    this.history.reload();
    if (keyChanged) void this.onKeyChanged('another window');
    else this.fire();
  }

  /** A window id that is not derived from anything secret. */
  static newWindowId(): string {
    return crypto.randomBytes(8).toString('hex');
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.scheduler?.dispose();
    this.store.releaseLease();
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}
