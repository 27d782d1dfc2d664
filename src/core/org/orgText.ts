// What the org policy says in words (issue 20): the workspace budget
// warnings, the headroom line and its forecast, a member row's name. The
// workspace, guardrail and member names are outside text: they go through
// plainText(), so no name becomes a link or an icon on any surface (the
// Markdown surfaces escape the whole line as well). No `vscode` import here.

import type { Formatter } from '../text/format';
import { plainText } from '../text/plain';
import type { StringKey } from '../text/strings';
import type { Headroom, HeadroomForecast, HeadroomLayer, UnknownLayer } from './headroom';
import type { MemberSpendRow } from './members';
import { intervalName } from './periods';
import type { WorkspaceBudgetAlert } from './workspaceBudgets';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "Platform workspace: monthly budget 88.0% used ($44.00 of $50.00)" / "OpenRouter refuses the Platform workspace's requests until Jan 1 (monthly budget of $50.00 reached)". */
export function workspaceBudgetAlertText(a: WorkspaceBudgetAlert, f: Formatter): string {
  const name = plainText(a.workspaceName);
  const iv = cap(intervalName(a.interval));
  if (a.level === 'warn') {
    const pct = a.limitUsd > 0 ? f.percent((a.spendUsd / a.limitUsd) * 100) : f.s.notAvailable;
    return f.t(`wsBudgetWarn${iv}` as StringKey, name, pct, f.usd(a.spendUsd), f.usd(a.limitUsd));
  }
  if (a.resetsAt === undefined) return f.t('wsBudgetOverLifetime', name, f.usd(a.limitUsd));
  return f.t(`wsBudgetOver${iv}` as StringKey, name, f.utcDay(a.resetsAt), f.usd(a.limitUsd));
}

/** The layer as a noun phrase: "the Platform workspace's monthly budget", "this key's limit". */
export function layerPhrase(l: HeadroomLayer, f: Formatter): string {
  if (l.scope === 'key_limit') return f.s.layerKeyLimit;
  const iv = cap(intervalName(l.interval));
  if (l.scope === 'workspace') {
    return l.name !== undefined ? f.t(`layerWorkspace${iv}` as StringKey, plainText(l.name)) : f.s.layerWorkspaceUnnamed;
  }
  const name = l.name !== undefined ? plainText(l.name) : f.s.layerGuardrailUnnamed;
  return f.t(`layerGuardrail${iv}` as StringKey, name);
}

function unknownText(u: readonly UnknownLayer[], f: Formatter): string | undefined {
  const parts = new Set<string>();
  for (const x of u) {
    if (x.reason === 'noAccess') parts.add(f.s.unknownOrgAccess);
    else if (x.reason === 'notListed') parts.add(f.s.unknownMemberGuardrail);
    else if (x.reason === 'stale') parts.add(f.s.unknownStale);
    else if (x.reason === 'balance') parts.add(f.s.unknownBalance);
  }
  return parts.size ? [...parts].join('; ') : undefined;
}

/**
 * One line: "$12.80 left before the Platform workspace's monthly budget;
 * resets Jan 1", "… before this key's limit", "… before the account balance
 * runs out", with what is unknown in brackets.
 */
export function headroomText(h: Headroom, f: Formatter): string {
  const b = h.binding;
  let line: string;
  if (!b) line = f.s.headroomNone;
  else if (b.remainingUsd <= 0) line = b.scope === 'balance' ? f.s.headroomBlockedBalance : f.t('headroomBlocked', layerPhrase(b, f));
  else line = b.scope === 'balance' ? f.t('headroomLeftBalance', f.usd(b.remainingUsd)) : f.t('headroomLeft', f.usd(b.remainingUsd), layerPhrase(b, f));
  if (b && b.scope !== 'balance' && b.resetsAt !== undefined) line = f.t('headroomResets', line, f.utcDay(b.resetsAt));
  const unknown = unknownText(h.unknownLayers, f);
  return unknown ? f.t('headroomUnknownWith', line, unknown) : line;
}

/** The forecast in words: "Is blocked on Dec 20, 2026 (the Platform workspace's monthly budget)"; the balance keeps the usual "Runs out…" (Formatter.forecast). */
export function headroomForecastText(fc: HeadroomForecast, now: number, f: Formatter): string | undefined {
  if (fc.kind === 'runsOut') return undefined;
  const what = layerPhrase(fc.layer, f);
  return fc.at <= now ? f.t('forecastBlockedNow', what) : f.t('forecastBlockedOn', f.date(fc.at), what);
}

/** A member row's name: the member's (plain text), "Workspace-owned keys", or "Creator not known". */
export function memberLabel(r: MemberSpendRow, f: Formatter): string {
  if (r.memberId === null) return f.s.workspaceOwnedKeys;
  if (r.memberId === undefined) return f.s.memberUnknown;
  return plainText(r.name);
}
