// Headroom (issue 20): what stops the next request, and when. The smallest of
// what is known, in the order OpenRouter enforces it ("How the limits stack"):
// the workspace's budgets, the guardrail budgets that apply (the workspace's
// default guardrail against the member's total and against the key, the
// member's guardrail, the key's own guardrail), the key's limit, then the
// account balance. Where the key's /key answer carries OpenRouter's own
// KeyBudget layers, they are used as they are (they are what enforcement
// compares against). A layer that could bind but is not known is named, never
// ignored. No `vscode` import here.

import type { AccountKey } from '../types';
import { nextLimitReset } from '../alerts/thresholds';
import { intervalResetsAt, keysSpend, money } from './periods';
import type { BudgetInterval, Guardrail, KeyBudgetLayer, KeyBudgetScope, OrgData } from './types';
import { keysByWorkspace, workspaceOfKey } from './workspaceSpend';

export type HeadroomScope = KeyBudgetScope | 'balance';

/** Enforcement order: earlier binds first on a tie. */
export const SCOPE_ORDER: readonly HeadroomScope[] = ['workspace', 'workspace_default_member', 'workspace_default_key', 'member', 'api_key', 'key_limit', 'balance'];

export interface HeadroomLayer {
  scope: HeadroomScope;
  /** The workspace's name (workspace) or the guardrail's (guardrail scopes), when known. Outside text. */
  name?: string;
  interval: BudgetInterval;
  limitUsd?: number;
  spendUsd?: number;
  /** ≤ 0: refused. */
  remainingUsd: number;
  /** Epoch ms of the next reset; undefined: never (lifetime, a limit without reset, the balance). */
  resetsAt?: number;
}

export type UnknownReason =
  /** A normal key cannot read budgets and guardrails. */
  | 'noAccess'
  /** Member guardrail assignments are not listed by the API. */
  | 'notListed'
  /** The keys' figures are of an earlier period (read before a UTC reset). */
  | 'stale'
  /** The account balance is not available to this key. */
  | 'balance';

export interface UnknownLayer {
  scope: HeadroomScope;
  reason: UnknownReason;
}

export interface Headroom {
  /** The smallest remaining over the known layers; undefined when none is known. */
  remainingUsd?: number;
  binding?: HeadroomLayer;
  /** Known layers in enforcement order. */
  layers: HeadroomLayer[];
  unknownLayers: UnknownLayer[];
  source: 'keyBudgets' | 'computed';
}

/** The key whose headroom is asked: an AccountKey row, or the shown key's /key answer. */
export interface HeadroomKey {
  /** AccountKey.id, when known (guardrail key assignments name keys by it). */
  id?: string;
  workspaceId?: string | null;
  /** null: a workspace-owned key (member guardrails never apply); undefined: not said. */
  creatorUserId?: string | null;
  limit: number | null;
  limitRemaining: number | null;
  limitReset: string | null;
  /** OpenRouter's own KeyBudget layers, when /key gives them. */
  budgets?: KeyBudgetLayer[];
}

export interface HeadroomInput {
  key: HeadroomKey;
  /** Every key of the account (management key), for the workspace's and the member's totals. */
  keys?: readonly AccountKey[];
  org?: OrgData;
  /** When the keys were read (AccountBreakdown.keysAt). */
  keysAt?: number;
  /** The account's remaining credit (total_credits - total_usage), when known. */
  accountRemaining?: number;
  /** Whether this key's account data can read workspaces and guardrails (a management key). */
  canReadOrg: boolean;
  /** The account's keys grouped and summed once for every row (headroomIndex()); without it the call makes its own. */
  index?: HeadroomIndex;
}

/**
 * What the headroom of every key row of one account shares: the keys by
 * workspace and by id, and each group's sums once made. Built once per view
 * (buildOrgView), so that 1,000 rows cost one pass over the keys each, not
 * 1,000. Valid for one `keys`, `org`, `keysAt` and `now`.
 */
export interface HeadroomIndex {
  byWorkspace: Map<string, AccountKey[]>;
  byId: Map<string, AccountKey[]>;
  /** A workspace's keys of one member, by workspace id and member id (joined by NUL). */
  byMember: Map<string, AccountKey[]>;
  /** keysSpend() of a group, by group, interval and includeByok (joined by NUL). */
  sums: Map<string, number | undefined>;
  /** Each key's own guardrails (key assignments), by AccountKey.id. */
  assigned: Map<string, Guardrail[]>;
}

export function headroomIndex(keys: readonly AccountKey[], org: OrgData | undefined): HeadroomIndex {
  const byId = new Map<string, AccountKey[]>();
  for (const k of keys) byId.set(k.id, [...(byId.get(k.id) ?? []), k]);
  return { byWorkspace: keysByWorkspace(keys, org?.workspaces ?? []), byId, byMember: new Map(), sums: new Map(), assigned: assignedGuardrails(org) };
}

