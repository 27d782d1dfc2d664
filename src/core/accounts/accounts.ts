// Accounts (issue 12): several stored keys, each with a name. Pure TypeScript,
// no `vscode` import; the glue keeps the list outside SecretStorage (it holds
// no key) and one secret per account under secretIdOf(account.id).
//
// An account's id is random, never derived from its key: it names the secret
// and may be written anywhere. What ties an account to its history,
// thresholds and shared state is `keyId` (sharedState.ts keyId(): a salted,
// per-installation fingerprint of the key), as today for the single key.
//
// Names:
// - stored trimmed, NFC, without control characters, at most
//   MAX_ACCOUNT_NAME_CHARS;
// - unique without regard to case ("Work" and "work" cannot both exist), so a
//   picker never shows two names that read alike;
// - a workspace names its account in `openrouterCredits.account`:
//   pickAccount() matches it exactly (after trimming and NFC), case-sensitive.
//   No fuzzy match: a pin in a repository's settings never lands on an
//   account the user did not mean. An unknown name is 'unknownAccount',
//   never another account's figures.

import { randomBytes } from 'node:crypto';

import type { KeyInfo } from '../types';

export type AccountKind = 'management' | 'limited' | 'unlimited' | 'unknown';

/** One stored key with a name. Never the key itself. */
export interface Account {
  /** Random (newAccountId()), 16 hex digits; names the secret. */
  id: string;
  name: string;
  kind: AccountKind;
  /** keyId() of its key (salted fingerprint): whose history, thresholds and shared state it is. */
  keyId?: string;
}

/** The id of the fallback account: OPENROUTER_API_KEY from the environment, used when no key is stored. */
export const ENV_ACCOUNT_ID = 'env';

/** Where today's single key is stored: read once, for migrateSingleKey(). */
export const LEGACY_SECRET_ID = 'openrouterCredits.apiKey';
const SECRET_PREFIX = `${LEGACY_SECRET_ID}.`;
/** How many accounts Add API Key allows. */
export const MAX_ACCOUNTS = 50;
/** How many entries sanitizeAccounts() keeps: above MAX_ACCOUNTS, so a migrated key beyond it is not lost. */
const MAX_STORED_ACCOUNTS = 1000;
export const MAX_ACCOUNT_NAME_CHARS = 80;
/** The name of a migrated key without a label, and of an account added with an empty name. */
export const DEFAULT_ACCOUNT_NAME = 'OpenRouter';

const ACCOUNT_ID = /^[0-9a-f]{16}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const KINDS: readonly AccountKind[] = ['management', 'limited', 'unlimited', 'unknown'];

/** The SecretStorage id of an account's key. */
export function secretIdOf(accountId: string): string {
  return `${SECRET_PREFIX}${accountId}`;
}

/** A new random account id (16 hex digits) not in `taken`. */
export function newAccountId(taken: readonly Account[] = [], random: () => string = () => randomBytes(8).toString('hex')): string {
  for (let i = 0; i < 100; i++) {
    const id = random();
    if (ACCOUNT_ID.test(id) && !taken.some((a) => a.id === id)) return id;
  }
  throw new Error('newAccountId: no free id');
}

/** What kind of account a key makes, from its /key answer. */
export function accountKindOf(key: KeyInfo | undefined): AccountKind {
  if (!key) return 'unknown';
  if (key.isManagementKey) return 'management';
  return key.limit !== null ? 'limited' : 'unlimited';
}

/** A name as stored: NFC, control characters out, whitespace runs as one space, trimmed, capped. '' if nothing is left. */
export function normalizeAccountName(name: unknown): string {
  if (typeof name !== 'string') return '';
  const clean = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return [...clean].slice(0, MAX_ACCOUNT_NAME_CHARS).join('').trim();
}

const fold = (name: string): string => name.toLowerCase();

/** Whether `name` (normalized) is taken by an account other than `exceptId`, without regard to case. */
function taken(accounts: readonly Account[], name: string, exceptId?: string): boolean {
  return accounts.some((a) => a.id !== exceptId && fold(a.name) === fold(name));
}

