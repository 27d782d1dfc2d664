import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/money/model';
import { mainFigure, statusPresentation as present, tooltipMarkdown as tooltip } from '../../src/core/view/presentation';
import { normalizeSettings } from '../../src/core/settings';
import { mayHoldLease, parseLease } from '../../src/core/refresh/lease';
import type { AccountKey, KeyInfo } from '../../src/core/types';
import { periodSpend, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { EN, l10nEN as l10n, viewOf } from './helpers/view';

const key = (o: Partial<KeyInfo> = {}): KeyInfo => keyInfo({ usage: 8.45, usageDaily: 1.25, usageWeekly: 4.1, usageMonthly: 8.45, isManagementKey: true, ...o });
const now = Date.UTC(2026, 10, 25, 12);
// As on OpenRouter, a management key spends nothing itself: its account's spend is in its keys.
const mgmt = buildSnapshot(key({ usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0 }), { totalCredits: 25, totalUsage: 8.45 }, 'known', now);
const accountKey = (o: Partial<AccountKey>): AccountKey => ({
  id: 'id', name: 'k', label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...o,
});
const keys = [
  accountKey({ id: 'a', name: 'CI key', usageDaily: 0.25, usageWeekly: 3, usageMonthly: 6 }),
  accountKey({ id: 'b', name: 'Laptop key', usageDaily: 1, usageWeekly: 1.1, usageMonthly: 2.45 }),
];
const input = (o: Partial<View> & { lowCreditThreshold?: number }): View => {
  const { lowCreditThreshold, ...rest } = o;
  return viewOf(o.snapshot, { status: 'ok', keySource: 'secret', now, ...rest, settings: { lowCreditThreshold: lowCreditThreshold ?? 5 } });
};
const statusPresentation = (v: View, l: typeof l10n) => present(v, l, EN);
const tooltipMarkdown = (v: View, l: typeof l10n) => tooltip(v, l, EN);

describe('status bar presentation', () => {
  it('shows the reference example as $16.55 with no background', () => {
    const p = statusPresentation(input({ snapshot: mgmt }), l10n);
    assert.equal(p.text, '$(credit-card) $16.55');
    assert.equal(p.background, 'none');
    assert.equal(p.command, 'openrouterCredits.checkCredits');
    assert.match(p.accessibilityLabel, /\$16\.55 left/);
  });

  it('offers the four formats', () => {
    assert.equal(mainFigure(mgmt, undefined, 'remainingOfTotal', l10n, EN), '$16.55 / $25.00');
    assert.equal(mainFigure(mgmt, undefined, 'percentUsed', l10n, EN), '33.8% used');
    // Today's spend of a management key is its account's, summed over the keys (GET /keys)…
    assert.equal(mainFigure(mgmt, periodSpend(mgmt, undefined, { keys }), 'usageToday', l10n, EN), '$1.25 today');
    // …and "—" while nobody reported it: never the management key's own $0.00.
    assert.equal(mainFigure(mgmt, undefined, 'usageToday', l10n, EN), '— today');
    assert.equal(mainFigure(mgmt, periodSpend(mgmt, undefined), 'usageToday', l10n, EN), '— today');
  });

  it('warns below the threshold and errors at zero or on a 402', () => {
    const low = buildSnapshot(key({ isManagementKey: false, limit: 20, limitRemaining: 4.2 }), undefined, 'forbidden', now);
    assert.equal(statusPresentation(input({ snapshot: low }), l10n).background, 'warning');
    assert.equal(statusPresentation(input({ snapshot: low, lowCreditThreshold: 0 }), l10n).background, 'none');
    const empty = buildSnapshot(key({ isManagementKey: false, limit: 20, limitRemaining: 0 }), undefined, 'forbidden', now);
    assert.equal(statusPresentation(input({ snapshot: empty }), l10n).background, 'error');
    const refused = statusPresentation(input({ snapshot: mgmt, error: { kind: 'outOfCredits', message: '402' }, stale: true }), l10n);
    assert.equal(refused.background, 'error');
    assert.equal(refused.text, '$(error) $16.55', 'a 402 outranks the stale look');
  });

  it('never shows $0 for an unknown balance', () => {
    const unknown = buildSnapshot(key({ isManagementKey: false, usageDaily: 0.42 }), undefined, 'forbidden', now);
    const p = statusPresentation(input({ snapshot: unknown }), l10n);
    assert.equal(p.text, '$(credit-card) $0.42 today');
    assert.equal(p.background, 'none');
  });

  it('has distinct states for loading, no key, invalid key and stale data', () => {
    assert.equal(statusPresentation(input({ status: 'loading' }), l10n).text, '$(sync~spin) OpenRouter');
    const noKey = statusPresentation(input({ status: 'noKey', keySource: 'none' }), l10n);
    assert.equal(noKey.text, '$(key) Set OpenRouter key');
    assert.equal(noKey.command, 'openrouterCredits.setApiKey');
    assert.equal(statusPresentation(input({ status: 'invalidKey' }), l10n).text, '$(key) OpenRouter key invalid');
    const stale = statusPresentation(input({ status: 'error', snapshot: mgmt, stale: true, error: { kind: 'network', message: 'down' }, now: now + 600_000 }), l10n);
    assert.equal(stale.text, '$(cloud-offline) $16.55');
    assert.match(stale.tooltip, /10 minutes ago/);
  });

  it('spins while a refresh the user asked for is out, keeping the figure', () => {
    assert.equal(statusPresentation(input({ snapshot: mgmt, refreshing: true }), l10n).text, '$(sync~spin) $16.55');
    assert.equal(statusPresentation(input({ snapshot: mgmt, refreshing: false }), l10n).text, '$(credit-card) $16.55');
  });

  it('escapes server text in the tooltip and says when the env key is used', () => {
    const evil = buildSnapshot(key({ label: '[x](command:evil) <img>' }), { totalCredits: 25, totalUsage: 8.45 }, 'known', now);
    const md = tooltipMarkdown(input({ snapshot: evil, keySource: 'env' }), l10n);
    assert.ok(!md.includes('[x](command:evil)'));
    assert.ok(!md.includes('<img>'));
    assert.match(md, /OPENROUTER_API_KEY/);
  });
});

describe('settings and lease', () => {
  it('clamps settings to their ranges and falls back on bad types', () => {
    const s = normalizeSettings({ refreshIntervalSeconds: 1, lowCreditThreshold: -3, usageWarningPercent: 150, statusBarFormat: 'bogus', notifications: 'yes' });
    assert.equal(s.refreshIntervalSeconds, 15);
    assert.equal(s.lowCreditThreshold, 0);
    assert.equal(s.usageWarningPercent, 100);
    assert.equal(s.statusBarFormat, 'remaining');
    assert.equal(s.notifications, true);
    assert.equal(normalizeSettings({ refreshIntervalSeconds: 2 }, 1).refreshIntervalSeconds, 2);
  });

  it('lets one window hold the lease until it expires', () => {
    const lease = { owner: 'a', until: 1000 };
    assert.equal(mayHoldLease(lease, 'a', 500), true);
    assert.equal(mayHoldLease(lease, 'b', 500), false);
    assert.equal(mayHoldLease(lease, 'b', 1000), true);
    assert.equal(mayHoldLease(undefined, 'b', 0), true);
    assert.equal(parseLease('{"owner":"a","until":5}')?.owner, 'a');
    assert.equal(parseLease('{torn'), undefined);
  });
});
