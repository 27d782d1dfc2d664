// The commands, registered by family (one file each). Names and titles are
// part of the manifest contract; their ids live in core/commands.ts.
//   keyCommands.ts      Sign In, Set API Key
//   viewCommands.ts     Check Credits (details), Refresh, Show Log, Top Up, Copy Summary, getSnapshot
//   warningCommands.ts  Reset Dismissed Warnings
//   dataCommands.ts     Export Usage, Look Up Generation Cost
//   accountCommands.ts  Add API Key, Switch/Rename Account, Remove API Key (and Clear API Key, its
//                       old name), Set Key Limit (keyLimit.ts)
import type * as vscode from 'vscode';
import { registerAccountCommands } from './accountCommands';
import { registerDataCommands } from './dataCommands';
import type { CommandDeps } from './deps';
import { registerKeyCommands } from './keyCommands';
import { registerViewCommands } from './viewCommands';
import { registerWarningCommands } from './warningCommands';

export type { CommandDeps } from './deps';
export { describeKey } from './keyCommands';

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    ...registerKeyCommands(deps),
    ...registerViewCommands(deps),
    ...registerWarningCommands(deps),
    ...registerDataCommands(deps),
    ...registerAccountCommands(deps),
  ];
}
