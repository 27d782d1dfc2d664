// Issue 10, item 6: "No figure we cannot back". A window counts only the spend
// it can place between samples (gaps give "—" with a reason), the hourly spend
// alert never fires from a gap, zeros from /credits are never a normal key's
// balance, and the figure that binds drives the warning and the forecast.
import * as assert from 'node:assert/strict';
import { detailsContent } from '../../src/core/view/details';
import { buildSnapshot } from '../../src/core/money/model';
import { statusPresentation } from '../../src/core/view/presentation';
import { DAY, HOUR, MINUTE } from '../../src/core/money/samples';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { derive, spendLastHour } from '../../src/core/money/spend';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import { ThresholdEngine, thresholdInputFromSnapshot, type ThresholdSettings } from '../../src/core/alerts/thresholds';
import type { CreditSnapshot, HistoryPoint } from '../../src/core/types';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN } from './helpers/view';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';

const close = (a: number | undefined, b: number, eps = 1e-6) => {
  assert.ok(a !== undefined, `expected ~${b}, got undefined`);
  assert.ok(Math.abs(a - b) <= eps, `expected ~${b}, got ${a}`);
};

// Tuesday 2025-06-03 00:00 UTC and the Wednesday after.
const TUE = Date.UTC(2025, 5, 3);
const WED = TUE + DAY;
const CREDITS = 1000;

/** What a management key records: the account's usage; its own stays 0. */
function mgmtPoint(t: number, usage: number): HistoryPoint {
  return { t, keyUsage: 0, totalUsage: usage, totalCredits: CREDITS, spendable: CREDITS - usage };
}

/** Polls every `step` from `from` to `to` (inclusive) at `perHour` USD/h, starting from `u0`. */
function polls(from: number, to: number, step: number, u0: number, perHour: number): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (let t = from; t <= to; t += step) out.push(mgmtPoint(t, u0 + ((t - from) / HOUR) * perHour));
  return out;
}

function mgmtSnapshot(t: number, usage: number): CreditSnapshot {
  return buildSnapshot(keyInfo({ label: 'Management', isManagementKey: true }), { totalCredits: CREDITS, totalUsage: usage }, 'known', t);
}

function viewFor(snapshot: CreditSnapshot, points: readonly HistoryPoint[], now: number, statusBarFormat = DEFAULT_SETTINGS.statusBarFormat): View {
  return buildView({ snapshot, keySource: 'secret', points, settings: { ...DEFAULT_SETTINGS, statusBarFormat }, focused: true, isPoller: true, now }, l10nEN);
}

const GAP_TEXT = 'No data: VS Code was closed for part of this period';
const SPIKE: ThresholdSettings = { lowCreditUsd: 0, usagePercent: 0, spendPerHourUsd: 1 };

