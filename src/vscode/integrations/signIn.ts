// "Sign in with OpenRouter": OAuth PKCE (core/pkce.ts). OpenRouter sends the
// user back through this extension's URI handler, made external with
// asExternalUri so that remote and browser set-ups (code-server, Codespaces)
// work too. When no callback comes, or the user asks for it, the headless flow
// shows a code to paste. The key that comes back is stored exactly as Set API
// Key stores one: checked against /key, then kept in SecretStorage.
//
// The verifier lives in the PkceFlow of one flow only; neither the code nor the
// key is ever logged. Once the code is exchanged, OpenRouter holds a new key on
// the account whatever happens next: a check or a store that fails after it
// says so, with the Keys page to delete it.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { isCreditsError } from '../../core/openrouter/errors';
import { PkceFlow } from '../../core/openrouter/pkce';
import type { CreditSnapshot } from '../../core/types';
import { KEYS_URL } from '../../core/view/presentation';
import type { ClientFactory } from '../account/clients';
import type { Notifier } from '../ui/notifier';

export const SIGN_IN_PATH = '/signin';
/** How long to wait for the browser before offering the paste-a-code flow. */
export const CALLBACK_WAIT_MS = 120_000;

export interface SignInDeps {
  extensionId: string;
  apiBaseUrl(): string;
  /** Clients of the configured origin (the code's exchange). */
  clients: ClientFactory;
  log: vscode.LogOutputChannel;
  /** Checks a key against /key and /credits without storing it. */
  checkKey(key: string): Promise<CreditSnapshot>;
  /** Stores a checked key and tells the user what they got; else why it was not stored. */
  storeKey(key: string, snapshot: CreditSnapshot): Promise<{ stored: true } | { stored: false; why: string }>;
  /** What the user is told (recorded for the extension's tests). */
  notifier: Pick<Notifier, 'answer'>;
}

/** Opens a URL exactly as given: VS Code keeps a string as it is, while a Uri's query would be re-encoded (microsoft/vscode#173239). */
function openUrl(url: string): Thenable<boolean> {
  return vscode.env.openExternal(url as unknown as vscode.Uri);
}

export class SignIn implements vscode.UriHandler {
  private flow?: PkceFlow;
  private received?: Promise<string>;
  private deliver?: (code: string) => void;

  constructor(private readonly deps: SignInDeps) {}

  /** A callback: only the one that carries the current flow's state counts, once. */
  handleUri(uri: vscode.Uri): void {
    if (uri.path !== SIGN_IN_PATH) return;
    const code = this.flow?.acceptCallback(uri.query);
    if (code === undefined) {
      this.deps.log.warn('Sign-in: ignored a callback that no sign-in in progress asked for.');
      void vscode.window.showWarningMessage(vscode.l10n.t('Ignored a sign-in link that this sign-in did not ask for. Nothing was stored.'));
      return;
    }
    this.deps.log.info('Sign-in: OpenRouter sent the authorization back.');
    this.deliver?.(code);
  }

