// Request etiquette: which endpoints one refresh asks, and how their answers
// join the account's breakdown. Pure decisions; the glue (refresher.ts) sends
// the requests. No `vscode` import here.
//
// - /key: always for a normal key. A management key's /key figures are all 0
//   and its flags rarely change: asked when the key is set, then at most once
//   an hour (KEY_RECHECK_MS), and at once after a 401 from any endpoint.
// - /credits: every refresh (unless the client remembers a 403).
// - /keys: every refresh of a management key. A normal key never asks it:
//   OpenRouter lets only management keys list keys, and /key says which kind
//   a key is.
// - /activity: only changes once a day. At most once per UTC day per
//   account, plus at most once an hour on a manual refresh; a failed try is
//   retried at most once an hour. The last copy is kept across reloads. An
//   answer without yesterday is asked again hourly until one comes
//   ACTIVITY_SETTLE_MS after midnight: without yesterday, that one says
//   yesterday had no spend, and nothing more is asked that day.
// Steady state for a management key: 2 requests (/credits and /keys); with
// workspaces, 1 + W (one /keys per workspace) and the org structure hourly,
// members daily: org/etiquette.ts (planOrgRequests, keysToAsk, mergeOrg).

import { ACTIVITY_SETTLE_MS, dailyFromActivity, spendByModel } from '../money/breakdown';
import { ACCOUNT_KEY_FIELDS } from '../shapes';
import type { AccountBreakdown, AccountKey, ActivityRow, CreditSnapshot } from '../types';

export const KEY_RECHECK_MS = 60 * 60 * 1000;
export const ACTIVITY_MANUAL_MS = 60 * 60 * 1000;
export const ACTIVITY_RETRY_MS = 60 * 60 * 1000;
export { ACTIVITY_SETTLE_MS };

export interface RequestPlan {
  /** Reuse this /key answer instead of asking /key (a management key, checked within the hour). */
  knownKey?: CreditSnapshot['key'];
  knownKeyAt?: number;
  /** Ask /keys alongside (we already know the key is a management key). */
  keys: boolean;
  /** Ask /activity (management key, not yet today, or a manual refresh after an hour). */
  activity: boolean;
}

function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * What to ask, given the key's last snapshot and breakdown (undefined for a
 * key never fetched). `manual`: the user asked. `recheckKey`: an endpoint said
 * 401 last time, or the key was just set.
 */
export function planRequests(prev: CreditSnapshot | undefined, b: AccountBreakdown | undefined, now: number, opts: { manual?: boolean; recheckKey?: boolean } = {}): RequestPlan {
  const mgmt = !!prev?.key.isManagementKey;
  const keyAt = prev ? prev.keyAt ?? prev.fetchedAt : 0;
  const reuse = mgmt && !opts.recheckKey && now - keyAt >= 0 && now - keyAt < KEY_RECHECK_MS;
  return {
    ...(reuse ? { knownKey: prev!.key, knownKeyAt: keyAt } : {}),
    keys: mgmt,
    activity: mgmt && activityDue(b, now, !!opts.manual),
  };
}

/** Whether /activity is due (see the rules above); also asked for a management key just learned. */
export function activityDue(b: AccountBreakdown | undefined, now: number, manual: boolean): boolean {
  // A time in the future was stored before the clock was set back: it holds nothing off.
  if (b?.activityError && b.activityTriedAt !== undefined && now >= b.activityTriedAt && now - b.activityTriedAt < ACTIVITY_RETRY_MS && !manual) return false;
  if (!b?.activityDay || b.activityDay !== utcDay(now)) return true;
  const hourPassed = b.activityAt === undefined || now < b.activityAt || now - b.activityAt >= ACTIVITY_MANUAL_MS;
  // Fetched today before OpenRouter had added yesterday: ask again, hourly, until it
  // has, or until an answer late enough says yesterday had no spend.
  const settled = b.activityAt !== undefined && b.activityAt - Date.parse(`${b.activityDay}T00:00:00Z`) >= ACTIVITY_SETTLE_MS;
  if (b.activityHasYesterday === false && hourPassed && !settled) return true;
  return manual && hourPassed;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; kind: string } | undefined;

