// The pre-flight check behind the `openrouter-credits` task type: does the
// spendable balance cover `minimumUsd`? A task in tasks.json can then gate an
// expensive task with `dependsOn`. Also the public API's hasCredits(). Pure
// decision and wording; no `vscode`.
//
// How old a balance may be (balanceMaxAgeMs): a check decides on the last
// known balance only while it is younger than 3 refresh intervals (the
// interval as polling uses it: 4× longer while no VS Code window is focused),
// and never less than 15 minutes. With the default 5 minutes: 15 minutes
// while VS Code is focused, 1 hour while it is not. An older balance (the
// refreshes failed, or nothing polled) does not pass: the task fails and
// says how old it is ("is from 2 hours ago"), hasCredits() answers undefined
// (unknown). A balance below the minimum fails as below, however old.

import type { Formatter } from '../text/format';
import type { L10n } from '../text/strings';
import { effectiveIntervalMs } from '../refresh/interval';
import { CLOCK_SLACK_MS } from '../money/samples';
import { isOutOfCredits, type View } from './view';
import { layerPhrase } from '../org/orgText';
import type { HeadroomLayer } from '../org/headroom';

/**
 * A budget, guardrail or key limit that leaves less than the spendable
 * balance (the shown key's headroom, core/org/headroom.ts): what the next
 * request may really spend, and what binds. Undefined when the balance binds
 * or the headroom is not known (a management key: its rows have their own).
 */
export function headroomBinds(v: View): { remainingUsd: number; layer: HeadroomLayer } | undefined {
  const h = v.org?.headroom;
  const spendable = v.snapshot?.spendable;
  if (!h?.binding || h.remainingUsd === undefined || !Number.isFinite(h.remainingUsd) || h.binding.scope === 'balance') return undefined;
  if (spendable !== undefined && h.remainingUsd >= spendable) return undefined;
  return { remainingUsd: Math.max(0, h.remainingUsd), layer: h.binding };
}

export interface PreflightResult {
  ok: boolean;
  /** One line for the task's terminal (already localized). */
  message: string;
}

/** What the glue passes for the balance's age: the time now and whether some VS Code window is focused. */
export interface BalanceClock {
  now: number;
  focused: boolean;
}

/** A balance older than this many refresh intervals is not decided on. */
export const BALANCE_MAX_AGE_INTERVALS = 3;
/** ... and never one younger than this (ms). */
export const BALANCE_MIN_MAX_AGE_MS = 15 * 60_000;

/** The oldest balance a check decides on (ms): see the top of this file. */
export function balanceMaxAgeMs(refreshIntervalSeconds: number, focused: boolean): number {
  const interval = effectiveIntervalMs(refreshIntervalSeconds, focused);
  return Math.max(BALANCE_MIN_MAX_AGE_MS, BALANCE_MAX_AGE_INTERVALS * (Number.isFinite(interval) ? interval : 0));
}

/**
 * When the spendable balance was fetched: the snapshot's time, or the
 * account figures' when they were carried over from an earlier refresh
 * (/credits failed since).
 */
export function balanceAsOf(v: View): number | undefined {
  const s = v.snapshot;
  if (!s) return undefined;
  return s.accountAsOf !== undefined ? Math.min(s.fetchedAt, s.accountAsOf) : s.fetchedAt;
}

/** The balance's age (ms; negative: from after now, a clock set back) when it is too old to decide on; undefined when it is young enough (or there is none). */
export function balanceTooOld(v: View, clock: BalanceClock): number | undefined {
  const asOf = balanceAsOf(v);
  if (asOf === undefined) return undefined;
  const age = clock.now - asOf;
  // Fetched "in the future" beyond clock skew: written before the clock was set back, its age unknown.
  if (age < -CLOCK_SLACK_MS) return age;
  return age > balanceMaxAgeMs(v.settings.refreshIntervalSeconds, clock.focused) ? age : undefined;
}

/** Whether the view is fresh enough to decide on without asking OpenRouter again. */
export function preflightFresh(v: View): boolean {
  return !!v.snapshot && !v.stale && v.status === 'ok';
}

export function preflight(v: View, minimumUsd: number, l10n: L10n, f: Formatter, topUpUrl: string, clock: BalanceClock): PreflightResult {
  const min = f.usd(minimumUsd);
  if (!Number.isFinite(minimumUsd) || minimumUsd < 0) {
    return { ok: false, message: l10n.t('The task\'s "minimumUsd" must be a number of US dollars, 0 or more.') };
  }
  if (v.status === 'noKey') return { ok: false, message: l10n.t('No OpenRouter API key is set: run "OpenRouter: Set API Key" or "OpenRouter: Sign In with OpenRouter".') };
  if (v.status === 'invalidKey') return { ok: false, message: l10n.t('OpenRouter rejected the API key: the balance cannot be checked.') };
  const s = v.snapshot;
  if (isOutOfCredits(v)) {
    return { ok: false, message: l10n.t('OpenRouter is out of credits; {0} is needed. Top up: {1}', min, topUpUrl) };
  }
  if (!s || s.spendable === undefined) {
    return { ok: false, message: l10n.t('The spendable OpenRouter balance is not known for this key, so {0} cannot be confirmed. A management key shows it.', min) };
  }
  const have = f.usd(s.spendable);
  const stale = v.stale ? ` ${l10n.t('(last known; the refresh failed)')}` : '';
  if (s.spendable < minimumUsd) return { ok: false, message: l10n.t('OpenRouter balance {0} is below the {1} needed. Top up: {2}', have, min, topUpUrl) + stale };
  const hb = headroomBinds(v);
  if (hb && hb.remainingUsd < minimumUsd) {
    return { ok: false, message: l10n.t('{0} left before {1}: below the {2} needed.', f.usd(hb.remainingUsd), layerPhrase(hb.layer, f), min) + stale };
  }
  const age = balanceTooOld(v, clock);
  if (age !== undefined) {
    return { ok: false, message: l10n.t('The last known OpenRouter balance, {0}, is from {1}: too old to confirm the {2} needed.', have, f.relative(clock.now - age, clock.now), min) };
  }
  if (hb) return { ok: true, message: l10n.t('{0} left before {1} covers the {2} needed.', f.usd(hb.remainingUsd), layerPhrase(hb.layer, f), min) + stale };
  return { ok: true, message: l10n.t('OpenRouter balance {0} covers the {1} needed.', have, min) + stale };
}

/**
 * The public API's hasCredits(usd): true when at least `usd` can be spent,
 * false when not (or when OpenRouter last answered 402), undefined when the
 * balance is unknown (the smaller of the balance and the headroom: a
 * budget, guardrail or key limit that binds first): no key, a rejected key, not read yet, an unlimited
 * normal key without account figures, or a balance too old to decide on.
 */
export function hasCredits(v: View, usd: number, clock: BalanceClock): boolean | undefined {
  if (v.error?.kind === 'outOfCredits') return false; // OpenRouter refuses requests now, whatever we cached
  if (v.status === 'invalidKey' || v.status === 'noKey' || v.status === 'loading') return undefined; // loading: the key is not read yet
  const s = v.snapshot;
  if (!s || s.spendable === undefined || !Number.isFinite(usd)) return undefined;
  if (balanceTooOld(v, clock) !== undefined) return undefined;
  // A budget, guardrail or key limit that binds before the balance (the headroom).
  return Math.min(s.spendable, headroomBinds(v)?.remainingUsd ?? Infinity) >= usd;
}
