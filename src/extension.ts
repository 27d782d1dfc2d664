// Wires the parts together; the logic lives in src/core and src/vscode.
import * as vscode from 'vscode';
import type { DetailsState } from './core/protocol';
import { KEYS_URL, TOP_UP_URL } from './core/presentation';
import { createApi, type OpenRouterCreditsApi } from './vscode/api';
import { registerCommands } from './vscode/commands';
import { CreditsController, type ViewModel } from './vscode/controller';
import { DetailsPanel } from './vscode/detailsPanel';
import { KeyStore } from './vscode/keyStore';
import { Notifier } from './vscode/notifier';
import { SECTION, readSettings } from './vscode/settings';
import { SharedStore } from './vscode/sharedStore';
import { StatusBar } from './vscode/statusBar';

export type { OpenRouterCreditsApi };

function detailsState(v: ViewModel): DetailsState {
  return {
    status: v.status,
    snapshot: v.snapshot,
    derived: v.derived,
    stale: v.stale,
    error: v.error ? { kind: v.error.kind, message: v.error.message } : undefined,
    lastUpdated: v.snapshot?.fetchedAt,
    keySource: v.keySource,
    lowCreditThreshold: v.settings.lowCreditThreshold,
    now: Date.now(),
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<OpenRouterCreditsApi> {
  const log = vscode.window.createOutputChannel('OpenRouter Credits', { log: true });
  const version = String(context.extension.packageJSON.version);
  const windowId = CreditsController.newWindowId();
  log.info(`OpenRouter Credits ${version} starting in VS Code ${vscode.version} (${vscode.env.appName}).`);

  const store = new SharedStore(context.globalStorageUri.fsPath, windowId, log);
  const notifier = new Notifier(context.globalState, log, () => vscode.workspace.getConfiguration(SECTION).get('notifications', true));
  const controller = new CreditsController(readSettings(), new KeyStore(context.secrets), store, notifier, log,
    `openrouter-credits-vscode/${version} (VS Code ${vscode.version})`);
  const statusBar = new StatusBar(() => controller.view);

  const stateEmitter = new vscode.EventEmitter<DetailsState>();
  const details = new DetailsPanel({
    extensionUri: context.extensionUri,
    getState: () => detailsState(controller.view),
    onDidChangeState: stateEmitter.event,
    log,
    executeCommand: async cmd => {
      switch (cmd) {
        case 'refresh': await controller.refresh(); break;
        case 'topUp': await vscode.env.openExternal(vscode.Uri.parse(TOP_UP_URL)); break;
        case 'addManagementKey': await vscode.env.openExternal(vscode.Uri.parse(KEYS_URL)); break;
        case 'setKey': await vscode.commands.executeCommand('openrouterCredits.setApiKey'); break;
        case 'settings': await vscode.commands.executeCommand('workbench.action.openSettings', SECTION); break;
      }
    },
  });
  const api = createApi(controller);

  context.subscriptions.push(
    log, store, controller, statusBar, stateEmitter, details, api,
    details.registerSerializer(),
    controller.onDidChange(v => {
      statusBar.render(v);
      stateEmitter.fire(detailsState(v));
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration(SECTION)) controller.updateSettings(readSettings());
    }),
    ...registerCommands({ controller, log, showDetails: () => details.show() }),
  );
  statusBar.render(controller.view);
  await controller.start();
  maybeShowWalkthrough(context, controller.view.keySource === 'none');
  const exported: OpenRouterCreditsApi = {
    getSnapshot: api.getSnapshot, refresh: api.refresh, onDidChangeSnapshot: api.onDidChangeSnapshot, hasCredits: api.hasCredits,
  };
  // The extension's own integration tests look inside; nothing of this ships to other extensions.
  if (context.extensionMode !== vscode.ExtensionMode.Production) Object.assign(exported, { _test: { notifier, details, controller, store, statusBar, log, logUri: context.logUri, secrets: context.secrets } });
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
