// The copied summary's weekly report: spend per day, per model and per key
// over the last week. No `vscode` import, no DOM.

import type { Formatter } from '../../text/format';
import { spendByKey, spendByModelOfDays } from '../../money/breakdown';
import type { View } from '../view';
import type { WeeklyReport } from '../details';
import { modelLabel, noKeys, noModels } from './breakdown';

const DAY = 86_400_000;

/**
 * The weekly report: spend per day over the last 7 UTC days (the chart's
 * days; today so far), per model over the last 7 completed days (the
 * activity's split of the chart's days: /activity has no today), per key this week (from Monday:
 * /keys' usage_weekly). Each part says its period.
 */
export function weeklyReport(v: View, f: Formatter): WeeklyReport {
  const { s } = f;
  const today = Math.floor(v.now / DAY) * DAY;
  const chart = new Map((v.derived?.daily ?? []).map(d => [d.day, d]));
  let sum = 0;
  let allKnown = true;
  const days = [6, 5, 4, 3, 2, 1, 0].map(i => {
    const day = new Date(today - i * DAY).toISOString().slice(0, 10);
    const d = chart.get(day);
    if (d?.spend === undefined) allKnown = false;
    else sum += d.spend;
    const label = i === 0 ? f.t('weekToday', day) : day;
    return { day: label, spend: f.usd(d?.spend), ...(d?.spend === undefined && d?.unknown ? { hint: f.unknownReason(d.unknown) } : {}) };
  });
  const out: WeeklyReport = { days, total: allKnown ? f.usd(sum) : s.notAvailable };
  if (!v.snapshot?.key.isManagementKey) return out;

  const b = v.breakdown;
  if (b?.byModel) {
    // The activity's split per day, as the chart's days carry it (buildView joins them; the page gets only those).
    const first = new Date(today - 7 * DAY).toISOString().slice(0, 10);
    const todayKey = new Date(today).toISOString().slice(0, 10);
    const rows = spendByModelOfDays((v.derived?.daily ?? []).filter(d => d.day >= first && d.day < todayKey)).map(m => ({
      model: modelLabel(m, f),
      other: m.other,
      spend: f.usd(m.spend),
      share: f.percent(m.share * 100),
    }));
    out.byModel = { rows, stale: !!b.activityError, empty: rows.length ? '' : s.weekByModelEmpty };
  } else {
    out.byModel = noModels(b, f);
  }
  if (b?.keys?.length) {
    const rows = spendByKey(b.keys)
      .sort((x, y) => y.week - x.week)
      .map(k => ({ name: k.name, disabled: k.disabled, week: f.usd(k.week) }));
    out.byKey = { rows, stale: !!b.keysError, empty: '' };
  } else if (!b?.keys) {
    out.byKey = noKeys(b, f);
  }
  return out;
}
