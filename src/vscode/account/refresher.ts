// One refresh: the configured origin (refusing a base URL that is neither
// https nor loopback, before any request), the request, and its outcome
// recorded in the shared state. A failure notifies once per incident.
import * as vscode from 'vscode';
import { OpenRouterClient, validateBaseUrl, type KeyLimitUpdate } from '../../core/openrouter/client';
import { CreditsError, isCreditsError, isCreditsErrorKind } from '../../core/openrouter/errors';
import { errorMessage } from '../../core/text/messages';
import { afterAttempt, type SharedState } from '../../core/refresh/sharedState';
import { buildSnapshot } from '../../core/money/model';
import { activityDue, mergeBreakdown, planRequests, zerosContradictKeys } from '../../core/openrouter/requests';
import { keysToAsk } from '../../core/org/etiquette';
import { readOrg, settle } from './orgReads';
import type { AccountBreakdown, AccountKey, CreditSnapshot, GenerationInfo } from '../../core/types';

/** The shared error's kind when only /credits failed: the key is fine, the account balance is stale. */
export const ACCOUNT_STALE = 'accountStale';

/** The kind recorded for a failure: only /credits failing (but not with a 402) is "the account balance is stale". */
function kindOf(error: CreditsError, accountStale: boolean): string {
  return accountStale && error.kind === 'serviceError' ? ACCOUNT_STALE : error.kind;
}
import type { KeyStore } from '../accounts/keyStore';
import type { Notifier } from '../ui/notifier';
import type { SharedStore } from '../sync/sharedStore';

export type Outcome =
  | { kind: 'ok'; snapshot: CreditSnapshot; shared: SharedState }
  /** `snapshot`: /key answered but /credits failed; the key's new figures are in it. */
  | { kind: 'failed'; error: CreditsError; shared?: SharedState; snapshot?: CreditSnapshot }
  /** A key or setting change made the result void; `retry` when the origin changed meanwhile. */
  | { kind: 'obsolete'; retry: boolean }
  /** Another window replaced the key while the request was out. */
  | { kind: 'replaced'; shared: SharedState };

export interface RefresherDeps {
  store: SharedStore;
  /** The account's key; its client factory makes the one client of the configured origin. */
  keys: KeyStore;
  notifier: Notifier;
  log: vscode.LogOutputChannel;
  /** The account's name, prefixed to what it notifies when there are several. */
  accountName?: () => string | undefined;
  /** The account's id (a stored account's), for the notification's Set API Key. */
  accountId?: string;
  /** Where a refused base URL is recorded: the root store, so that it is told once whatever the number of accounts. */
  refusals?: SharedStore;
}

/** What one fetch got, before it is recorded. */
interface FetchResult {
  keyGen: number;
  id: string;
  client: OpenRouterClient;
  snapshot?: CreditSnapshot;
  error?: CreditsError;
  accountStale: boolean;
  breakdown?: AccountBreakdown;
  recheckKey: boolean;
}

export class Refresher {
  private client?: OpenRouterClient;
  /** Why the configured base URL is refused, if it is. */
  baseUrlError?: CreditsError;
  private generation = 0;
  private structureDirty = false;

  private readonly store: SharedStore;
  private readonly keys: KeyStore;
  private readonly notifier: Notifier;
  private readonly log: vscode.LogOutputChannel;
  private readonly accountName: () => string | undefined;
  private readonly accountId?: string;
  private readonly refusals: SharedStore;

  constructor(deps: RefresherDeps) {
    this.store = deps.store;
    this.keys = deps.keys;
    this.notifier = deps.notifier;
    this.log = deps.log;
    this.accountName = deps.accountName ?? (() => undefined);
    this.accountId = deps.accountId;
    this.refusals = deps.refusals ?? deps.store;
  }

  /** Voids the requests in flight (a key or setting change). */
  invalidate(): void {
    this.generation++;
  }

  set creditsForbidden(state: SharedState['creditsForbidden']) {
    if (this.client && state) this.client.creditsForbiddenState = state;
  }

