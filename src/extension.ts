// The activation bundle's entry. activate() waits on nothing and loads only
// what it needs (src/vscode/shell.ts): the status bar shows the last state
// this profile saw (kept in globalState, which VS Code has in memory), and
// every command and provider is registered. The rest (src/vscode/main.ts:
// the accounts, the client, the page host, sign-in, export, ...) is a
// separate bundle, loaded on first use or right after activation; its
// controller then reads SecretStorage, the shared files and the network.
import type * as vscode from 'vscode';
import type { OpenRouterCreditsApi } from './vscode/integrations/api';
import { ActivationShell } from './vscode/shell';

export type { OpenRouterCreditsApi };

export function activate(context: vscode.ExtensionContext): OpenRouterCreditsApi {
  const shell = new ActivationShell(context);
  context.subscriptions.push(...shell.register());
  // After activate() and the microtasks VS Code times with it.
  setImmediate(() => {
    try {
      shell.main();
    } catch (e) {
      console.error(`OpenRouter Credits: the main bundle failed to load: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return shell.api();
}

export function deactivate(): void { /* disposables do the work */ }
