// The fleet: one poller refreshes every account of the window (issue 12).
// Pure policy, no `vscode`: which accounts are due at a tick, how one that
// fails backs off while the others go on, which management keys are one
// OpenRouter account (asked once, counted once). The glue (vscode/accounts)
// holds the per-account slots and applies these decisions.
import { isCreditsError } from '../openrouter/errors';
import type { SharedState } from '../refresh/sharedState';
import { roundMoney } from '../money/model';
import type { CreditSnapshot, KeyInfo } from '../types';
import { accountKindOf, type AccountKind } from './accounts';

/** How often a management key whose account another stored key already fetches asks OpenRouter itself (to see it still works, and is still that account). */
export const SIBLING_OWN_POLL_MS = 60 * 60 * 1000;

/**
 * How long an account whose refresh failed waits while the others go on (one
 * poller refreshes every account, and a failing one must not stall them):
 * the interval, doubled per failure in a row, at most 8 intervals, and never
 * before OpenRouter's Retry-After. When every account fails, the poller's own
 * back-off applies instead.
 */
export function accountRetryDelay(failures: number, intervalMs: number, retryAfterMs?: number): number {
  const n = Math.max(1, Math.floor(failures));
  const backoff = Math.min(intervalMs * 2 ** (n - 1), intervalMs * 8);
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * Accounts that are one OpenRouter account seen through two management keys:
 * their last key lists (GET /keys, every key's AccountKey.id, disabled ones
 * included) are the same, and not empty. Each such account maps to the first
 * one in the list (its primary), which alone asks OpenRouter; the others take
 * its figures and count once in the total. Normal keys are never siblings:
 * they never ask for the account's endpoints.
 */
export function sameAccountSiblings(accounts: ReadonlyArray<{ id: string; kind: AccountKind; keyIds?: readonly string[] }>): Map<string, string> {
  const out = new Map<string, string>();
  const primaries = new Map<string, string>();
  for (const a of accounts) {
    if (a.kind !== 'management' || !a.keyIds?.length) continue;
    const sig = [...new Set(a.keyIds)].sort().join(',');
    const primary = primaries.get(sig);
    if (primary === undefined) primaries.set(sig, a.id);
    else out.set(a.id, primary);
  }
  return out;
}

/**
 * Which OpenRouter account a key belongs to, as /key tells it: its
 * organization (`organization_id`), else, when /key says it has none (null),
 * the user who created it (`creator_user_id`): a personal account's keys all
 * have its user as creator. Undefined when /key says neither, or does not say
 * `organization_id` at all (a personal and an organization key of one member
 * would look alike): such a key counts on its own.
 */
export function accountOwnerOf(key: Pick<KeyInfo, 'organizationId' | 'creatorUserId'>): string | undefined {
  if (typeof key.organizationId === 'string') return `org:${key.organizationId}`;
  if (key.organizationId === null && typeof key.creatorUserId === 'string' && key.creatorUserId) return `user:${key.creatorUserId}`;
  return undefined;
}

/**
 * Which accounts are another one's OpenRouter account, for counting each
 * account once in the total (`counted` → the account it counts with):
 * - sameAccountSiblings(), and a management account whose owner
 *   (accountOwnerOf()) is an earlier management account's;
 * - a normal key whose label (OpenRouter's masked form of it) is listed among
 *   a management account's keys, or whose owner is a management account's: the management account counts for it (its
 *   balance is the whole account's);
 * - a normal key whose owner is an earlier normal key's: the first one of
 *   them heads the group, and the total counts the group once
 *   (sharedSpendable()).
 * Polling is not affected: a normal key still asks /key for its own figures.
 */
export function countedOnce(accounts: ReadonlyArray<{ id: string; kind: AccountKind; keyIds?: readonly string[]; label?: string; keyLabels?: readonly string[]; owner?: string }>): Map<string, string> {
  const out = sameAccountSiblings(accounts);
  const heads = accounts.filter(m => m.kind === 'management' && !out.has(m.id));
  for (const a of accounts) {
    if (out.has(a.id)) continue;
    const holder = a.kind === 'management'
      ? (a.owner ? heads.find(m => m.id !== a.id && !out.has(m.id) && m.owner === a.owner && accounts.indexOf(m) < accounts.indexOf(a)) : undefined)
      : heads.find(m => !out.has(m.id) && ((!!a.label && !!m.keyLabels?.includes(a.label)) || (!!a.owner && m.owner === a.owner)));
    if (holder) out.set(a.id, holder.id);
  }
  const firstOfOwner = new Map<string, string>();
  for (const a of accounts) {
    if (a.kind === 'management' || out.has(a.id) || !a.owner) continue;
    const head = firstOfOwner.get(a.owner);
    if (head === undefined) firstOfOwner.set(a.owner, a.id);
    else out.set(a.id, head);
  }
  return out;
}

/**
 * What several normal keys of one OpenRouter account can spend together (the
 * `total` format counts the account once): each key's room under its own
 * limit added up (an unlimited key's is the whole account), capped once by
 * the account's remaining credit, from the freshest /credits among them.
 * Without account figures, the keys' own known balances added up (each is
 * its limit's room). Undefined when no key's balance is known.
 */
export function sharedSpendable(keys: ReadonlyArray<Pick<CreditSnapshot, 'key' | 'account' | 'spendable' | 'fetchedAt' | 'accountAsOf'> | undefined>): number | undefined {
  const known = keys.filter((k): k is NonNullable<typeof k> => !!k);
  const withAccount = known.filter(k => k.account).sort((x, y) => (y.accountAsOf ?? y.fetchedAt) - (x.accountAsOf ?? x.fetchedAt));
  const account = withAccount[0]?.account;
  if (!account) {
    const balances = known.map(k => k.spendable).filter((n): n is number => n !== undefined);
    return balances.length ? roundMoney(balances.reduce((a, b) => a + b, 0)) : undefined;
  }
  const room = known.reduce((sum, k) => sum + (k.key.limit === null || k.key.limitRemaining === null ? Infinity : Math.max(0, k.key.limitRemaining)), 0);
  return roundMoney(Math.min(account.remaining, room));
}

/** What the fleet knows of one account's key, from its shared state: its kind, its key list, its label, its OpenRouter account. */
export interface AccountFacts {
  id: string;
  kind: AccountKind;
  keyIds?: string[];
  label?: string;
  keyLabels?: string[];
  /** accountOwnerOf() its key. */
  owner?: string;
}

/**
 * An account's key facts (for sameAccountSiblings() and countedOnce()), from
 * its shared state; none while the state is not its key's (`keyId`: the key
 * the account reads now).
 */
export function keyFactsOf(id: string, state: SharedState | undefined, keyId: string | undefined): AccountFacts | undefined {
  if (!state?.snapshot || state.keyId !== keyId) return undefined;
  const owner = accountOwnerOf(state.snapshot.key);
  return {
    id,
    kind: accountKindOf(state.snapshot.key),
    keyIds: state.breakdown?.keys?.map(k => k.id),
    label: state.snapshot.key.label,
    keyLabels: state.breakdown?.keys?.map(k => k.label).filter(Boolean),
    ...(owner ? { owner } : {}),
  };
}

/** One account as the poller sees it at a tick. */
export interface FleetSlot {
  id: string;
  /** It has a key to poll with. */
  hasKey: boolean;
  /** Failures in a row while other accounts succeeded. */
  failures: number;
  /** When it is due again after failing (epoch ms). */
  nextAt?: number;
  /** When this window's poller last asked OpenRouter with its own key. */
  ownPollAt?: number;
  /** Its shared state records an error. */
  errored: boolean;
}

/**
 * The accounts one tick asks, in slot order: those with a key (and the shown
 * one even without a key read yet: its fetch reads the key again, and a
 * missing one is its noKey state) whose back-off is over. A sibling
 * (`siblings`: sibling → primary) asks itself only when its primary is not
 * healthy, or once every SIBLING_OWN_POLL_MS; otherwise it takes its
 * primary's figures.
 */
export function dueAccounts(slots: readonly FleetSlot[], shownId: string | undefined, siblings: ReadonlyMap<string, string>, now: number): string[] {
  const byId = new Map(slots.map(s => [s.id, s]));
  const healthy = (id: string | undefined): boolean => {
    const p = id === undefined ? undefined : byId.get(id);
    return !!p && p.failures === 0 && !p.errored;
  };
  const asksItself = (s: FleetSlot): boolean => !siblings.has(s.id) || !healthy(siblings.get(s.id)) || now - (s.ownPollAt ?? 0) >= SIBLING_OWN_POLL_MS;
  return slots.filter(s => (s.hasKey || s.id === shownId) && (s.nextAt ?? 0) <= now && asksItself(s)).map(s => s.id);
}

/** Which siblings take their primary's figures after a tick: [sibling, primary] where the primary was asked and succeeded, and the sibling was not asked. */
export function adoptions(siblings: ReadonlyMap<string, string>, asked: readonly string[], succeeded: readonly string[]): Array<[string, string]> {
  return [...siblings].filter(([sibling, primary]) => succeeded.includes(primary) && !asked.includes(sibling));
}

/** One account's result at a tick. */
export type PollResult = { id: string; ok: true } | { id: string; ok: false; error: unknown };

/**
 * What a tick's results do:
 * - allFailed: every account asked failed: none backs off on its own
 *   (`reset`), and the tick throws `error` (the one asking for the longest
 *   Retry-After) for the poller's own back-off;
 * - settled: those that succeeded start afresh (`reset`); each that failed
 *   waits accountRetryDelay() (`backoff`), except a noKey failure, which has
 *   nothing to back off from (asked again once it has a key).
 */
export type PollVerdict =
  | { kind: 'none' }
  | { kind: 'allFailed'; reset: string[]; error: unknown }
  | { kind: 'settled'; reset: string[]; backoff: Array<{ id: string; failures: number; nextAt: number; waitMs: number; errorKind: string }> };

export function pollVerdict(results: readonly PollResult[], failuresOf: (id: string) => number, intervalMs: number, now: number): PollVerdict {
  if (results.length === 0) return { kind: 'none' };
  const failed = results.filter((r): r is Extract<PollResult, { ok: false }> => !r.ok);
  if (failed.length === results.length) {
    const wait = (e: unknown): number => (isCreditsError(e) ? e.retryAfterMs ?? 0 : 0);
    const worst = failed.reduce((x, y) => (wait(y.error) > wait(x.error) ? y : x));
    return { kind: 'allFailed', reset: failed.map(f => f.id), error: worst.error };
  }
  const backoff = failed.filter(f => !(isCreditsError(f.error) && f.error.kind === 'noKey')).map(f => {
    const failures = failuresOf(f.id) + 1;
    const waitMs = accountRetryDelay(failures, intervalMs, isCreditsError(f.error) ? f.error.retryAfterMs : undefined);
    return { id: f.id, failures, nextAt: now + waitMs, waitMs, errorKind: isCreditsError(f.error) ? f.error.kind : 'error' };
  });
  return { kind: 'settled', reset: results.filter(r => r.ok).map(r => r.id), backoff };
}