  /** Points the client at a base URL; a refused one is told to the user once, in one window. */
  configure(url: string, shared: SharedState): SharedState {
    this.baseUrlError = undefined;
    try {
      const base = validateBaseUrl(url);
      if (this.client?.baseUrl.href !== base.href) {
        this.client = this.keys.clients(url, { creditsForbiddenState: shared.creditsForbidden, fingerprintSalt: this.keys.salt() });
      }
      if (!this.refusals.readState()?.refusedBaseUrl) return shared;
      const cleared = this.refusals.update(s => (s.refusedBaseUrl ? { ...s, refusedBaseUrl: undefined } : undefined));
      return this.refusals === this.store ? cleared : shared;
    } catch (e) {
      this.client = undefined;
      this.baseUrlError = isCreditsError(e) ? e : new CreditsError('insecureBaseUrl');
      this.log.error(`Refusing the API base URL setting: ${this.baseUrlError.message}`);
      let isNew = false;
      const next = this.refusals.update(s => (s.refusedBaseUrl === url ? undefined : (isNew = true, { ...s, refusedBaseUrl: url })));
      if (isNew) void this.notifier.baseUrlRefused(errorMessage(vscode.l10n, 'insecureBaseUrl', this.baseUrlError.message));
      return this.refusals === this.store ? next : shared;
    }
  }

  /**
   * One generation (GET /generation?id=) with this window's key, from the
   * configured, validated origin: the same client as the refreshes, so the key
   * goes nowhere else. Records nothing.
   *
   * @throws CreditsError — noKey; the refused base URL's error; the client's kinds (notFound: no such id).
   */
  async fetchGeneration(id: string): Promise<GenerationInfo> {
    const key = await this.keys.get();
    const client = this.client;
    if (!key) throw new CreditsError('noKey', undefined, { retryable: false });
    if (!client) throw this.baseUrlError ?? new CreditsError('insecureBaseUrl');
    this.log.debug(`Looking up a generation at ${client.origin}.`);
    return client.fetchGeneration(key, id);
  }

  /** The user changed a workspace, budget, guardrail or assignment: the next refresh reads the structure again. */
  markOrgDirty(): void {
    this.structureDirty = true;
  }

  /**
   * A listed key's hash and row, by the page's AccountKey.id, looked up afresh
   * in every workspace (the known ones, else the Default one's list). The hash
   * stays in this host.
   *
   * @throws CreditsError — noKey; notFound (no key with this id now); the client's kinds.
   */
  async hashOf(keyRowId: string): Promise<{ hash: string; row: AccountKey }> {
    const key = await this.keys.get();
    const client = this.client;
    if (!key) throw new CreditsError('noKey', undefined, { retryable: false });
    if (!client) throw this.baseUrlError ?? new CreditsError('insecureBaseUrl');
    const state = this.store.readState();
    const org = state?.keyId === this.keys.id ? state?.breakdown?.org : undefined;
    for (const ws of keysToAsk(org, true)) {
      const { keys, hashById } = await client.listKeysWithHashes(key, ws);
      const hash = hashById.get(keyRowId);
      const row = keys.find(k => k.id === keyRowId);
      if (hash && row) return { hash, row };
    }
    throw new CreditsError('notFound', 'The account has no such key now: it may have been deleted.', { retryable: false });
  }

  /**
   * Sets a key's limit with this account's (management) key: the key's hash
   * is looked up afresh by the page's AccountKey.id (hashes stay in this
   * host), then PATCH /keys/{hash} at the configured origin. The log names
   * the key by its name, never a secret or a hash.
   *
   * @throws CreditsError — noKey; notFound (no key with this id now); the client's kinds.
   */
  async updateKeyLimit(keyRowId: string, update: KeyLimitUpdate): Promise<AccountKey> {
    const key = await this.keys.get();
    const client = this.client;
    if (!key) throw new CreditsError('noKey', undefined, { retryable: false });
    if (!client) throw this.baseUrlError ?? new CreditsError('insecureBaseUrl');
    const { hash, row } = await this.hashOf(keyRowId);
    const updated = await client.updateKeyLimit(key, hash, update);
    const limit = updated.limit === null ? 'no limit' : `${updated.limit} USD`;
    this.log.info(`Key limit set for "${row.name || row.label}": ${limit}${updated.limitReset ? `, resets ${updated.limitReset}` : ', never resets'}.`);
    return updated;
  }

