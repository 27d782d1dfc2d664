// The fake's account in memory: key states, the key list, activity,
// generations, authorization codes and the drain, with the methods tests use
// to shape it. FakeOpenRouter (server.ts) is this state behind HTTP.

import { completedUtcDays, defaultActivity, defaultGenerations, type FakeActivity, type FakeActivityRow } from './activityData';
import { LIVE_KEY_FIELDS, defaultAccountKeys, defaultKeyStates, type FakeAccount, type FakeKeyState, type FakeListedKey } from './data';
import { applyDrain, spendOn, startDrain, type DrainOptions, type DrainState } from './drain';
import type { AuthCode, IssuedKey } from './routes/auth';
import { clone, isRecord, roundUsd } from './util';

export class FakeAccountState {
  /** Keys issued by POST /auth/keys, oldest first (cleared by reset()). */
  readonly issuedKeys: IssuedKey[] = [];
  /** The server clock (`now` option of start()). */
  readonly now: () => number;

  // Read and written by the routes (tests use the methods below).
  /** Key states by token. */
  keys = new Map<string, FakeKeyState>();
  /** The account's key list (GET /keys), in order. */
  accountKeys: FakeListedKey[] = [];
  /** Generation `data` objects by id. */
  generations = new Map<string, Record<string, unknown>>();
  /** Authorization codes issued by GET /auth and not yet exchanged. */
  readonly authCodes = new Map<string, AuthCode>();

  protected drainState: DrainState | undefined;
  private activity: FakeActivity = [];
  /** The account's configuration as started (what reset() restores). */
  private readonly initialAccount: FakeAccount;

  protected constructor(now: () => number, account: FakeAccount) {
    this.now = now;
    this.initialAccount = { ...account, keys: clone(account.keys), generations: clone(account.generations) };
  }

  setKeyState(token: string, state: FakeKeyState): void {
    this.keys.set(token, clone(state));
  }

  /** Remove a key: it then gets 401 "User not found." like a revoked key. */
  removeKey(token: string): void {
    this.keys.delete(token);
  }

  /** A copy of a key's current state (drain applied), or undefined. */
  getKeyState(token: string): FakeKeyState | undefined {
    this.applyDrain();
    return clone(this.keys.get(token));
  }

  patchKey(token: string, patch: Record<string, unknown>): void {
    const st = this.mustGet(token);
    st.key = { ...st.key, ...clone(patch) };
  }

  setCredits(token: string, credits: FakeKeyState['credits']): void {
    this.mustGet(token).credits = clone(credits);
  }

  /**
   * Add usage to one key: usage/usage_daily/usage_weekly/usage_monthly += usd;
   * limit_remaining -= usd when the key has a numeric limit (floor 0);
   * that key's numeric credits get total_usage += usd (the management key's
   * credits are the account). Other keys are not touched.
   */
  spend(token: string, usd: number): void {
    spendOn(this.mustGet(token), usd);
  }

  /** Account credits only: credits.total_credits += usd. Throws if the key has no numeric credits. */
  topUp(token: string, usd: number): void {
    const st = this.mustGet(token);
    if (!isRecord(st.credits)) throw new Error(`FakeOpenRouter.topUp: key ${token} has no numeric credits`);
    st.credits.total_credits = roundUsd(st.credits.total_credits + usd);
  }

  /** limit += usd and limit_remaining += usd. Throws for an unlimited key. */
  raiseLimit(token: string, usd: number): void {
    const k = this.mustGet(token).key;
    if (typeof k.limit !== 'number') throw new Error(`FakeOpenRouter.raiseLimit: key ${token} has no limit`);
    k.limit = roundUsd(k.limit + usd);
    k.limit_remaining = roundUsd((typeof k.limit_remaining === 'number' ? k.limit_remaining : 0) + usd);
  }

  /**
   * Spend continuously at usdPerSecond on one key (default: the management
   * key), computed lazily from the server clock at each request (and in
   * getKeyState). With `account` (a management token), that key's numeric
   * credits grow by the same amount (a normal key's spend is the account's).
   * Replaces any earlier drain.
   */
  drain(opts: DrainOptions): void {
    this.applyDrain();
    this.drainState = startDrain(opts, this.now());
  }

  stopDrain(): void {
    this.applyDrain();
    this.drainState = undefined;
  }

  /** The account's key list (GET /keys), in order; entries with `token` follow that key's /key figures. */
  setAccountKeys(keys: FakeListedKey[]): void {
    this.accountKeys = clone(keys);
  }

  /** The /keys items as they would be answered now (all of them, disabled too). */
  listedKeys(): Record<string, unknown>[] {
    this.applyDrain();
    return this.accountKeys.map((k) => this.listItem(k));
  }

  /** A list item: the entry's item, with a tied token's live /key figures. */
  listItem(entry: FakeListedKey): Record<string, unknown> {
    const item = clone(entry.item);
    const live = entry.token === undefined ? undefined : this.keys.get(entry.token);
    if (live) for (const f of LIVE_KEY_FIELDS) if (f in live.key) item[f] = clone(live.key[f]);
    return item;
  }

  setActivity(activity: FakeActivity): void {
    this.activity = typeof activity === 'function' ? activity : clone(activity);
  }

  /** The /activity rows as they would be answered now (the last ACTIVITY_DAYS completed UTC days). */
  activityRows(): FakeActivityRow[] {
    const days = new Set(completedUtcDays(this.now()));
    const rows = typeof this.activity === 'function' ? this.activity(this.now()) : this.activity;
    return rows.filter((r) => typeof r.date === 'string' && days.has(r.date)).map((r) => clone(r));
  }

  /** Replaces the known generations (id → /generation `data`). */
  setGenerations(generations: Record<string, Record<string, unknown>>): void {
    this.generations = new Map(Object.entries(clone(generations)));
  }

  /** Adds or replaces one generation; its id is data.id. */
  addGeneration(data: Record<string, unknown>): void {
    if (typeof data.id !== 'string' || !data.id) throw new Error('FakeOpenRouter.addGeneration: data.id must be a non-empty string');
    this.generations.set(data.id, clone(data));
  }

  /**
   * Default key states and account (or the one given to start()), no drain,
   * no authorization codes or issued keys.
   */
  reset(): void {
    this.drainState = undefined;
    this.keys = new Map(Object.entries(defaultKeyStates()));
    const a = this.initialAccount;
    this.setAccountKeys(a.keys ?? defaultAccountKeys());
    this.setActivity(a.activity ?? ((now: number) => defaultActivity(now)));
    this.setGenerations(a.generations ?? defaultGenerations());
    this.authCodes.clear();
    this.issuedKeys.length = 0;
  }

  /** Brings the drain, if any, up to the server clock. */
  protected applyDrain(): void {
    applyDrain(this.drainState, this.now(), this.keys);
  }

  private mustGet(token: string): FakeKeyState {
    const st = this.keys.get(token);
    if (!st) throw new Error(`FakeOpenRouter: unknown key ${token}`);
    return st;
  }
}
