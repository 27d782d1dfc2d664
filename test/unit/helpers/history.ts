// Shared by samples.test.ts and spend.test.ts: a fixed clock point, snapshots
// and evenly spaced point series, and an in-memory HistoryStore.
import type { HistoryStore } from '../../../src/core/money/samples';
import type { CreditSnapshot, HistoryPoint, KeyInfo } from '../../../src/core/types';
import { keyInfo as baseKeyInfo } from './keyInfo';

// Wednesday 2025-06-04 00:00 UTC
export const WED = Date.UTC(2025, 5, 4);

function keyInfo(usage: number, extra: Partial<KeyInfo> = {}): KeyInfo {
  return baseKeyInfo({ usage, ...extra });
}

export function snap(t: number, usage: number, credits: number, extra: Partial<KeyInfo> = {}): CreditSnapshot {
  return {
    fetchedAt: t,
    key: keyInfo(usage, extra),
    account: { totalCredits: credits, totalUsage: usage, remaining: credits - usage, usagePercent: (usage / credits) * 100 },
    accountStatus: 'known',
    spendable: credits - usage,
    binding: 'account',
  };
}

/** Points every `stepMs` from `from` to `to` (inclusive) with usage(t) and credits(t). */
export function series(from: number, to: number, stepMs: number, usage: (t: number) => number, credits: (t: number) => number = () => 1000): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (let t = from; t <= to; t += stepMs) {
    const u = usage(t);
    const c = credits(t);
    out.push({ t, keyUsage: u, totalUsage: u, totalCredits: c, spendable: c - u });
  }
  return out;
}

export class MemoryStore implements HistoryStore {
  saved: HistoryPoint[][] = [];
  constructor(public data: unknown = []) {}
  load() {
    return this.data as HistoryPoint[];
  }
  save(points: HistoryPoint[]) {
    this.saved.push(points);
    this.data = points;
  }
}
