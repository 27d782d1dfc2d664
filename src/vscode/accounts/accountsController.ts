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
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  accountKindOf, accountRetryDelay, addAccount, checkAccountName, ENV_ACCOUNT_ID, LEGACY_SECRET_ID, migrateSingleKey,
  countedOnce, newAccountId, pickAccount, removeAccount, renameAccount, sameAccountSiblings, secretIdOf, withKeyFacts,
  type Account, type AccountPick, type NameProblem,
} from '../../core/accounts/accounts';
import { CreditsError, isCreditsError } from '../../core/openrouter/errors';
import type { Settings } from '../../core/settings';
import { keyId } from '../../core/identity';
import type { SharedState } from '../../core/refresh/sharedState';
import type { AccountKey, CreditSnapshot, GenerationInfo, HistoryPoint } from '../../core/types';
import type { KeyLimitUpdate } from '../../core/openrouter/client';
import { LEASE_RENEW_MS } from '../../core/refresh/lease';
import { accountsTotal, buildView, UNFOCUSED_SLOWDOWN, type AccountRow, type View } from '../../core/view/view';
import { AccountList, type AccountListState } from '../sync/accountList';
import { Alerts } from '../ui/alerts';
import { CreditsController } from '../account/controller';
import { KeyStore } from './keyStore';
import type { Notifier } from '../ui/notifier';
import { Poller } from '../sync/poller';
import type { SharedStore } from '../sync/sharedStore';

/** How often a management key whose account another stored key already fetches asks OpenRouter itself (to see it still works, and is still that account). */
const SIBLING_OWN_POLL_MS = 60 * 60 * 1000;

interface Slot {
  /** The account's id, or ENV_ACCOUNT_ID. */
  id: string;
  controller: CreditsController;
  /** Failures in a row while other accounts succeeded, and when this one is due again. */
  failures: number;
  nextAt?: number;
  /** When this window's poller last asked OpenRouter with this account's own key. */
  ownPollAt?: number;
  /** A follower's refresh of an account nobody polls is out (pollOrphans()). */
  orphanPolling?: boolean;
  sub: vscode.Disposable;
}

export interface AccountsDeps {
  settings: Settings;
  secrets: vscode.SecretStorage;
  root: SharedStore;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  userAgent: string;
  /** The workspace's `openrouterCredits.account` (window scope), read when asked. */
  workspaceAccount: () => unknown;
  /** The fallback account's name ("OPENROUTER_API_KEY"). */
  envName: string;
  /** The last state this profile saw (start-up cache) and whose it was, shown until the accounts are read. */
  cached?: SharedState & { accountId?: string };
  /** An account was removed: forget what this profile cached of it. */
  onRemoved?: (id: string) => void;
}

export type AddOutcome =
  | { kind: 'added'; account: Account }
  | { kind: 'sameKey'; account: Account }
  | { kind: 'tooMany' }
  /** The list of accounts could not be written (no lock, a full disk): nothing was stored. */
  | { kind: 'notSaved' };

