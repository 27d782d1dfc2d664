// Reads the settings, layer by layer (VS Code's `inspect`), and lets the core
// decide which layer counts (core/settingsPolicy): `apiBaseUrl` is
// application-scoped, only the user (global) value counts, so no workspace can
// change where the key goes; a workspace's warning settings may only make a
// warning come sooner or louder, never silence it.
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { resolveSettings, type RawSettingLayers } from '../core/settingsPolicy';

export const SECTION = 'openrouterCredits';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const layers: RawSettingLayers = {};
  for (const k of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) layers[k] = c.inspect(k);
  // The test bench may shorten intervals below the 15 s floor.
  const minRefresh = process.env.ORC_TEST_MODE === '1' ? 1 : undefined;
  return resolveSettings(layers, minRefresh);
}
