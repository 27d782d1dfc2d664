// The window's accounts, one slot each (issue 12): the account's controller
// with its key, its store and its alerts, and what the window's one poller
// keeps of it (failures in a row, when it is due again). Creates the slots of
// new accounts and drops those of removed ones; one tick of the poller asks
// every account that is due. Which accounts are due, how a failing one backs
// off and which keys are one OpenRouter account is core's (accounts/fleet.ts,
// accounts/keyMode.ts): this applies it.
import type * as vscode from 'vscode';
import { ENV_ACCOUNT_ID, secretIdOf, type Account } from '../../core/accounts/accounts';
import { adoptions, countedOnce, dueAccounts, keyFactsOf, pollVerdict, sameAccountSiblings, type AccountFacts } from '../../core/accounts/fleet';
import { orphaned } from '../../core/accounts/keyMode';
import { intervalMs } from '../../core/refresh/interval';
import { LEASE_RENEW_MS } from '../../core/refresh/lease';
import type { SharedState } from '../../core/refresh/sharedState';
import type { Settings } from '../../core/settings';
import type { View } from '../../core/view/view';
import type { ClientFactory } from '../account/clients';
import { CreditsController } from '../account/controller';
import { Alerts } from '../ui/alerts';
import type { Notifier } from '../ui/notifier';
import type { Poller } from '../sync/poller';
import { KeyStore } from './keyStore';
import type { AccountStorage } from './storage';

export interface Slot {
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

export interface SlotsDeps {
  storage: AccountStorage;
  clients: ClientFactory;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  poller: Poller;
  settings(): Settings;
  /** The stored accounts, as last read (none: the fallback account alone). */
  accounts(): readonly Account[];
  nameOf(id: string): string;
  /** The last state this profile saw (start-up cache) and whose it was. */
  cached?: SharedState & { accountId?: string };
  /** A shown slot's view changed. */
  onView(id: string, v: View): void;
  /** Slots were created or dropped after start-up. */
  onSynced(): void;
}

export class Slots {
  private readonly map = new Map<string, Slot>();
  /** Slots being created (reading their key and state), not shown yet. */
  private readonly pending = new Set<string>();
  private syncing: Promise<void> = Promise.resolve();
  /** The start-up cache was offered (at the first sync): never again. */
  private cacheUsed = false;
  private disposed = false;
  /** A new account's first state (its checked key's), taken by the slot created for it. */
  private readonly seeds = new Map<string, SharedState>();
  private orphanTimer?: ReturnType<typeof setInterval>;

  constructor(private readonly deps: SlotsDeps) {}

  get(id: string): Slot | undefined { return this.map.get(id); }
  has(id: string): boolean { return this.map.has(id); }
  values(): Slot[] { return [...this.map.values()]; }
  /** The slots with a key to poll with. */
  keyed(): Slot[] { return this.values().filter(s => s.controller.hasKey); }

  /** The first sync is done: later slots show once they have read their key. */
  markStarted(): void { this.cacheUsed = true; }

  /** Creates the controllers of new accounts, drops those of removed ones (one sync at a time). */
  sync(seed?: { id: string; state: SharedState }): Promise<void> {
    if (seed) this.seeds.set(seed.id, seed.state);
    this.syncing = this.syncing.then(() => this.syncSlots(), () => this.syncSlots());
    return this.syncing;
  }

  private wanted(): string[] {
    const accounts = this.deps.accounts();
    return accounts.length ? accounts.map(a => a.id) : [ENV_ACCOUNT_ID];
  }

  private async syncSlots(): Promise<void> {
    if (this.disposed) return;
    const wanted = this.wanted();
    for (const [id, slot] of this.map) if (!wanted.includes(id)) this.drop(slot);
    const created: Slot[] = [];
    for (const id of wanted) {
      if (this.map.has(id) || this.pending.has(id)) continue;
      created.push({ id, controller: this.createController(id), failures: 0, sub: { dispose: () => undefined } });
      this.pending.add(id);
    }
    // At start-up the slots show at once (the start-up cache) while they read their
    // keys. Later, a slot shows once it has read its key and state: before that, a
    // new account's view would be that of no key at all.
    const startup = !this.cacheUsed;
    const show = (slot: Slot): void => {
      slot.sub = slot.controller.onDidChange(v => this.deps.onView(slot.id, v));
      this.map.set(slot.id, slot);
    };
    if (startup) created.forEach(show);
    await Promise.all(created.map(async slot => {
      try {
        await slot.controller.start();
      } finally {
        this.pending.delete(slot.id);
      }
      if (startup) return;
      if (this.disposed || !this.wanted().includes(slot.id)) {
        slot.controller.dispose();
        if (!this.disposed) this.deps.storage.removeFolder(slot.id); // its start made the folder of an account removed meanwhile
      } else show(slot);
    }));
    if (!startup) this.deps.onSynced();
  }

  private createController(id: string): CreditsController {
    const { storage, log, notifier, poller, clients } = this.deps;
    const env = id === ENV_ACCOUNT_ID;
    // The fallback account keeps the shared files where a single key always had them.
    const store = storage.storeOf(id);
    const keys = new KeyStore({ storage, clients, salt: () => storage.salt, secretId: env ? undefined : secretIdOf(id) });
    // Warnings name their account when there are several.
    const name = (): string | undefined => (!env && this.deps.accounts().length > 1 ? this.deps.nameOf(id) : undefined);
    let controller: CreditsController | undefined;
    const alerts = new Alerts({ store, notifier, log, focused: () => poller.focused, view: () => controller?.view, accountName: name });
    controller = new CreditsController({
      settings: this.deps.settings(), keys, store, alerts, notifier, log, poller,
      cached: this.takeSeed(id) ?? this.cachedFor(id), accountName: name, accountId: env ? undefined : id, root: storage.root,
    });
    if (!env) controller.disposeWith(store);
    return controller;
  }

