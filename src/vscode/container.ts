// The composition root: the one place that builds the extension's parts and
// hands each the others it needs (GitLens-style). Building waits on nothing:
// no SecretStorage, no shared file, no network (AccountsController.start()
// does that, after activation). src/extension.ts wires what this builds.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { secretIdOf, type Account } from '../core/accounts/accounts';
import { COMMANDS, KEY_ACTION_COMMANDS, OPEN_SETTINGS } from '../core/commands';
import { checkSharedState } from '../core/refresh/fileShapes';
import type { SharedState } from '../core/refresh/sharedState';
import { Formatter } from '../core/text/format';
import { buildStrings } from '../core/text/strings';
import { KEYS_URL } from '../core/view/presentation';
import { clientFactory, type ClientFactory } from './account/clients';
import { AccountsController } from './accounts/accountsController';
import { addProblem, switchAccount } from './commands/accountCommands';
import { describeKey } from './commands/commands';
import { AccountStorage } from './accounts/storage';
import { createApi, type OpenRouterCreditsApi } from './integrations/api';
import { OpenRouterAuthProvider } from './integrations/authProvider';
import { PreflightTasks } from './integrations/preflightTask';
import { SignIn } from './integrations/signIn';
import { readSettings, SECTION } from './settings';
import { SharedStore } from './sync/sharedStore';
import { ContextKeys } from './ui/contextKeys';
import { DetailsPanel } from './ui/detailsPanel';
import { Notifier } from './ui/notifier';
import { StatusBar } from './ui/statusBar';

import { CACHE } from './shellIds';

export { CACHE };

/** What the activation bundle built (src/vscode/shell.ts) and hands over: objects, never module state. */
export interface Shell {
  readonly context: vscode.ExtensionContext;
  /** The status bar item, already showing the last presentation this profile saw. */
  readonly statusItem: vscode.StatusBarItem;
  /** The auth provider's event as registered with VS Code (this provider's changes are forwarded to it). */
  readonly authSessions: vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>;
}

export class Container {
  readonly log: vscode.LogOutputChannel;
  readonly format: Formatter;
  /** The profile's shared folder (the lease, the focus, the salt, the list of accounts). */
  readonly store: SharedStore;
  readonly notifier: Notifier;
  /** The one factory of clients of the configured origin. */
  readonly clients: ClientFactory;
  /** Every account (stored keys, or OPENROUTER_API_KEY when none is) with the window's one poller. */
  readonly controller: AccountsController;
  readonly statusBar: StatusBar;
  /** The context keys the palette's rules read (core/view/context.ts). */
  readonly contextKeys: ContextKeys;
  readonly details: DetailsPanel;
  readonly api: vscode.Disposable & OpenRouterCreditsApi;
  readonly signIn: SignIn;
  readonly preflight: PreflightTasks;
  /** The accounts as VS Code's authentication provider `openrouter` (the Accounts menu, other extensions). */
  readonly auth: OpenRouterAuthProvider;
  /** The account the last sign-in stored (or found stored already): what the provider's createSession() hands back. */
  private signedIn?: Account;

  readonly context: vscode.ExtensionContext;

  constructor(shell: Shell) {
    const { context } = shell;
    this.context = context;
    this.log = vscode.window.createOutputChannel('OpenRouter Credits', { log: true });
    const version = String(context.extension.packageJSON.version);
    const windowId = crypto.randomBytes(8).toString('hex');
    this.log.info(`OpenRouter Credits ${version} starting in VS Code ${vscode.version} (${vscode.env.appName}), window ${windowId}.`);
    this.format = new Formatter(vscode.env.language, buildStrings(vscode.l10n));
    this.store = new SharedStore(context.globalStorageUri.fsPath, windowId, this.log);
    this.notifier = new Notifier({ format: this.format, memento: context.globalState, log: this.log, enabled: () => readSettings().notifications });
    this.clients = clientFactory(`openrouter-credits-vscode/${version} (VS Code ${vscode.version})`);
    this.controller = this.createController();
    this.contextKeys = new ContextKeys(this.controller.view, this.controller.onDidChange, this.log);
    this.statusBar = new StatusBar(this.format, () => this.controller.fire(), shell.statusItem);
    this.details = this.createDetails();
    this.api = createApi(this.controller);
    this.signIn = this.createSignIn();
    this.preflight = new PreflightTasks(this.controller, this.format, this.log);
    this.auth = this.createAuth();
  }

