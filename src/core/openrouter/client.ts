// The client of OpenRouter's API: /key and /credits (the snapshot, with the
// remembered /credits 403), and, through the modules beside it, the account's
// /keys, /activity and /generation and a key's limit (PATCH /keys/{hash})
// (accountApi.ts), the organization's workspaces, budgets, guardrails and
// members (orgApi.ts), creating, renaming, disabling and deleting keys
// (keyAdminApi.ts), and the PKCE code exchange (POST /auth/keys, authCode.ts).
// Each request goes through http.ts. Pure TypeScript: no `vscode` import.
//
// Security rules:
// - the base URL must be https (http only for loopback hosts) and carry no
//   credentials, query or fragment (baseUrl.ts);
// - the Authorization header is only sent to the configured origin: every
//   request URL is built from the validated base and its origin re-checked;
// - redirects are never followed (redirect: 'manual'; any 3xx is an error);
// - the key is kept in memory only for the duration of a call; what is
//   remembered about a key is a short, non-reversible SHA-256 fingerprint;
// - OpenRouter's hash of a listed key only leaves listKeysWithHashes() in a
//   separate map (never in an AccountKey), and no error message contains it;
// - no error message ever contains the key, an authorization code, a code
//   verifier or a raw response body.

import { keyId } from '../identity';

import {
  fetchActivity,
  fetchGeneration,
  listKeysWithHashes,
  updateKeyLimit,
  type KeyLimitUpdate,
  type KeyListWithHashes,
} from './accountApi';
import { exchangeAuthCode } from './authCode';
import { createKey, deleteKey, renameKey, setKeyDisabled, type CreatedKey, type NewKeyRequest } from './keyAdminApi';
import { listGuardrailKeyAssignments, listGuardrails, listMembers, listWorkspaceBudgets, listWorkspaces, type WorkspaceBudgetList } from './orgApi';
import type { Guardrail, GuardrailKeyAssignment, Member, Workspace } from '../org/types';
import { validateBaseUrl } from './baseUrl';
import { asCreditsError, normalizeKey, OpenRouterHttp, type HttpOptions } from './http';
import { buildSnapshot } from '../money/model';
import type { AccountKey, AccountStatus, ActivityRow, CreditSnapshot, GenerationInfo, KeyInfo } from '../types';
import { validateCreditsResponse, validateKeyResponse, type AuthKeyResult, type CreditsTotals } from './validate';

// The glue imports these from here.
export { validateBaseUrl } from './baseUrl';
export { LIMIT_RESETS, type KeyLimitUpdate, type LimitReset } from './accountApi';
export type { CreatedKey, NewKeyRequest } from './keyAdminApi';
export type { WorkspaceBudgetList } from './orgApi';

/** Serializable memory of "GET /credits answered 403 for this key". */
export interface CreditsForbiddenState {
  /** keyId() of the key (core/identity.ts). */
  fingerprint: string;
  /** Epoch ms of the 403. */
  at: number;
}

export interface OpenRouterClientOptions extends HttpOptions {
  /** e.g. https://openrouter.ai/api/v1 (validated by validateBaseUrl). */
  baseUrl: string;
  /** How long a /credits 403 is remembered before /credits is tried again. Default 24 h. */
  creditsRetryMs?: number;
  /** Initial remembered 403 (e.g. restored from storage). */
  creditsForbiddenState?: CreditsForbiddenState;
  /** Called whenever the remembered 403 changes (to persist it). */
  onCreditsForbiddenStateChange?: (state: CreditsForbiddenState | undefined) => void;
  /** Salt of the remembered 403's key fingerprint (per installation); default none. */
  fingerprintSalt?: string;
}

export interface FetchSnapshotOptions {
  /** Try /credits even when a remembered 403 is not yet due for a retry. */
  forceCredits?: boolean;
  /**
   * /key's answer from an earlier fetch, reused instead of asking /key again
   * (a management key's /key figures are all 0 and its flags rarely change).
   * `knownKeyAt` is when it was asked.
   */
  knownKey?: KeyInfo;
  knownKeyAt?: number;
}

export const DEFAULT_CREDITS_RETRY_MS = 24 * 60 * 60 * 1000;