  /** The command. Resolves true when a key was stored. */
  async run(): Promise<boolean> {
    let code: string | undefined;
    try {
      const url = await this.begin();
      this.deps.log.info('Sign-in: opening the OpenRouter authorization page.');
      await openUrl(url);
      code = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sign in with OpenRouter: approve the request in your browser…'), cancellable: true },
        (_progress, token) => this.waitForCallback(token),
      );
    } catch (e) {
      return this.failed(e);
    }
    if (code === undefined) {
      this.flow?.cancel();
      const paste = vscode.l10n.t('Paste a Code Instead');
      const pick = await vscode.window.showInformationMessage(vscode.l10n.t('No sign-in came back from the browser. Nothing was stored.'), paste);
      return pick === paste ? this.runPasted() : false;
    }
    return this.exchange(code);
  }

  /** Starts a flow (ending any other) and returns its authorization URL, whose callback comes back to handleUri(). */
  async begin(): Promise<string> {
    this.flow?.cancel();
    const flow = (this.flow = new PkceFlow());
    this.received = new Promise<string>(resolve => { this.deliver = resolve; });
    const callback = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${this.deps.extensionId}${SIGN_IN_PATH}`));
    return flow.authUrl(this.deps.apiBaseUrl(), { callbackUrl: callback.toString(true), keyLabel: keyLabel() });
  }

  /** The code of the current flow's callback; undefined when cancelled or after CALLBACK_WAIT_MS. */
  waitForCallback(token?: vscode.CancellationToken): Promise<string | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled: vscode.Disposable | undefined;
    const giveUp = new Promise<undefined>(resolve => {
      cancelled = token?.onCancellationRequested(() => resolve(undefined));
      timer = setTimeout(resolve, CALLBACK_WAIT_MS, undefined);
    });
    return Promise.race([this.received ?? Promise.resolve(undefined), giveUp]).finally(() => {
      clearTimeout(timer);
      cancelled?.dispose();
    });
  }

  /** The headless flow: OpenRouter's page shows a code, which the user pastes. */
  async runPasted(): Promise<boolean> {
    this.flow?.cancel();
    const flow = (this.flow = new PkceFlow());
    try {
      await openUrl(flow.authUrl(this.deps.apiBaseUrl(), { keyLabel: keyLabel() }));
    } catch (e) {
      return this.failed(e);
    }
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in with OpenRouter'),
      prompt: vscode.l10n.t('Approve the request in your browser, then paste the code that OpenRouter shows.'),
      password: true,
      ignoreFocusOut: true,
    });
    const code = value === undefined ? undefined : flow.acceptPastedCode(value);
    if (code === undefined) {
      flow.cancel();
      if (value !== undefined) void vscode.window.showErrorMessage(vscode.l10n.t('That is not a sign-in code. Nothing was stored.'));
      return false;
    }
    return this.exchange(code);
  }

  /** Exchanges the current flow's accepted code for a key, checks it and stores it. */
  async exchange(code: string): Promise<boolean> {
    const flow = this.flow;
    if (!flow) return false;
    // From the exchange on, OpenRouter has made a key on the account.
    let issued = false;
    try {
      const got = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in with OpenRouter…') },
        async () => {
          const client = this.deps.clients(this.deps.apiBaseUrl());
          const { key } = await flow.exchange(code, (c, verifier) => client.exchangeAuthCode(c, verifier));
          issued = true;
          return { key, snapshot: await this.deps.checkKey(key) };
        },
      );
      const r = await this.deps.storeKey(got.key, got.snapshot);
      if (!r.stored) return this.keyLeft('notStored', r.why);
      this.deps.log.info(`Sign-in: a ${got.snapshot.key.isManagementKey ? 'management' : 'normal'} key was stored.`);
      return true;
    } catch (e) {
      return issued ? this.keyLeft(isCreditsError(e) ? e.kind : 'error', whyFailed(e)) : this.failed(e);
    }
  }

  private failed(e: unknown): false {
    this.deps.log.warn(`Sign-in failed (${isCreditsError(e) ? e.kind : 'error'}).`);
    void this.deps.notifier.answer('signIn', 'error', vscode.l10n.t('Sign-in failed: nothing was stored. {0}', whyFailed(e)));
    return false;
  }

  /** The code was exchanged, so OpenRouter holds a new key, but it was not stored: say so, with the Keys page to delete it. */
  private keyLeft(kind: string, why: string): false {
    this.deps.log.warn(`Sign-in failed after OpenRouter made its key (${kind}): the key was not stored and stays on the account.`);
    const open = vscode.l10n.t('Open Keys Page');
    const text = vscode.l10n.t('Sign-in failed after OpenRouter made a key for it. {0} The key was not stored here and stays on your OpenRouter account: delete it on the Keys page.', why);
    void this.deps.notifier.answer('signIn', 'error', text, open).then(pick => {
      if (pick === open) void vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
    });
    return false;
  }

  dispose(): void {
    this.flow?.cancel();
  }
}

/** Why a sign-in step failed, in the user's words. */
function whyFailed(e: unknown): string {
  const kind = isCreditsError(e) ? e.kind : 'error';
  return kind === 'badRequest' || kind === 'forbidden'
    ? vscode.l10n.t('OpenRouter did not accept the sign-in (it may have expired or been used already). Sign in again.')
    : kind === 'timeout' || kind === 'network'
      ? vscode.l10n.t('OpenRouter could not be reached. Check your connection and sign in again.')
      : kind === 'serviceError' || kind === 'rateLimited'
        ? vscode.l10n.t('OpenRouter is having trouble. Try again in a moment.')
        : kind === 'insecureBaseUrl'
          ? vscode.l10n.t('The API base URL must use https:// (http:// only for a loopback host).')
          : vscode.l10n.t('The sign-in did not complete.');
}

/** Names the key after the product and the machine, for OpenRouter's keys page. */
function keyLabel(): string {
  return `OpenRouter Credits (VS Code on ${os.hostname() || 'this machine'})`;
}
