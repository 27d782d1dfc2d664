// Several accounts in one window (issue 12). Each account (a stored key with
// a name, or the OPENROUTER_API_KEY fallback when nothing is stored) has its
// own CreditsController: its key, its shared state and history in its own
// folder (accounts/<id>/), its thresholds, snoozes and warnings. The window has
// one poller: the window that holds the lease refreshes every account on its
// interval, each by the rules of its kind, and an account that fails waits
// (accountRetryDelay) while the others go on.
//
// Which account the window shows is pickAccount(): the workspace's
// `openrouterCredits.account` names one by name (it can never supply a key nor
// change where a key goes), else the active account. This class is what the
// surfaces, the commands and the public API talk to: it has the single
// controller's face (view, onDidChange, refresh, checkKey, storeKey, clearKey)
// and routes to the shown account.
//
// Its parts: slots.ts (one slot per account, and the poller's tick over
// them), keyChanges.ts (Set, Add, Remove API Key), migration.ts (the single
// key becomes an account), storage.ts (the one owner of the secrets and the
// account folders). The policy is core's: core/accounts (fleet, rows, key
// modes, storage layout).
import * as vscode from 'vscode';
import {
  accountKindOf, checkAccountName, ENV_ACCOUNT_ID, pickAccount, renameAccount, withKeyFacts,
  type Account, type AccountListState, type AccountPick, type NameProblem,
} from '../../core/accounts/accounts';
import { accountsView, shownAccountId } from '../../core/accounts/rows';
import { CreditsError } from '../../core/openrouter/errors';
import type { Settings } from '../../core/settings';
import type { SharedState } from '../../core/refresh/sharedState';
import type { AccountKey, CreditSnapshot, GenerationInfo, HistoryPoint } from '../../core/types';
import type { KeyLimitUpdate } from '../../core/openrouter/client';
import { intervalMs } from '../../core/refresh/interval';
import { buildView, type View } from '../../core/view/view';
import { AccountList } from '../sync/accountList';
import type { Alerts } from '../ui/alerts';
import { clientFactory, type ClientFactory } from '../account/clients';
import type { CreditsController } from '../account/controller';
import type { KeyStore } from './keyStore';
import { addKey, removeKey, setKey, type AddOutcome, type KeyChangeHost } from './keyChanges';
import { migrate } from './migration';
import type { Notifier } from '../ui/notifier';
import { Poller } from '../sync/poller';
import type { SharedStore } from '../sync/sharedStore';
import { Slots } from './slots';
import { AccountStorage } from './storage';

export interface AccountsDeps {
  settings: Settings;
  secrets: vscode.SecretStorage;
  root: SharedStore;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  /** Clients of the configured origin (the container's one factory); else made here with `userAgent` (the extension's tests). */
  clients?: ClientFactory;
  userAgent?: string;
  /** The workspace's `openrouterCredits.account` (window scope), read when asked. */
  workspaceAccount: () => unknown;
  /** The fallback account's name ("OPENROUTER_API_KEY"). */
  envName: string;
  /** The last state this profile saw (start-up cache) and whose it was, shown until the accounts are read. */
  cached?: SharedState & { accountId?: string };
  /** An account was removed: forget what this profile cached of it. */
  onRemoved?: (id: string) => void;
}

export type { AddOutcome };