export class AccountsController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<View>();
  readonly onDidChange = this.emitter.event;
  readonly poller: Poller;
  readonly list: AccountList;
  private state: AccountListState = { accounts: [] };
  private readonly slots = new Map<string, Slot>();
  /** Slots being created (reading their key and state), not shown yet. */
  private readonly pending = new Set<string>();
  private pick: AccountPick = { kind: 'none' };
  private current: View;
  private settings: Settings;
  private started = false;
  private cacheUsed = false;
  /** fire() is recomputing every account: one recompute at the end. */
  private batching = false;
  private disposed = false;
  private syncing: Promise<void> = Promise.resolve();
  private markReady!: () => void;
  /** Settles when start() has read the accounts and their keys: commands and the API wait for it. */
  readonly ready = new Promise<void>(resolve => (this.markReady = resolve));
  private readonly disposables: vscode.Disposable[] = [];
  private orphanTimer?: ReturnType<typeof setInterval>;

  constructor(private readonly deps: AccountsDeps) {
    this.settings = deps.settings;
    this.list = new AccountList(deps.root.dir, deps.log);
    this.poller = new Poller({
      store: deps.root,
      log: deps.log,
      intervalMs: deps.settings.refreshIntervalSeconds * 1000,
      lastPollAt: () => {
        const keyed = this.keyedSlots();
        return keyed.length ? Math.min(...keyed.map(s => s.controller.lastPollAt())) : Date.now();
      },
      task: () => this.pollAll(),
      // A window without any key leaves polling to one that has one.
      canPoll: () => this.keyedSlots().length > 0,
      retry: () => this.keyedSlots().map(s => s.controller.retryState()).filter(r => r !== undefined).sort((a, b) => b!.at - a!.at)[0],
      recordRetry: retry => { for (const s of this.keyedSlots()) s.controller.recordRetry(retry); },
    });
    // A workspace that names an account shows nothing of the cache (whichever account it was of) until the list is read.
    const pin = deps.workspaceAccount();
    const cached = typeof pin === 'string' && pin.trim() ? undefined : deps.cached;
    this.current = buildView({ snapshot: cached?.snapshot, error: cached?.error, points: [], settings: this.settings, focused: this.poller.anyFocused, isPoller: false, now: Date.now() }, vscode.l10n);
    this.disposables.push(this.poller, this.emitter, this.list,
      this.list.onDidChange(s => this.onList(s, 'another window')),
    );
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
      await this.migrate();
      this.state = this.list.read();
      this.started = true;
      this.repick();
      await this.syncSlots();
      this.cacheUsed = true;
      this.repick();
      this.poller.start();
      this.orphanTimer = setInterval(() => this.pollOrphans(), LEASE_RENEW_MS);
    } finally {
      this.markReady();
    }
  }

  /**
   * A follower polls an account nobody polls: one whose key the polling
   * window cannot read (code-server keeps SecretStorage per window, so a key
   * added in one window may be missing in another). Such an account's shared
   * state goes stale with no back-off recorded; a window that can read its
   * key then refreshes it (and records the result for all windows).
   */
  private pollOrphans(): void {
    if (this.disposed || !this.started || this.poller.isPoller) return;
    const now = Date.now();
    const eff = this.settings.refreshIntervalSeconds * 1000 * (this.poller.anyFocused ? 1 : UNFOCUSED_SLOWDOWN);
    for (const s of this.slots.values()) {
      const c = s.controller;
      const last = c.lastPollAt();
      if (s.orphanPolling || !c.hasKey || !c.sharedState.snapshot || c.sharedState.retry || last === 0 || now - last < 3 * eff) continue;
      s.orphanPolling = true;
      this.deps.log.info(`Account "${this.nameOf(s.id)}" was not refreshed for ${Math.round((now - last) / 60_000)} min: refreshing it from this window.`);
      void c.pollOnce().catch(() => undefined).finally(() => { s.orphanPolling = false; });
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
    const any = this.shown ?? [...this.slots.values()][0]?.controller;
    if (!any) throw new CreditsError('noKey', undefined, { retryable: false });
    return any.checkKey(key);
  }

  async fetchGeneration(id: string): Promise<GenerationInfo> {
    await this.ready;
    const shown = this.shown;
    if (!shown) throw new CreditsError('noKey', undefined, { retryable: false });
    return shown.fetchGeneration(id);
  }

  /**
   * Set API Key: with no stored account, the key becomes the first one
   * (named after its label); otherwise it replaces the key of the account this
   * window shows. A key another account holds makes that one active instead.
   */
  async storeKey(key: string, snapshot: CreditSnapshot, accountId?: string): Promise<Account> {
    await this.ready;
    // A workspace that names no account never decides where a key goes: the command explains instead.
    if (this.pick.kind === 'unknownAccount' && accountId === undefined) throw new CreditsError('badRequest', 'This workspace names an account that does not exist.', { retryable: false });
    const target = accountId !== undefined ? this.state.accounts.find(a => a.id === accountId)
      : this.pick.kind === 'pinned' || this.pick.kind === 'active' ? this.pick.account : undefined;
    if (!target) {
      const r = await this.addKey(key, snapshot, snapshot.key.label);
      if (r.kind === 'tooMany' || r.kind === 'notSaved') throw new CreditsError('badRequest', r.kind === 'tooMany' ? 'Too many accounts.' : 'The list of accounts could not be saved.', { retryable: false });
      return r.account;
    }
    const kid = keyId(this.deps.root.salt, key);
    const holder = this.state.accounts.find(a => a.keyId === kid && a.id !== target.id);
    if (holder) {
      await this.switchTo(holder.id);
      return holder;
    }
    const slot = this.slots.get(target.id);
    if (!slot) throw new CreditsError('badRequest', 'The account is not ready yet.', { retryable: false });
    // The secret first, then the list: the list never names a key that is not stored.
    await slot.controller.storeKey(key, snapshot);
    this.updateList(cur => ({ ...cur, accounts: withKeyFacts(cur.accounts, target.id, { kind: accountKindOf(snapshot.key), keyId: kid }) }));
    this.deps.log.info(`The key of account "${target.name}" was replaced.`);
    return target;
  }

  /**
   * Add API Key: a new account with this (checked) key and name, made active.
   * The secret is stored before the list names it, so a stop halfway leaves
   * no account without its key.
   */
  async addKey(key: string, snapshot: CreditSnapshot, name: string): Promise<AddOutcome> {
    await this.ready;
    const kid = keyId(this.deps.root.salt, key);
    const holder = this.state.accounts.find(a => a.keyId === kid);
    if (holder) {
      await this.switchTo(holder.id);
      return { kind: 'sameKey', account: holder };
    }
    const id = newAccountId(this.state.accounts);
    await this.deps.secrets.store(secretIdOf(id), key);
    let added: Account | undefined;
    let refused: 'tooMany' | 'sameKey' | undefined;
    const written = this.updateList(cur => {
      const r = addAccount(cur.accounts, { name, kind: accountKindOf(snapshot.key), keyId: kid }, () => id);
      if (!r.ok) { refused = r.reason; added = r.reason === 'sameKey' ? r.existing : undefined; return undefined; }
      added = r.account;
      return { accounts: r.accounts, activeId: r.account.id };
    });
    if (!written || !added || refused) {
      // Not listed: its secret goes too, so no key is left that no account names.
      await this.deps.secrets.delete(secretIdOf(id));
      if (!written) return { kind: 'notSaved' };
      if (refused === 'sameKey' && added) { await this.switchTo(added.id); return { kind: 'sameKey', account: added }; }
      return { kind: 'tooMany' };
    }
    await this.syncNow();
    this.repick();
    await this.slots.get(added.id)?.controller.storeKey(key, snapshot);
    this.deps.log.info(`Account "${added.name}" added (${added.kind}); it is now the active account.`);
    return { kind: 'added', account: added };
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

  /**
   * Remove API Key: the account's secret, its folder (shared state with its
   * thresholds and snoozes, history) and the cached snapshot. Another account
   * becomes active if this one was.
   */
  async remove(id: string): Promise<Account | undefined> {
    await this.ready;
    let removed: Account | undefined;
    this.updateList(cur => {
      const r = removeAccount(cur.accounts, id, cur.activeId);
      removed = r.removed;
      return r.removed ? { accounts: r.accounts, activeId: r.activeId } : undefined;
    });
    if (!removed) return undefined;
    const slot = this.slots.get(id);
    if (slot) this.disposeSlot(slot);
    await this.deps.secrets.delete(secretIdOf(id));
    this.removeFolder(id);
    this.deps.onRemoved?.(id);
    this.deps.log.info(`Account "${removed.name}" removed, with its key, history and warnings state.`);
    await this.syncNow();
    this.repick();
    return removed;
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
    if (prev.refreshIntervalSeconds !== next.refreshIntervalSeconds) this.poller.setIntervalMs(next.refreshIntervalSeconds * 1000);
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

  // --- the one poller ---

  private keyedSlots(): Slot[] {
    return [...this.slots.values()].filter(s => s.controller.hasKey);
  }

  /**
   * One tick of the window's poller: every account with a key that is due,
   * at once. When all of them fail, the error goes to the poller (its
   * back-off, its Retry-After); when only some do, those wait on their own.
   */
  private async pollAll(): Promise<unknown> {
    const now = Date.now();
    // The shown account is asked even without a key read yet: its fetch reads the key
    // again (OPENROUTER_API_KEY may have changed), and a missing one is its noKey state.
    const shown = this.shownId();
    // Two management keys of one OpenRouter account ask once: the sibling takes its primary's figures, and asks itself once an hour.
    const siblings = this.siblings();
    const healthy = (id: string | undefined) => { const p = id === undefined ? undefined : this.slots.get(id); return !!p && p.failures === 0 && !p.controller.sharedState.error; };
    const asksItself = (s: Slot) => !siblings.has(s.id) || !healthy(siblings.get(s.id)) || now - (s.ownPollAt ?? 0) >= SIBLING_OWN_POLL_MS;
    const due = [...this.slots.values()].filter(s => (s.controller.hasKey || s.id === shown) && (s.nextAt ?? 0) <= now && asksItself(s));
    if (due.length === 0) return undefined;
    for (const s of due) s.ownPollAt = now;
    const results = await Promise.allSettled(due.map(s => s.controller.pollOnce()));
    for (const [sibling, primary] of siblings) {
      const i = due.findIndex(s => s.id === primary);
      if (i >= 0 && results[i].status === 'fulfilled' && !due.some(s => s.id === sibling)) {
        const p = this.slots.get(primary)?.controller;
        if (p) this.slots.get(sibling)?.controller.adopt(p.sharedState);
      }
    }
    const failed: Array<{ slot: Slot; error: unknown }> = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') { due[i].failures = 0; due[i].nextAt = undefined; } else failed.push({ slot: due[i], error: r.reason });
    });
    if (failed.length === due.length) {
      for (const f of failed) { f.slot.failures = 0; f.slot.nextAt = undefined; }
      // The scheduler backs off from the error that asks for the longest wait.
      const wait = (e: unknown) => (isCreditsError(e) ? e.retryAfterMs ?? 0 : 0);
      throw failed.reduce((x, y) => (wait(y.error) > wait(x.error) ? y : x)).error;
    }
    const interval = this.settings.refreshIntervalSeconds * 1000;
    for (const f of failed) {
      if (isCreditsError(f.error) && f.error.kind === 'noKey') continue; // nothing to back off from: asked again when it has one
      f.slot.failures++;
      const retryAfter = isCreditsError(f.error) ? f.error.retryAfterMs : undefined;
      const wait = accountRetryDelay(f.slot.failures, interval, retryAfter);
      f.slot.nextAt = Date.now() + wait;
      const kind = isCreditsError(f.error) ? f.error.kind : 'error';
      this.deps.log.warn(`Account "${this.nameOf(f.slot.id)}" failed to refresh (${kind}, ${f.slot.failures} in a row); the others go on, it retries in ${Math.round(wait / 1000)} s.`);
    }
    return undefined;
  }

  /** Accounts that are another one's OpenRouter account (sameAccountSiblings()), from their last key lists. */
  private siblings(): Map<string, string> {
    const ids = this.state.accounts.length ? this.state.accounts.map(a => a.id) : [];
    return sameAccountSiblings(ids.flatMap(id => {
      const c = this.slots.get(id)?.controller;
      const s = c?.sharedState;
      if (!c || !s?.snapshot || s.keyId !== c.keys.id) return [];
      return [{ id, kind: accountKindOf(s.snapshot.key), keyIds: s.breakdown?.keys?.map(k => k.id) }];
    }));
  }

  /** Accounts the total leaves out: another stored account already counts their OpenRouter account (countedOnce()). */
  private countedOnce(): Map<string, string> {
    return countedOnce(this.state.accounts.flatMap(a => {
      const c = this.slots.get(a.id)?.controller;
      const s = c?.sharedState;
      if (!c || !s?.snapshot || s.keyId !== c.keys.id) return [];
      return [{ id: a.id, kind: accountKindOf(s.snapshot.key), keyIds: s.breakdown?.keys?.map(k => k.id), label: s.snapshot.key.label, keyLabels: s.breakdown?.keys?.map(k => k.label).filter(Boolean) }];
    }));
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
    void this.syncNow().then(() => this.repick());
  }

  private nameOf(id: string): string {
    return id === ENV_ACCOUNT_ID ? this.deps.envName : this.state.accounts.find(a => a.id === id)?.name ?? id;
  }

  /** Creates the controllers of new accounts, drops those of removed ones; the fallback account only when nothing is stored. */
  private syncNow(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncSlots(), () => this.syncSlots());
    return this.syncing;
  }

  private async syncSlots(): Promise<void> {
    if (this.disposed) return;
    const wanted = this.state.accounts.length ? this.state.accounts.map(a => a.id) : [ENV_ACCOUNT_ID];
    for (const [id, slot] of this.slots) if (!wanted.includes(id)) this.disposeSlot(slot);
    const created: Slot[] = [];
    for (const id of wanted) {
      if (this.slots.has(id) || this.pending.has(id)) continue;
      const controller = this.createController(id);
      created.push({ id, controller, failures: 0, sub: { dispose: () => undefined } });
      this.pending.add(id);
    }
    // At start-up the slots show at once (the start-up cache) while they read their
    // keys. Later, a slot shows once it has read its key and state: before that, a
    // new account's view would be that of no key at all.
    const startup = !this.cacheUsed;
    const show = (slot: Slot): void => {
      slot.sub = slot.controller.onDidChange(v => this.onSlotView(slot.id, v));
      this.slots.set(slot.id, slot);
    };
    if (startup) created.forEach(show);
    await Promise.all(created.map(async slot => {
      try {
        await slot.controller.start();
      } finally {
        this.pending.delete(slot.id);
      }
      if (startup) return;
      const stillWanted = this.state.accounts.length ? this.state.accounts.some(a => a.id === slot.id) : slot.id === ENV_ACCOUNT_ID;
      if (this.disposed || !stillWanted) {
        slot.controller.dispose();
        if (!this.disposed && slot.id !== ENV_ACCOUNT_ID) this.removeFolder(slot.id); // its start made the folder of an account removed meanwhile
      } else show(slot);
    }));
    if (!startup) this.recompute();
  }

  private createController(id: string): CreditsController {
    const { root, log, notifier, secrets, userAgent } = this.deps;
    const env = id === ENV_ACCOUNT_ID;
    // The fallback account keeps the shared files where a single key always had them.
    const store = env ? root : root.forAccount(path.join(root.dir, 'accounts', id));
    const keys = new KeyStore(secrets, userAgent, () => root.salt, env ? undefined : secretIdOf(id));
    // Warnings name their account when there are several.
    const name = () => (!env && this.state.accounts.length > 1 ? this.nameOf(id) : undefined);
    let controller: CreditsController | undefined;
    const alerts = new Alerts(store, notifier, log, () => this.poller.focused, () => controller?.view, name);
    controller = new CreditsController(this.settings, keys, store, alerts, notifier, log, this.poller,
      this.cachedFor(id), name, { id: env ? undefined : id, root });
    if (!env) controller.disposeWith(store);
    return controller;
  }

  /** The start-up cache, once, for the account it is of (never for an account created later: a removed account's figures must not come back). */
  private cachedFor(id: string): SharedState | undefined {
    const c = this.deps.cached;
    if (!c || this.cacheUsed) return undefined;
    return (c.accountId ?? ENV_ACCOUNT_ID) === id ? c : undefined;
  }

  private disposeSlot(slot: Slot): void {
    this.slots.delete(slot.id);
    slot.sub.dispose();
    slot.controller.dispose();
  }

  private removeFolder(id: string): void {
    if (id === ENV_ACCOUNT_ID || !/^[0-9a-f]{16}$/.test(id)) return;
    try {
      fs.rmSync(path.join(this.deps.root.dir, 'accounts', id), { recursive: true, force: true });
    } catch (e) {
      this.deps.log.warn(`Could not delete the removed account's files: ${(e as Error).message}`);
    }
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
    switch (this.pick.kind) {
      case 'pinned':
      case 'active': return this.pick.account.id;
      case 'none': return this.slots.has(ENV_ACCOUNT_ID) ? ENV_ACCOUNT_ID : undefined;
      default: return undefined;
    }
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
    let base: View;
    if (this.pick.kind === 'unknownAccount') {
      base = buildView({ points: [], settings: this.settings, focused: this.poller.anyFocused, isPoller: this.poller.isPoller, now: Date.now(), keySource: 'none', unknownAccount: this.pick.name }, vscode.l10n);
    } else if (shown) {
      base = shown.view;
    } else if (!this.started) {
      base = this.current; // the start-up cache
    } else {
      // Between accounts (one removed, the next not read yet): nothing of the old one.
      base = buildView({ points: [], settings: this.settings, focused: this.poller.anyFocused, isPoller: this.poller.isPoller, now: Date.now() }, vscode.l10n);
    }
    const ids = this.state.accounts.length ? this.state.accounts.map(a => a.id) : this.slots.has(ENV_ACCOUNT_ID) ? [ENV_ACCOUNT_ID] : [];
    const rows: AccountRow[] = [];
    for (const id of ids) {
      const v = this.slots.get(id)?.controller.view;
      const account = this.state.accounts.find(a => a.id === id);
      rows.push({
        id,
        name: this.nameOf(id),
        kind: v?.snapshot ? accountKindOf(v.snapshot.key) : account?.kind ?? 'unknown',
        ...(v?.snapshot?.spendable !== undefined ? { spendable: v.snapshot.spendable } : {}),
        ...(v?.periods?.today !== undefined ? { today: v.periods.today } : {}),
        status: v?.status ?? 'loading',
        stale: v?.stale ?? false,
        ...(v?.snapshot ? { fetchedAt: v.snapshot.fetchedAt } : {}),
        shown: id === shownId,
        active: account ? id === (this.state.activeId ?? this.state.accounts[0]?.id) : id === ENV_ACCOUNT_ID,
      });
    }
    // One OpenRouter account counts once, however many of its keys are stored.
    const { total } = accountsTotal(rows, this.countedOnce());
    this.current = {
      ...base,
      accounts: {
        rows,
        pinned: this.pick.kind === 'pinned' || this.pick.kind === 'unknownAccount',
        ...(this.pick.kind === 'unknownAccount' ? { unknownName: this.pick.name } : {}),
        ...(total !== undefined ? { total } : {}),
      },
    };
    this.emitter.fire(this.current);
  }

  // --- migration from the single key ---

  /**
   * Today's single key (LEGACY_SECRET_ID) becomes an account named after its
   * label, with its history and thresholds: the secret is stored under the
   * account first, then the list names it, then the shared files move into
   * its folder, then the legacy secret goes. Its id is its keyId, so two
   * windows starting at once make the same account.
   */
  private async migrate(): Promise<void> {
    const { secrets, root, log } = this.deps;
    let legacy: string | undefined;
    try { legacy = (await secrets.get(LEGACY_SECRET_ID))?.trim(); } catch { legacy = undefined; }
    if (!legacy) return;
    const kid = keyId(root.salt, legacy);
    const rootState = root.readState();
    const list = this.list.read();
    const last = rootState?.snapshot ? { key: rootState.snapshot.key, ...(rootState.keyId ? { keyId: rootState.keyId } : {}) } : undefined;
    const m = migrateSingleKey(list.accounts, list.activeId, { keyId: kid }, last, () => kid);
    if (m.action === 'create') {
      await secrets.store(m.secretId, legacy);
      const r = this.list.update(cur => (cur.accounts.some(a => a.id === m.account.id)
        ? undefined
        : { accounts: [...cur.accounts, m.account], activeId: cur.activeId ?? m.account.id }));
      if (!r.ok || !r.accounts.some(a => a.id === m.account.id)) {
        // Not listed: the key stays where it was, for the next start to try again.
        log.warn('The stored key could not be made an account yet (the list of accounts was not written); it stays as it is.');
        return;
      }
      const dir = path.join(root.dir, 'accounts', m.account.id);
      fs.mkdirSync(dir, { recursive: true });
      // The shared state and history are this key's (keyed by keyId): they move with it.
      if (!rootState?.keyId || rootState.keyId === kid) {
        for (const f of ['state.json', 'history.json']) {
          const from = path.join(root.dir, f);
          const to = path.join(dir, f);
          try { if (fs.existsSync(from) && !fs.existsSync(to)) fs.renameSync(from, to); } catch { /* another window moved it */ }
        }
      }
      log.info(`The stored key is now the account "${m.account.name}", with its history and warnings state.`);
    }
    if (m.action === 'dropLegacy') {
      // An earlier start (maybe another window's: code-server keeps SecretStorage per window) made the account:
      // the key goes under it here too before the legacy place is cleared.
      let there: string | undefined;
      try { there = await secrets.get(secretIdOf(m.account.id)); } catch { there = undefined; }
      if (!there) await secrets.store(secretIdOf(m.account.id), legacy);
    }
    if (m.action !== 'none') await secrets.delete(LEGACY_SECRET_ID);
  }

  dispose(): void {
    this.disposed = true;
    if (this.orphanTimer) clearInterval(this.orphanTimer);
    for (const s of [...this.slots.values()]) this.disposeSlot(s);
    for (const d of this.disposables) d.dispose();
  }
}

/** The account ids, for tests and the commands. */
export type { Account };
