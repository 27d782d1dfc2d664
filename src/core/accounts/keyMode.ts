// Whose figures an account shows, and the follower's rules (one window polls
// for all; the others follow). Pure: the account's controller
// (vscode/account/controller.ts) asks these with what it knows of its key and
// of the shared state.
import type { SharedState } from '../refresh/sharedState';
import { effectiveIntervalMs, intervalMs } from '../refresh/interval';
import type { KeySource } from '../view/view';

/** What an account knows of its key: where it comes from (undefined before SecretStorage answered), its keyId, its secret (none: the fallback account). */
export interface KeyFacts {
  source: KeySource | undefined;
  id: string | undefined;
  secretId?: string;
}

/**
 * Whose the shared state is, for this window:
 * - own: its key's (or no key's yet: before SecretStorage answers, the start-up cache shows);
 * - newer: a key another window set after this window read its own (in
 *   code-server, SecretStorage does not tell the other windows): shown, and
 *   this window does not poll with its older key;
 * - other: another key's (another OPENROUTER_API_KEY): never shown as this
 *   key's; the poller takes the state over, a follower fetches for itself.
 * `keyGenSeen`: the shared keyGen when this window last read its key in step with the state.
 */
export type KeyMode = 'own' | 'newer' | 'other';

export function keyMode(key: KeyFacts, shared: Pick<SharedState, 'keyId' | 'keyGen'>, keyGenSeen: number): KeyMode {
  if (key.source === undefined || key.source === 'none' || !shared.keyId || shared.keyId === key.id) return 'own';
  return shared.keyGen > keyGenSeen ? 'newer' : 'other';
}

/** Whether a key just read is in step with the shared state: the ids agree, or the state is nobody's, or there is no key. */
export function inStep(key: KeyFacts, shared: Pick<SharedState, 'keyId'>): boolean {
  return !shared.keyId || shared.keyId === key.id || key.source === 'none';
}

/**
 * Where the shown key comes from. A stored account's key that this window
 * cannot read (code-server keeps SecretStorage per window: a key added in
 * another window is not there) still has its figures in the shared state,
 * written by the window that polls it: those show, as the key's.
 */
export function keySourceShown(key: KeyFacts, shared: Pick<SharedState, 'keyId' | 'snapshot'>): KeySource | undefined {
  if (key.source === 'none' && key.secretId !== undefined && shared.keyId && shared.snapshot) return 'secret';
  return key.source;
}

/** Whose history this window reads and writes: the newer key's, or (a stored account's key this window cannot read) the shared state's key's; else its own key's. */
export function historyKeyId(key: KeyFacts, mode: KeyMode, shared: Pick<SharedState, 'keyId'>): string | undefined {
  return mode === 'newer' || (key.id === undefined && key.secretId !== undefined) ? shared.keyId : key.id;
}

/**
 * When the account last polled (epoch ms; 0 = never, or another key's state:
 * poll at once): the newer of the last attempt and the snapshot, leaving out
 * a time in the future (written before the system clock was set back); when
 * both lie there, the last poll counts as now. Never after `now`.
 */
export function lastPollAt(mode: KeyMode, shared: Pick<SharedState, 'snapshot' | 'attemptAt'>, now: number): number {
  if (!shared.snapshot || mode !== 'own') return 0;
  const past = [shared.attemptAt, shared.snapshot.fetchedAt].filter((t): t is number => t !== undefined && t <= now);
  return past.length ? Math.max(...past) : now;
}

/**
 * A follower whose key is not the shared state's fetches for itself at most
 * once per (configured) interval; a last fetch in the future (the clock was set
 * back) does not hold the next one up.
 */
export function ownFetchDue(lastOwnFetchAt: number | undefined, refreshIntervalSeconds: number, now: number): boolean {
  const last = lastOwnFetchAt ?? 0;
  return now >= last + intervalMs(refreshIntervalSeconds) || last > now;
}

/** How many effective intervals without a refresh make an account an orphan (one the polling window cannot read the key of). */
export const ORPHAN_AFTER_INTERVALS = 3;

/**
 * Whether a follower refreshes an account nobody polls: it has a key here,
 * figures of its own that are not backing off, and nobody refreshed it for
 * ORPHAN_AFTER_INTERVALS effective intervals.
 */
export function orphaned(a: { hasKey: boolean; shared: Pick<SharedState, 'snapshot' | 'retry'>; lastPollAt: number }, refreshIntervalSeconds: number, anyFocused: boolean, now: number): boolean {
  if (!a.hasKey || !a.shared.snapshot || a.shared.retry || a.lastPollAt === 0) return false;
  return now - a.lastPollAt >= ORPHAN_AFTER_INTERVALS * effectiveIntervalMs(refreshIntervalSeconds, anyFocused);
}
