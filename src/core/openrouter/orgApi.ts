// The organization's reads (management key only): the workspaces, a
// workspace's budgets, the guardrails, their key assignments and the members,
// each list read through every page. Each request goes through the client's
// OpenRouterHttp (http.ts). Pure TypeScript: no `vscode` import.

import type { Guardrail, GuardrailKeyAssignment, Member, Workspace } from '../org/types';
import { HASH_PATTERN } from './accountApi';
import { CreditsError } from './errors';
import { normalizeKey, type OpenRouterHttp } from './http';
import {
  validateGuardrailsPage,
  validateKeyAssignmentsPage,
  validateMembersPage,
  validateWorkspaceBudgets,
  validateWorkspacesPage,
  type OrgPage,
  type WorkspaceBudgetList,
} from './validateOrg';

/** The organization's lists are asked this many items a page (OpenRouter's most). */
export const ORG_PAGE_SIZE = 100;
/** A list read stops after this many pages (5 000 items), whatever the answers. */
export const MAX_ORG_PAGES = 50;

export type { WorkspaceBudgetList } from './validateOrg';

function checkWorkspaceId(workspaceId: unknown): string {
  if (typeof workspaceId !== 'string' || !HASH_PATTERN.test(workspaceId)) throw new CreditsError('badRequest', 'The workspace is not valid.');
  return workspaceId;
}

/**
 * Every item of a paged list: pages of ORG_PAGE_SIZE by `offset` and `limit`
 * until a short page or `total_count`, at most MAX_ORG_PAGES. An item seen
 * twice (the list moved while paging) counts once.
 */
async function readAllPages<T>(
  http: OpenRouterHttp,
  apiKey: string,
  path: string,
  read: (body: unknown) => OrgPage<T>,
  idOf: (item: T) => string,
  query: Record<string, string> = {},
): Promise<T[]> {
  const key = normalizeKey(apiKey);
  const byId = new Map<string, T>();
  for (let page = 0; page < MAX_ORG_PAGES; page++) {
    const offset = page * ORG_PAGE_SIZE;
    const body = await http.requestJson({
      method: 'GET',
      path,
      query: { offset: String(offset), limit: String(ORG_PAGE_SIZE), ...query },
      key,
      secrets: [key],
    });
    const got = read(body);
    for (const item of got.items) if (!byId.has(idOf(item))) byId.set(idOf(item), item);
    if (got.itemCount < ORG_PAGE_SIZE || (got.totalCount !== null && offset + got.itemCount >= got.totalCount)) break;
  }
  return [...byId.values()];
}

/**
 * The account's workspaces (GET /workspaces, every page).
 *
 * @throws CreditsError — forbidden (403) for a normal key; the other
 * status-mapped kinds; malformed for an unusable answer.
 */
export function listWorkspaces(http: OpenRouterHttp, apiKey: string): Promise<Workspace[]> {
  return readAllPages(http, apiKey, '/workspaces', validateWorkspacesPage, (w) => w.id);
}

/**
 * One workspace's budgets (GET /workspaces/{id}/budgets; id or slug), and
 * whether BYOK spend counts against them.
 *
 * @throws CreditsError — badRequest for an id that cannot be one (no request
 * sent); forbidden (403) for a normal key; notFound (404) for an unknown
 * workspace; the other status-mapped kinds; malformed.
 */
export async function listWorkspaceBudgets(http: OpenRouterHttp, apiKey: string, workspaceId: string): Promise<WorkspaceBudgetList> {
  const key = normalizeKey(apiKey);
  const id = checkWorkspaceId(workspaceId);
  const body = await http.requestJson({ method: 'GET', path: `/workspaces/${encodeURIComponent(id)}/budgets`, key, secrets: [key] });
  return validateWorkspaceBudgets(body, id);
}

/**
 * The guardrails (GET /guardrails, every page) of one workspace, or without
 * `workspaceId` those OpenRouter answers by default (the Default workspace's).
 *
 * @throws CreditsError — badRequest for a workspace id that cannot be one;
 * forbidden (403) for a normal key; the other status-mapped kinds; malformed.
 */
export function listGuardrails(http: OpenRouterHttp, apiKey: string, workspaceId?: string): Promise<Guardrail[]> {
  const query: Record<string, string> = workspaceId === undefined ? {} : { workspace_id: checkWorkspaceId(workspaceId) };
  return readAllPages(http, apiKey, '/guardrails', validateGuardrailsPage, (g) => g.id, query);
}

/**
 * Every key's guardrail assignments (GET /guardrails/assignments/keys, every
 * page), each key named by its AccountKey.id (the hash never leaves here).
 *
 * @throws CreditsError — forbidden (403) for a normal key; the other
 * status-mapped kinds; malformed.
 */
export function listGuardrailKeyAssignments(http: OpenRouterHttp, apiKey: string): Promise<GuardrailKeyAssignment[]> {
  return readAllPages(http, apiKey, '/guardrails/assignments/keys', validateKeyAssignmentsPage, (a) => `${a.guardrailId} ${a.keyId}`);
}

/**
 * The organization's members (GET /organization/members, every page).
 *
 * @throws CreditsError — forbidden (403) for a normal key; notFound (404)
 * when the account is not an organization; the other status-mapped kinds;
 * malformed.
 */
export function listMembers(http: OpenRouterHttp, apiKey: string): Promise<Member[]> {
  return readAllPages(http, apiKey, '/organization/members', validateMembersPage, (m) => m.id);
}
