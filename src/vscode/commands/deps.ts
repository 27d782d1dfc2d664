// What the command handlers are given: one deps object, passed to small named
// handler functions (never captured in one big closure).
import type * as vscode from 'vscode';
import type { CommandId } from '../../core/commands';
import type { Formatter } from '../../core/text/format';
import type { ClientFactory } from '../account/clients';
import type { AccountsController } from '../accounts/accountsController';
import type { SignIn } from '../integrations/signIn';
import type { Notifier } from '../ui/notifier';

/** What the account, key, data and warnings commands need. */
export interface AccountCommandDeps {
  controller: AccountsController;
  format: Formatter;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
}

/** What the key commands (Create / Rename / Disable / Enable / Delete Key) need besides: clients of the configured origin. */
export interface KeyAdminDeps extends AccountCommandDeps {
  clients: ClientFactory;
}

/** Everything the commands need: the above, Sign In, opening the details page and its Copy summary. */
export interface CommandDeps extends KeyAdminDeps {
  signIn: SignIn;
  /** Opens the details page; resolves once it rendered (or at a time-out). */
  showDetails: () => Promise<void>;
  copySummary: () => Promise<void>;
}

/**
 * Records a command's handler. The activation bundle registers every command
 * with VS Code (src/extension.ts) and runs the handler recorded here on first
 * use (src/vscode/main.ts); the handlers' modules load only then.
 */
export type Register = (id: CommandId, handler: (...args: any[]) => unknown) => vscode.Disposable;