  /**
   * Fetches once and records the outcome, as the key's (keyId). With
   * `record: false` (a window whose key is not the shared state's) nothing is
   * written and nothing notifies: the outcome is this window's alone.
   */
  async fetch(reason: string, keyGen: number, opts: { record?: boolean } = {}): Promise<Outcome> {
    const gen = this.generation;
    const key = await this.keys.get();
    const id = this.keys.id;
    const client = this.client;
    if (!key || !id) return { kind: 'failed', error: new CreditsError('noKey', undefined, { retryable: false }) };
    if (!client) return { kind: 'failed', error: this.baseUrlError ?? new CreditsError('insecureBaseUrl') };
    // The key may change in another window while this request is out: record() voids the result then (afterAttempt).
    this.log.debug(`Refreshing (${reason}) from ${client.origin}.`);
    let snapshot: CreditSnapshot | undefined;
    let error: CreditsError | undefined;
    let accountStale = false;
    let breakdown: AccountBreakdown | undefined;
    let recheckKey = false;
    // What this refresh asks (core/requests.ts): a management key's /key at most hourly, /keys with each refresh, /activity once a day.
    const prev = this.store.readState();
    const mine = prev?.keyId === id ? prev : undefined;
    const plan = planRequests(mine?.snapshot, mine?.breakdown, Date.now(), { manual: reason === 'manual', recheckKey: !!mine?.recheckKey || opts.record === false });
    // One /keys per workspace (org/etiquette.ts), the structure hourly, members daily: alongside /credits for a known management key.
    const dirty = this.structureDirty;
    const org = (snap: CreditSnapshot | undefined) => (this.structureDirty = false, readOrg({ client, key, prev: mine?.breakdown, snapshot: snap, now: Date.now(), manual: reason === 'manual', structureDirty: dirty }));
    try {
      let orgP = plan.keys && opts.record !== false ? org(mine?.snapshot) : undefined;
      let activityP = plan.activity ? settle(client.fetchActivity(key)) : undefined;
      snapshot = await client.fetchSnapshot(key, { knownKey: plan.knownKey, knownKeyAt: plan.knownKeyAt });
      if (plan.knownKey && snapshot.accountError?.kind === 'invalidKey' && mine?.snapshot?.accountError?.kind !== 'invalidKey') {
        // A 401 while /key was not asked: ask it now (a revoked key is told as such).
        snapshot = await client.fetchSnapshot(key);
      }
      if ((snapshot?.key ?? plan.knownKey)?.isManagementKey && opts.record !== false) {
        orgP ??= org(snapshot);
        activityP ??= activityDue(mine?.breakdown, Date.now(), reason === 'manual') ? settle(client.fetchActivity(key)) : undefined;
        const [orgR, activityR] = await Promise.all([orgP, activityP]);
        const keysR = orgR.keys;
        if (dirty && orgR.failed.some(f => f.startsWith('structure'))) this.structureDirty = true;
        if ((keysR && !keysR.ok && keysR.kind === 'invalidKey') || (activityR && !activityR.ok && activityR.kind === 'invalidKey')) recheckKey = true;
        breakdown = mergeBreakdown(mine?.breakdown, keysR, activityR, Date.now());
        if (orgR.org) breakdown.org = orgR.org;
        if (snapshot && zerosContradictKeys(snapshot, breakdown.keys)) {
          snapshot = { ...buildSnapshot(snapshot.key, undefined, 'unavailable', snapshot.fetchedAt), ...(snapshot.keyAt ? { keyAt: snapshot.keyAt } : {}) };
        }
        const failed = [keysR && !keysR.ok ? `/keys: ${keysR.kind}` : '', activityR && !activityR.ok ? `/activity: ${activityR.kind}` : '', ...orgR.failed].filter(Boolean);
        if (failed.length) this.log.warn(`The account's breakdown is kept from before (${failed.join(', ')}).`);
      }
      // /key answered, so the key is valid, but /credits failed (even with a
      // 401): the key's figures are new, the account balance is the last good
      // one, stale. Retry like any failure, honouring /credits' own Retry-After.
      const ae = snapshot.accountStatus === 'error' ? snapshot.accountError ?? { kind: 'serviceError' } : undefined;
      // A 401 from /credits after /key said 200 (asked again above, at its first 401) is the account's failure, not the key's.
      if (ae && ae.kind !== 'invalidKey' && plan.knownKey && snapshot.keyAt === plan.knownKeyAt) {
        // /key was not asked (a management key's, reused): /credits was this refresh's only balance request, and it failed.
        error = new CreditsError(isCreditsErrorKind(ae.kind) ? ae.kind : 'serviceError', `OpenRouter did not return the account balance (${ae.kind}${ae.status ? `, HTTP ${ae.status}` : ''}).`, { status: ae.status, retryAfterMs: ae.retryAfterMs });
        snapshot = undefined;
      } else if (ae?.kind === 'outOfCredits') {
        error = new CreditsError('outOfCredits', undefined, { status: ae.status });
        accountStale = true;
      } else if (ae) {
        error = new CreditsError('serviceError', `OpenRouter did not return the account balance this time (${ae.kind}${ae.status ? `, HTTP ${ae.status}` : ''}).`, { status: ae.status, retryAfterMs: ae.retryAfterMs, retryable: true });
        accountStale = true;
      }
    } catch (e) {
      error = isCreditsError(e) ? e : new CreditsError('network');
    }
    if (gen !== this.generation) {
      this.log.debug('Discarding a result that a key or setting change made obsolete.');
      return { kind: 'obsolete', retry: !!this.client && this.client !== client };
    }
    return this.record(reason, { keyGen, id, client, snapshot, error, accountStale, breakdown, recheckKey }, opts);
  }

