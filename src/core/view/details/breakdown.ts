// The details page's breakdown tables: spend by key and spend by model
// (management key only). No `vscode` import, no DOM.

import type { Formatter } from '../../text/format';
import { isPageKeyId } from '../../protocol';
import { spendByKey, type ModelShareRow } from '../../money/breakdown';
import type { AccountBreakdown } from '../../types';
import type { BreakdownTable, KeySpendLine, ModelSpendLine } from '../details';
import type { OrgView } from '../../org/orgView';
import { headroomText } from '../../org/orgText';
import type { Headroom } from '../../org/headroom';

/** The account's keys, the biggest spender this month first (spendByKey). `setLimits`: the shown key may change their limits (canSetLimits()). */
export function byKeyTable(b: AccountBreakdown | undefined, f: Formatter, setLimits = false, org?: OrgView): BreakdownTable<KeySpendLine> {
  const { s } = f;
  if (!b?.keys) return noKeys(b, f);
  const byok = new Map(b.keys.map(k => [k.id, k.byokUsageMonthly]));
  const rows = spendByKey(b.keys).map((k): KeySpendLine => {
    const limited = k.limit !== null;
    return {
      id: k.id,
      name: k.name,
      disabled: k.disabled,
      today: f.usd(k.today),
      week: f.usd(k.week),
      month: f.usd(k.month),
      limit: limited ? f.usd(k.limit) : s.noLimit,
      remaining: limited ? f.usd(k.limitRemaining) : s.notAvailable,
      reset: limited ? f.resetPeriod(k.limitReset) : s.notAvailable,
      canSetLimit: setLimits && isPageKeyId(k.id),
      canManage: setLimits && isPageKeyId(k.id),
      monthUsd: k.month,
      byok: byokText(byok.get(k.id), f),
      ...(org?.keyWorkspace[k.id] !== undefined ? { workspace: org.keyWorkspace[k.id] } : {}),
      ...(bindsBeyond(org, k.id) ? { headroom: headroomText(org!.keyHeadroom[k.id], f) } : {}),
    };
  });
  return { rows, stale: !!b.keysError, empty: '' };
}

/** BYOK spend as its own figure: '' when there is none (the column shows only when a row has some). */
export function byokText(usd: number | undefined, f: Formatter): string {
  return usd !== undefined && usd > 0 ? f.usd(usd) : '';
}

/** A key row names its headroom when a workspace budget or a guardrail binds it (its limit and the balance have their own columns). */
function bindsBeyond(org: OrgView | undefined, id: string): boolean {
  return namesHeadroom(org?.keyHeadroom[id]);
}

/** What a key row's headroom line needs: a binding layer beyond the key's limit and the balance. */
export function namesHeadroom(h: Headroom | undefined): boolean {
  const scope = h?.binding?.scope;
  return scope !== undefined && scope !== 'balance' && scope !== 'key_limit';
}

/** Spend per model over the activity's 30 completed days, largest first, "Other (n models)" last. */
export function byModelTable(b: AccountBreakdown | undefined, f: Formatter): BreakdownTable<ModelSpendLine> & { period: string } {
  const { s } = f;
  const period = s.byModelPeriod;
  if (!b?.byModel) return { ...noModels(b, f), period };
  const rows = b.byModel.map((m): ModelSpendLine => ({
    model: modelLabel(m, f),
    other: m.other,
    spend: f.usd(m.spend),
    share: f.percent(m.share * 100),
    requests: f.count(m.requests),
    tokens: f.countCompact(m.tokens),
  }));
  return { rows, stale: !!b.activityError, empty: rows.length ? '' : s.byModelEmpty, period };
}

/** A model's row label: its slug, or "Other (12 models)" for the row that folds the rest. */
export function modelLabel(m: Pick<ModelShareRow, 'model' | 'other' | 'modelCount'>, f: Formatter): string {
  return m.other ? (m.modelCount === 1 ? f.s.otherModelsOne : f.t('otherModels', f.count(m.modelCount))) : m.model;
}

/** A keys table without keys: not loaded yet, or the loading failed. */
export function noKeys<T>(b: AccountBreakdown | undefined, f: Formatter): BreakdownTable<T> {
  return { rows: [], stale: false, empty: b?.keysError ? f.s.byKeyFailed : f.s.byKeyNone };
}

/** A models table without the activity: not loaded yet, or the loading failed. */
export function noModels<T>(b: AccountBreakdown | undefined, f: Formatter): BreakdownTable<T> {
  return { rows: [], stale: false, empty: b?.activityError ? f.s.byModelFailed : f.s.byModelNone };
}
