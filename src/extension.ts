// Wires the parts together: src/vscode/container.ts builds them; the logic
// lives in src/core and src/vscode. activate() waits on nothing: the status
// bar shows the last state this profile saw (kept in globalState, which VS
// Code has in memory) at once, and the controller reads SecretStorage, the
// shared files and the network after.
import * as vscode from 'vscode';
import { EMPTY_STATE } from './core/refresh/sharedState';
import type { View } from './core/view/view';
import type { OpenRouterCreditsApi } from './vscode/integrations/api';
import { internalCommands, registerCommands } from './vscode/commands/commands';
import { CACHE, Container } from './vscode/container';
import { readSettings, SECTION } from './vscode/settings';
import { TASK_TYPE } from './vscode/integrations/preflightTask';
import { registerAgentTool } from './vscode/integrations/agentTool';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL } from './vscode/integrations/authProvider';

export type { OpenRouterCreditsApi };

export function activate(context: vscode.ExtensionContext): OpenRouterCreditsApi {
  const c = new Container(context);
  const { controller, log, statusBar, details, signIn } = c;
  context.subscriptions.push(
    log, c.store, controller, statusBar, details, c.api, c.contextKeys,
    details.registerSerializer(),
    signIn, vscode.window.registerUriHandler(signIn),
    c.auth, vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, c.auth, { supportsMultipleAccounts: true }),
    vscode.tasks.registerTaskProvider(TASK_TYPE, c.preflight),
    ...[registerAgentTool(controller, c.format, log)].filter((d): d is vscode.Disposable => d !== undefined),
    controller.onDidChange(onView(c)),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration(`${SECTION}.account`)) controller.workspaceChanged();
      if (e.affectsConfiguration(SECTION)) controller.updateSettings(readSettings());
    }),
    ...registerCommands({ controller, format: c.format, log, notifier: c.notifier, clients: c.clients, signIn, showDetails: () => details.show(), copySummary: () => details.copySummary() }),
  );
  statusBar.render(controller.view);
  // Not even start()'s synchronous part runs inside activate() (nor in the microtasks VS Code times with it).
  const started = new Promise<void>(resolve => setImmediate(resolve)).then(() => controller.start()).then(
    () => maybeShowWalkthrough(context, controller.view.keySource === 'none'),
    e => log.error(`Start-up failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  return exported(c, started);
}

/** Every new view: the status bar, and the start-up cache when the figures or the error changed. */
function onView(c: Container): (v: View) => void {
  let cachedAt = '';
  return v => {
    c.statusBar.render(v);
    const id = `${v.snapshot?.fetchedAt}:${v.error?.kind}`;
    if (id === cachedAt) return;
    cachedAt = id;
    const error = v.error && { kind: v.error.kind, message: '', status: v.error.status, at: v.now };
    const accountId = v.accounts?.rows.find(r => r.shown)?.id;
    void c.context.globalState.update(CACHE, v.snapshot && { ...EMPTY_STATE, snapshot: v.snapshot, error, accountId });
  };
}

/** The public API; the extension's own integration tests look inside (nothing of this ships to other extensions). */
function exported(c: Container, started: Promise<void>): OpenRouterCreditsApi {
  const { api, context, controller } = c;
  const out: OpenRouterCreditsApi = {
    getSnapshot: api.getSnapshot, refresh: api.refresh, onDidChangeSnapshot: api.onDidChangeSnapshot, hasCredits: api.hasCredits,
  };
  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    // `store` and `alerts` are the shown account's (the root store holds the lease, the focus and the salt: `root`).
    const hooks = {
      notifier: c.notifier, details: c.details, controller, root: c.store, statusBar: c.statusBar, log: c.log,
      logUri: context.logUri, secrets: context.secrets, started, signIn: c.signIn, preflight: c.preflight, auth: c.auth,
      commands: internalCommands({ controller, format: c.format, log: c.log, notifier: c.notifier, clients: c.clients }),
      contextKeys: c.contextKeys,
    };
    Object.defineProperty(hooks, 'store', { get: () => controller.store, enumerable: true });
    Object.defineProperty(hooks, 'alerts', { get: () => controller.alerts, enumerable: true });
    Object.assign(out, { _test: hooks });
  }
  return out;
}

function maybeShowWalkthrough(context: vscode.ExtensionContext, noKey: boolean): void {
  const seen = 'openrouterCredits.walkthroughShown';
  if (!noKey || context.globalState.get(seen)) return;
  void context.globalState.update(seen, true);
  // Respect the user's choice about walkthroughs opening by themselves.
  if (vscode.workspace.getConfiguration().get('workbench.welcomePage.walkthroughs.openOnInstall') === false) return;
  void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#openrouterCredits.welcome`, false);
}

export function deactivate(): void { /* disposables do the work */ }
