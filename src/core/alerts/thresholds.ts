// Threshold engine: turns successive readings into one-shot alerts with
// hysteresis, snooze and "don't show again". Its state is plain JSON so that
// several windows can share it. No `vscode` import here.
//
// Per kind:
// - lowCredit: fires when spendable < lowCreditUsd; re-arms at
//   spendable >= threshold + hysteresisUsd (default max(0.5, 10 % of threshold)).
//   Skipped while spendable is unknown. Threshold 0 = off.
// - usagePercent: fires when usage % >= threshold; re-arms at
//   <= threshold - hysteresisPercent (default 2 points). Threshold 0 = off.
// - outOfCredits: fires when spendable <= 0 or the caller saw a 402
//   (`outOfCredits: true`); re-arms as soon as neither holds. Always on.
//   When it fires, lowCredit / usagePercent alerts of the same evaluation are
//   not returned (their state still counts them as fired): one toast, not three.
// - spendSpike: fires when spendLastHour > spendPerHourUsd; re-arms when it is
//   back at or below the threshold. Threshold 0 = off.
// A kind whose input is unknown (undefined) is left untouched by evaluate().
// Changing a threshold re-arms the kind unless the last value was already past
// the old threshold, so a value that is *newly* past the new threshold fires.
// The first evaluation (no state) fires once when a value is already past.
// Snooze: nothing fires before the snooze ends; snoozing re-arms the kind, so
// if the value is still past the threshold when the snooze ends it fires once.
// suppressForever: the kind never fires again while this state lasts (the
// caller starts a fresh state to forget it, e.g. after a key change), or until
// unsuppressAll() ("Reset Dismissed Warnings"), which keeps everything else: a
// crossing the user already saw does not fire again, one that happened while
// it was suppressed fires at the next evaluation.
//
// whatRanOut() says, for the outOfCredits alert, whether it is the account or
// this key's limit (and when that limit resets).

import type { CreditSnapshot } from '../types';

export type AlertKind = 'lowCredit' | 'usagePercent' | 'outOfCredits' | 'spendSpike' | 'budgetDay' | 'budgetWeek' | 'budgetMonth' | 'dailyReport';
/** Every kind that notifies (and can be snoozed or dismissed). The budget kinds and the daily report are decided outside the engine (budgets.ts, report.ts). */
export const ALERT_KINDS: readonly AlertKind[] = ['outOfCredits', 'lowCredit', 'usagePercent', 'spendSpike', 'budgetDay', 'budgetWeek', 'budgetMonth', 'dailyReport'];
/** The kinds this engine decides. */
export type EngineKind = 'lowCredit' | 'usagePercent' | 'outOfCredits' | 'spendSpike';
export const ENGINE_KINDS: readonly EngineKind[] = ['outOfCredits', 'lowCredit', 'usagePercent', 'spendSpike'];

export interface Alert {
  kind: AlertKind;
  /** The value that crossed: USD, %, USD in the last hour; for outOfCredits the balance if <= 0, else 0 (a 402). */
  value: number;
  threshold: number;
}

export interface ThresholdInput {
  spendable?: number;
  /**
   * What the next request may still spend before a budget, guardrail or key
   * limit refuses it (core/org/headroom.ts), when known: the low-credit
   * warning takes it when it is smaller than `spendable`.
   */
  headroomUsd?: number;
  usagePercent?: number;
  /** true after a 402 (out of credits), even when spendable is not known. */
  outOfCredits?: boolean;
  spendLastHour?: number;
}

export interface ThresholdSettings {
  lowCreditUsd: number;
  usagePercent: number;
  spendPerHourUsd: number;
  hysteresisUsd?: number;
  hysteresisPercent?: number;
}

export interface KindState {
  /** Will fire at the next reading past the threshold. */
  armed: boolean;
  /** Threshold in force at the last evaluation (0 = off). */
  threshold?: number;
  /** Last value seen. */
  lastValue?: number;
  /** Epoch ms; no alert before this. */
  snoozedUntil?: number;
  suppressed?: boolean;
  lastFiredAt?: number;
}

export interface ThresholdState {
  v: 1;
  kinds: Partial<Record<AlertKind, KindState>>;
}

interface Rule {
  value: number | undefined;
  threshold: number;
  enabled: boolean;
  past(v: number, th: number): boolean;
  recovered(v: number, th: number): boolean;
}

/** The longest snooze a user can set (a warning's "Snooze 24 h"): one further ahead was stored before the clock was set back, or crafted. */
export const MAX_SNOOZE_MS = 24 * 60 * 60 * 1000;

