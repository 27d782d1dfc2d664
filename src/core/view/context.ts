// Which commands can act in this window (issue 22): the context keys the glue
// sets from the view (src/vscode/ui/contextKeys.ts), each command's rule over
// them (package.json's contributes.menus.commandPalette `when` clauses, which
// test/unit/manifest.test.ts keeps equal to whenClause()), and canAct(), by
// which the status bar's tooltip and the details page show a command's link
// or button only where the palette lists it. No `vscode` import, no DOM: the
// page runs this too.
import { COMMANDS, type CommandId } from '../commands';
import { PAGE_ENV_ACCOUNT_ID, type WebviewCommand } from '../protocol';
import type { View } from './view';

/** What the window's commands depend on, from its view. */
export interface CommandContext {
  /** An account to show: a stored one, or the OPENROUTER_API_KEY fallback (Refresh, Export Usage, Copy Summary…). */
  hasAccount: boolean;
  /** A stored account: what Rename Account and Remove API Key act on (the fallback's key is the environment's). */
  storedAccount: boolean;
  /** Two accounts or more: Switch Account has another to switch to. */
  severalAccounts: boolean;
  /** The shown account's key is a management key (Set Key Limit). */
  managementKey: boolean;
  /** The workspace's `openrouterCredits.account` names this window's account. */
  pinned: boolean;
  /** A refresh the user asked for is out. */
  refreshing: boolean;
}

export type ContextFlag = keyof CommandContext;

/** The context key of each flag (`setContext`; usable in the user's own keybindings' `when`). */
export const CONTEXT_KEYS: { readonly [K in ContextFlag]: string } = {
  hasAccount: 'openrouterCredits.hasAccount',
  storedAccount: 'openrouterCredits.storedAccount',
  severalAccounts: 'openrouterCredits.severalAccounts',
  managementKey: 'openrouterCredits.managementKey',
  pinned: 'openrouterCredits.pinned',
  refreshing: 'openrouterCredits.refreshing',
};

/** The shown key may change its account's keys' limits: a management key, and the workspace names no missing account. */
export function canSetLimits(v: Pick<View, 'status' | 'snapshot'>): boolean {
  return v.status !== 'unknownAccount' && !!v.snapshot?.key.isManagementKey;
}

export function commandContext(v: Pick<View, 'status' | 'snapshot' | 'accounts' | 'refreshing'>): CommandContext {
  const rows = v.accounts?.rows ?? [];
  return {
    // The OPENROUTER_API_KEY fallback row without a key in the environment acts on nothing.
    hasAccount: rows.some(r => r.status !== 'noKey'),
    storedAccount: rows.some(r => r.id !== PAGE_ENV_ACCOUNT_ID),
    severalAccounts: rows.length >= 2,
    managementKey: canSetLimits(v),
    pinned: !!v.accounts?.pinned,
    refreshing: v.refreshing,
  };
}

/** The context keys whose value differs from what was last set (all of them the first time), in CONTEXT_KEYS' order. */
export function changedContextKeys(last: ReadonlyMap<string, boolean>, ctx: CommandContext): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (const flag of Object.keys(CONTEXT_KEYS) as ContextFlag[]) {
    const key = CONTEXT_KEYS[flag];
    if (last.get(key) !== ctx[flag]) out.push([key, ctx[flag]]);
  }
  return out;
}

/** When a command can act: every flag listed holds ([]: always); 'never': not in the palette (an alias, or for tests). */
export type CommandRule = readonly ContextFlag[] | 'never';

export const COMMAND_RULES: { readonly [K in keyof typeof COMMANDS]: CommandRule } = {
  checkCredits: [], // the page explains how to set up
  signIn: [],
  setApiKey: [],
  addApiKey: [],
  showLog: [],
  topUp: [],
  refresh: ['hasAccount'],
  exportUsage: ['hasAccount'],
  copySummary: ['hasAccount'],
  lookUpGeneration: ['hasAccount'],
  resetDismissedWarnings: ['hasAccount'],
  switchAccount: ['severalAccounts'],
  renameAccount: ['storedAccount'],
  removeApiKey: ['storedAccount'],
  setKeyLimit: ['managementKey'],
  createKey: ['managementKey'],
  renameKey: ['managementKey'],
  disableKey: ['managementKey'],
  enableKey: ['managementKey'],
  deleteKey: ['managementKey'],
  // Remove API Key's old name: still runs (keybindings), listed once under the new one.
  clearApiKey: 'never',
  getSnapshot: 'never',
};

/**
 * Each command's `enablement` (package.json contributes.commands): while a
 * refresh is out, Refresh is greyed in the page's title bar, as the page's
 * own button is. VS Code checks it in menus and keybindings, not in
 * executeCommand (the status bar, the tooltip's links, the API).
 */
export const ENABLEMENT: { readonly [K in keyof typeof COMMANDS]?: readonly ContextFlag[] } = {
  refresh: ['refreshing'],
};

/** A `when` clause that holds when `flags` do (`negate`: when none does). */
function clause(flags: readonly ContextFlag[], negate = false): string {
  return flags.map(f => `${negate ? '!' : ''}${CONTEXT_KEYS[f]}`).join(' && ');
}

/** The palette's `when` clause for a rule; undefined when the command can always act (no palette entry). */
export function whenClause(rule: CommandRule): string | undefined {
  if (rule === 'never') return 'false';
  return rule.length ? clause(rule) : undefined;
}

/** A command's `enablement` clause, if it has one. */
export function enablementClause(name: keyof typeof COMMANDS): string | undefined {
  const flags = ENABLEMENT[name];
  return flags ? clause(flags, true) : undefined;
}

const RULE_OF: ReadonlyMap<string, CommandRule> = new Map(
  (Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]).map(k => [COMMANDS[k], COMMAND_RULES[k]]),
);

/** The command can act here: the palette lists it (the tooltip and the page show it by the same rule). */
export function canAct(command: CommandId, ctx: CommandContext): boolean {
  const rule = RULE_OF.get(command) ?? 'never';
  return rule !== 'never' && rule.every(f => ctx[f]);
}

/** The command each page button runs; the others (Settings, the keys page) open what is always there. */
const PAGE_BUTTON_COMMAND: { readonly [B in WebviewCommand]?: CommandId } = {
  refresh: COMMANDS.refresh,
  topUp: COMMANDS.topUp,
  setKey: COMMANDS.setApiKey,
  copySummary: COMMANDS.copySummary,
  addApiKey: COMMANDS.addApiKey,
  switchAccountPick: COMMANDS.switchAccount,
};

/** A page button shows: its command can act (canAct()). */
export function canPress(button: WebviewCommand, ctx: CommandContext): boolean {
  const command = PAGE_BUTTON_COMMAND[button];
  return command === undefined || canAct(command, ctx);
}
