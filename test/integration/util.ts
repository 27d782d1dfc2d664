// Helpers for the extension-host suite. Everything here drives the real
// extension through its real API, commands and settings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ENV_ACCOUNT_ID, secretIdOf } from '../../src/core/accounts/accounts';
import { FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import type { Alerts } from '../../src/vscode/ui/alerts';
import type { OpenRouterCreditsApi } from '../../src/vscode/integrations/api';
import type { AccountsController } from '../../src/vscode/accounts/accountsController';
import type { DetailsPanel } from '../../src/vscode/ui/detailsPanel';
import type { Notifier } from '../../src/vscode/ui/notifier';
import type { StatusBar } from '../../src/vscode/ui/statusBar';
import type { SharedStore } from '../../src/vscode/sync/sharedStore';
import type { SignIn } from '../../src/vscode/integrations/signIn';
import type { OpenRouterAuthProvider } from '../../src/vscode/integrations/authProvider';
import type { InternalCommands } from '../../src/vscode/commands/commands';
import type { ContextKeys } from '../../src/vscode/ui/contextKeys';

export interface TestHooks {
  notifier: Notifier;
  alerts: Alerts;
  details: DetailsPanel;
  /** Every account, routed to the one this window shows. */
  controller: AccountsController;
  /** The shown account's shared store (state, history); `root` holds the lease, the focus, the salt and the list of accounts. */
  store: SharedStore;
  root: SharedStore;
  statusBar: StatusBar;
  log: vscode.LogOutputChannel;
  logUri: vscode.Uri;
  /** The extension's own SecretStorage (an account's key lives under secretIdOf(account.id)). */
  secrets: vscode.SecretStorage;
  signIn: SignIn;
  /** The authentication provider `openrouter` (the Accounts menu, other extensions' sessions). */
  auth: OpenRouterAuthProvider;
  /** The commands' argument forms (the registered commands take no argument that acts without asking). */
  commands: InternalCommands;
  /** The context keys the glue set (VS Code has no getContext). */
  contextKeys: ContextKeys;
  /** Settles when the controller has read the key and the shared state (activation does not wait for that). */
  started: Promise<void>;
}
export type TestApi = OpenRouterCreditsApi & { _test: TestHooks };

export const EXT_ID = 'openrouter-credits.openrouter-credits';

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXT_ID);
  if (!ext) throw new Error(`${EXT_ID} not installed`);
  const a = ext.isActive ? ext.exports : await ext.activate();
  if (!a._test) throw new Error('test hooks missing (extension not in development/test mode)');
  await a._test.started;
  return a;
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
      last = v;
    } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise(r => setTimeout(r, stepMs));
  }
}

const cfg = () => vscode.workspace.getConfiguration('openrouterCredits');

export async function setSetting(key: string, value: unknown): Promise<void> {
  await cfg().update(key, value, vscode.ConfigurationTarget.Global);
}

/** Points the extension at a server and sets the key (checked, then stored), like Set API Key does. */
export async function useKey(a: TestApi, baseUrl: string, key: string | undefined): Promise<void> {
  await setSetting('apiBaseUrl', baseUrl);
  await waitFor('settings applied', () => a._test.controller.view.settings.apiBaseUrl === baseUrl);
  if (key === undefined) {
    await a._test.controller.clearKey();
    // No key at all: every account goes (a suite that added more leaves none behind).
    for (const acc of [...a._test.controller.accounts]) await a._test.controller.remove(acc.id);
    return;
  }
  const snap = await a._test.controller.checkKey(key);
  await a._test.controller.storeKey(key, snap);
}

/** The key stored for the account this window shows (undefined when none is). */
export async function shownKey(a: TestApi): Promise<string | undefined> {
  const row = a._test.controller.view.accounts?.rows.find(r => r.shown);
  return row && row.id !== ENV_ACCOUNT_ID ? a._test.secrets.get(secretIdOf(row.id)) : undefined;
}

/** The text written to the extension's log channel so far. */
export function logText(a: TestApi): string {
  try {
    return fs.readFileSync(path.join(a._test.logUri.fsPath, 'OpenRouter Credits.log'), 'utf8');
  } catch {
    return '';
  }
}

export function statusText(a: TestApi): string {
  return a._test.statusBar.item.text;
}

export function statusBackground(a: TestApi): string | undefined {
  const c = a._test.statusBar.item.backgroundColor as vscode.ThemeColor | undefined;
  return c ? (c as unknown as { id: string }).id : undefined;
}

export async function waitForStatus(a: TestApi, re: RegExp, timeoutMs = 20_000): Promise<string> {
  return waitFor(`status text ${re}`, () => re.test(statusText(a)) && statusText(a), timeoutMs);
}

export function notificationsOf(a: TestApi, kind?: string): Array<[string, string]> {
  return a._test.notifier.shown.filter(([k]) => !kind || k === kind);
}

/** Resets settings to test defaults. */
export async function resetSettings(): Promise<void> {
  for (const k of ['refreshIntervalSeconds', 'lowCreditThreshold', 'usageWarningPercent', 'spendAlertPerHour', 'statusBarFormat', 'notifications', 'monthlyBudget', 'weeklyBudget', 'dailyBudget', 'budgetWarningPercent', 'dailyReport']) {
    await setSetting(k, undefined);
  }
}

/**
 * Registers a suite's before/after hooks: the extension's API, a fake
 * OpenRouter, no low-credit warning (only what the suite raises counts) and,
 * given one, a key; after the suite, no key, default settings, the fake gone.
 * The returned object is filled in by the time the suite's own hooks run.
 */
export function withFakeAccount(key?: string): { a: TestApi; fake: FakeOpenRouter } {
  const ctx = {} as { a: TestApi; fake: FakeOpenRouter };
  before(async () => {
    ctx.a = await api();
    ctx.fake = await FakeOpenRouter.start();
    await setSetting('lowCreditThreshold', 0);
    if (key) await useKey(ctx.a, ctx.fake.baseUrl, key);
  });
  after(async () => {
    ctx.fake.clearFaults();
    await useKey(ctx.a, ctx.fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await ctx.fake.close();
  });
  return ctx;
}