/** Whether a snooze holds at `now`: not over, and not further ahead than MAX_SNOOZE_MS (see above). */
export function snoozeHolds(until: number | undefined, now: number): boolean {
  return until !== undefined && now < until && until - now <= MAX_SNOOZE_MS;
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function sanitizeKind(raw: unknown): KindState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const s: KindState = { armed: r.armed !== false };
  if (finite(r.threshold)) s.threshold = r.threshold;
  if (finite(r.lastValue)) s.lastValue = r.lastValue;
  if (finite(r.snoozedUntil)) s.snoozedUntil = r.snoozedUntil;
  if (r.suppressed === true) s.suppressed = true;
  if (finite(r.lastFiredAt)) s.lastFiredAt = r.lastFiredAt;
  return s;
}

/**
 * Builds the engine input from a snapshot. Usage % is the figure that binds:
 * the key's when its limit binds the spendable balance, else the account's
 * (the key's when the account's is not known). `spendLastHour` is derive()'s,
 * which is undefined after a gap, so a gap never fires the spend alert.
 */
export function thresholdInputFromSnapshot(s: CreditSnapshot, spendLastHour?: number, saw402 = false, headroomUsd?: number): ThresholdInput {
  return {
    spendable: s.spendable,
    ...(finite(headroomUsd) ? { headroomUsd } : {}),
    usagePercent: s.binding === 'key' ? s.keyUsagePercent : (s.account?.usagePercent ?? s.keyUsagePercent),
    outOfCredits: saw402 || (s.spendable !== undefined && s.spendable <= 0),
    spendLastHour,
  };
}

export class ThresholdEngine {
  private state: ThresholdState;

  /** Accepts a previous toJSON() (or anything: invalid parts are dropped). */
  constructor(state?: ThresholdState | unknown) {
    this.state = { v: 1, kinds: {} };
    if (typeof state === 'object' && state !== null) {
      const kinds = (state as { kinds?: unknown }).kinds;
      if (typeof kinds === 'object' && kinds !== null) {
        for (const k of ALERT_KINDS) {
          const s = sanitizeKind((kinds as Record<string, unknown>)[k]);
          if (s) this.state.kinds[k] = s;
        }
      }
    }
  }

  /** A deep copy of the state, plain JSON. */
  toJSON(): ThresholdState {
    const kinds: ThresholdState['kinds'] = {};
    for (const k of ALERT_KINDS) {
      const s = this.state.kinds[k];
      if (s) kinds[k] = { ...s };
    }
    return { v: 1, kinds };
  }

  private kind(k: AlertKind): KindState {
    let s = this.state.kinds[k];
    if (!s) {
      s = { armed: true };
      this.state.kinds[k] = s;
    }
    return s;
  }

  /** No alert of this kind before `untilMs`; re-arms it so it fires once at the end if still past. */
  snooze(kind: AlertKind, untilMs: number): void {
    const s = this.kind(kind);
    s.snoozedUntil = untilMs;
    s.armed = true;
  }

  /** "Don't show again". */
  suppressForever(kind: AlertKind): void {
    this.kind(kind).suppressed = true;
  }

  /** Undoes every suppressForever(); returns the kinds that were suppressed. */
  unsuppressAll(): AlertKind[] {
    const kinds: AlertKind[] = [];
    for (const k of ALERT_KINDS) {
      const s = this.state.kinds[k];
      if (s?.suppressed) {
        delete s.suppressed;
        kinds.push(k);
      }
    }
    return kinds;
  }

