// Shared, JSON-serializable shapes of the credits core. No `vscode` import here.

/** What GET /key says about the key in use (camelCased, validated). */
export interface KeyInfo {
  label: string;
  /** Spending limit in USD; null = unlimited. */
  limit: number | null;
  /** Remaining spending limit in USD; null when unlimited. */
  limitRemaining: number | null;
  /** e.g. "daily" | "weekly" | "monthly"; null = never resets. */
  limitReset: string | null;
  usage: number;
  usageDaily: number;
  usageWeekly: number;
  usageMonthly: number;
  byokUsage: number;
  byokUsageDaily: number;
  byokUsageWeekly: number;
  byokUsageMonthly: number;
  includeByokInLimit: boolean;
  isFreeTier: boolean;
  isManagementKey: boolean;
  /** Free-model requests left today, when /key reports them (newer than the shared spec). */
  freeModelRequests?: FreeModelRequests;
  /** ISO 8601 or null (no expiry). */
  expiresAt: string | null;
  /**
   * /key's `organization_id`: the organization the key belongs to; null for
   * a personal account's key; absent when /key does not say (older answers).
   */
  organizationId?: string | null;
  /** /key's `creator_user_id`: who created the key (an organization's member); null or absent when not said. */
  creatorUserId?: string | null;
  /** OpenRouter's own KeyBudget layers, when /key carries a `budgets` list (malformed layers skipped): what enforcement compares against. */
  budgets?: import('./org/types').KeyBudgetLayer[];
}

/** What GET /credits says about the whole account. */
export interface AccountInfo {
  totalCredits: number;
  totalUsage: number;
  /** totalCredits - totalUsage (may be negative when overdrawn). */
  remaining: number;
  /** totalUsage / totalCredits * 100; undefined when totalCredits is 0. */
  usagePercent: number | undefined;
}

/**
 * Why the account part is (not) known:
 * - known: /credits answered with real numbers;
 * - forbidden: /credits answered 403 (normal key), remembered;
 * - unavailable: /credits answered 200 with zeros for a normal key (or zeros
 *   that contradict a management key's /key usage): never a $0 balance;
 * - skipped: not tried this time (a remembered 403 not yet due for a retry);
 * - error: /credits failed for another reason this time.
 */
export type AccountStatus = 'known' | 'forbidden' | 'unavailable' | 'skipped' | 'error';

export interface CreditSnapshot {
  /** Epoch ms when the data was fetched. */
  fetchedAt: number;
  key: KeyInfo;
  account?: AccountInfo;
  accountStatus: AccountStatus;
  /**
   * min(key limit remaining, account remaining) over whichever is known.
   * undefined = "balance unknown" (unlimited normal key without account figures):
   * never render it as $0.
   */
  spendable?: number;
  /** Which figure binds `spendable`. */
  binding?: 'key' | 'account';
  /** Key usage against its limit in %, when the key has a limit > 0. */
  keyUsagePercent?: number;
  /** When /key was last asked (a management key's is asked at most hourly; absent = at fetchedAt). */
  keyAt?: number;
  /** Why /credits failed this time (accountStatus 'error'): its own kind, status and Retry-After. */
  accountError?: { kind: string; status?: number; retryAfterMs?: number };
  /**
   * Set when `account` is the last good one carried over from an earlier
   * refresh because /credits failed this time: when it was fetched (epoch ms).
   */
  accountAsOf?: number;
}

/** One stored history sample (compacted series keep the last sample of a bucket). */
export interface HistoryPoint {
  /** Epoch ms. */
  t: number;
  /** Spendable balance, when known. */
  spendable?: number;
  /** Account total credits / usage, when known. */
  totalCredits?: number;
  totalUsage?: number;
  /** The key's cumulative usage (always known). */
  keyUsage: number;
  /** The clock was set back before this sample: a new segment starts here, no spend counts since the sample before (samples.ts). */
  segmentStart?: true;
}

export interface Forecast {
  /** Days until spendable reaches 0 at the 7-day (or 24 h) burn rate. */
  daysLeft: number;
  /** Epoch ms of the projected run-out. */
  runOutAt: number;
  /** Which burn rate it is based on. */
  basis: '24h' | '7d';
  /**
   * Whose spend the rate measures: 'key' when this key's limit binds the
   * balance (its own usage drains it), else the account's (or the key's when
   * no account figures are known).
   */
  rateOf?: 'key';
  /**
   * Epoch ms of the key limit's next reset (UTC), when the key's limit binds
   * and resets before `runOutAt`: it will not run out at this rate.
   */
  resetsAt?: number;
}

/**
 * Why a figure is not shown:
 * - gap: the samples around it are too far apart to place the spend in the
 *   period (VS Code was closed, or nothing polled, for part of it);
 * - history: the history does not reach back far enough yet.
 */
export type UnknownReason = 'gap' | 'history';

/** The DerivedUsage figures that can be unknown for a reason. */
export type ReasonedFigure = 'spendToday' | 'spendThisWeek' | 'spendThisMonth' | 'spendLastHour' | 'burnRate24h' | 'burnRate7d' | 'forecast';

