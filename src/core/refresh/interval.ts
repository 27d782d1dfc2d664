// The one effective-interval rule: how often the poller asks OpenRouter, and
// how old a snapshot may be before it reads as stale. The setting is in
// seconds; while no VS Code window is focused, everything is UNFOCUSED_SLOWDOWN
// times slower. Pure: the scheduler, the view model and the follower's rules
// all read it from here.

/** While no VS Code window is focused, polling is this many times slower. */
export const UNFOCUSED_SLOWDOWN = 4;

/** The configured interval in ms (the setting is in seconds). */
export function intervalMs(refreshIntervalSeconds: number): number {
  return refreshIntervalSeconds * 1000;
}

/** The scheduler's slow factor: 1 while some window is focused, else UNFOCUSED_SLOWDOWN. */
export function slowFactor(anyFocused: boolean): number {
  return anyFocused ? 1 : UNFOCUSED_SLOWDOWN;
}

/**
 * How long a window that starts polling waits: the next poll is due one
 * interval after the last one (epoch ms, in whichever window that was); a
 * last poll in the future (the clock was set back) counts as now.
 */
export function firstPollDelayMs(lastPollAt: number, intervalMs: number, now: number): number {
  return Math.max(0, Math.min(lastPollAt, now) + intervalMs - now);
}

/** The interval in force: the configured one, slowed down while no window is focused. */
export function effectiveIntervalMs(refreshIntervalSeconds: number, anyFocused: boolean): number {
  return intervalMs(refreshIntervalSeconds) * slowFactor(anyFocused);
}
