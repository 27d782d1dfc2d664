// The main bundle (dist/main.js): everything activation does not need, built
// by load() on first use or right after activation (src/vscode/lazy.ts is the
// seam, src/vscode/shell.ts the activation side). It gets the shell's objects
// (the context, the status bar item, the auth provider's event) and
// wires the rest: the accounts, the commands' handlers, the page host, sign-in,
// the auth provider, the task, the tool, and the extension's own test hooks.
import * as vscode from 'vscode';
import type { CommandId } from '../core/commands';
import { EMPTY_STATE } from '../core/refresh/sharedState';
import type { View } from '../core/view/view';
import { internalCommands, registerCommands } from './commands/commands';
import { CACHE, Container, type Shell } from './container';
import { agentTool, type AgentTool } from './integrations/agentTool';
import { readSettings, SECTION } from './settings';
import { STATUS_CACHE } from './shellIds';

/** true in development builds only (scripts/build.mjs defines it). */
declare const ORC_TEST_HOOKS: boolean;

export interface Loaded {
  readonly c: Container;
  /** Runs a command's handler (the shell registered the command with VS Code). */
  run(id: CommandId, args: unknown[]): unknown;
  readonly tool: AgentTool;
  /** controller.start() and the walkthrough's check, done. */
  readonly started: Promise<void>;
  /** The extension's own integration tests' view inside (outside Production mode only). */
  hooks(): Record<string, unknown>;
}

export function load(shell: Shell): Loaded {
  const c = new Container(shell);
  const { context, controller, log, details, signIn } = c;
  const handlers = new Map<string, (...args: any[]) => unknown>();
  context.subscriptions.push(
    log, c.store, controller, details, c.api, c.contextKeys, signIn, c.auth,
    c.auth.onDidChangeSessions(e => shell.authSessions.fire(e)),
    controller.onDidChange(onView(c)),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration(`${SECTION}.account`)) controller.workspaceChanged();
      if (e.affectsConfiguration(SECTION)) controller.updateSettings(readSettings());
    }),
    ...registerCommands(
      { controller, format: c.format, log, notifier: c.notifier, clients: c.clients, signIn, showDetails: () => details.show(), copySummary: () => details.copySummary() },
      (id, handler) => { handlers.set(id, handler); return { dispose: () => handlers.delete(id) }; },
    ),
  );
  c.statusBar.render(controller.view);
  // Never inside activate() (nor in the microtasks VS Code times with it): the shell calls load() after it, or on first use.
  const started = Promise.resolve().then(() => controller.start()).then(
    () => maybeShowWalkthrough(context, controller.view.keySource === 'none'),
    e => log.error(`Start-up failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  return {
    c, started,
    run: (id, args) => {
      const handler = handlers.get(id);
      if (!handler) throw new Error(`Command ${id} has no handler.`);
      return handler(...args);
    },
    tool: agentTool(controller, c.format, log),
    hooks: () => (ORC_TEST_HOOKS ? testHooks(c, started) : {}),
  };
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
    void c.context.globalState.update(STATUS_CACHE, c.statusBar.shown);
  };
}

/** `store` and `alerts` are the shown account's (the root store holds the lease, the focus and the salt: `root`). */
function testHooks(c: Container, started: Promise<void>): Record<string, unknown> {
  const { context, controller } = c;
  const hooks = {
    notifier: c.notifier, details: c.details, controller, root: c.store, statusBar: c.statusBar, log: c.log,
    logUri: context.logUri, secrets: context.secrets, started, signIn: c.signIn, preflight: c.preflight, auth: c.auth,
    commands: internalCommands({ controller, format: c.format, log: c.log, notifier: c.notifier, clients: c.clients }),
    contextKeys: c.contextKeys,
  };
  Object.defineProperty(hooks, 'store', { get: () => controller.store, enumerable: true });
  Object.defineProperty(hooks, 'alerts', { get: () => controller.alerts, enumerable: true });
  return hooks;
}

function maybeShowWalkthrough(context: vscode.ExtensionContext, noKey: boolean): void {
  const seen = 'openrouterCredits.walkthroughShown';
  if (!noKey || context.globalState.get(seen)) return;
  void context.globalState.update(seen, true);
  // Respect the user's choice about walkthroughs opening by themselves.
  if (vscode.workspace.getConfiguration().get('workbench.welcomePage.walkthroughs.openOnInstall') === false) return;
  void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#openrouterCredits.welcome`, false);
}
