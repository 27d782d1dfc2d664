// What the language-model tool tells an AI agent: the spendable balance,
// today's spend, the budgets, and (when asked) whether at least $X is there.
// Figures only, as text and as JSON; never the key. No `vscode` import here.

import { budgetStatus } from '../money/budgets';
import type { Formatter } from '../text/format';
import { balanceTooOld, headroomBinds, preflight, type BalanceClock } from './preflight';
import { layerPhrase } from '../org/orgText';
import type { L10n } from '../text/strings';
import type { View } from './view';

export interface AgentAnswer {
  /** For the model to read. */
  text: string;
  /** The same figures, machine-readable (USD numbers; null = unknown). */
  json: {
    status: View['status'];
    spendableUsd: number | null;
    /** The last refresh failed, or the balance is too old to decide on (preflight.ts). */
    balanceStale: boolean;
    /** Which figure binds the spendable amount. */
    limitedBy: 'key' | 'account' | null;
    /** What the next request may spend before a budget, guardrail or key limit refuses it, when that is less than spendableUsd; else null. */
    headroomUsd: number | null;
    spendTodayUsd: number | null;
    spendThisWeekUsd: number | null;
    spendThisMonthUsd: number | null;
    /** account: summed over the account's keys; key: this key's own. */
    spendScope: string | null;
    budgets: Array<{ period: string; budgetUsd: number; spentUsd: number | null; paceShare: number; projectedUsd: number | null }>;
    check?: { minimumUsd: number; ok: boolean };
    asOf: string | null;
  };
}

const orNull = (n: number | undefined): number | null => (n === undefined || !Number.isFinite(n) ? null : n);

/** After the balance: that it is the last known one, and how old when too old to decide on. */
function staleNote(v: View, l10n: L10n, f: Formatter, clock: BalanceClock, tooOld: number | undefined): string {
  if (tooOld !== undefined) return ` ${l10n.t('(last known, from {0})', f.relative(clock.now - tooOld, clock.now))}`;
  return v.stale ? ` ${l10n.t('(last known; the refresh failed)')}` : '';
}

/** `clock`: the time now and the focus, for the balance's age (preflight.ts). */
export function agentAnswer(v: View, l10n: L10n, f: Formatter, topUpUrl: string, clock: BalanceClock, minimumUsd?: number): AgentAnswer {
  const s = v.snapshot;
  const p = v.periods;
  const budgets = v.budgets ?? (p ? budgetStatus(p, v.settings, v.now) : []);
  const check = minimumUsd !== undefined ? preflight(v, minimumUsd, l10n, f, topUpUrl, clock) : undefined;
  const tooOld = balanceTooOld(v, clock);
  const hb = headroomBinds(v);
  const json: AgentAnswer['json'] = {
    status: v.status,
    spendableUsd: orNull(s?.spendable),
    balanceStale: v.stale || tooOld !== undefined,
    limitedBy: s?.binding ?? null,
    headroomUsd: orNull(hb?.remainingUsd),
    spendTodayUsd: orNull(p?.today),
    spendThisWeekUsd: orNull(p?.week),
    spendThisMonthUsd: orNull(p?.month),
    spendScope: p?.scope ?? null,
    budgets: budgets.map(b => ({ period: b.period, budgetUsd: b.budget, spentUsd: orNull(b.spend), paceShare: b.pace, projectedUsd: orNull(b.projected) })),
    ...(check && minimumUsd !== undefined ? { check: { minimumUsd, ok: check.ok } } : {}),
    asOf: s ? new Date(s.fetchedAt).toISOString() : null,
  };
  const lines: string[] = [];
  if (v.status === 'noKey') lines.push(l10n.t('No OpenRouter API key is set.'));
  else if (!s) lines.push(l10n.t('The OpenRouter balance is not known yet.'));
  else {
    lines.push(s.spendable !== undefined
      ? l10n.t('Spendable OpenRouter balance: {0}.', f.usd(s.spendable)) + staleNote(v, l10n, f, clock, tooOld)
      : l10n.t('The spendable OpenRouter balance is not known for this key.'));
    if (hb) lines.push(l10n.t('What binds first: {0} left before {1}.', f.usd(hb.remainingUsd), layerPhrase(hb.layer, f)));
    if (p?.today !== undefined) lines.push(l10n.t('Spend today (UTC): {0}.', f.usd(p.today)));
    for (const b of budgets) {
      const spent = b.spend !== undefined ? f.usd(b.spend) : f.s.notAvailable;
      lines.push(l10n.t('Budget ({0}): {1} of {2} spent.', b.period, spent, f.usd(b.budget)));
    }
  }
  if (check) lines.push(check.message);
  return { text: lines.join('\n'), json };
}
