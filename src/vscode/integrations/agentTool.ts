// The language-model tool `openrouterCredits_balance`: an agent in VS Code's
// chat can ask for the spendable balance, today's spend and the budgets, and
// check "is there at least $X?" before an expensive run. The `vscode.lm` tool
// API is newer than the engines floor (1.85): it is feature-detected, so older
// VS Code versions activate cleanly without the tool.
import * as vscode from 'vscode';
import { agentAnswer } from '../../core/view/agentTool';
import type { Formatter } from '../../core/text/format';
import { TOP_UP_URL } from '../../core/view/presentation';
import type { AccountsController } from '../accounts/accountsController';

export { TOOL_NAME } from '../shellIds';

/** The part of the newer API this uses (not in @types/vscode 1.85). */
export interface LmToolApi {
  lm?: {
    registerTool?(name: string, tool: { invoke(options: { input: unknown }, token: vscode.CancellationToken): Promise<unknown> }): vscode.Disposable;
  };
  LanguageModelToolResult?: new (content: unknown[]) => unknown;
  LanguageModelTextPart?: new (value: string) => unknown;
}

/** The tool's work (the shell registers it when this VS Code has the API: src/vscode/shell.ts). */
export interface AgentTool {
  invoke(options: { input: unknown }): Promise<unknown>;
}

export function agentTool(controller: AccountsController, format: Formatter, log: vscode.LogOutputChannel): AgentTool {
  return {
    async invoke(options) {
      const { LanguageModelToolResult: Result, LanguageModelTextPart: Text } = vscode as unknown as Required<LmToolApi>;
      const input = (typeof options.input === 'object' && options.input !== null ? options.input : {}) as { minimumUsd?: unknown };
      const minimum = typeof input.minimumUsd === 'number' ? input.minimumUsd : undefined;
      await controller.ready;
      // Figures older than the refresh interval (or a failed refresh) are refreshed once first.
      if (controller.view.stale && controller.view.status !== 'noKey') await controller.refresh();
      const a = agentAnswer(controller.view, vscode.l10n, format, TOP_UP_URL, { now: Date.now(), focused: controller.poller.anyFocused }, minimum);
      log.info(`Language-model tool answered${minimum !== undefined ? ` (check for ${minimum} USD: ${a.json.check?.ok ? 'ok' : 'not enough'})` : ''}.`);
      return new Result([new Text(a.text), new Text(JSON.stringify(a.json))]);
    },
  };
}
