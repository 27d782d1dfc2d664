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

/** Whether `me` may take (or keep) the lease given what is stored now. */
export function mayHoldLease(current: LeaseRecord | undefined, me: string, now: number): boolean {
  if (!current || typeof current.owner !== 'string' || typeof current.until !== 'number') return true;
  return current.owner === me || current.until <= now;
}

export function parseLease(text: string | undefined): LeaseRecord | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<LeaseRecord>;
    if (typeof v.owner === 'string' && typeof v.until === 'number' && Number.isFinite(v.until)) return { owner: v.owner, until: v.until };
  } catch { /* a torn or foreign file counts as no lease */ }
  return undefined;
}