export class AccountsController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<View>();
  readonly onDidChange = this.emitter.event;
  readonly poller: Poller;
  readonly list: AccountList;
  private state: AccountListState = { accounts: [] };
  private readonly storage: AccountStorage;
  private readonly slots: Slots;
  private readonly changes: KeyChangeHost;
  private pick: AccountPick = { kind: 'none' };
  private current: View;
  private settings: Settings;
  private started = false;
  /** fire() is recomputing every account: one recompute at the end. */
  private batching = false;
  private disposed = false;
  private markReady!: () => void;
  /** Settles when start() has read the accounts and their keys: commands and the API wait for it. */
  readonly ready = new Promise<void>(resolve => (this.markReady = resolve));
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: AccountsDeps) {
    this.settings = deps.settings;
    this.list = new AccountList(deps.root.dir, deps.log);
    this.storage = new AccountStorage({ secrets: deps.secrets, root: deps.root, log: deps.log });
    this.poller = this.createPoller();
    this.slots = new Slots({
      storage: this.storage, clients: deps.clients ?? clientFactory(deps.userAgent ?? ''), notifier: deps.notifier, log: deps.log, poller: this.poller,
      settings: () => this.settings, accounts: () => this.state.accounts, nameOf: id => this.nameOf(id), cached: deps.cached,
      onView: (id, v) => this.onSlotView(id, v), onSynced: () => this.recompute(),
    });
    this.changes = {
      storage: this.storage, slots: this.slots, log: deps.log, onRemoved: deps.onRemoved,
      list: () => this.state, pick: () => this.pick, updateList: fn => this.updateList(fn),
      switchTo: id => this.switchTo(id), resync: seed => this.slots.sync(seed).then(() => this.repick()),
    };
    // A workspace that names an account shows nothing of the cache (whichever account it was of) until the list is read.
    const pin = deps.workspaceAccount();
    const cached = typeof pin === 'string' && pin.trim() ? undefined : deps.cached;
    this.current = buildView({ snapshot: cached?.snapshot, error: cached?.error, points: [], settings: this.settings, focused: this.poller.anyFocused, isPoller: false, now: Date.now() }, vscode.l10n);
    this.disposables.push(this.poller, this.emitter, this.list,
      this.list.onDidChange(s => this.onList(s, 'another window')),
    );
  }

  private createPoller(): Poller {
    const keyed = () => this.slots.keyed();
    return new Poller({
      store: this.deps.root,
      log: this.deps.log,
      intervalMs: intervalMs(this.deps.settings.refreshIntervalSeconds),
      lastPollAt: () => (keyed().length ? Math.min(...keyed().map(s => s.controller.lastPollAt())) : Date.now()),
      task: () => this.slots.pollDue(this.shownId()),
      // A window without any key leaves polling to one that has one.
      canPoll: () => keyed().length > 0,
      retry: () => keyed().map(s => s.controller.retryState()).filter(r => r !== undefined).sort((a, b) => b!.at - a!.at)[0],
      recordRetry: retry => { for (const s of keyed()) s.controller.recordRetry(retry); },
    });
  }

  // --- the single controller's face, for the shown account ---

  /** The view of the account this window shows, with the list of accounts. */
  get view(): View { return this.current; }

  /** The shown account's controller (undefined: the workspace names an unknown account, or before start). */
  get shown(): CreditsController | undefined {
    const id = this.shownId();
    return id === undefined ? undefined : this.slots.get(id)?.controller;
  }

  /** The shown account's key store (Export Usage scrubs the key). */
  get keys(): KeyStore | undefined { return this.shown?.keys; }

  /** The shown account's history (Export Usage). */
  get historyPoints(): readonly HistoryPoint[] { return this.shown?.historyPoints ?? []; }

  /** The shown account's shared store and alerts (the extension's own tests). */
  get store(): SharedStore { return this.shown?.store ?? this.deps.root; }
  get alerts(): Alerts | undefined { return this.shown?.alerts; }

  get windowFocused(): boolean { return this.poller.focused; }
  setWindowFocused(focused: boolean): void { this.poller.setFocused(focused); }

  /** Every account, in the order added (none: the fallback account alone). */
  get accounts(): readonly Account[] { return this.state.accounts; }
  get activeId(): string | undefined { return this.state.activeId; }
  /** How the window picked its account (pinned, active, unknownAccount, none). */
  get picked(): AccountPick { return this.pick; }

  async start(): Promise<void> {
    try {
      this.deps.root.start();
      this.list.start();
      await migrate({ storage: this.storage, root: this.deps.root, list: this.list, log: this.deps.log });
      this.state = this.list.read();
      this.started = true;
      this.repick();
      await this.slots.sync();
      this.slots.markStarted();
      this.repick();
      this.poller.start();
      // A follower refreshes the accounts nobody polls (Slots.pollOrphans()).
      this.slots.watchOrphans(() => !this.disposed && this.started && !this.poller.isPoller);
    } finally {
      this.markReady();
    }
  }

  /** Refreshes now: the window's poller refreshes every account; a follower refreshes the one it shows. */
  async refresh(): Promise<CreditSnapshot | undefined> {
    await this.ready;
    const shown = this.shown;
    // Asked for: the shown account's own back-off (others going on) does not hold it back.
    const slot = this.slots.get(this.shownId() ?? '');
    if (slot) slot.nextAt = undefined;
    if (shown) return shown.refresh();
    await this.poller.refresh();
    return undefined;
  }

  /** Checks a candidate key against /key (and /credits) without storing it. */
  async checkKey(key: string): Promise<CreditSnapshot> {
    await this.ready;
    const any = this.shown ?? this.slots.values()[0]?.controller;
    if (!any) throw new CreditsError('noKey', undefined, { retryable: false });
    return any.checkKey(key);
  }

  async fetchGeneration(id: string): Promise<GenerationInfo> {
    await this.ready;
    const shown = this.shown;
    if (!shown) throw new CreditsError('noKey', undefined, { retryable: false });
    return shown.fetchGeneration(id);
  }

  /** Set API Key (keyChanges.ts setKey()): the shown account's key is replaced, or the key becomes the first account. */
  async storeKey(key: string, snapshot: CreditSnapshot, accountId?: string): Promise<Account> {
    await this.ready;
    return setKey(this.changes, key, snapshot, accountId);
  }

  /** Add API Key (keyChanges.ts addKey()): a new account with this (checked) key and name, made active. */
  async addKey(key: string, snapshot: CreditSnapshot, name: string): Promise<AddOutcome> {
    await this.ready;
    return addKey(this.changes, key, snapshot, name);
  }

  /** Makes an account the active one, in every window without a workspace pin. */
  async switchTo(id: string): Promise<boolean> {
    await this.ready;
    const account = this.state.accounts.find(a => a.id === id);
    if (!account) return false;
    this.updateList(cur => (cur.accounts.some(a => a.id === id) && cur.activeId !== id ? { ...cur, activeId: id } : undefined));
    this.repick();
    this.deps.log.info(`Active account: "${account.name}".`);
    // Its figures may be old (a follower does not poll it): ask once when so.
    if (!this.shown?.view.snapshot || this.shown.view.stale) void this.shown?.refresh().catch(() => undefined);
    return true;
  }

  async rename(id: string, name: string): Promise<{ ok: true; account: Account } | { ok: false; reason: NameProblem | 'notFound' }> {
    await this.ready;
    let out: { ok: true; account: Account } | { ok: false; reason: NameProblem | 'notFound' } = { ok: false, reason: 'notFound' };
    this.updateList(cur => {
      const r = renameAccount(cur.accounts, id, name);
      out = r.ok ? { ok: true, account: r.account } : { ok: false, reason: r.reason };
      return r.ok ? { ...cur, accounts: r.accounts } : undefined;
    });
    if (out.ok) {
      this.deps.log.info('An account was renamed.');
      this.repick(); // a workspace may name it by its new name (or no longer by its old one)
    }
    return out;
  }

  /** Which problem a typed name has (the input box's validation). */
  nameProblem(name: string, exceptId?: string): NameProblem | undefined {
    return checkAccountName(this.state.accounts, name, exceptId);
  }

  /** Remove API Key (keyChanges.ts removeKey()): the account's secret, its folder and the cached snapshot. */
  async remove(id: string): Promise<Account | undefined> {
    await this.ready;
    return removeKey(this.changes, id);
  }

  /** Clear API Key: removes the account this window shows (the fallback account's key is the environment's: nothing to clear). */
  async clearKey(accountId?: string): Promise<void> {
    await this.ready;
    const target = accountId ?? (this.pick.kind === 'pinned' || this.pick.kind === 'active' ? this.pick.account.id : undefined);
    if (target) await this.remove(target);
  }

  /**
   * Sets a key's limit (PATCH /keys/{hash}) with the shown account's
   * management key. Only the host calls this, after the user confirmed in a
   * modal dialog; `keyRowId` is the page's AccountKey.id, whose hash the
   * client looks up afresh (a hash never reaches the page).
   */
  async setKeyLimit(keyRowId: string, update: KeyLimitUpdate): Promise<AccountKey> {
    await this.ready;
    const shown = this.shown;
    if (!shown) throw new CreditsError('noKey', undefined, { retryable: false });
    const key = await shown.setKeyLimit(keyRowId, update);
    void shown.refresh().catch(() => undefined);
    return key;
  }

  updateSettings(next: Settings): void {
    const prev = this.settings;
    this.settings = next;
    if (prev.refreshIntervalSeconds !== next.refreshIntervalSeconds) this.poller.setIntervalMs(intervalMs(next.refreshIntervalSeconds));
    for (const s of this.slots.values()) s.controller.updateSettings(next);
    this.recompute();
  }

  /** The workspace's account setting changed: pick again. */
  workspaceChanged(): void {
    this.repick();
  }

  /** Reset Dismissed Warnings, for every account: this profile's choices and each account's shared threshold state. */
  async resetDismissed(): Promise<string[]> {
    await this.ready;
    const kinds = new Set<string>();
    for (const s of this.slots.values()) for (const k of await s.controller.alerts.resetDismissed()) kinds.add(k);
    return [...kinds];
  }

  // --- accounts and slots ---

  /** Changes the list; false when the change could not be written (the list stays as on disk). */
  private updateList(fn: (cur: AccountListState) => AccountListState | undefined): boolean {
    const r = this.list.update(fn);
    this.state = { accounts: r.accounts, ...(r.activeId !== undefined ? { activeId: r.activeId } : {}) };
    return r.ok;
  }

  private onList(s: AccountListState, origin: string): void {
    if (!this.started || this.disposed) return;
    this.state = s;
    this.deps.log.debug(`The list of accounts changed (${origin}).`);
    void this.slots.sync().then(() => this.repick());
  }

  private nameOf(id: string): string {
    return id === ENV_ACCOUNT_ID ? this.deps.envName : this.state.accounts.find(a => a.id === id)?.name ?? id;
  }

  /** What a slot learned of its key (kind, keyId) goes into the list; then the view. */
  private onSlotView(id: string, v: View): void {
    const account = this.state.accounts.find(a => a.id === id);
    const c = this.slots.get(id)?.controller;
    if (account && v.snapshot && c?.keys.id && v.status !== 'noKey') {
      const kind = accountKindOf(v.snapshot.key);
      if (kind !== account.kind || (account.keyId !== c.keys.id && v.snapshot && c.sharedState.keyId === c.keys.id)) {
        this.updateList(cur => ({ ...cur, accounts: withKeyFacts(cur.accounts, id, { kind, keyId: c.keys.id }) }));
      }
    }
    this.recompute();
  }

  private shownId(): string | undefined {
    return shownAccountId(this.pick, this.slots.has(ENV_ACCOUNT_ID));
  }

  private repick(): void {
    if (!this.started || this.disposed) return;
    const before = this.shownId();
    const prevKind = this.pick.kind;
    this.pick = pickAccount(this.state.accounts, this.state.activeId, this.deps.workspaceAccount());
    if (this.pick.kind === 'unknownAccount' && prevKind !== 'unknownAccount') {
      this.deps.log.warn('This workspace\'s openrouterCredits.account names no account; nothing is shown for it.');
    }
    const after = this.shownId();
    if (before !== after) this.deps.log.info(`This window shows account "${after ? this.nameOf(after) : '—'}" (${this.pick.kind}).`);
    this.recompute();
  }

  /**
   * Recomputes every account's view (also for age-based staleness, with no
   * new data: the status bar's timer), then the window's, once.
   */
  fire(): void {
    if (this.disposed) return;
    this.batching = true;
    try {
      for (const s of this.slots.values()) s.controller.fire();
    } finally {
      this.batching = false;
    }
    this.recompute();
  }

  /** The window's view: the shown account's, with every account's row. */
  private recompute(): void {
    if (this.disposed || this.batching) return;
    const shownId = this.shownId();
    const shown = shownId ? this.slots.get(shownId)?.controller : undefined;
    const blank = { points: [], settings: this.settings, focused: this.poller.anyFocused, isPoller: this.poller.isPoller, now: Date.now() };
    const base = this.pick.kind === 'unknownAccount' ? buildView({ ...blank, keySource: 'none', unknownAccount: this.pick.name }, vscode.l10n)
      : shown ? shown.view
        : !this.started ? this.current // the start-up cache
          // Between accounts (one removed, the next not read yet): nothing of the old one.
          : buildView(blank, vscode.l10n);
    this.current = {
      ...base,
      accounts: accountsView({
        accounts: this.state.accounts,
        activeId: this.state.activeId,
        hasEnvAccount: this.slots.has(ENV_ACCOUNT_ID),
        pick: this.pick,
        viewOf: id => this.slots.get(id)?.controller.view,
        nameOf: id => this.nameOf(id),
        countedOnce: this.slots.countedOnce(),
      }),
    };
    this.emitter.fire(this.current);
  }

  dispose(): void {
    this.disposed = true;
    this.slots.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The account ids, for tests and the commands. */
export type { Account };