export class OpenRouterClient {
  /** Validated base URL (no trailing slash). */
  readonly baseUrl: URL;
  readonly origin: string;
  private readonly http: OpenRouterHttp;
  private readonly now: () => number;
  private readonly creditsRetryMs: number;
  private readonly fingerprintSalt: string;
  private readonly onForbiddenChange?: (state: CreditsForbiddenState | undefined) => void;
  private forbidden: CreditsForbiddenState | undefined;

  constructor(options: OpenRouterClientOptions) {
    this.baseUrl = validateBaseUrl(options.baseUrl);
    this.origin = this.baseUrl.origin;
    this.http = new OpenRouterHttp(this.baseUrl, options);
    this.now = options.now ?? Date.now;
    this.creditsRetryMs = options.creditsRetryMs !== undefined && options.creditsRetryMs >= 0
      ? options.creditsRetryMs
      : DEFAULT_CREDITS_RETRY_MS;
    this.onForbiddenChange = options.onCreditsForbiddenStateChange;
    this.fingerprintSalt = options.fingerprintSalt ?? '';
    this.forbidden = sanitizeForbiddenState(options.creditsForbiddenState);
  }

  /** The remembered /credits 403 (serializable), if any. */
  get creditsForbiddenState(): CreditsForbiddenState | undefined {
    return this.forbidden ? { ...this.forbidden } : undefined;
  }

  set creditsForbiddenState(state: CreditsForbiddenState | undefined) {
    this.forbidden = sanitizeForbiddenState(state);
  }

  private shouldSkipCredits(fingerprint: string, now: number): boolean {
    const f = this.forbidden;
    if (!f || f.fingerprint !== fingerprint) return false;
    const age = now - f.at;
    return age >= 0 && age < this.creditsRetryMs; // a clock that went backwards retries
  }

  private setForbidden(state: CreditsForbiddenState | undefined): void {
    const changed = state?.fingerprint !== this.forbidden?.fingerprint || state?.at !== this.forbidden?.at;
    this.forbidden = state;
    if (changed && this.onForbiddenChange) {
      try {
        this.onForbiddenChange(state ? { ...state } : undefined);
      } catch {
        // a persistence failure must not break the fetch
      }
    }
  }

