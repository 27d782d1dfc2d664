// Every command id of the extension, in one place: the manifest (package.json
// contributes.commands, checked by test/unit/manifest.test.ts), the glue that
// registers and runs them, the status bar and its tooltip, and the page.
// When each can act (its palette rule, its context keys): core/view/context.ts.

import type { KeyAction } from './protocol';

export const COMMANDS = {
  checkCredits: 'openrouterCredits.checkCredits',
  signIn: 'openrouterCredits.signIn',
  setApiKey: 'openrouterCredits.setApiKey',
  clearApiKey: 'openrouterCredits.clearApiKey',
  refresh: 'openrouterCredits.refresh',
  showLog: 'openrouterCredits.showLog',
  topUp: 'openrouterCredits.topUp',
  resetDismissedWarnings: 'openrouterCredits.resetDismissedWarnings',
  exportUsage: 'openrouterCredits.exportUsage',
  lookUpGeneration: 'openrouterCredits.lookUpGeneration',
  getSnapshot: 'openrouterCredits.getSnapshot',
  addApiKey: 'openrouterCredits.addApiKey',
  switchAccount: 'openrouterCredits.switchAccount',
  renameAccount: 'openrouterCredits.renameAccount',
  removeApiKey: 'openrouterCredits.removeApiKey',
  setKeyLimit: 'openrouterCredits.setKeyLimit',
  createKey: 'openrouterCredits.createKey',
  renameKey: 'openrouterCredits.renameKey',
  disableKey: 'openrouterCredits.disableKey',
  enableKey: 'openrouterCredits.enableKey',
  deleteKey: 'openrouterCredits.deleteKey',
  copySummary: 'openrouterCredits.copySummary',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The command a by-key row's button runs (the page's keyAction), with the row's id: it preselects the key, and the command asks. */
export const KEY_ACTION_COMMANDS: Readonly<Record<KeyAction, CommandId>> = {
  rename: COMMANDS.renameKey,
  disable: COMMANDS.disableKey,
  enable: COMMANDS.enableKey,
  delete: COMMANDS.deleteKey,
};

/** VS Code's own command that opens the Settings editor (the tooltip may link to it). */
export const OPEN_SETTINGS = 'workbench.action.openSettings';

