// The commands the status bar's tooltip may link to (presentation.ts writes
// the links; the glue's MarkdownString trusts these only). Apart from
// commands.ts so that the page's bundle, which needs the ids, leaves it out.
import { COMMANDS, OPEN_SETTINGS } from './commands';

/** Commands the status bar's tooltip may link to: the MarkdownString trusts these only. */
export const TOOLTIP_COMMANDS = [
  COMMANDS.refresh,
  COMMANDS.signIn,
  COMMANDS.checkCredits,
  COMMANDS.setApiKey,
  COMMANDS.showLog,
  COMMANDS.switchAccount,
  COMMANDS.addApiKey,
  OPEN_SETTINGS,
] as const;
