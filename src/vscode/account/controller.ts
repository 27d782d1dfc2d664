// One account's controller (a window has one per account: accounts/slots.ts).
// Routes events between the account's key store, the window's poller, the
// account's shared state, its history and its alerts, and keeps its view model
// (core/view/view.ts), built once per change: a manual refresh's spinner is a
// patch of the last view. Whose figures it shows, and the follower's rules,
// are core's (core/accounts/keyMode.ts); the follower's own fetch ownFetch.ts.
// Each refresh logs its cost in this host (workMeter.ts).
import * as vscode from 'vscode';
import { historyKeyId, inStep, keyMode, keySourceShown, lastPollAt, type KeyMode } from '../../core/accounts/keyMode';
import { History } from '../../core/money/samples';
import type { Settings } from '../../core/settings';
import { workMeter } from './workMeter';
import { afterAttempt, checkedKeyState, EMPTY_STATE, forKey, type SharedState } from '../../core/refresh/sharedState';
import { keyId } from '../../core/identity';
import type { KeyLimitUpdate } from '../../core/openrouter/client';
import type { AccountBreakdown, AccountKey, CreditSnapshot, GenerationInfo, HistoryPoint } from '../../core/types';
import { buildView, type View, type ViewInput } from '../../core/view/view';
import type { Alerts } from '../ui/alerts';
import type { KeyStore } from '../accounts/keyStore';
import type { Notifier } from '../ui/notifier';
import type { Poller } from '../sync/poller';
import { OwnFetch } from './ownFetch';
import { Refresher } from './refresher';
import type { SharedStore } from '../sync/sharedStore';

export interface AccountDeps {
  settings: Settings;
  keys: KeyStore;
  /** The account's shared state and history. */
  store: SharedStore;
  alerts: Alerts;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  /** The window's one poller, shared by every account (AccountsController runs it). */
  poller: Poller;
  /** The last shared state this profile saw: shown until the shared file is read. */
  cached?: SharedState;
  /** The account's name in notifications (undefined: none, e.g. a single account). */
  accountName?: () => string | undefined;
  /** The stored account's id (Set API Key from its invalid-key notification). */
  accountId?: string;
  /** The root store: a refused base URL is told once, whatever the number of accounts. */
  root?: SharedStore;
  /** Builds the view model (core buildView(); the extension's tests count the builds). */
  build?: (input: ViewInput) => View;
}