  private takeSeed(id: string): SharedState | undefined {
    const seed = this.seeds.get(id);
    this.seeds.delete(id);
    return seed;
  }

  /** The start-up cache, once, for the account it is of (never for an account created later: a removed account's figures must not come back). */
  private cachedFor(id: string): SharedState | undefined {
    const c = this.deps.cached;
    if (!c || this.cacheUsed) return undefined;
    return (c.accountId ?? ENV_ACCOUNT_ID) === id ? c : undefined;
  }

  /** Drops an account's slot (removed: its folder is the storage's to delete). */
  drop(slot: Slot): void {
    this.map.delete(slot.id);
    slot.sub.dispose();
    slot.controller.dispose();
  }

  // --- the window's one poller ---

  /** The key facts of every stored account whose state is its key's (for siblings and the total). */
  private facts(): AccountFacts[] {
    return this.deps.accounts().flatMap(a => {
      const c = this.map.get(a.id)?.controller;
      const f = c && keyFactsOf(a.id, c.sharedState, c.keys.id);
      return f ? [f] : [];
    });
  }

  /** Accounts that are another one's OpenRouter account (sameAccountSiblings()), from their last key lists. */
  siblings(): Map<string, string> { return sameAccountSiblings(this.facts()); }

  /** Accounts the total leaves out: another stored account already counts their OpenRouter account (countedOnce()). */
  countedOnce(): Map<string, string> { return countedOnce(this.facts()); }

  /**
   * One tick of the window's poller: every account that is due (dueAccounts()),
   * at once. When all of them fail, the error goes to the poller (its
   * back-off, its Retry-After); when only some do, those wait on their own.
   */
  async pollDue(shownId: string | undefined): Promise<unknown> {
    const now = Date.now();
    // Two management keys of one OpenRouter account ask once: the sibling takes its primary's figures, and asks itself once an hour.
    const siblings = this.siblings();
    const fleet = this.values().map(s => ({ id: s.id, hasKey: s.controller.hasKey, failures: s.failures, nextAt: s.nextAt, ownPollAt: s.ownPollAt, errored: !!s.controller.sharedState.error }));
    const due = dueAccounts(fleet, shownId, siblings, now).flatMap(id => this.map.get(id) ?? []);
    if (due.length === 0) return undefined;
    for (const s of due) s.ownPollAt = now;
    const settled = await Promise.allSettled(due.map(s => s.controller.pollOnce()));
    const results = settled.map((r, i) => (r.status === 'fulfilled' ? { id: due[i].id, ok: true as const } : { id: due[i].id, ok: false as const, error: r.reason as unknown }));
    const succeeded = results.filter(r => r.ok).map(r => r.id);
    for (const [sibling, primary] of adoptions(siblings, due.map(s => s.id), succeeded)) {
      const p = this.map.get(primary)?.controller;
      if (p) this.map.get(sibling)?.controller.adopt(p.sharedState);
    }
    const verdict = pollVerdict(results, id => this.map.get(id)?.failures ?? 0, intervalMs(this.deps.settings().refreshIntervalSeconds), Date.now());
    if (verdict.kind === 'none') return undefined;
    for (const id of verdict.reset) {
      const s = due.find(d => d.id === id)!;
      s.failures = 0;
      s.nextAt = undefined;
    }
    if (verdict.kind === 'allFailed') throw verdict.error;
    for (const b of verdict.backoff) {
      const s = due.find(d => d.id === b.id)!;
      s.failures = b.failures;
      s.nextAt = b.nextAt;
      this.deps.log.warn(`Account "${this.deps.nameOf(b.id)}" failed to refresh (${b.errorKind}, ${b.failures} in a row); the others go on, it retries in ${Math.round(b.waitMs / 1000)} s.`);
    }
    return undefined;
  }

  /**
   * A follower polls an account nobody polls: one whose key the polling
   * window cannot read (code-server keeps SecretStorage per window, so a key
   * added in one window may be missing in another). Such an account's shared
   * state goes stale with no back-off recorded; a window that can read its
   * key then refreshes it (and records the result for all windows).
   */
  private pollOrphans(): void {
    const now = Date.now();
    const seconds = this.deps.settings().refreshIntervalSeconds;
    for (const s of this.map.values()) {
      const c = s.controller;
      const last = c.lastPollAt();
      if (s.orphanPolling || !orphaned({ hasKey: c.hasKey, shared: c.sharedState, lastPollAt: last }, seconds, this.deps.poller.anyFocused, now)) continue;
      s.orphanPolling = true;
      this.deps.log.info(`Account "${this.deps.nameOf(s.id)}" was not refreshed for ${Math.round((now - last) / 60_000)} min: refreshing it from this window.`);
      void c.pollOnce().catch(() => undefined).finally(() => { s.orphanPolling = false; });
    }
  }

  /** Looks for orphans (pollOrphans()) at every lease renewal while `when()` holds (a follower). */
  watchOrphans(when: () => boolean): void {
    this.orphanTimer = setInterval(() => { if (!this.disposed && when()) this.pollOrphans(); }, LEASE_RENEW_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.orphanTimer) clearInterval(this.orphanTimer);
    for (const s of this.values()) this.drop(s);
  }
}
