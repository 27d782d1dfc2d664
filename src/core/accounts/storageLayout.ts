// Where an account's files live, beside the profile's shared files: the
// fallback account (OPENROUTER_API_KEY) keeps them in the root folder, where
// a single key always had them; a stored account has its own folder,
// accounts/<id>/, with the same file names. Pure path arithmetic: the glue's
// storage.ts is the one that creates, moves and deletes them.
import * as path from 'node:path';
import { ENV_ACCOUNT_ID } from './accounts';

/** The list of accounts (never a key), in the root. */
export const ACCOUNT_LIST_FILE = 'accounts.json';
/** The folder of every stored account's folder, under the root. */
export const ACCOUNTS_FOLDER = 'accounts';
/** An account's shared state (thresholds, snoozes, the last snapshot). */
export const STATE_FILE = 'state.json';
/** An account's history of balances. */
export const HISTORY_FILE = 'history.json';
/** The files that are one key's, and move with it (migration of the single key). */
export const KEY_FILES: readonly string[] = [STATE_FILE, HISTORY_FILE];

/** Whether an account id may name a folder: a stored account's (16 hex digits), never the fallback account's nor anything else. */
export function hasOwnFolder(id: string): boolean {
  return id !== ENV_ACCOUNT_ID && /^[0-9a-f]{16}$/.test(id);
}

/** The folder of an account's files: the root for the fallback account, accounts/<id>/ for a stored one. */
export function accountFolder(rootDir: string, id: string): string {
  if (id === ENV_ACCOUNT_ID) return rootDir;
  return path.join(rootDir, ACCOUNTS_FOLDER, id);
}
