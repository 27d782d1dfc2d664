// One poller across windows: a timestamped lease that one window holds and
// renews; the others read the shared snapshot. Pure decisions; the file I/O
// lives in the vscode glue.

export interface LeaseRecord {
  /** The holder's window id (random, per extension host). */
  owner: string;
  /** Epoch ms until which the lease is valid unless renewed. */
  until: number;
}

export const LEASE_TTL_MS = 15_000;
export const LEASE_RENEW_MS = 5_000;

/**
 * Whether `me` may take (or keep) the lease given what is stored now. A lease
 * valid for longer than LEASE_TTL_MS was written before the system clock was
 * set back: it counts as expired (a live holder renews it within
 * LEASE_RENEW_MS), so a window that closed then does not block polling.
 */
export function mayHoldLease(current: LeaseRecord | undefined, me: string, now: number): boolean {
  if (!current || typeof current.owner !== 'string' || typeof current.until !== 'number') return true;
  return current.owner === me || current.until <= now || current.until - now > LEASE_TTL_MS;
}

export function parseLease(text: string | undefined): LeaseRecord | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<LeaseRecord>;
    if (typeof v.owner === 'string' && typeof v.until === 'number' && Number.isFinite(v.until)) return { owner: v.owner, until: v.until };
  } catch { /* a torn or foreign file counts as no lease */ }
  return undefined;
}

// Focus of every open window, one record per window in a shared file. Each
// window rewrites its own record every LEASE_RENEW_MS (a heartbeat), so a
// record that is not renewed belongs to a window that crashed or hangs.

export interface FocusRecord {
  focused: boolean;
  /** Epoch ms of the last write (or heartbeat) by its window. */
  at: number;
}

/** By window id. */
export type FocusMap = Record<string, FocusRecord>;

/** A record older than this no longer counts: three missed heartbeats. */
export const FOCUS_TTL_MS = 3 * LEASE_RENEW_MS;

/**
 * The well-formed records written within `ttlMs` of `now` (either way: after
 * the system clock is set back, records from "the future" are not trusted
 * either, until their windows rewrite them).
 */
export function liveFocus(map: unknown, now: number, ttlMs = FOCUS_TTL_MS): FocusMap {
  const out: FocusMap = {};
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return out;
  for (const [id, r] of Object.entries(map as Record<string, unknown>)) {
    if (typeof r !== 'object' || r === null) continue;
    const { focused, at } = r as Partial<FocusRecord>;
    if (typeof focused !== 'boolean' || typeof at !== 'number' || !Number.isFinite(at)) continue;
    if (Math.abs(now - at) <= ttlMs) out[id] = { focused, at };
  }
  return out;
}

/** Whether some window is focused, by its live record. */
export function anyLiveFocus(map: unknown, now: number, ttlMs = FOCUS_TTL_MS): boolean {
  return Object.values(liveFocus(map, now, ttlMs)).some(r => r.focused);
}
