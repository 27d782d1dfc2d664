// The view as the details page gets it: what the page shows of it
// (detailsContent()), and no more. A big organization's view is a megabyte,
// most of it the keys' fields and headroom layers that no page line reads;
// the page's copy is under half of it. Never the API base URL.
import type { ViewPatch } from '../protocol';
import type { Headroom } from '../org/headroom';
import type { OrgView } from '../org/orgView';
import type { AccountBreakdown, AccountKey } from '../types';
import { namesHeadroom } from './details/breakdown';
import type { View } from './view';

/** The whole view for the page. */
export function forPage(view: View): View {
  return { ...view, ...pageFields(view) };
}

/** A patch for the page: forPage() of the fields it carries. */
export function forPagePatch(p: ViewPatch): ViewPatch {
  return { fields: { ...p.fields, ...pageFields(p.fields) }, unset: p.unset };
}

function pageFields(v: Partial<View>): Partial<View> {
  const out: Partial<View> = {};
  if (v.breakdown) out.breakdown = pageBreakdown(v.breakdown);
  if (v.org) out.org = pageOrg(v.org);
  if (v.settings) out.settings = { ...v.settings, apiBaseUrl: '' };
  return out;
}

/**
 * The chart draws from derived.daily (which carries each day's split by
 * model): the breakdown's copy stays in the host, and so does the raw
 * organization (workspaces, guardrails and their key assignments, members):
 * the page reads the OrgView worked out from it.
 */
function pageBreakdown(b: AccountBreakdown): AccountBreakdown {
  return { ...b, daily: undefined, org: undefined, ...(b.keys ? { keys: b.keys.map(pageKey) } : {}) };
}

/** A key row's figures: the masked label only where it names the row (no name), no dates, workspace or member ids (the org's tables are worked out already). */
function pageKey(k: AccountKey): AccountKey {
  const out: AccountKey = {
    id: k.id, name: k.name, label: k.name.trim() ? '' : k.label, disabled: k.disabled,
    limit: k.limit, limitRemaining: k.limitRemaining, limitReset: k.limitReset,
    usage: k.usage, usageDaily: k.usageDaily, usageWeekly: k.usageWeekly, usageMonthly: k.usageMonthly, createdAt: null,
  };
  if (k.byokUsageMonthly !== undefined) out.byokUsageMonthly = k.byokUsageMonthly;
  return out;
}

/** Each key row's headroom only where the row names it (namesHeadroom()), and then its binding layer and the unknown ones. */
function pageOrg(org: OrgView): OrgView {
  const keyHeadroom: Record<string, Headroom> = {};
  for (const [id, h] of Object.entries(org.keyHeadroom)) {
    if (namesHeadroom(h)) keyHeadroom[id] = { binding: h.binding, remainingUsd: h.remainingUsd, layers: [], unknownLayers: h.unknownLayers, source: h.source };
  }
  return { ...org, keyHeadroom };
}
