// Validation of the organization's answers: GET /workspaces, /workspaces/{id}/budgets,
// /guardrails, /guardrails/assignments/keys, /organization/members, and of
// POST /keys (a new key and its secret) and DELETE /keys/{hash}. Tolerant
// readers as in validateAccount.ts: unknown fields are ignored, missing
// optional ones get a default, a wrong type where a value is given is
// malformed; an item that is not an object is skipped. Key hashes are
// replaced by accountKeyId() at once. Pure TypeScript: no `vscode` import.

import type { Guardrail, GuardrailKeyAssignment, Member, Workspace, WorkspaceBudget } from '../org/types';
import type { AccountKey } from '../types';
import { budgetInterval } from './keyBudgets';
import { accountKeyId, getList, readKeyItem, tolerant } from './validateAccount';
import { isPlainObject, malformed } from './validate';

/** One page of a paged list: its items, how many the page held, and the total when given. */
export interface OrgPage<T> {
  items: T[];
  itemCount: number;
  totalCount: number | null;
}

function readPage<T>(body: unknown, endpoint: string, read: (item: Record<string, unknown>) => T | undefined): OrgPage<T> {
  const list = getList(body, endpoint);
  const items: T[] = [];
  for (const raw of list) {
    if (!isPlainObject(raw)) continue;
    const item = read(raw);
    if (item !== undefined) items.push(item);
  }
  const totalCount = tolerant(body as Record<string, unknown>, endpoint).count('total_count', null);
  return { items, itemCount: list.length, totalCount };
}

/** A GET /workspaces page. Required per item: `id`. @throws CreditsError('malformed') */
export function validateWorkspacesPage(body: unknown): OrgPage<Workspace> {
  const endpoint = '/workspaces';
  return readPage(body, endpoint, (item) => {
    const r = tolerant(item, endpoint);
    const id = r.str('id');
    const slug = r.optStr('slug', '');
    return {
      id,
      name: r.optStr('name', '') || slug || id,
      slug,
      includeByokInBudgets: r.optBool('include_byok_in_budgets', false),
      defaultGuardrailId: r.optStr('default_guardrail_id', null),
    };
  });
}

/** What a workspace's budgets answer says. */
export interface WorkspaceBudgetList {
  budgets: WorkspaceBudget[];
  /** Whether BYOK spend counts against them; undefined when the answer does not say. */
  includeByokInBudgets: boolean | undefined;
}

/**
 * A GET /workspaces/{id}/budgets body. Required per item: `limit_usd`; a
 * budget of an interval not known here is skipped (never read as another).
 *
 * @throws CreditsError('malformed')
 */
export function validateWorkspaceBudgets(body: unknown, workspaceId: string): WorkspaceBudgetList {
  const endpoint = '/workspaces/{id}/budgets';
  const { items } = readPage(body, endpoint, (item): WorkspaceBudget | undefined => {
    const r = tolerant(item, endpoint);
    const limitUsd = r.amount('limit_usd');
    const interval = budgetInterval(item.reset_interval);
    if (interval === undefined) return undefined;
    return { workspaceId: r.optStr('workspace_id', workspaceId) || workspaceId, interval, limitUsd };
  });
  const r = tolerant(body as Record<string, unknown>, endpoint);
  const includeByokInBudgets = r.has('include_byok_in_budgets') ? r.optBool('include_byok_in_budgets', false) : undefined;
  return { budgets: items, includeByokInBudgets };
}

/** A GET /guardrails page. Required per item: `id`; one with an interval not known here is skipped. @throws CreditsError('malformed') */
export function validateGuardrailsPage(body: unknown): OrgPage<Guardrail> {
  const endpoint = '/guardrails';
  return readPage(body, endpoint, (item): Guardrail | undefined => {
    const r = tolerant(item, endpoint);
    const id = r.str('id');
    const interval = budgetInterval(item.reset_interval);
    if (interval === undefined) return undefined;
    return {
      id,
      name: r.optStr('name', '') || id,
      limitUsd: r.optAmount('limit_usd', null),
      interval,
      includeByok: r.optBool('include_byok_in_budgets', false),
      workspaceId: r.optStr('workspace_id', null),
    };
  });
}

/** A GET /guardrails/assignments/keys page, each key's hash replaced by its AccountKey.id. @throws CreditsError('malformed') */
export function validateKeyAssignmentsPage(body: unknown): OrgPage<GuardrailKeyAssignment> {
  const endpoint = '/guardrails/assignments/keys';
  return readPage(body, endpoint, (item) => {
    const r = tolerant(item, endpoint);
    return { guardrailId: r.str('guardrail_id'), keyId: accountKeyId(r.str('key_hash')) };
  });
}

/** A GET /organization/members page; a member's name is "First Last", else the e-mail, else the id. @throws CreditsError('malformed') */
export function validateMembersPage(body: unknown): OrgPage<Member> {
  const endpoint = '/organization/members';
  return readPage(body, endpoint, (item) => {
    const r = tolerant(item, endpoint);
    const id = r.str('id');
    const full = [r.optStr('first_name', ''), r.optStr('last_name', '')].map((s) => s.trim()).filter(Boolean).join(' ');
    return { id, name: full || r.optStr('email', '').trim() || id };
  });
}

/** What POST /keys gives: the new key (null when its description is unusable: the key exists all the same) and its secret. */
export interface CreatedKey {
  key: AccountKey | null;
  /** The new key itself: shown once, never logged or kept by the caller. */
  secret: string;
}

/**
 * A POST /keys body `{data, key}`. The secret must be a non-empty string of
 * visible ASCII (else malformed: no usable key came back). A `data` that
 * cannot be read gives key null rather than losing the secret. No message
 * contains the secret.
 *
 * @throws CreditsError('malformed')
 */
export function validateCreatedKey(body: unknown): CreatedKey {
  const endpoint = 'POST /keys';
  if (!isPlainObject(body)) throw malformed(endpoint, 'the body is not a JSON object');
  const secret = body.key;
  if (typeof secret !== 'string' || secret.length > 1000 || !/^[\x21-\x7e]+$/.test(secret)) {
    throw malformed(endpoint, '"key" is missing or not a usable key');
  }
  let key: AccountKey | null = null;
  try {
    if (isPlainObject(body.data)) key = readKeyItem(body.data, endpoint).key;
  } catch {
    key = null;
  }
  return { key, secret };
}

/** A DELETE /keys/{hash} body: `{deleted: true}`. @throws CreditsError('malformed') */
export function validateDeleted(body: unknown): void {
  if (!isPlainObject(body) || body.deleted !== true) throw malformed('DELETE /keys/{hash}', '"deleted" is not true');
}