describe('no figure we cannot back', () => {
  describe('an overnight gap (VS Code closed 23:00 → 07:00, $12 spent meanwhile)', () => {
    // Two days of 5-minute polls at $0.50/h up to Tuesday 23:00.
    const before = polls(TUE - DAY, TUE + 23 * HOUR, 5 * MINUTE, 100, 0.5);
    const atClose = before[before.length - 1].totalUsage!;
    const back = WED + 7 * HOUR;
    const snap = mgmtSnapshot(back, atClose + 12);
    const now = back + MINUTE;

    it('the last hour and today are unknown (a gap), not $12', () => {
      const d = derive(snap, before, now);
      assert.equal(d.spendLastHour, undefined);
      assert.equal(d.spendToday, undefined);
      assert.equal(d.unknownReasons?.spendLastHour, 'gap');
      assert.equal(d.unknownReasons?.spendToday, 'gap');
      assert.equal(spendLastHour([...before, mgmtPoint(back, atClose + 12)], now), undefined);
      // Today's bar is today's figure: unknown, not the night's $12.
      const today = d.daily[d.daily.length - 1];
      assert.equal(today.day, '2025-06-04');
      assert.equal(today.spend, undefined);
      assert.equal(today.unknown, 'gap');
      // Tuesday lost only its last hour (under 10 % of the day): its bar holds what was seen.
      const tue = d.daily[d.daily.length - 2];
      assert.equal(tue.day, '2025-06-03');
      close(tue.spend, 23 * 0.5);
      // Since the last check is honest about the whole night.
      close(d.spendSinceLastCheck, 12);
    });

    it('every surface shows "—" with the reason, never $12 for today', () => {
      const v = viewFor(snap, before, now, 'usageToday');
      const c = detailsContent(v, EN);
      const row = c.usage.find(r => r.id === 'usage-today')!;
      assert.equal(row.value, '—');
      assert.equal(row.hint, GAP_TEXT);
      assert.equal(c.daily[c.daily.length - 1].unknown, 'gap');
      const p = statusPresentation(v, l10nEN, EN);
      assert.equal(p.text, '$(credit-card) — today');
      assert.match(p.tooltip, /^\| Today \| — _\(No data: VS Code was closed for part of this period\)_ \|$/m);
      // The night lies inside this week (since Monday): the week's figure holds it.
      assert.match(p.tooltip, /^\| This week \| \$35\.50 \|$/m);
      const md = buildMarkdownSummary(v, EN);
      assert.match(md, /^- Today: — \(No data: VS Code was closed for part of this period\)$/m);
      assert.doesNotMatch(md, /^- Today: \$12/m);
      // The page: "—" with the reason on hover; today's chart column is outlined, not a bar.
      const page = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: v });
      assert.equal(page.text('usage-today'), '—');
      assert.equal(page.document.getElementById('usage-today')?.getAttribute('title'), GAP_TEXT);
      const col = page.document.querySelector('#chart rect.unknown');
      assert.ok(col, 'an outlined column for today');
      assert.equal(col.textContent, `2025-06-04: — · ${GAP_TEXT}`);
      assert.match(page.text('chart-desc'), /1 days without data\./);
    });

    it('the unusual-spend alert does not fire from the gap, and still fires on a real spike', () => {
      const engine = new ThresholdEngine();
      const pts = [...before];
      const d = derive(snap, pts, now);
      assert.deepEqual(engine.evaluate(thresholdInputFromSnapshot(snap, d.spendLastHour), SPIKE, now), []);
      // An hour of ordinary polling later: the last hour is known again, and calm.
      pts.push(mgmtPoint(back, atClose + 12));
      let u = atClose + 12;
      for (let t = back + 5 * MINUTE; t <= back + HOUR; t += 5 * MINUTE) pts.push(mgmtPoint(t, (u += 0.5 / 12)));
      const later = pts[pts.length - 1].t;
      const calm = spendLastHour(pts, later);
      close(calm, 0.5);
      assert.deepEqual(engine.evaluate({ spendLastHour: calm }, SPIKE, later), []);
      // $3 in the next hour is unusual, and the alert says so.
      for (let t = later + 5 * MINUTE; t <= later + HOUR; t += 5 * MINUTE) pts.push(mgmtPoint(t, (u += 0.25)));
      const spike = spendLastHour(pts, pts[pts.length - 1].t);
      close(spike, 3);
      assert.deepEqual(engine.evaluate({ spendLastHour: spike }, SPIKE, pts[pts.length - 1].t).map(a => a.kind), ['spendSpike']);
    });

    it('late in the day, the night is a small enough part of today to count', () => {
      const after = polls(back, WED + 23 * HOUR + 30 * MINUTE, 5 * MINUTE, atClose + 12, 0.5);
      const end = after[after.length - 1];
      const d = derive(mgmtSnapshot(end.t, end.totalUsage!), [...before, ...after.slice(0, -1)], end.t);
      // 23.5 h of today; the night's hour before midnight is under 10 % of that.
      close(d.spendToday, 12 + 16.5 * 0.5);
    });
  });

  describe('a week-long gap ($70 spent while VS Code was closed)', () => {
    const closedAt = WED - 7 * DAY + 18 * HOUR;
    const before = polls(WED - 21 * DAY, closedAt, HOUR, 10, 0.25);
    const atClose = before[before.length - 1].totalUsage!;
    const back = WED + 9 * HOUR;
    const snap = mgmtSnapshot(back, atClose + 70);
    const d = derive(snap, before, back + MINUTE);

    it('no day carries the gap: the days it covers are unknown', () => {
      const byDay = new Map(d.daily.map(x => [x.day, x]));
      for (const day of ['2025-05-28', '2025-05-29', '2025-05-30', '2025-05-31', '2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04']) {
        const e = byDay.get(day);
        assert.ok(e, `an entry for ${day}`);
        assert.equal(e.spend, undefined, day);
        assert.equal(e.unknown, 'gap', day);
      }
      close(byDay.get('2025-05-27')?.spend, 6, 1e-9);
      for (const x of d.daily) assert.ok((x.spend ?? 0) < 70, `${x.day}: ${x.spend}`);
      assert.equal(d.spendToday, undefined);
      assert.equal(d.spendThisWeek, undefined);
      assert.equal(d.spendThisMonth, undefined);
      assert.equal(d.unknownReasons?.spendThisWeek, 'gap');
    });

    it('the 24 h rate is unknown; the 7-day window holds the whole gap, so its average is honest', () => {
      assert.equal(d.burnRate24h, undefined);
      assert.equal(d.unknownReasons?.burnRate24h, 'gap');
      // From Wednesday 09:00 a week ago: 9 hours at $0.25/h, then $70 until now.
      close(d.burnRate7d, (9 * 0.25 + 70) / 7, 1e-6);
      assert.equal(d.forecast?.basis, '7d');
    });

    it('the chart table and the page say why, not $0.00', () => {
      const c = detailsContent(viewFor(snap, before, back + MINUTE), EN);
      const gapDays = c.daily.filter(x => x.unknown === 'gap');
      assert.equal(gapDays.length, 8);
      assert.equal(EN.usd(gapDays[0].spend), '—');
      assert.equal(EN.unknownReason(gapDays[0].unknown), GAP_TEXT);
      assert.equal(c.burn.find(r => r.id === 'burn-24h')?.hint, GAP_TEXT);
    });
  });

  describe('a missed poll still counts', () => {
    const now = WED + 12 * HOUR;
    it('inside the last hour', () => {
      const pts = polls(now - 3 * HOUR, now, 5 * MINUTE, 50, 0.6).filter(p => p.t !== now - 30 * MINUTE);
      close(spendLastHour(pts, now), 0.6);
      close(derive(undefined, pts, now).spendLastHour, 0.6);
    });

    it('at the start of the window (the interval sticks out by 2 minutes)', () => {
      // Polls at :58, :03, … relative to now; the one 57 minutes ago is missing.
      const pts = polls(now - 3 * HOUR - 2 * MINUTE, now - 2 * MINUTE, 5 * MINUTE, 50, 0.6).filter(p => p.t !== now - 57 * MINUTE);
      const d = derive(undefined, pts, now);
      // The interval from 62 to 52 minutes ago counts whole: 10 minutes of it, 2 of them outside.
      close(d.spendLastHour, 0.6, 1e-9);
      assert.equal(d.unknownReasons?.spendLastHour, undefined);
    });

    it('in a day of the chart and in today', () => {
      const pts = polls(TUE - DAY, now, 15 * MINUTE, 0, 1).filter(p => p.t !== TUE + 10 * HOUR && p.t !== WED + 3 * HOUR);
      const d = derive(undefined, pts, now);
      close(d.daily.find(x => x.day === '2025-06-03')?.spend, 24);
      close(d.spendToday, 12);
      close(d.spendThisWeek, 24 + 24 + 12);
      assert.equal(d.unknownReasons?.spendToday, undefined);
      assert.equal(d.unknownReasons?.spendThisWeek, undefined);
      // The history starts on June 2: this month (since June 1) is not known yet.
      assert.equal(d.unknownReasons?.spendThisMonth, 'history');
    });
  });

  describe('zeros from /credits', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    const fresh = keyInfo({ label: 'fresh', usage: 0 });

    it('a fresh normal key with no usage: unavailable, never a $0.00 balance or out of credits', () => {
      const s = buildSnapshot(fresh, { totalCredits: 0, totalUsage: 0 }, 'known', now);
      assert.equal(s.accountStatus, 'unavailable');
      assert.equal(s.account, undefined);
      assert.equal(s.spendable, undefined);
      const v = viewFor(s, [], now + MINUTE);
      const p = statusPresentation(v, l10nEN, EN);
      // The figure is this key's spend today (from /key), not a balance.
      assert.equal(p.text, '$(credit-card) $0.00 today');
      assert.equal(p.background, 'none');
      assert.match(p.accessibilityLabel, /balance unknown/);
      assert.doesNotMatch(p.accessibilityLabel, /left|Out of credits/);
      assert.doesNotMatch(p.tooltip, /\*\*\$0\.00\*\*|Account credits|Account usage/);
      const c = detailsContent(v, EN);
      assert.equal(c.headline.balance, 'Balance unknown');
      assert.ok(!('rows' in c.account));
      assert.equal('reason' in c.account && c.account.reason, "OpenRouter didn't return usable account figures for this key.");
      const md = buildMarkdownSummary(v, EN);
      assert.match(md, /^\*\*Spendable balance: Balance unknown\*\*/m);
      assert.doesNotMatch(md, /Spendable balance: \$0\.00|Total credits|Remaining: \$0\.00/);
      const alerts = new ThresholdEngine().evaluate(thresholdInputFromSnapshot(s), { lowCreditUsd: 5, usagePercent: 90, spendPerHourUsd: 0 }, now);
      assert.deepEqual(alerts, [], 'no out-of-credits, no low-credit warning');
    });

    it('a limited normal key: its limit is the balance, the zeros are not', () => {
      const s = buildSnapshot(keyInfo({ limit: 10, limitRemaining: 10 }), { totalCredits: 0, totalUsage: 0 }, 'known', now);
      assert.equal(s.accountStatus, 'unavailable');
      assert.equal(s.spendable, 10);
      assert.equal(s.binding, 'key');
    });

    it("a management key's zeros are a real, empty account", () => {
      const s = buildSnapshot(keyInfo({ isManagementKey: true }), { totalCredits: 0, totalUsage: 0 }, 'known', now);
      assert.equal(s.accountStatus, 'known');
      assert.equal(s.spendable, 0);
      const alerts = new ThresholdEngine().evaluate(thresholdInputFromSnapshot(s), { lowCreditUsd: 5, usagePercent: 90, spendPerHourUsd: 0 }, now);
      assert.deepEqual(alerts.map(a => a.kind), ['outOfCredits']);
    });
  });

  describe('the figure that binds', () => {
    // Friday 2026-11-20 12:00 UTC. The key spends $2/day; the whole account $10/day.
    const now = Date.UTC(2026, 10, 20, 12);
    const history = (): HistoryPoint[] => {
      const out: HistoryPoint[] = [];
      for (let t = now - 8 * DAY; t < now; t += HOUR) {
        const days = (t - (now - 8 * DAY)) / DAY;
        out.push({ t, keyUsage: 20 + 2 * days, totalUsage: 400 + 10 * days, totalCredits: CREDITS });
      }
      return out;
    };
    const ku = 20 + 16;
    const tu = 400 + 80; // account remaining 520
    const snapWith = (limitRemaining: number, limitReset: string | null): CreditSnapshot =>
      buildSnapshot(keyInfo({ label: 'team', limit: 50, limitRemaining, limitReset, usage: ku }), { totalCredits: CREDITS, totalUsage: tu }, 'known', now);

    it("a key-bound forecast uses the key's own spend and says when the limit resets first", () => {
      const s = snapWith(30, 'monthly');
      assert.equal(s.binding, 'key');
      const d = derive(s, history(), now);
      const fc = d.forecast!;
      assert.equal(fc.rateOf, 'key');
      assert.equal(fc.basis, '7d');
      close(fc.daysLeft, 15, 1e-6); // $30 at $2/day, not at the account's $10/day
      assert.equal(fc.resetsAt, Date.UTC(2026, 11, 1));
      assert.equal(EN.forecast(fc), 'Resets on Dec 1, before it runs out');
      assert.equal(EN.forecastBasis(fc), "Based on this key's spending over the last 7 days.");
      const c = detailsContent(viewFor(s, history(), now), EN);
      assert.equal(c.forecast.text, 'Resets on Dec 1, before it runs out');
      assert.equal(c.forecast.warn, false);
      assert.equal(c.headline.binding, "Limited by this key's limit", 'the account balance is known to compare with');
    });

    it('weekly limits reset on Monday (UTC); a reset after the run-out is not mentioned', () => {
      const weekly = derive(snapWith(30, 'weekly'), history(), now).forecast!;
      assert.equal(weekly.resetsAt, Date.UTC(2026, 10, 23));
      assert.equal(EN.forecast(weekly), 'Resets on Nov 23, before it runs out');
      const soon = derive(snapWith(8, 'monthly'), history(), now).forecast!;
      close(soon.daysLeft, 4, 1e-6);
      assert.equal(soon.resetsAt, undefined);
      assert.match(EN.forecast(soon), /^Runs out in ~4 days \(around .+\)$/);
      const never = derive(snapWith(30, null), history(), now).forecast!;
      assert.equal(never.resetsAt, undefined);
    });

    it("an account-bound forecast uses the account's spend", () => {
      const s = snapWith(45, 'monthly');
      const big = { ...s, key: { ...s.key, limit: 5000, limitRemaining: 4000 } };
      const rebuilt = buildSnapshot(big.key, { totalCredits: CREDITS, totalUsage: tu }, 'known', now);
      assert.equal(rebuilt.binding, 'account');
      const fc = derive(rebuilt, history(), now).forecast!;
      assert.equal(fc.rateOf, undefined);
      close(fc.daysLeft, 52, 1e-6); // $520 at $10/day
      assert.equal(fc.resetsAt, undefined);
    });

    it("the usage-% warning takes the key's percentage when its limit binds", () => {
      const keyBound = snapWith(30, 'monthly'); // key 40 % used, account 48 %
      assert.equal(thresholdInputFromSnapshot(keyBound).usagePercent, 40);
      const accountBound = buildSnapshot(keyInfo({ limit: 5000, limitRemaining: 4000 }), { totalCredits: CREDITS, totalUsage: tu }, 'known', now);
      assert.equal(thresholdInputFromSnapshot(accountBound).usagePercent, 48);
      const keyOnly = buildSnapshot(keyInfo({ limit: 50, limitRemaining: 5 }), undefined, 'forbidden', now);
      assert.equal(thresholdInputFromSnapshot(keyOnly).usagePercent, 90);
      const fires = new ThresholdEngine().evaluate(thresholdInputFromSnapshot(keyOnly), { lowCreditUsd: 0, usagePercent: 90, spendPerHourUsd: 0 }, now);
      assert.deepEqual(fires.map(a => a.kind), ['usagePercent']);
    });
  });
});
