// Small helpers shared by the fake's modules: money rounding, copies, hashes.

import { createHash } from 'node:crypto';

/** Round money to 6 decimals to avoid float noise. */
export function roundUsd(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r; // no -0
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A deterministic number in [0, 1) from a seed text. */
export function unit(seed: string): number {
  return parseInt(sha256Hex(seed).slice(0, 12), 16) / 2 ** 48;
}

/** A deterministic UUID-shaped id from a seed text. */
export function fakeUuid(seed: string): string {
  const h = sha256Hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