/** Each key's own guardrails, in the order of the assignments (an assignment to an unknown guardrail is none). */
function assignedGuardrails(org: OrgData | undefined): Map<string, Guardrail[]> {
  const byId = new Map((org?.guardrails ?? []).map(g => [g.id, g]));
  const out = new Map<string, Guardrail[]>();
  for (const a of org?.assignments ?? []) {
    const g = byId.get(a.guardrailId);
    if (g) out.set(a.keyId, [...(out.get(a.keyId) ?? []), g]);
  }
  return out;
}

/** keysSpend() of a group, once per index; `group` undefined: a group of one row's (not kept). */
function groupSpend(ix: HeadroomIndex, keysAt: number | undefined, group: string | undefined, keys: readonly AccountKey[], i: BudgetInterval, byok: boolean, now: number): number | undefined {
  if (group === undefined) return keysSpend(keys, i, byok, keysAt, now);
  const at = `${group}\0${String(i)}\0${byok}`;
  if (ix.sums.has(at)) return ix.sums.get(at);
  const v = keysSpend(keys, i, byok, keysAt, now);
  ix.sums.set(at, v);
  return v;
}

/** A member's keys in one workspace, grouped once per index. */
function memberKeysOf(ix: HeadroomIndex, wsId: string, wsKeys: readonly AccountKey[], member: string): AccountKey[] {
  const group = `${wsId}\0${member}`;
  let keys = ix.byMember.get(group);
  if (!keys) ix.byMember.set(group, (keys = wsKeys.filter(k => k.creatorUserId === member)));
  return keys;
}

const order = (s: HeadroomScope): number => SCOPE_ORDER.indexOf(s);

function finish(layers: HeadroomLayer[], unknownLayers: UnknownLayer[], source: Headroom['source']): Headroom {
  layers.sort((a, b) => order(a.scope) - order(b.scope));
  let binding: HeadroomLayer | undefined;
  for (const l of layers) if (!binding || l.remainingUsd < binding.remainingUsd) binding = l;
  const h: Headroom = { layers, unknownLayers, source };
  if (binding) {
    h.binding = binding;
    h.remainingUsd = binding.remainingUsd;
  }
  return h;
}

function balanceLayer(input: HeadroomInput, layers: HeadroomLayer[], unknown: UnknownLayer[]): void {
  if (input.accountRemaining !== undefined && Number.isFinite(input.accountRemaining)) layers.push({ scope: 'balance', interval: null, remainingUsd: input.accountRemaining });
  else unknown.push({ scope: 'balance', reason: 'balance' });
}

function fromKeyBudgets(input: HeadroomInput, budgets: readonly KeyBudgetLayer[]): Headroom {
  const layers: HeadroomLayer[] = [];
  const unknown: UnknownLayer[] = [];
  const ws = input.org?.workspaces ? workspaceOfKey(input.key, input.org.workspaces) : undefined;
  for (const b of budgets) {
    const l: HeadroomLayer = { scope: b.scope, interval: b.interval, limitUsd: b.limitUsd, spendUsd: b.spendUsd, remainingUsd: b.remainingUsd };
    const name = b.scope === 'workspace' ? ws?.name : b.guardrailId ? input.org?.guardrails?.find(g => g.id === b.guardrailId)?.name : undefined;
    if (name !== undefined) l.name = name;
    const at = b.resetsAt ? Date.parse(b.resetsAt) : NaN;
    if (Number.isFinite(at)) l.resetsAt = at;
    layers.push(l);
  }
  balanceLayer(input, layers, unknown);
  return finish(layers, unknown, 'keyBudgets');
}

/** `group`: the keys' memo name in the index (a member's: shared by their rows); undefined: not memoised. */
function guardrailLayer(scope: HeadroomScope, g: Guardrail, keys: readonly AccountKey[], group: string | undefined, input: HeadroomInput, ix: HeadroomIndex, now: number, unknown: UnknownLayer[]): HeadroomLayer | undefined {
  if (g.limitUsd === null || !Number.isFinite(g.limitUsd)) return undefined;
  const spend = groupSpend(ix, input.keysAt, group, keys, g.interval, g.includeByok, now);
  if (spend === undefined) {
    unknown.push({ scope, reason: 'stale' });
    return undefined;
  }
  const l: HeadroomLayer = { scope, name: g.name, interval: g.interval, limitUsd: g.limitUsd, spendUsd: spend, remainingUsd: money(g.limitUsd - spend) };
  const at = intervalResetsAt(g.interval, now);
  if (at !== undefined) l.resetsAt = at;
  return l;
}