  private createAuth(): OpenRouterAuthProvider {
    const { controller, context, log } = this;
    // Reads only: the same owner of the secrets as the controller's (it keeps no state of its own).
    const storage = new AccountStorage({ secrets: context.secrets, root: this.store, log });
    return new OpenRouterAuthProvider({
      accounts: () => controller.accounts,
      onDidChangeAccounts: controller.onDidChange,
      ready: controller.ready,
      readKey: id => storage.readKey(secretIdOf(id)),
      signIn: async () => {
        this.signedIn = undefined;
        return (await this.signIn.run()) ? this.signedIn : undefined;
      },
      remove: id => controller.remove(id),
      log,
    });
  }

  private createController(): AccountsController {
    const { context } = this;
    return new AccountsController({
      settings: readSettings(),
      secrets: context.secrets,
      root: this.store,
      notifier: this.notifier,
      log: this.log,
      clients: this.clients,
      // Window scope: a workspace may name one of the user's accounts, nothing more.
      workspaceAccount: () => vscode.workspace.getConfiguration(SECTION).get<unknown>('account'),
      envName: vscode.l10n.t('OPENROUTER_API_KEY (environment)'),
      cached: this.readCache(),
      onRemoved: id => {
        const c = context.globalState.get<{ accountId?: string }>(CACHE);
        if (c?.accountId === id) void context.globalState.update(CACHE, undefined);
      },
    });
  }

  /** The start-up cache, checked by shape like the shared state (an older version may have written it): one that fails is dropped, logged. */
  private readCache(): (SharedState & { accountId?: string }) | undefined {
    const raw = this.context.globalState.get<unknown>(CACHE);
    if (raw === undefined) return undefined;
    const { state, problems } = checkSharedState(raw);
    const accountId = (raw as { accountId?: unknown }).accountId;
    if (state && !problems.length && (accountId === undefined || typeof accountId === 'string')) return state;
    this.log.warn(`The start-up cache had the wrong shape (${problems.join(', ') || 'accountId'}): dropped.`);
    void this.context.globalState.update(CACHE, undefined);
    return undefined;
  }

  private createDetails(): DetailsPanel {
    const { controller, log } = this;
    const run = (id: string, ...args: unknown[]): Thenable<unknown> => vscode.commands.executeCommand(id, ...args);
    return new DetailsPanel({
      extensionUri: this.context.extensionUri,
      getView: () => controller.view,
      onDidChangeView: controller.onDidChange,
      format: this.format,
      log,
      executeCommand: async cmd => {
        switch (cmd) {
          case 'refresh': await controller.refresh(); break;
          case 'topUp': await run(COMMANDS.topUp); break;
          case 'addManagementKey': await vscode.env.openExternal(vscode.Uri.parse(KEYS_URL)); break;
          case 'setKey': await run(COMMANDS.setApiKey); break;
          case 'addApiKey': await run(COMMANDS.addApiKey); break;
          case 'switchAccountPick': await run(COMMANDS.switchAccount); break;
          case 'settings': await run(OPEN_SETTINGS, SECTION); break;
          case 'createKey': await run(COMMANDS.createKey); break;
        }
      },
      // A pinned window's switcher is off; the host refuses its message all the same. Called directly:
      // the registered Switch Account takes no id (a command link could pass one).
      switchAccount: id => (controller.view.accounts?.pinned
        ? log.info('Details: not switching accounts from a window whose workspace names its account.')
        : switchAccount({ controller, format: this.format, log, notifier: this.notifier }, id)),
      setLimit: keyId => run(COMMANDS.setKeyLimit, keyId),
      keyAction: (action, keyId) => run(KEY_ACTION_COMMANDS[action], keyId),
    });
  }

  private createSignIn(): SignIn {
    const { controller, format } = this;
    return new SignIn({
      extensionId: this.context.extension.id,
      apiBaseUrl: () => readSettings().apiBaseUrl,
      clients: this.clients,
      log: this.log,
      checkKey: key => controller.checkKey(key),
      storeKey: async (key, snapshot) => {
        // The first sign-in makes the first account; a later one adds an account, never overwriting a stored key.
        const outcome = await controller.addKey(key, snapshot, snapshot.key.label);
        this.signedIn = outcome.kind === 'added' || outcome.kind === 'sameKey' ? outcome.account : undefined;
        const problem = addProblem(outcome);
        if (problem) return { stored: false, why: problem }; // SignIn says it, with the Keys page
        void vscode.window.showInformationMessage(describeKey(snapshot, format));
        return { stored: true };
      },
      notifier: this.notifier,
    });
  }
}
