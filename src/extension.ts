// Wires the parts together; the logic lives in src/core and src/vscode.
// activate() waits on nothing: the status bar shows the last state this
// profile saw (kept in globalState, which VS Code has in memory) at once, and
// the controller reads SecretStorage, the shared files and the network after.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { Formatter } from './core/text/format';
import { KEYS_URL } from './core/view/presentation';
import { EMPTY_STATE, type SharedState } from './core/refresh/sharedState';
import { buildStrings } from './core/text/strings';
import { createApi, type OpenRouterCreditsApi } from './vscode/integrations/api';
import { addProblem } from './vscode/commands/accountCommands';
import { describeKey, registerCommands } from './vscode/commands/commands';
import { AccountsController } from './vscode/accounts/accountsController';
import { DetailsPanel } from './vscode/ui/detailsPanel';
import { Notifier } from './vscode/ui/notifier';
import { SECTION, readSettings } from './vscode/settings';
import { SharedStore } from './vscode/sync/sharedStore';
import { PreflightTasks, TASK_TYPE } from './vscode/integrations/preflightTask';
import { registerAgentTool } from './vscode/integrations/agentTool';
import { SignIn } from './vscode/integrations/signIn';
import { StatusBar } from './vscode/ui/statusBar';

export type { OpenRouterCreditsApi };

/** globalState key of the start-up cache: the last snapshot and error this profile saw (never the key). */
const CACHE = 'openrouterCredits.lastState';

export function activate(context: vscode.ExtensionContext): OpenRouterCreditsApi {
  const log = vscode.window.createOutputChannel('OpenRouter Credits', { log: true });
  const version = String(context.extension.packageJSON.version);
  const windowId = crypto.randomBytes(8).toString('hex');
  log.info(`OpenRouter Credits ${version} starting in VS Code ${vscode.version} (${vscode.env.appName}), window ${windowId}.`);

  const format = new Formatter(vscode.env.language, buildStrings(vscode.l10n));
  const store = new SharedStore(context.globalStorageUri.fsPath, windowId, log);
  const notifier = new Notifier(format, context.globalState, log, () => vscode.workspace.getConfiguration(SECTION).get('notifications', true));
  const userAgent = `openrouter-credits-vscode/${version} (VS Code ${vscode.version})`;
  const cached = context.globalState.get<SharedState & { accountId?: string }>(CACHE);
  // Every account (stored keys, or OPENROUTER_API_KEY when none is) with the window's one poller.
  const controller = new AccountsController({
    settings: readSettings(),
    secrets: context.secrets,
    root: store,
    notifier,
    log,
    userAgent,
    // Window scope: a workspace may name one of the user's accounts, nothing more.
    workspaceAccount: () => vscode.workspace.getConfiguration(SECTION).get<unknown>('account'),
    envName: vscode.l10n.t('OPENROUTER_API_KEY (environment)'),
    cached,
    onRemoved: id => {
      const c = context.globalState.get<{ accountId?: string }>(CACHE);
      if (c?.accountId === id) void context.globalState.update(CACHE, undefined);
    },
  });
  const statusBar = new StatusBar(format, () => controller.fire());
  const details = new DetailsPanel({
    extensionUri: context.extensionUri,
    getView: () => controller.view,
    onDidChangeView: controller.onDidChange,
    format,
    log,
    executeCommand: async cmd => {
      switch (cmd) {
        case 'refresh': await controller.refresh(); break;
        case 'topUp': await vscode.commands.executeCommand('openrouterCredits.topUp'); break;
        case 'addManagementKey': await vscode.env.openExternal(vscode.Uri.parse(KEYS_URL)); break;
        case 'setKey': await vscode.commands.executeCommand('openrouterCredits.setApiKey'); break;
        case 'addApiKey': await vscode.commands.executeCommand('openrouterCredits.addApiKey'); break;
        case 'switchAccountPick': await vscode.commands.executeCommand('openrouterCredits.switchAccount'); break;
        case 'settings': await vscode.commands.executeCommand('workbench.action.openSettings', SECTION); break;
      }
    },
    // A pinned window's switcher is off; the host refuses its message all the same.
    switchAccount: id => (controller.view.accounts?.pinned
      ? log.info('Details: not switching accounts from a window whose workspace names its account.')
      : vscode.commands.executeCommand('openrouterCredits.switchAccount', id)),
    setLimit: keyId => vscode.commands.executeCommand('openrouterCredits.setKeyLimit', keyId),
  });
  const api = createApi(controller);
  const signIn = new SignIn({
    extensionId: context.extension.id,
    apiBaseUrl: () => readSettings().apiBaseUrl,
    userAgent,
    log,
    checkKey: key => controller.checkKey(key),
    storeKey: async (key, snapshot) => {
      // The first sign-in makes the first account; a later one adds an account, never overwriting a stored key.
      const problem = addProblem(await controller.addKey(key, snapshot, snapshot.key.label));
      if (problem) {
        void vscode.window.showErrorMessage(problem);
        return;
      }
      void vscode.window.showInformationMessage(describeKey(snapshot, format));
    },
  });
  let cachedAt = '';
  const preflight = new PreflightTasks(controller, format, log);

  context.subscriptions.push(
    log, store, controller, statusBar, details, api,
    details.registerSerializer(),
    signIn, vscode.window.registerUriHandler(signIn),
    vscode.tasks.registerTaskProvider(TASK_TYPE, preflight),
    ...[registerAgentTool(controller, format, log)].filter((d): d is vscode.Disposable => d !== undefined),
    controller.onDidChange(v => {
      statusBar.render(v);
      const id = `${v.snapshot?.fetchedAt}:${v.error?.kind}`;
      if (id !== cachedAt) {
        cachedAt = id;
        const error = v.error && { kind: v.error.kind, message: '', status: v.error.status, at: v.now };
        const accountId = v.accounts?.rows.find(r => r.shown)?.id;
        void context.globalState.update(CACHE, v.snapshot && { ...EMPTY_STATE, snapshot: v.snapshot, error, accountId });
      }
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration(`${SECTION}.account`)) controller.workspaceChanged();
      if (e.affectsConfiguration(SECTION)) controller.updateSettings(readSettings());
    }),
    ...registerCommands({ controller, format, log, notifier, signIn, showDetails: () => details.show() }),
  );
  statusBar.render(controller.view);
  // Not even start()'s synchronous part runs inside activate() (nor in the microtasks VS Code times with it).
  const started = new Promise<void>(resolve => setImmediate(resolve)).then(() => controller.start()).then(
    () => maybeShowWalkthrough(context, controller.view.keySource === 'none'),
    e => log.error(`Start-up failed: ${e instanceof Error ? e.message : String(e)}`),
  );

  const exported: OpenRouterCreditsApi = {
    getSnapshot: api.getSnapshot, refresh: api.refresh, onDidChangeSnapshot: api.onDidChangeSnapshot, hasCredits: api.hasCredits,
  };
  // The extension's own integration tests look inside; nothing of this ships to other extensions.
  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    // `store` and `alerts` are the shown account's (the root store holds the lease, the focus and the salt: `root`).
    const hooks = { notifier, details, controller, root: store, statusBar, log, logUri: context.logUri, secrets: context.secrets, started, signIn, preflight };
    Object.defineProperty(hooks, 'store', { get: () => controller.store, enumerable: true });
    Object.defineProperty(hooks, 'alerts', { get: () => controller.alerts, enumerable: true });
    Object.assign(exported, { _test: hooks });
  }
  return exported;
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
