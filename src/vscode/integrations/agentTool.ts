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

export const TOOL_NAME = 'openrouterCredits_balance';

/** The part of the newer API this uses (not in @types/vscode 1.85). */
interface LmToolApi {
  lm?: {
    registerTool?(name: string, tool: { invoke(options: { input: unknown }, token: vscode.CancellationToken): Promise<unknown> }): vscode.Disposable;
  };
  LanguageModelToolResult?: new (content: unknown[]) => unknown;
  LanguageModelTextPart?: new (value: string) => unknown;
}

/** Registers the tool when this VS Code has the API; undefined otherwise. */
export function registerAgentTool(controller: AccountsController, format: Formatter, log: vscode.LogOutputChannel): vscode.Disposable | undefined {
  const api = vscode as unknown as LmToolApi;
  const { LanguageModelToolResult: Result, LanguageModelTextPart: Text } = api;
  if (!api.lm?.registerTool || !Result || !Text) {
    log.info('This VS Code has no language-model tool API; the OpenRouter balance tool is not registered.');
    return undefined;
  }
  return api.lm.registerTool(TOOL_NAME, {
    async invoke(options) {
      const input = (typeof options.input === 'object' && options.input !== null ? options.input : {}) as { minimumUsd?: unknown };
      const minimum = typeof input.minimumUsd === 'number' ? input.minimumUsd : undefined;
      await controller.ready;
      // Figures older than the refresh interval (or a failed refresh) are refreshed once first.
      if (controller.view.stale && controller.view.status !== 'noKey') await controller.refresh();
      const a = agentAnswer(controller.view, vscode.l10n, format, TOP_UP_URL, { now: Date.now(), focused: controller.poller.anyFocused }, minimum);
      log.info(`Language-model tool answered${minimum !== undefined ? ` (check for ${minimum} USD: ${a.json.check?.ok ? 'ok' : 'not enough'})` : ''}.`);
      return new Result([new Text(a.text), new Text(JSON.stringify(a.json))]);
    },
  });
}