/**
 * The breakdown after one refresh: new answers replace the old, a failure
 * keeps the last good copy and records its kind (never a reason to call the
 * balance stale). `undefined` results were not asked.
 */
export function mergeBreakdown(prev: AccountBreakdown | undefined, keys: Settled<AccountKey[]>, activity: Settled<ActivityRow[]>, now: number): AccountBreakdown {
  const next: AccountBreakdown = { ...prev };
  if (keys?.ok) {
    next.keys = keepUnchanged(prev?.keys, keys.value);
    next.keysAt = now;
    delete next.keysError;
  } else if (keys) {
    next.keysError = keys.kind;
  }
  if (activity?.ok) {
    next.byModel = spendByModel(activity.value);
    next.daily = dailyFromActivity(activity.value, { now });
    next.activityAt = now;
    next.activityDay = utcDay(now);
    next.activityHasYesterday = activity.value.some(r => r.date === utcDay(now - 86_400_000));
    delete next.activityError;
    delete next.activityTriedAt;
  } else if (activity) {
    next.activityError = activity.kind;
    next.activityTriedAt = now;
  }
  return next;
}

/**
 * The keys as listed now, each unchanged key as the very object it was
 * before, and the previous array itself when no key changed, moved, came or
 * went. Most of a big account's keys spend nothing between two refreshes:
 * what is kept by object (the shared state's text, stateText.ts) is not
 * worked out again for them. Keys are never changed in place.
 */
export function keepUnchanged(prev: readonly AccountKey[] | undefined, next: AccountKey[]): AccountKey[] {
  if (!prev?.length) return next;
  const byId = new Map<string, AccountKey>();
  for (const k of prev) byId.set(k.id, k);
  let all = prev.length === next.length;
  const out = new Array<AccountKey>(next.length);
  for (let i = 0; i < next.length; i++) {
    const k = next[i];
    const p = byId.get(k.id);
    if (p !== undefined && sameFields(p, k)) {
      out[i] = p;
      if (prev[i] !== p) all = false;
    } else {
      out[i] = k;
      all = false;
    }
  }
  return all ? (prev as AccountKey[]) : out;
}

/** The same fields with the same values; a stored key with a field a fresh read does not have (an older or newer window's) is not the same. */
function sameFields(a: AccountKey, b: AccountKey): boolean {
  for (const f of ACCOUNT_KEY_FIELDS) if (!Object.is(a[f], b[f])) return false;
  // The same values and as many fields: an absent field and an undefined one write the same JSON.
  return ownCount(a) === ownCount(b);
}

function ownCount(o: object): number {
  let n = 0;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
  return n;
}

/**
 * One /keys answer from the answers of every workspace (issue 20): all of
 * their keys, each once (by id). Any read failing fails the whole (the last
 * good copy of every workspace is kept, never a partial account). `[]`: none asked.
 */
export function combineWorkspaceKeys(results: ReadonlyArray<Settled<AccountKey[]>>): Settled<AccountKey[]> {
  if (!results.length) return undefined;
  const failed = results.find(r => r && !r.ok);
  if (failed) return failed;
  const byId = new Map<string, AccountKey>();
  for (const r of results) if (r?.ok) for (const k of r.value) if (!byId.has(k.id)) byId.set(k.id, k);
  return { ok: true, value: [...byId.values()] };
}

/**
 * Zeros from /credits for a management key are real unless the account's
 * keys show usage: then they are not a balance ("unavailable"), never $0.
 * (A management key's own /key usage is always 0, so /key cannot tell.)
 */
export function zerosContradictKeys(s: CreditSnapshot, keys: readonly AccountKey[] | undefined): boolean {
  return !!s.account && s.account.totalCredits === 0 && s.account.totalUsage === 0 && !!keys && keys.some(k => k.usage > 0);
}