  evaluate(input: ThresholdInput, settings: ThresholdSettings, now: number): Alert[] {
    const low = finite(settings.lowCreditUsd) && settings.lowCreditUsd > 0 ? settings.lowCreditUsd : 0;
    const pct = finite(settings.usagePercent) && settings.usagePercent > 0 ? settings.usagePercent : 0;
    const spike = finite(settings.spendPerHourUsd) && settings.spendPerHourUsd > 0 ? settings.spendPerHourUsd : 0;
    const hystUsd = finite(settings.hysteresisUsd) && settings.hysteresisUsd >= 0 ? settings.hysteresisUsd : Math.max(0.5, 0.1 * low);
    const hystPct = finite(settings.hysteresisPercent) && settings.hysteresisPercent >= 0 ? settings.hysteresisPercent : 2;
    const spendable = finite(input.spendable) ? input.spendable : undefined;

    let oocValue: number | undefined;
    if (input.outOfCredits === true) oocValue = 1;
    else if (spendable !== undefined) oocValue = spendable <= 0 ? 1 : 0;
    else if (input.outOfCredits === false) oocValue = 0;

    const rules: Record<EngineKind, Rule> = {
      outOfCredits: {
        value: oocValue,
        threshold: 0,
        enabled: true,
        past: v => v === 1,
        recovered: v => v === 0,
      },
      lowCredit: {
        // The smaller of the balance and the headroom (a budget or limit that binds first).
        value: finite(input.headroomUsd) && (spendable === undefined || input.headroomUsd < spendable) ? input.headroomUsd : spendable,
        threshold: low,
        enabled: low > 0,
        past: (v, th) => v < th,
        recovered: (v, th) => v >= th + hystUsd,
      },
      usagePercent: {
        value: finite(input.usagePercent) ? input.usagePercent : undefined,
        threshold: pct,
        enabled: pct > 0,
        past: (v, th) => v >= th,
        recovered: (v, th) => v <= th - hystPct,
      },
      spendSpike: {
        value: finite(input.spendLastHour) ? input.spendLastHour : undefined,
        threshold: spike,
        enabled: spike > 0,
        past: (v, th) => v > th,
        recovered: (v, th) => v <= th,
      },
    };

    const alerts: Alert[] = [];
    for (const kind of ENGINE_KINDS) {
      const rule = rules[kind];
      const fired = this.step(kind, rule, now);
      if (fired) {
        // outOfCredits reports the (non-positive) balance, or 0 when only a 402 said so.
        const value = kind === 'outOfCredits' ? (spendable !== undefined && spendable <= 0 ? spendable : 0) : (rule.value as number);
        alerts.push({ kind, value, threshold: rule.threshold });
      }
    }
    if (alerts.some(a => a.kind === 'outOfCredits')) {
      return alerts.filter(a => a.kind !== 'lowCredit' && a.kind !== 'usagePercent');
    }
    return alerts;
  }

  private step(kind: AlertKind, rule: Rule, now: number): boolean {
    const s = this.kind(kind);
    if (s.snoozedUntil !== undefined && now >= s.snoozedUntil) delete s.snoozedUntil;
    // Stored before the clock was set back (or crafted): it ends when the longest snooze from now would.
    else if (s.snoozedUntil !== undefined && s.snoozedUntil - now > MAX_SNOOZE_MS) s.snoozedUntil = now + MAX_SNOOZE_MS;
    if (!rule.enabled) {
      // Off: nothing fires; turning it on later counts as a threshold change.
      s.armed = true;
      s.threshold = 0;
      return false;
    }
    if (rule.value === undefined) return false;
    const v = rule.value;
    if (s.threshold !== undefined && s.threshold !== rule.threshold) {
      const oldOn = s.threshold > 0;
      const wasPast = oldOn && s.lastValue !== undefined && rule.past(s.lastValue, s.threshold);
      if (!wasPast) s.armed = true;
    }
    s.threshold = rule.threshold;
    s.lastValue = v;
    if (rule.past(v, rule.threshold)) {
      const snoozed = s.snoozedUntil !== undefined && now < s.snoozedUntil;
      if (s.armed && !snoozed && !s.suppressed) {
        s.armed = false;
        s.lastFiredAt = now;
        return true;
      }
    } else if (rule.recovered(v, rule.threshold)) {
      s.armed = true;
    }
    return false;
  }
}

/** What an outOfCredits alert is about: the account's balance, or this key's limit (and when it resets, if it does). */
export type RanOut = { what: 'account' } | { what: 'key'; limit: number; resetsAt?: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a key limit with this `limit_reset` next resets after `now`, in epoch ms:
 * the next UTC midnight (daily), the next Monday 00:00 UTC (weekly), the first
 * of the next month 00:00 UTC (monthly). undefined when it never resets or the
 * period is one this code does not know.
 */
export function nextLimitReset(reset: string | null, now: number): number | undefined {
  if (!finite(now)) return undefined;
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (reset) {
    case 'daily': return today + DAY_MS;
    case 'weekly': return today + (((8 - d.getUTCDay()) % 7) || 7) * DAY_MS; // getUTCDay: 0 = Sunday, 1 = Monday
    case 'monthly': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    default: return undefined;
  }
}

/**
 * What ran out, for the outOfCredits alert (a balance at or below 0, or a 402).
 * A figure at or below 0 decides (the account first: topping up is needed
 * then); otherwise the figure that binds the spendable balance. With no figures
 * at all (a 402 and no snapshot), the account.
 */
export function whatRanOut(s: CreditSnapshot | undefined, now: number): RanOut {
  if (!s) return { what: 'account' };
  const key = (): RanOut => {
    const resetsAt = nextLimitReset(s.key.limitReset, now);
    return resetsAt === undefined ? { what: 'key', limit: s.key.limit as number } : { what: 'key', limit: s.key.limit as number, resetsAt };
  };
  if (s.account && s.account.remaining <= 0) return { what: 'account' };
  if (s.key.limit === null) return { what: 'account' };
  if (s.key.limitRemaining !== null && s.key.limitRemaining <= 0) return key();
  return s.binding === 'key' ? key() : { what: 'account' };
}
