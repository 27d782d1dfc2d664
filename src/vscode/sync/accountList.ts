// The list of accounts (id, name, kind, keyId: never a key) and the active
// account's id, in `accounts.json` beside the shared files: every window of
// the profile reads the same list, and a change in one (Add API Key, Switch
// Account, Rename, Remove) reaches the others through the file's watcher.
// The keys themselves are in SecretStorage, one secret per account.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkAccountList, serializeAccountList, type AccountListState } from '../../core/accounts/accounts';
import { ACCOUNT_LIST_FILE } from '../../core/accounts/storageLayout';
import { readText, updateFile } from './lockedFile';
import { setAside } from './setAside';

export type { AccountListState };

export class AccountList implements vscode.Disposable {
  readonly file: string;
  private readonly emitter = new vscode.EventEmitter<AccountListState>();
  /** Another window changed the list. */
  readonly onDidChange = this.emitter.event;
  private lastText: string | undefined;
  private watching = false;

  constructor(readonly dir: string, private readonly log: vscode.LogOutputChannel, private readonly watchIntervalMs = 1000) {
    this.file = path.join(dir, ACCOUNT_LIST_FILE);
  }

  read(): AccountListState {
    return this.parse(readText(this.file));
  }

  /** The list in `text`; a file of the wrong shape is set aside, the valid accounts written in its place. */
  private parse(text: string | undefined, locked = false): AccountListState {
    const { state, bad } = checkAccountList(text);
    if (bad) setAside(this.file, text!, { rebuilt: state.accounts.length ? serializeAccountList(state) : undefined, problem: 'an account or the active id not valid', log: this.log, locked });
    return state;
  }

  start(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.lastText = readText(this.file);
    this.watching = true;
    fs.watchFile(this.file, { interval: this.watchIntervalMs, persistent: false }, () => {
      const text = readText(this.file);
      if (text === this.lastText) return;
      this.lastText = text;
      this.emitter.fire(this.parse(text));
    });
  }

  /**
   * Read-modify-write under the file's lock: `fn` sees the list as on disk now
   * and returns the new one (or undefined: no change). Returns the list on
   * disk afterwards, and `ok: false` when a change could not be written (no
   * lock, a full disk): the caller must not act as if it had been.
   */
  update(fn: (cur: AccountListState) => AccountListState | undefined): AccountListState & { ok: boolean } {
    let written: string | undefined;
    let out: AccountListState | undefined;
    try {
      updateFile(this.file, text => {
        const cur = this.parse(text, true);
        const next = fn(cur);
        out = next ?? cur;
        if (!next) return undefined;
        written = serializeAccountList(next);
        return written;
      });
    } catch (e) {
      this.log.error(`Could not write the list of accounts: ${(e as Error).message}`);
      return { ...this.read(), ok: false };
    }
    if (written !== undefined) this.lastText = written;
    return { ...(out ?? this.read()), ok: true };
  }

  dispose(): void {
    if (this.watching) fs.unwatchFile(this.file);
    this.emitter.dispose();
  }
}
