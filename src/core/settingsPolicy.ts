// Which layer of a setting counts. A cloned repository's `.vscode/settings.json`
// is not the user's: for a warning setting, a workspace (or workspace-folder)
// value may only make a warning come sooner or louder, never silence or loosen
// the one the user set (or the default, when the user set none). A project can
// set a tighter daily budget for itself; it cannot turn notifications off or
// raise the user's budget. `apiBaseUrl` counts from the user only; the rest
// (the status bar's format) follows the most specific layer, as VS Code does.
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

/** A setting's values, as VS Code's `inspect()` reports them. */
export interface SettingLayers {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type RawSettingLayers = Partial<Record<keyof Settings, SettingLayers | undefined>>;

/**
 * What "sooner or louder" means for each setting a workspace may only tighten:
 * - `higher`: a higher value warns sooner (0, the lowest, is off).
 * - `lower`: a lower value warns (or refreshes) sooner.
 * - `lowerOrOn`: a lower value warns sooner, but 0 is off: a workspace may turn
 *   it on or lower it, never turn it off.
 * - `on`: a workspace may turn it on, never off.
 */
export type TightenRule = 'higher' | 'lower' | 'lowerOrOn' | 'on';

export const WORKSPACE_RULES: Readonly<Partial<Record<keyof Settings, TightenRule>>> = {
  // A long interval would hold every warning back: a workspace may only shorten it.
  refreshIntervalSeconds: 'lower',
  lowCreditThreshold: 'higher',
  usageWarningPercent: 'lowerOrOn',
  spendAlertPerHour: 'lowerOrOn',
  notifications: 'on',
  dailyBudget: 'lowerOrOn',
  weeklyBudget: 'lowerOrOn',
  monthlyBudget: 'lowerOrOn',
  budgetWarningPercent: 'lower',
  // "Louder": a project may ask for the daily report (Don't Show Again still
  // silences it, and so does the user's `notifications: false`); it may not
  // turn off the one the user asked for.
  dailyReport: 'on',
};

/** Settings only the user (global) value may set: where the key is sent. */
const USER_ONLY: ReadonlySet<keyof Settings> = new Set(['apiBaseUrl']);

/** The tighter of two (normalized) values under `rule`. */
export function tighter(rule: TightenRule, a: number | boolean, b: number | boolean): number | boolean {
  if (rule === 'on') return a === true || b === true;
  const x = a as number, y = b as number;
  switch (rule) {
    case 'higher': return Math.max(x, y);
    case 'lower': return Math.min(x, y);
    case 'lowerOrOn': return x === 0 ? y : y === 0 ? x : Math.min(x, y);
  }
}

/** A workspace value of the setting's type (a wrong type is ignored, not read as the default). */
function wellTyped(key: keyof Settings, v: unknown): boolean {
  const def = DEFAULT_SETTINGS[key];
  if (typeof def === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeof v === typeof def;
}

/**
 * The effective settings from each setting's layers. `minRefreshSeconds` is
 * lowered only by the test bench (as in normalizeSettings).
 */
export function resolveSettings(layers: RawSettingLayers, minRefreshSeconds?: number): Settings {
  const keys = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];
  const user = (k: keyof Settings): unknown => layers[k]?.globalValue ?? layers[k]?.defaultValue;
  const raw: Partial<Record<keyof Settings, unknown>> = {};
  for (const k of keys) {
    const l = layers[k];
    raw[k] = USER_ONLY.has(k) || WORKSPACE_RULES[k] ? user(k) : l?.workspaceFolderValue ?? l?.workspaceValue ?? user(k);
  }
  const out = normalizeSettings(raw, minRefreshSeconds);
  const tightened: Partial<Record<keyof Settings, number | boolean>> = {};
  for (const k of keys) {
    const rule = WORKSPACE_RULES[k];
    if (!rule) continue;
    let value = out[k] as number | boolean;
    for (const v of [layers[k]?.workspaceValue, layers[k]?.workspaceFolderValue]) {
      // Normalized first: a workspace's -5 % is clamped to 0 (off), which never wins.
      if (v !== undefined && wellTyped(k, v)) value = tighter(rule, value, normalizeSettings({ [k]: v }, minRefreshSeconds)[k] as number | boolean);
    }
    tightened[k] = value;
  }
  // Each value has its setting's type: it is one of two normalized values of that setting.
  return { ...out, ...tightened } as Settings;
}
