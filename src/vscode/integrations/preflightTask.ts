// The `openrouter-credits` task type: a pre-flight check before expensive AI
// work. It succeeds when the spendable balance is at least `minimumUsd`, and
// fails (exit code 1) otherwise, naming both amounts and the Top Up link. It
// uses the shared snapshot when fresh and refreshes once when not; a balance
// still too old after that (the refresh failed) fails, saying how old
// (core/view/preflight.ts).
import * as vscode from 'vscode';
import type { Formatter } from '../../core/text/format';
import { preflight, preflightFresh, type PreflightResult } from '../../core/view/preflight';
import { TOP_UP_URL } from '../../core/view/presentation';
import type { AccountsController } from '../accounts/accountsController';

import { TASK_TYPE } from '../shellIds';

export { TASK_TYPE };

interface PreflightDefinition extends vscode.TaskDefinition {
  minimumUsd?: number;
}

export class PreflightTasks implements vscode.TaskProvider {
  /** The last result, for the extension's own tests. */
  last?: PreflightResult & { minimumUsd: number };

  constructor(
    private readonly controller: AccountsController,
    private readonly format: Formatter,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideTasks(): vscode.Task[] {
    return [this.build({ type: TASK_TYPE, minimumUsd: 1 }, vscode.TaskScope.Workspace)];
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as PreflightDefinition;
    return def.type === TASK_TYPE ? this.build(def, task.scope ?? vscode.TaskScope.Workspace) : undefined;
  }

  private build(def: PreflightDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope): vscode.Task {
    const min = typeof def.minimumUsd === 'number' ? def.minimumUsd : NaN;
    const name = vscode.l10n.t('Check OpenRouter credits (at least {0})', Number.isFinite(min) ? this.format.usd(min) : '?');
    const task = new vscode.Task(def, scope, name, 'OpenRouter', new vscode.CustomExecution(async () => this.terminal(min)));
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
    return task;
  }

  /** Runs the check in a pseudo-terminal: prints one line and closes with 0 or 1. */
  private terminal(minimumUsd: number): vscode.Pseudoterminal {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    return {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        void this.run(minimumUsd).then(r => {
          write.fire(`${r.message}\r\n`);
          close.fire(r.ok ? 0 : 1);
        });
      },
      close: () => { /* nothing to stop */ },
    };
  }

  /** The check itself (also for the tests): refreshes once when the shared figures are not fresh. */
  async run(minimumUsd: number): Promise<PreflightResult> {
    await this.controller.ready;
    if (!preflightFresh(this.controller.view) && this.controller.view.status !== 'noKey') await this.controller.refresh();
    const r = preflight(this.controller.view, minimumUsd, vscode.l10n, this.format, TOP_UP_URL, { now: Date.now(), focused: this.controller.poller.anyFocused });
    this.last = { ...r, minimumUsd };
    this.log.info(`Pre-flight check for ${Number.isFinite(minimumUsd) ? minimumUsd : '?'} USD: ${r.ok ? 'passed' : 'failed'}. ${r.message}`);
    return r;
  }
}