/** `base` if free, else "base (2)", "base (3)", … (the suffix fits within MAX_ACCOUNT_NAME_CHARS). */
export function uniqueAccountName(accounts: readonly Account[], base: string, exceptId?: string): string {
  const name = normalizeAccountName(base) || DEFAULT_ACCOUNT_NAME;
  if (!taken(accounts, name, exceptId)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${[...name].slice(0, MAX_ACCOUNT_NAME_CHARS - suffix.length).join('').trim()}${suffix}`;
    if (!taken(accounts, candidate, exceptId)) return candidate;
  }
}

/** Why a name typed for an account cannot be used. */
export type NameProblem = 'empty' | 'tooLong' | 'taken';

/**
 * Checks a name the user typed (Add API Key, Rename Account: the input box's
 * validation). `exceptId`: the account being renamed (its own name, in any
 * case, is fine).
 */
export function checkAccountName(accounts: readonly Account[], name: string, exceptId?: string): NameProblem | undefined {
  const trimmed = typeof name === 'string' ? name.normalize('NFC').trim() : '';
  if (!trimmed || !normalizeAccountName(trimmed)) return 'empty';
  if ([...trimmed].length > MAX_ACCOUNT_NAME_CHARS) return 'tooLong';
  if (taken(accounts, normalizeAccountName(trimmed), exceptId)) return 'taken';
  return undefined;
}

/**
 * The stored list, sanitized: a list of objects with a valid id (16 hex
 * digits, the first of a repeated id wins), a name (normalized; empty →
 * DEFAULT_ACCOUNT_NAME; a name taken by an earlier one gets a suffix), a kind
 * (else 'unknown') and a valid keyId (else none). Anything else is dropped;
 * at most MAX_STORED_ACCOUNTS. Never throws.
 */
export function sanitizeAccounts(value: unknown): Account[] {
  if (!Array.isArray(value)) return [];
  const out: Account[] = [];
  for (const item of value) {
    if (out.length >= MAX_STORED_ACCOUNTS) break;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const { id, name, kind, keyId } = item as Record<string, unknown>;
    if (typeof id !== 'string' || !ACCOUNT_ID.test(id) || out.some((a) => a.id === id)) continue;
    const account: Account = {
      id,
      name: uniqueAccountName(out, normalizeAccountName(name) || DEFAULT_ACCOUNT_NAME),
      kind: KINDS.includes(kind as AccountKind) ? (kind as AccountKind) : 'unknown',
    };
    if (typeof keyId === 'string' && KEY_ID.test(keyId)) account.keyId = keyId;
    out.push(account);
  }
  return out;
}

/** The active account id as stored, if it names an account; else undefined. */
export function sanitizeActiveId(accounts: readonly Account[], id: unknown): string | undefined {
  return typeof id === 'string' && accounts.some((a) => a.id === id) ? id : undefined;
}

/** The list of accounts and the active account's id, as `accounts.json` holds them. */
export interface AccountListState {
  accounts: Account[];
  activeId?: string;
}

/** `accounts.json`'s text, sanitized (sanitizeAccounts(), sanitizeActiveId()); an empty list for text that is not JSON. Never throws. */
export function parseAccountList(text: string | undefined): AccountListState {
  try {
    const raw = JSON.parse(text ?? '{}') as { accounts?: unknown; activeId?: unknown } | null;
    const accounts = sanitizeAccounts(raw?.accounts);
    return { accounts, activeId: sanitizeActiveId(accounts, raw?.activeId) };
  } catch {
    return { accounts: [] };
  }
}

/**
 * `accounts.json` checked: `bad` when it is not JSON, not an object, or an
 * account or the active id was dropped or changed by sanitizing (the state is
 * parseAccountList()'s). Never throws.
 */
export function checkAccountList(text: string | undefined): { state: AccountListState; bad: boolean } {
  const state = parseAccountList(text);
  if (text === undefined) return { state, bad: false };
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return { state, bad: true }; }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { state, bad: true };
  const { accounts, activeId } = raw as { accounts?: unknown; activeId?: unknown };
  const list = accounts === undefined ? [] : accounts;
  const same = Array.isArray(list) && list.length === state.accounts.length && state.accounts.every((a, i) => {
    const r = list[i] as Record<string, unknown>;
    return r.id === a.id && r.name === a.name && r.kind === a.kind && r.keyId === a.keyId;
  });
  return { state, bad: !same || (activeId !== undefined && activeId !== null && activeId !== state.activeId) };
}

/** What `accounts.json` holds for a list (parseAccountList() reads it back). */
export function serializeAccountList(state: AccountListState): string {
  return JSON.stringify({ v: 1, accounts: state.accounts, activeId: state.activeId });
}

/** The account whose key has this keyId, if any. */
export function accountWithKeyId(accounts: readonly Account[], keyId: string | undefined): Account | undefined {
  return keyId === undefined ? undefined : accounts.find((a) => a.keyId === keyId);
}

export type AddResult =
  | { ok: true; accounts: Account[]; account: Account }
  /** tooMany: MAX_ACCOUNTS reached; sameKey: `existing` already holds this key (its history is keyed by keyId). */
  | { ok: false; reason: 'tooMany' }
  | { ok: false; reason: 'sameKey'; existing: Account };

/**
 * Adds an account at the end. The name is normalized and made unique
 * ("Work" → "Work (2)"; empty → DEFAULT_ACCOUNT_NAME). A key already held by
 * an account (same keyId) is not added twice. The caller makes it active.
 */
export function addAccount(
  accounts: readonly Account[],
  add: { name: string; kind: AccountKind; keyId?: string },
  random?: () => string,
): AddResult {
  const existing = accountWithKeyId(accounts, add.keyId);
  if (existing) return { ok: false, reason: 'sameKey', existing };
  if (accounts.length >= MAX_ACCOUNTS) return { ok: false, reason: 'tooMany' };
  const account = newAccount(accounts, add, random);
  return { ok: true, accounts: [...accounts, account], account };
}

function newAccount(accounts: readonly Account[], add: { name: string; kind: AccountKind; keyId?: string }, random?: () => string): Account {
  const account: Account = {
    id: newAccountId(accounts, random),
    name: uniqueAccountName(accounts, add.name),
    kind: KINDS.includes(add.kind) ? add.kind : 'unknown',
  };
  if (add.keyId !== undefined && KEY_ID.test(add.keyId)) account.keyId = add.keyId;
  return account;
}

export type RenameResult =
  | { ok: true; accounts: Account[]; account: Account }
  | { ok: false; reason: NameProblem | 'notFound' };

/** Renames an account: the name trimmed, not empty, not too long, not another account's (any case). */
export function renameAccount(accounts: readonly Account[], id: string, name: string): RenameResult {
  const i = accounts.findIndex((a) => a.id === id);
  if (i < 0) return { ok: false, reason: 'notFound' };
  const problem = checkAccountName(accounts, name, id);
  if (problem) return { ok: false, reason: problem };
  const account = { ...accounts[i], name: normalizeAccountName(name) };
  const next = accounts.slice();
  next[i] = account;
  return { ok: true, accounts: next, account };
}

/**
 * Removes an account. `activeId` afterwards: unchanged, or the first
 * remaining account when the active one was removed (undefined when none is
 * left). The glue then deletes the removed account's secret, and, unless
 * another account has the same keyId, its history, thresholds and snapshot.
 */
export function removeAccount(
  accounts: readonly Account[],
  id: string,
  activeId: string | undefined,
): { accounts: Account[]; removed?: Account; activeId: string | undefined } {
  const removed = accounts.find((a) => a.id === id);
  const next = accounts.filter((a) => a.id !== id);
  const active = activeId !== undefined && activeId !== id && next.some((a) => a.id === activeId) ? activeId : next[0]?.id;
  return removed ? { accounts: next, removed, activeId: active } : { accounts: next, activeId: active };
}

/** Updates what is known of an account's key (after a check or a refresh): its kind and keyId. */
export function withKeyFacts(accounts: readonly Account[], id: string, facts: { kind?: AccountKind; keyId?: string }): Account[] {
  return accounts.map((a) => {
    if (a.id !== id) return a;
    const next: Account = { ...a };
    if (facts.kind !== undefined && KINDS.includes(facts.kind)) next.kind = facts.kind;
    if (facts.keyId !== undefined && KEY_ID.test(facts.keyId)) next.keyId = facts.keyId;
    return next;
  });
}

/**
 * Which account a window shows:
 * - pinned: the workspace setting names an account (exact, case-sensitive,
 *   after trimming and NFC);
 * - unknownAccount: the setting names no account (or is not a string): show
 *   that state, never another account;
 * - active: no setting; the active account, or the first when the active id
 *   names none;
 * - none: no setting and no account (the glue may still use
 *   OPENROUTER_API_KEY as its fallback).
 * An empty or blank setting pins nothing. A pin to a name while only the
 * environment's key exists is 'unknownAccount' too.
 */
export type AccountPick =
  | { kind: 'pinned'; account: Account }
  | { kind: 'unknownAccount'; name: string }
  | { kind: 'active'; account: Account }
  | { kind: 'none' };

/** A setting of another type than string, as text: String() throws on `{"toString": 1}` (any JSON a workspace holds). */
function settingText(v: unknown): string {
  if (typeof v !== 'object' || v === null) return String(v);
  try { return JSON.stringify(v) ?? ''; } catch { return ''; }
}

export function pickAccount(accounts: readonly Account[], activeId: string | undefined, setting: unknown): AccountPick {
  if (setting !== undefined && setting !== null && setting !== '') {
    if (typeof setting !== 'string') return { kind: 'unknownAccount', name: settingText(setting).slice(0, MAX_ACCOUNT_NAME_CHARS) };
    const wanted = setting.normalize('NFC').trim();
    if (wanted) {
      const account = accounts.find((a) => a.name === wanted);
      return account ? { kind: 'pinned', account } : { kind: 'unknownAccount', name: [...wanted].slice(0, MAX_ACCOUNT_NAME_CHARS).join('') };
    }
  }
  const account = accounts.find((a) => a.id === activeId) ?? accounts[0];
  return account ? { kind: 'active', account } : { kind: 'none' };
}

/** The last snapshot's facts about a key, for migrateSingleKey(). */
export interface LastKnown {
  key: KeyInfo;
  /** keyId() of the key the snapshot is of, when known (the shared state's): a snapshot of another key is not used. */
  keyId?: string;
}

/**
 * What to do with today's single key (stored under LEGACY_SECRET_ID):
 * - none: no legacy key;
 * - create: a new account for it, named after its label (from the last
 *   snapshot; DEFAULT_ACCOUNT_NAME without one) and keeping its keyId, so its
 *   history and thresholds (keyed by keyId) carry over. It becomes active
 *   unless another account is. The glue stores the key under
 *   secretIdOf(account.id), then saves the list and the active id, then
 *   deletes the legacy secret: a stop halfway leaves the key in both places,
 *   never in neither;
 * - dropLegacy: an account already holds this key (an earlier migration
 *   stopped before deleting the legacy secret): only delete it.
 */
export type Migration =
  | { action: 'none' }
  | { action: 'create'; accounts: Account[]; account: Account; activeId: string; secretId: string }
  | { action: 'dropLegacy'; account: Account };

export function migrateSingleKey(
  accounts: readonly Account[],
  activeId: string | undefined,
  legacy: { keyId: string } | undefined,
  last?: LastKnown,
  random?: () => string,
): Migration {
  if (!legacy || !KEY_ID.test(legacy.keyId)) return { action: 'none' };
  const holder = accountWithKeyId(accounts, legacy.keyId);
  if (holder) return { action: 'dropLegacy', account: holder };
  const known = last && (last.keyId === undefined || last.keyId === legacy.keyId) ? last.key : undefined;
  // Not addAccount(): MAX_ACCOUNTS must not lose a stored key.
  const account = newAccount(accounts, { name: known?.label ?? '', kind: accountKindOf(known), keyId: legacy.keyId }, random);
  const active = sanitizeActiveId(accounts, activeId) ?? account.id;
  return { action: 'create', accounts: [...accounts, account], account, activeId: active, secretId: secretIdOf(account.id) };
}

/** A limit typed for Set Key Limit: USD ≥ 0 with at most 2 decimals ("$" and a decimal comma allowed); null for empty (no limit); 'bad' otherwise. */
export function parseLimit(text: string): number | null | 'bad' {
  const t = text.trim().replace(/^\$\s*/, '').replace(',', '.');
  if (t === '') return null;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return 'bad';
  const n = Number(t);
  return Number.isFinite(n) && n <= 1_000_000 ? n : 'bad';
}