  /**
   * Fetches /key (always) and /credits (unless a remembered 403 for this key is
   * not yet due), concurrently, and builds the snapshot.
   *
   * @throws CreditsError — /key's error. /key answered, so the key is valid:
   * any /credits failure but a 403 (a 401 too) gives accountStatus 'error'
   * with its kind, status and Retry-After in `accountError`.
   */
  async fetchSnapshot(apiKey: string, options: FetchSnapshotOptions = {}): Promise<CreditSnapshot> {
    const key = normalizeKey(apiKey);
    const fingerprint = keyId(this.fingerprintSalt, key);
    const skipCredits = !options.forceCredits && this.shouldSkipCredits(fingerprint, this.now());

    const creditsAbort = new AbortController();
    const keyPromise = options.knownKey ? Promise.resolve(options.knownKey) : this.http.getJson('/key', key).then(validateKeyResponse);
    const creditsPromise: Promise<CreditsTotals | undefined> = skipCredits
      ? Promise.resolve(undefined)
      : this.http.getJson('/credits', key, creditsAbort.signal).then(validateCreditsResponse);
    // Once /key failed, /credits no longer matters: stop waiting for it.
    keyPromise.catch(() => creditsAbort.abort());

    const [keyResult, creditsResult] = await Promise.allSettled([keyPromise, creditsPromise]);
    if (keyResult.status === 'rejected') throw asCreditsError(keyResult.reason, [key]);
    const info = keyResult.value;

    let accountStatus: AccountStatus;
    let totals: CreditsTotals | undefined;
    let accountError: CreditSnapshot['accountError'];
    if (skipCredits) {
      accountStatus = 'skipped';
    } else if (creditsResult.status === 'fulfilled') {
      totals = creditsResult.value;
      accountStatus = 'known';
      if (this.forbidden?.fingerprint === fingerprint) this.setForbidden(undefined);
    } else {
      const err = asCreditsError(creditsResult.reason, [key]);
      if (err.kind === 'forbidden') {
        accountStatus = 'forbidden';
        if (!info.isManagementKey) this.setForbidden({ fingerprint, at: this.now() });
      } else {
        accountStatus = 'error';
        accountError = { kind: err.kind, ...(err.status !== undefined ? { status: err.status } : {}), ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
      }
    }
    const snapshot = buildSnapshot(info, totals, accountStatus, this.now());
    if (accountError) snapshot.accountError = accountError;
    if (options.knownKey) snapshot.keyAt = options.knownKeyAt ?? snapshot.fetchedAt;
    return snapshot;
  }

  /** Exchanges a sign-in's authorization code for a key: see exchangeAuthCode() (authCode.ts). */
  exchangeAuthCode(code: string, verifier: string): Promise<AuthKeyResult> {
    return exchangeAuthCode(this.http, code, verifier);
  }

  /** The keys of one workspace, or of the Default one: see listKeysWithHashes() (accountApi.ts). */
  async listKeys(apiKey: string, workspaceId?: string): Promise<AccountKey[]> {
    return (await this.listKeysWithHashes(apiKey, workspaceId)).keys;
  }

  /** The keys of one workspace (or the Default one) and, apart, their hashes (for the host only): see accountApi.ts. */
  listKeysWithHashes(apiKey: string, workspaceId?: string): Promise<KeyListWithHashes> {
    return listKeysWithHashes(this.http, apiKey, workspaceId);
  }

  /** The account's workspaces: see orgApi.ts. */
  listWorkspaces(apiKey: string): Promise<Workspace[]> {
    return listWorkspaces(this.http, apiKey);
  }

  /** One workspace's budgets and whether BYOK counts: see orgApi.ts. */
  listWorkspaceBudgets(apiKey: string, workspaceId: string): Promise<WorkspaceBudgetList> {
    return listWorkspaceBudgets(this.http, apiKey, workspaceId);
  }

  /** The guardrails of one workspace, or OpenRouter's default listing: see orgApi.ts. */
  listGuardrails(apiKey: string, workspaceId?: string): Promise<Guardrail[]> {
    return listGuardrails(this.http, apiKey, workspaceId);
  }

  /** Every key's guardrail assignments, by AccountKey.id: see orgApi.ts. */
  listGuardrailKeyAssignments(apiKey: string): Promise<GuardrailKeyAssignment[]> {
    return listGuardrailKeyAssignments(this.http, apiKey);
  }

  /** The organization's members: see orgApi.ts. */
  listMembers(apiKey: string): Promise<Member[]> {
    return listMembers(this.http, apiKey);
  }

  /** Creates a key; its secret is only in the result: see keyAdminApi.ts. */
  createKey(apiKey: string, req: NewKeyRequest): Promise<CreatedKey> {
    return createKey(this.http, apiKey, req);
  }

  /** Renames a key by its hash: see keyAdminApi.ts. */
  renameKey(apiKey: string, hash: string, name: string): Promise<AccountKey> {
    return renameKey(this.http, apiKey, hash, name);
  }

  /** Disables or enables a key by its hash: see keyAdminApi.ts. */
  setKeyDisabled(apiKey: string, hash: string, disabled: boolean): Promise<AccountKey> {
    return setKeyDisabled(this.http, apiKey, hash, disabled);
  }

  /** Deletes a key by its hash: see keyAdminApi.ts. */
  deleteKey(apiKey: string, hash: string): Promise<void> {
    return deleteKey(this.http, apiKey, hash);
  }

  /** Sets a key's limit and when it resets: see updateKeyLimit() (accountApi.ts). */
  updateKeyLimit(apiKey: string, hash: string, update: KeyLimitUpdate): Promise<AccountKey> {
    return updateKeyLimit(this.http, apiKey, hash, update);
  }

  /** The account's activity of the last 30 completed UTC days: see fetchActivity() (accountApi.ts). */
  fetchActivity(apiKey: string): Promise<ActivityRow[]> {
    return fetchActivity(this.http, apiKey);
  }

  /** One generation: see fetchGeneration() (accountApi.ts). */
  fetchGeneration(apiKey: string, id: string): Promise<GenerationInfo> {
    return fetchGeneration(this.http, apiKey, id);
  }
}

export function sanitizeForbiddenState(state: unknown): CreditsForbiddenState | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const { fingerprint, at } = state as { fingerprint?: unknown; at?: unknown };
  if (typeof fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(fingerprint)) return undefined;
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  return { fingerprint, at };
}
