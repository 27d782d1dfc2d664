// The activation side (dist/extension.js): what activate() builds and
// registers, and nothing more. The status bar shows the start-up cache
// (globalState, in memory); every command, the sign-in callback, the page's
// serializer, the auth provider, the task provider and the tool are
// registered with VS Code here and served by the main bundle
// (src/vscode/main.ts), loaded through src/vscode/lazy.ts on first use or
// right after activation.
import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL } from '../core/accounts/sessions';
import { COMMANDS } from '../core/commands';
import type { SharedState } from '../core/refresh/sharedState';
import { Formatter } from '../core/text/format';
import { buildStrings } from '../core/text/strings';
import { buildView } from '../core/view/view';
import type { OpenRouterCreditsApi } from './integrations/api';
import type { LmToolApi } from './integrations/agentTool';
import { mainModule } from './lazy';
import type { Loaded } from './main';
import { readSettings, SECTION } from './settings';
import { CACHE, DETAILS_VIEW_TYPE, TASK_TYPE, TOOL_NAME } from './shellIds';
import { StatusBar } from './ui/statusBar';

export class ActivationShell {
  readonly format: Formatter;
  readonly statusBar: StatusBar;
  readonly authSessions = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  private loaded?: Loaded;
  private hooks?: Record<string, unknown>;

  constructor(readonly context: vscode.ExtensionContext) {
    this.format = new Formatter(vscode.env.language, buildStrings(vscode.l10n));
    this.statusBar = new StatusBar(this.format, () => this.loaded?.c.controller.fire());
    this.statusBar.render(this.startupView());
  }

  /** The rest of the extension, loaded and started once. */
  main(): Loaded {
    this.loaded ??= mainModule().load(this);
    return this.loaded;
  }

  /** What VS Code must have from activate(): every command and provider, each served by main(). */
  register(): vscode.Disposable[] {
    const main = (): Loaded => this.main();
    const auth: vscode.AuthenticationProvider = {
      onDidChangeSessions: this.authSessions.event,
      getSessions: scopes => main().c.auth.getSessions(scopes),
      createSession: scopes => main().c.auth.createSession(scopes),
      removeSession: id => main().c.auth.removeSession(id),
    };
    const tasks: vscode.TaskProvider = { provideTasks: () => main().c.preflight.provideTasks(), resolveTask: t => main().c.preflight.resolveTask(t) };
    return [
      this.statusBar, this.authSessions,
      ...Object.values(COMMANDS).map(id => vscode.commands.registerCommand(id, (...args: unknown[]) => main().run(id, args))),
      vscode.window.registerUriHandler({ handleUri: uri => main().c.signIn.handleUri(uri) }),
      vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => main().c.details.serializer().deserializeWebviewPanel(panel, state),
      }),
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, auth, { supportsMultipleAccounts: true }),
      vscode.tasks.registerTaskProvider(TASK_TYPE, tasks),
      ...[this.registerTool()].filter((d): d is vscode.Disposable => d !== undefined),
    ];
  }

  /** The public API: each call loads the main bundle if it is not yet. */
  api(): OpenRouterCreditsApi {
    const api = (): OpenRouterCreditsApi => this.main().c.api;
    const out: OpenRouterCreditsApi = {
      getSnapshot: () => api().getSnapshot(),
      refresh: () => api().refresh(),
      onDidChangeSnapshot: (listener, thisArgs, disposables) => api().onDidChangeSnapshot(listener, thisArgs, disposables),
      hasCredits: usd => api().hasCredits(usd),
    };
    // The extension's own integration tests look inside (never in Production mode: nothing of this reaches other extensions).
    if (this.context.extensionMode !== vscode.ExtensionMode.Production) {
      Object.defineProperty(out, '_test', { get: () => (this.hooks ??= this.main().hooks()), enumerable: true });
    }
    return out;
  }

  /** The view of the start-up cache, as the accounts controller builds it first (AccountsController's constructor). */
  private startupView(): ReturnType<typeof buildView> {
    // A workspace that names an account shows nothing of the cache until the list is read.
    const pin = vscode.workspace.getConfiguration(SECTION).get<unknown>('account');
    const cached = typeof pin === 'string' && pin.trim() ? undefined : this.context.globalState.get<SharedState>(CACHE);
    return buildView({ snapshot: cached?.snapshot, error: cached?.error, points: [], settings: readSettings(), focused: vscode.window.state.focused, isPoller: false, now: Date.now() }, vscode.l10n);
  }

  /** Registers the tool when this VS Code has the API (it is not in @types/vscode 1.85). */
  private registerTool(): vscode.Disposable | undefined {
    const lm = vscode as unknown as LmToolApi;
    if (!lm.lm?.registerTool || !lm.LanguageModelToolResult || !lm.LanguageModelTextPart) return undefined;
    return lm.lm.registerTool(TOOL_NAME, { invoke: options => this.main().tool.invoke(options) });
  }
}
