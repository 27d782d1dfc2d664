// The commands, registered by family (one file each). Names and titles are
// part of the manifest contract; their ids live in core/commands.ts.
//   keyCommands.ts      Sign In, Set API Key
//   viewCommands.ts     Check Credits (details), Refresh, Show Log, Top Up, Copy Summary, getSnapshot
//   warningCommands.ts  Reset Dismissed Warnings
//   dataCommands.ts     Export Usage, Look Up Generation Cost
//   accountCommands.ts  Add API Key, Switch/Rename Account, Remove API Key (and Clear API Key, its
//                       old name), Set Key Limit (keyLimit.ts)
//   keyAdminCommands.ts Create Key, Rename / Disable / Enable / Delete Key (helpers: keyAdmin.ts)
// Any extension or command link can run a registered command with any
// arguments: no argument stores a key, switches accounts, renames one or
// writes a file without the user's say. Those argument forms are
// internalCommands(), for the extension's own callers only.
import type * as vscode from 'vscode';
import { addApiKey, registerAccountCommands, renameAccount, switchAccount } from './accountCommands';
import { exportUsage, registerDataCommands } from './dataCommands';
import type { AccountCommandDeps, CommandDeps, KeyAdminDeps, Register } from './deps';
import type { KeyAdminUi } from './keyAdmin';
import { createKey, manageKey, registerKeyAdminCommands, type KeyVerb } from './keyAdminCommands';
import { registerKeyCommands } from './keyCommands';
import { registerViewCommands } from './viewCommands';
import { registerWarningCommands } from './warningCommands';

export type { CommandDeps, Register } from './deps';
export { describeKey } from './keyCommands';

/** The commands' argument forms that act without asking: never registered (the extension's own tests reach them through their hooks). */
export interface InternalCommands {
  /** Checks and stores `key` as the account `name`, and makes it active; its id, or undefined. */
  addApiKey(key: string, name: string): Promise<string | undefined>;
  /** Makes the account (id or name) active. */
  switchAccount(id: string): Promise<boolean>;
  renameAccount(id: string, name: string): Promise<boolean>;
  /** Writes the export to `uri`, overwriting it. */
  exportUsage(uri: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** Create Key with these dialogs (tests answer them: a modal cannot be answered otherwise). */
  createKey(ui: KeyAdminUi): Promise<boolean>;
  /** Rename / Disable / Enable / Delete Key of the key row `keyId`, with these dialogs. */
  manageKey(verb: KeyVerb, keyId: string, ui: KeyAdminUi): Promise<boolean>;
}

export function internalCommands(deps: KeyAdminDeps): InternalCommands {
  return {
    addApiKey: (key, name) => addApiKey(deps, { key, name }),
    switchAccount: id => switchAccount(deps, id),
    renameAccount: (id, name) => renameAccount(deps, { id, name }),
    exportUsage: uri => exportUsage(deps, uri),
    createKey: ui => createKey(deps, ui),
    manageKey: (verb, keyId, ui) => manageKey(deps, verb, keyId, ui),
  };
}

export function registerCommands(deps: CommandDeps, register: Register): vscode.Disposable[] {
  return [
    ...registerKeyCommands(deps, register),
    ...registerViewCommands(deps, register),
    ...registerWarningCommands(deps, register),
    ...registerDataCommands(deps, register),
    ...registerAccountCommands(deps, register),
    ...registerKeyAdminCommands(deps, register),
  ];
}
