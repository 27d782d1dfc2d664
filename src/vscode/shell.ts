// The activation side (dist/extension.js): what activate() builds and
// registers, and nothing more. The status bar item shows the last
// presentation this profile showed (globalState, in memory: no view model,
// no formatter, no file, no secret, no request); every command, the sign-in
// callback, the page's serializer, the auth provider, the task provider and
// the tool are registered with VS Code here and served by the main bundle
// (src/vscode/main.ts), loaded through src/vscode/lazy.ts on first use or
// right after activation.
import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL } from '../core/accounts/sessions';
import { COMMANDS } from '../core/commands';
import type { OpenRouterCreditsApi } from './integrations/api';
import type { LmToolApi } from './integrations/agentTool';
import { mainModule } from './lazy';
import type { Loaded } from './main';
import { DETAILS_VIEW_TYPE, STATUS_CACHE, TASK_TYPE, TOOL_NAME } from './shellIds';
import { createStatusItem, isStatusPresentation, paintStatus } from './ui/statusItem';

/** true in development builds only (scripts/build.mjs defines it): the test hooks are not in a production bundle. */
declare const ORC_TEST_HOOKS: boolean;

export class ActivationShell {
  readonly statusItem = createStatusItem();
  readonly authSessions = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  private loaded?: Loaded;
  private hooks?: Record<string, unknown>;

  constructor(readonly context: vscode.ExtensionContext) {
    // A workspace that names an account shows nothing of the cache (whichever account it was of) until the list is read.
    const pin = vscode.workspace.getConfiguration('openrouterCredits').get<unknown>('account');
    const last = context.globalState.get<unknown>(STATUS_CACHE);
    if (!(typeof pin === 'string' && pin.trim()) && isStatusPresentation(last)) {
      paintStatus(this.statusItem, last);
      this.statusItem.show();
    }
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
      this.statusItem, this.authSessions,
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
    if (ORC_TEST_HOOKS && this.context.extensionMode !== vscode.ExtensionMode.Production) {
      Object.defineProperty(out, '_test', { get: () => (this.hooks ??= this.main().hooks()), enumerable: true });
    }
    return out;
  }

  /** Registers the tool when this VS Code has the API (it is not in @types/vscode 1.85). */
  private registerTool(): vscode.Disposable | undefined {
    const lm = vscode as unknown as LmToolApi;
    if (!lm.lm?.registerTool || !lm.LanguageModelToolResult || !lm.LanguageModelTextPart) return undefined;
    return lm.lm.registerTool(TOOL_NAME, { invoke: options => this.main().tool.invoke(options) });
  }
}