  /** Records a fetch's result in the shared state (unless `record: false`), and notifies a new kind of failure once. */
  private record(reason: string, r: FetchResult, opts: { record?: boolean }): Outcome {
    const { keyGen, id, client, snapshot, error, accountStale, breakdown, recheckKey } = r;
    // The key generation this window acted on: if another window set a key since, this result is void.
    const startKeyGen = keyGen;
    if (opts.record === false) {
      if (error) this.log.debug(`Refresh (${reason}) failed: ${error.message}`);
      return error ? { kind: 'failed', error } : { kind: 'ok', snapshot: snapshot!, shared: this.store.readState() ?? { v: 1, keyGen, updatedAt: 0 } };
    }
    let prevKind: string | undefined;
    const at = Date.now();
    const shared = this.store.update(s => {
      prevKind = s.error?.kind;
      const recorded = error && { kind: kindOf(error, accountStale), message: error.message, status: error.status, at };
      return afterAttempt(s, { startKeyGen, keyId: id, at, snapshot, error: recorded, creditsForbidden: client.creditsForbiddenState, breakdown, recheckKey });
    });
    if (shared.keyGen !== startKeyGen) {
      this.log.debug('Discarding a result for a key that another window replaced.');
      return { kind: 'replaced', shared };
    }
    if (error) {
      // One incident, one notification, across windows: only a new kind of failure is news.
      if (prevKind !== kindOf(error, accountStale)) {
        this.log.warn(`Refresh failed: ${error.message}${error.status ? ` (HTTP ${error.status})` : ''}.`);
        const message = errorMessage(vscode.l10n, error.kind, error.message, error.status);
        const name = this.accountName();
        this.notifier.incident(error.kind, name ? vscode.l10n.t('{0}: {1}', name, message) : message, this.accountId);
      }
      return { kind: 'failed', error, shared, ...(accountStale && shared.snapshot ? { snapshot: shared.snapshot } : {}) };
    }
    if (prevKind) this.log.info('Refresh succeeded again; the balance is current.');
    return { kind: 'ok', snapshot: snapshot!, shared };
  }
}