export class CreditsController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<View>();
  readonly onDidChange = this.emitter.event;
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
  /** The shared keyGen when this window last read its key in step with the shared state (see keyMode()). */
  private keyGenSeen = 0;
  /** The shared keyGen whose key this window has applied (read its key, reloaded its history). */
  private appliedKeyGen = 0;
  /** A follower whose key is not the shared state's shows what it fetched itself. */
  private readonly own: OwnFetch;
  private settings: Settings;
  readonly keys: KeyStore;
  readonly store: SharedStore;
  readonly alerts: Alerts;
  private readonly log: vscode.LogOutputChannel;
  private readonly poller: Poller;
  private shared: SharedState;
  private readonly build: (input: ViewInput) => View;
  /** How many times this account built its view model (the extension's tests: one per change). */
  builds = 0;

  constructor(deps: AccountDeps) {
    const { keys, store, log } = deps;
    this.settings = deps.settings;
    this.keys = keys;
    this.store = store;
    this.alerts = deps.alerts;
    this.log = log;
    this.poller = deps.poller;
    this.shared = deps.cached ?? EMPTY_STATE;
    this.build = deps.build ?? (input => buildView(input, vscode.l10n));
    this.refresher = new Refresher({ store, keys, notifier: deps.notifier, log, accountName: deps.accountName, accountId: deps.accountId, refusals: deps.root ?? store });
    // A follower whose key is not the shared state's fetches for itself, without writing the shared state.
    this.own = new OwnFetch({
      refresher: this.refresher, keyGen: () => this.shared.keyGen, refreshIntervalSeconds: () => this.settings.refreshIntervalSeconds,
      applies: () => !this.disposed && this.started && !this.poller.isPoller && this.keyMode() === 'other', onChange: () => this.fire(),
    });
    // Each key has its own history; it is read from disk in start(), not during activation.
    this.history = new History({
      load: () => { const id = historyKeyId(this.keys, this.keyMode(), this.shared); return this.started && id ? store.loadHistory(id) : []; },
      save: points => { const id = historyKeyId(this.keys, this.keyMode(), this.shared); if (id) store.saveHistory(id, points); },
    });
    this.current = this.compute();
    this.disposables.push(this.emitter,
      this.poller.onDidChange(() => { this.fire(); if (this.poller.focused) this.claimAlerts(); }),
      store.onDidChangeState(s => this.onSharedState(s)),
      keys.onDidChange(() => void this.onKeyChanged('secrets')),
      // Another key than before (e.g. another OPENROUTER_API_KEY): its own history, and nothing of the old key's state.
      keys.onDidChangeId(() => { this.reloadHistory(); this.fire(); }),
    );
  }

  // --- what the window's poller asks of each account (AccountsController) ---

  /** When this account last polled (epoch ms; 0 = never or another key's state: poll at once). */
  lastPollAt(): number {
    return lastPollAt(this.keyMode(), this.shared, Date.now());
  }

  /** Whether this account has a key to poll with (undefined before SecretStorage answered: not yet). */
  get hasKey(): boolean { return this.keys.source !== undefined && this.keys.source !== 'none'; }

  /** The back-off in force in this account's shared state (see SharedState.retry). */
  retryState(): { at: number; failures: number } | undefined {
    return this.keyMode() === 'own' ? this.store.readState()?.retry : undefined;
  }

  recordRetry(retry: { at: number; failures: number } | undefined): void {
    if (JSON.stringify(this.store.readState()?.retry) === JSON.stringify(retry)) return;
    this.shared = this.store.update(s => ({ ...s, retry }));
  }

  /** One poll of this account (the poller's tick); throws a CreditsError when it failed. */
  pollOnce(): Promise<CreditSnapshot | undefined> {
    return this.fetchOnce('poll');
  }

  /**
   * Takes the figures another account just fetched as this account's: two
   * management keys of one OpenRouter account (sameAccountSiblings()) ask
   * OpenRouter once. The account figures and the breakdown are the other's;
   * the key's own facts stay this key's. History, warnings and budgets follow
   * as after a fetch of its own.
   */
  adopt(from: SharedState): void {
    const snap = from.snapshot;
    const own = this.shared.snapshot;
    const id = this.keys.id;
    if (this.disposed || !snap || !own?.key.isManagementKey || !snap.key.isManagementKey || !id || this.keyMode() !== 'own') return;
    if (own.fetchedAt >= snap.fetchedAt) return;
    const snapshot: CreditSnapshot = { ...snap, key: own.key, keyAt: own.keyAt ?? own.fetchedAt };
    this.shared = this.store.update(s => afterAttempt(s, { startKeyGen: s.keyGen, keyId: id, at: snap.fetchedAt, snapshot, breakdown: from.breakdown, creditsForbidden: s.creditsForbidden }) ?? undefined);
    this.history.add(snapshot);
    this.fire();
    this.evaluate(snapshot);
  }

  /** The shared state as this window last read it (whose figures, thresholds and retry). */
  get sharedState(): SharedState { return this.shared; }

  /** Whose the shared state is, for this window (core keyMode(): own, newer, other). */
  private keyMode(): KeyMode {
    return keyMode(this.keys, this.shared, this.keyGenSeen);
  }

  /** Re-reads the key; in step with the shared state when the ids agree (or the state is nobody's). */
  private async readKey(): Promise<void> {
    await this.keys.get();
    if (inStep(this.keys, this.shared)) this.keyGenSeen = this.shared.keyGen;
  }

  /** The history is this account's key's (historyKeyId()); the store loads synchronously, so this is done on return. */
  private reloadHistory(): void {
    void this.history.reload();
  }

  /** The alerts look at a new reading with the view built from it; their shared decision becomes this account's state. */
  private evaluate(snapshot: CreditSnapshot, opts: { force?: boolean; outOfCredits?: boolean } = {}): void {
    this.shared = this.alerts.evaluate(snapshot, this.current.derived?.spendLastHour, this.settings, { ...opts, periods: this.current.periods });
  }

  /** This window is focused: threshold alerts show here. */
  get windowFocused(): boolean { return this.poller.focused; }

  /** The view model, as of the last change. */
  get view(): View { return this.current; }

  /** The history samples the view was derived from (this key's), oldest first: what Export Usage writes. */
  get historyPoints(): readonly HistoryPoint[] { return this.history.points; }

  /** Looks up one generation with this window's key at the configured origin (Look Up Generation Cost). */
  async fetchGeneration(id: string): Promise<GenerationInfo> { await this.ready; return this.refresher.fetchGeneration(id); }

  /** Sets a key's limit with this account's management key (the host confirmed it first). */
  async setKeyLimit(keyRowId: string, update: KeyLimitUpdate): Promise<AccountKey> { await this.ready; return this.refresher.updateKeyLimit(keyRowId, update); }

  /** The user changed a workspace, budget, guardrail or assignment: the next refresh reads the org's structure again. */
  markOrgDirty(): void { this.refresher.markOrgDirty(); }

  /** Disposes `d` (an account's own store) with this controller. */
  disposeWith(d: vscode.Disposable): void { this.disposables.push(d); }

  /** Reads the shared state, the history and the key, then polls or follows. Activation does not wait for it. */
  async start(): Promise<void> {
    try {
      this.store.start();
      this.shared = this.store.readState() ?? this.shared;
      this.started = true;
      this.shared = this.refresher.configure(this.settings.apiBaseUrl, this.shared);
      this.fire(); // the shared file's state, while SecretStorage answers
      await this.keys.get();
      this.keyGenSeen = this.shared.keyGen; // what this window's key is, as of now
      this.appliedKeyGen = this.shared.keyGen;
      if (this.disposed) return;
      this.reloadHistory();
      if (this.keyMode() === 'other') this.log.info('The shared state belongs to another key; it is not shown as this key\'s.');
      this.fire();
      this.own.start();
    } finally {
      this.markReady();
    }
  }

  private compute(): View {
    const mode = this.keyMode();
    const state: { snapshot?: CreditSnapshot; error?: { kind: string; message: string; status?: number }; breakdown?: AccountBreakdown } = mode === 'other' ? this.own.state ?? {} : this.shared;
    this.builds++;
    return this.build({
      snapshot: state.snapshot,
      breakdown: state.breakdown,
      error: this.refresher.baseUrlError ?? state.error,
      keySource: keySourceShown(this.keys, this.shared),
      points: this.history.points,
      settings: this.settings,
      focused: this.poller.anyFocused,
      isPoller: this.poller.isPoller,
      refreshing: this.asked > 0,
      now: Date.now(),
    });
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
    this.fire();
    const thresholdsChanged = (['lowCreditThreshold', 'usageWarningPercent', 'spendAlertPerHour', 'dailyBudget', 'weeklyBudget', 'monthlyBudget', 'budgetWarningPercent', 'dailyReport'] as const).some(k => prev[k] !== next[k]);
    // Every window sees the settings change; the shared decision records the crossing once.
    if (thresholdsChanged && this.shared.snapshot && this.keyMode() !== 'other') this.evaluate(this.shared.snapshot, { force: true });
  }

  /** The key changed here or in another window. The window that changed it publishes the new state. */
  private async onKeyChanged(origin: string): Promise<void> {
    this.refresher.invalidate();
    await this.readKey();
    this.appliedKeyGen = this.shared.keyGen;
    this.log.info(`API key changed (${origin}); key source now: ${this.keys.source}.`);
    this.reloadHistory();
    if (this.keys.source !== 'none' && this.poller.isPoller && !this.shared.snapshot) void this.refresh();
    this.fire();
  }

  /** Stores a key that was already checked; `snapshot` is what the check returned. */
  async storeKey(key: string, snapshot: CreditSnapshot): Promise<void> {
    await this.ready;
    this.refresher.invalidate();
    await this.keys.store(key);
    // What the check learned carries over: a /credits 403 is not asked again at the first poll.
    const forbidden = snapshot.accountStatus === 'forbidden' && !snapshot.key.isManagementKey ? { fingerprint: keyId(this.keys.salt(), key), at: Date.now() } : undefined;
    this.shared = this.store.update(s => ({ ...checkedKeyState(s, this.keys.id, snapshot, Date.now()), keyGen: s.keyGen + 1, creditsForbidden: forbidden ?? s.creditsForbidden }));
    this.appliedKeyGen = this.shared.keyGen;
    this.refresher.creditsForbidden = this.shared.creditsForbidden;
    this.keyGenSeen = this.shared.keyGen;
    this.reloadHistory(); // this key's own history: another key's usage would read as spend
    this.history.add(snapshot);
    this.fire();
    this.evaluate(snapshot, { force: true });
    // A management key's account breakdown (its keys, its activity) is asked at once, not at the next poll.
    if (snapshot.key.isManagementKey) void this.refresh();
  }

  async clearKey(): Promise<void> {
    await this.ready;
    this.refresher.invalidate();
    this.history.clear(); // the key's history goes with it
    await this.keys.clear();
    this.shared = this.store.update(s => ({ ...forKey(s, undefined), keyGen: s.keyGen + 1, creditsForbidden: undefined }));
    this.appliedKeyGen = this.shared.keyGen;
    this.keyGenSeen = this.shared.keyGen;
    this.reloadHistory();
    if (this.keys.source === 'env') void this.refresh();
    this.fire();
  }

  /** Checks a candidate key against /key (and /credits) without storing it. */
  async checkKey(key: string): Promise<CreditSnapshot> {
    await this.ready;
    return this.refresher.baseUrlError ? Promise.reject(this.refresher.baseUrlError) : this.keys.check(key, this.settings.apiBaseUrl);
  }

  /**
   * Manual refresh. The poller joins its scheduler's request; a follower
   * fetches itself. The spinner going on and off is no new data: the last
   * view is patched (buildView()'s rule: no spinner without a key), and the
   * view model is built once, for the refresh's answer.
   */
  async refresh(): Promise<CreditSnapshot | undefined> {
    await this.ready;
    this.asked++;
    this.showRefreshing();
    const out = this.poller.refresh()?.then(() => this.shared.snapshot)
      ?? (this.manual ??= this.fetchOnce('manual').catch(() => undefined).finally(() => { this.manual = undefined; }));
    return out.finally(() => { this.asked--; this.showRefreshing(); });
  }

  private showRefreshing(): void {
    if (this.disposed) return;
    const refreshing = this.asked > 0 && keySourceShown(this.keys, this.shared) !== 'none';
    if (refreshing === this.current.refreshing) return;
    this.current = { ...this.current, refreshing };
    this.emitter.fire(this.current);
  }

  private async fetchOnce(reason: string): Promise<CreditSnapshot | undefined> {
    if (this.keyMode() === 'other' && !this.poller.isPoller) {
      // The shared state is another key's: refresh this window's own figures without taking it over.
      await this.own.fetch();
      return this.own.state?.snapshot;
    }
    if (this.keyMode() === 'newer') {
      // Another window set a newer key that this window's SecretStorage has not told it yet: do not poll with the old one.
      await this.readKey();
      if (this.keyMode() === 'newer') {
        this.log.debug('Not refreshing with this window\'s older key; another window set a newer one.');
        return this.shared.snapshot;
      }
    }
    const meter = workMeter();
    const o = await this.refresher.fetch(reason, this.shared.keyGen);
    if (this.disposed) return undefined;
    if (o.kind === 'obsolete') return o.retry ? this.fetchOnce(reason) : this.shared.snapshot; // a new origin: ask it
    if (o.shared) this.shared = o.shared;
    if (o.kind === 'replaced') return this.onKeyChanged('another window').then(() => this.shared.snapshot);
    if (o.kind === 'failed') {
      // /key answered but /credits did not: the key's new figures still count (history, warnings).
      if (o.snapshot) this.history.add(o.snapshot);
      this.fire();
      if (o.snapshot && o.error.kind !== 'outOfCredits') this.evaluate(o.snapshot);
      if (o.error.kind === 'outOfCredits' && this.shared.snapshot) this.evaluate(this.shared.snapshot, { outOfCredits: true });
      throw o.error;
    }
    const s = o.snapshot;
    this.history.add(s);
    this.fire();
    this.evaluate(s);
    this.log.info(`Balance: ${s.spendable === undefined ? 'unknown' : s.spendable.toFixed(4)} (${s.binding ?? 'no limit'}), account: ${s.accountStatus} (refresh ${meter()}).`);
    return s;
  }

  private onSharedState(s: SharedState): void {
    // Compared with the generation this window applied: its own writes may have carried another window's key change along.
    const keyChanged = s.keyGen !== this.appliedKeyGen;
    this.appliedKeyGen = s.keyGen;
    this.shared = s;
    this.refresher.creditsForbidden = s.creditsForbidden;
    this.reloadHistory();
    if (keyChanged) void this.onKeyChanged('another window');
    else this.fire();
    this.own.tick();
    if (this.keyMode() === 'other') return;
    // A reading no window evaluated yet is evaluated here; alerts queued for a focused window are taken.
    if (s.snapshot) this.evaluate(s.snapshot);
    else this.claimAlerts();
  }

  private claimAlerts(): void {
    // A window whose key is not the shared state's neither takes nor shows that key's warnings.
    if (!this.started || this.disposed || this.keyMode() === 'other') return;
    this.shared = this.alerts.claim() ?? this.shared;
  }

  dispose(): void {
    this.disposed = true;
    this.own.dispose();
    this.refresher.invalidate();
    for (const d of this.disposables) d.dispose();
    // The poller is the window's, not this account's: AccountsController disposes it.
  }
}