function orgLayers(input: HeadroomInput, now: number, layers: HeadroomLayer[], unknown: UnknownLayer[]): void {
  const org = input.org;
  if (!input.canReadOrg || !org?.workspaces || !input.keys) {
    if (!input.canReadOrg) unknown.push({ scope: 'workspace', reason: 'noAccess' }, { scope: 'api_key', reason: 'noAccess' });
    return;
  }
  const ws = workspaceOfKey(input.key, org.workspaces);
  if (!ws) return;
  const ix = input.index ?? headroomIndex(input.keys, org);
  const wsKeys = ix.byWorkspace.get(ws.id) ?? [];
  for (const b of org.budgets ?? []) {
    if (b.workspaceId !== ws.id || !Number.isFinite(b.limitUsd)) continue;
    const spend = groupSpend(ix, input.keysAt, `workspace\0${ws.id}`, wsKeys, b.interval, ws.includeByokInBudgets, now);
    if (spend === undefined) {
      unknown.push({ scope: 'workspace', reason: 'stale' });
      continue;
    }
    const l: HeadroomLayer = { scope: 'workspace', name: ws.name, interval: b.interval, limitUsd: b.limitUsd, spendUsd: spend, remainingUsd: money(b.limitUsd - spend) };
    const at = intervalResetsAt(b.interval, now);
    if (at !== undefined) l.resetsAt = at;
    layers.push(l);
  }
  const keyId = input.key.id;
  const self = keyId ? ix.byId.get(keyId) ?? [] : [];
  const member = input.key.creatorUserId;
  const guardrails = org.guardrails ?? [];
  const push = (l: HeadroomLayer | undefined): void => { if (l) layers.push(l); };
  const def = ws.defaultGuardrailId ? guardrails.find(g => g.id === ws.defaultGuardrailId) : undefined;
  if (def) {
    if (member) push(guardrailLayer('workspace_default_member', def, memberKeysOf(ix, ws.id, wsKeys, member), `member\0${ws.id}\0${member}`, input, ix, now, unknown));
    else if (member === undefined && def.limitUsd !== null) unknown.push({ scope: 'workspace_default_member', reason: 'notListed' });
    push(guardrailLayer('workspace_default_key', def, self, undefined, input, ix, now, unknown));
  }
  // Member guardrail assignments are not in the API: one could bind wherever a guardrail with a budget exists.
  const anyBudget = guardrails.some(g => g.limitUsd !== null && (g.workspaceId === null || g.workspaceId === ws.id));
  if (member !== null && anyBudget) unknown.push({ scope: 'member', reason: 'notListed' });
  const own = keyId ? ix.assigned.get(keyId) ?? [] : [];
  for (const g of own) push(guardrailLayer('api_key', g, self, undefined, input, ix, now, unknown));
}

/**
 * The headroom of one key. With KeyBudget layers (`key.budgets`) they are
 * used as they are ('keyBudgets'), plus the account balance; otherwise the
 * layers are computed from the org data and the keys ('computed').
 */
export function headroom(input: HeadroomInput, now: number): Headroom {
  if (input.key.budgets) return fromKeyBudgets(input, input.key.budgets);
  const layers: HeadroomLayer[] = [];
  const unknown: UnknownLayer[] = [];
  orgLayers(input, now, layers, unknown);
  const k = input.key;
  if (k.limit !== null && k.limitRemaining !== null && Number.isFinite(k.limitRemaining)) {
    const l: HeadroomLayer = { scope: 'key_limit', interval: null, limitUsd: k.limit, spendUsd: money(k.limit - k.limitRemaining), remainingUsd: k.limitRemaining };
    const at = nextLimitReset(k.limitReset, now);
    if (at !== undefined) {
      l.resetsAt = at;
      l.interval = k.limitReset === 'daily' || k.limitReset === 'weekly' || k.limitReset === 'monthly' ? k.limitReset : null;
    }
    layers.push(l);
  }
  balanceLayer(input, layers, unknown);
  return finish(layers, unknown, 'computed');
}

export interface HeadroomForecast {
  /** 'blocked': a budget, guardrail or limit is met before it resets; 'runsOut': the balance. */
  kind: 'blocked' | 'runsOut';
  at: number;
  layer: HeadroomLayer;
}

const DAY_MS = 86_400_000;

/**
 * When the next request would be refused at `burnPerDay` (USD a day), taking
 * the layers that are met before they reset; undefined when none is (or no
 * burn). A layer already met is blocked now.
 */
export function headroomForecast(h: Headroom, burnPerDay: number | undefined, now: number): HeadroomForecast | undefined {
  let best: HeadroomForecast | undefined;
  for (const l of h.layers) {
    let at: number;
    if (l.remainingUsd <= 0) at = now;
    else if (burnPerDay === undefined || !(burnPerDay > 0)) continue;
    else at = now + (l.remainingUsd / burnPerDay) * DAY_MS;
    if (l.resetsAt !== undefined && l.resetsAt <= at) continue;
    if (!best || at < best.at) best = { kind: l.scope === 'balance' ? 'runsOut' : 'blocked', at, layer: l };
  }
  return best;
}
