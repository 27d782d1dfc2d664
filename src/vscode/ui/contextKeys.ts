// The window's context keys (issue 22): what core/view/context.ts makes of
// each view, set with `setContext` when a value changes. package.json's
// palette rules, the details page's title-bar actions and the user's own
// keybindings read them.
import * as vscode from 'vscode';
import { changedContextKeys, commandContext } from '../../core/view/context';
import type { View } from '../../core/view/view';

export class ContextKeys implements vscode.Disposable {
  /** What was last set, by key: VS Code has no getContext, so the extension's tests read this. */
  readonly values = new Map<string, boolean>();
  private readonly subscription: vscode.Disposable;

  constructor(view: View, onDidChange: vscode.Event<View>, private readonly log: vscode.LogOutputChannel) {
    this.update(view);
    this.subscription = onDidChange(v => this.update(v));
  }

  update(v: View): void {
    for (const [key, value] of changedContextKeys(this.values, commandContext(v))) {
      this.values.set(key, value);
      vscode.commands.executeCommand('setContext', key, value).then(undefined, (e: unknown) => {
        this.values.delete(key); // set again at the next view
        this.log.warn(`Could not set the context key ${key}: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