export interface DailySpend {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** undefined: the spend cannot be placed in this day (see `unknown`). */
  spend?: number;
  /** Why `spend` is undefined. */
  unknown?: UnknownReason;
  /** Spendable balance at the end of the day, when known. */
  balance?: number;
  /** The day's spend per model (from /activity; management key), largest first. */
  byModel?: { model: string; spend: number }[];
}

/** Figures derived from the snapshot and the history. undefined = not enough data. */
export interface DerivedUsage {
  spendSinceLastCheck?: number;
  spendToday?: number;
  spendThisWeek?: number;
  spendThisMonth?: number;
  spendLastHour?: number;
  /** USD per day. */
  burnRate24h?: number;
  burnRate7d?: number;
  forecast?: Forecast;
  /** Why a figure above is undefined, when there is a reason to tell. */
  unknownReasons?: Partial<Record<ReasonedFigure, UnknownReason>>;
  /** Up to 30 UTC days, oldest first. */
  daily: DailySpend[];
}

/**
 * One of the account's keys (GET /keys, management key only), camelCased.
 * OpenRouter's `hash` is not kept: it identifies the key on OpenRouter's side
 * (filters, PATCH) and must never reach the UI, the shared files or the log;
 * `id` stands in for it. The extension host that needs the hash (to set a
 * limit) gets it from OpenRouterClient.listKeysWithHashes(), in a map by `id`
 * kept apart from the keys, so an AccountKey can go anywhere.
 */
export interface AccountKey {
  /** Short, non-reversible identity for the UI (16 hex digits of a SHA-256 over the hash). */
  id: string;
  /** The name the user gave the key ('' when missing). */
  name: string;
  /** OpenRouter's masked form of the key, e.g. "sk-or-v1-abc...1234" ('' when missing). */
  label: string;
  disabled: boolean;
  /** Spending limit in USD; null = unlimited. */
  limit: number | null;
  /** null when unlimited. */
  limitRemaining: number | null;
  /** e.g. "daily" | "weekly" | "monthly"; null = never resets. */
  limitReset: string | null;
  usage: number;
  usageDaily: number;
  usageWeekly: number;
  usageMonthly: number;
  /** ISO 8601, when given. */
  createdAt: string | null;
  /** BYOK spend (paid to the user's provider, not from credits), when /keys gives it. */
  byokUsage?: number;
  byokUsageDaily?: number;
  byokUsageWeekly?: number;
  byokUsageMonthly?: number;
  /** The workspace the key lives in, when /keys gives it. */
  workspaceId?: string | null;
  /** The member who made the key (null: a workspace-owned key), when /keys gives it. */
  creatorUserId?: string | null;
}

/** One GET /activity row: one UTC day, one model, one provider endpoint. */
export interface ActivityRow {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  model: string;
  /** The model version; `model` when missing. */
  modelPermaslug: string;
  /** '' when missing. */
  endpointId: string;
  /** '' when missing. */
  providerName: string;
  /** USD. */
  usage: number;
  byokUsageInference: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}

/** What GET /generation says about one generation (the figures a monitor uses). */
export interface GenerationInfo {
  id: string;
  model: string;
  providerName: string | null;
  /** USD. */
  totalCost: number;
  /** ISO 8601 ('' when missing). */
  createdAt: string;
  tokensPrompt: number | null;
  tokensCompletion: number | null;
  /** Reasoning tokens in the provider's own count (`native_tokens_reasoning`), when given. */
  tokensReasoning: number | null;
  /** ms to the first token, when given. */
  latencyMs: number | null;
  /** ms for the whole generation, when given. */
  generationTimeMs: number | null;
  isByok: boolean;
  finishReason: string | null;
}

/** Free-model requests per UTC day (GET /key `free_model_daily_requests`). */
export interface FreeModelRequests {
  limit: number;
  remaining: number;
  used: number;
}

/**
 * Where the money goes, for a management key: its account's keys (GET /keys)
 * and the activity of the last 30 completed UTC days (GET /activity), kept in
 * the shared state with when each was fetched. A failure keeps the last good
 * copy and records its kind; it never makes the balance stale.
 */
export interface AccountBreakdown {
  /** Every key of the account, disabled ones included (never a hash). */
  keys?: AccountKey[];
  keysAt?: number;
  /** Kind of the last /keys failure, while it lasts. */
  keysError?: string;
  /** Spend per model over the activity's days, largest first, top 10 then "other". */
  byModel?: import('./money/breakdown').ModelSpendRow[];
  /** Spend per completed UTC day (30 days), with its split per model. */
  daily?: import('./money/breakdown').DailyModelSpend[];
  activityAt?: number;
  /** The UTC day (YYYY-MM-DD) the activity was fetched on: at most once a day. */
  activityDay?: string;
  /** Whether that fetch already had yesterday (else it is asked again hourly until it does). */
  activityHasYesterday?: boolean;
  /** Kind of the last /activity failure, while it lasts, and when it was tried. */
  activityError?: string;
  activityTriedAt?: number;
  /** Workspaces, their budgets, guardrails and members (a management key of an account with workspaces). */
  org?: import('./org/types').OrgData;
}
