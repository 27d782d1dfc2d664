// Spending: one key's spend, and the drain simulation (a key spending
// continuously, applied lazily from the server clock at each request).

import { FAKE_KEYS } from './constants';
import type { FakeKeyState } from './data';
import { isRecord, roundUsd } from './util';

export interface DrainOptions {
  /** The key that spends; default the management key. */
  token?: string;
  /** A management token whose numeric credits grow by the same amount. */
  account?: string;
  usdPerSecond: number;
}

/** A running drain: what it spends, since when, and how much it has applied. */
export interface DrainState {
  token: string;
  account?: string;
  usdPerSecond: number;
  startedAt: number;
  applied: number;
}

/**
 * Adds usage to one key: usage/usage_daily/usage_weekly/usage_monthly += usd;
 * limit_remaining -= usd when the key has a numeric limit (floor 0);
 * its numeric credits get total_usage += usd.
 */
export function spendOn(st: FakeKeyState, usd: number): void {
  const k = st.key;
  for (const f of ['usage', 'usage_daily', 'usage_weekly', 'usage_monthly']) {
    if (typeof k[f] === 'number') k[f] = roundUsd((k[f] as number) + usd);
  }
  if (typeof k.limit === 'number' && typeof k.limit_remaining === 'number') {
    k.limit_remaining = Math.max(0, roundUsd(k.limit_remaining - usd));
  }
  if (isRecord(st.credits)) st.credits.total_usage = roundUsd(st.credits.total_usage + usd);
}

/** A drain starting at `nowMs`, nothing applied yet. */
export function startDrain(opts: DrainOptions, nowMs: number): DrainState {
  const d: DrainState = { token: opts.token ?? FAKE_KEYS.management, usdPerSecond: opts.usdPerSecond, startedAt: nowMs, applied: 0 };
  if (opts.account !== undefined) d.account = opts.account;
  return d;
}

/**
 * Brings a drain up to `nowMs`: spends on its key what it has not applied yet
 * (and adds it to the `account` key's numeric total_usage). Nothing happens
 * while its key is unknown.
 */
export function applyDrain(d: DrainState | undefined, nowMs: number, keys: Map<string, FakeKeyState>): void {
  const st = d === undefined ? undefined : keys.get(d.token);
  if (!d || !st) return;
  const target = roundUsd((d.usdPerSecond * Math.max(0, nowMs - d.startedAt)) / 1000);
  const delta = roundUsd(target - d.applied);
  if (delta === 0) return;
  spendOn(st, delta);
  const account = d.account === undefined ? undefined : keys.get(d.account);
  if (account && isRecord(account.credits)) account.credits.total_usage = roundUsd(account.credits.total_usage + delta);
  d.applied = target;
}
