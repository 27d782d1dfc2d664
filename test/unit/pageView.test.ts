// Issue 20, item 9: the page gets the view without what none of its lines
// reads (core/view/pageView.ts): every section, row and figure of the page is
// the same from the page's copy as from the whole view, and a big
// organization's copy is under half the size.
import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/money/model';
import { firstScreenView, viewPatch } from '../../src/core/protocol';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import type { AccountBreakdown, AccountKey } from '../../src/core/types';
import { detailsContent } from '../../src/core/view/details';
import { forPage, forPagePatch } from '../../src/core/view/pageView';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { DEFAULT, key, PLATFORM, ws } from './helpers/org';
import { EN, l10nEN } from './helpers/view';

const NOW = Date.UTC(2026, 11, 3, 12);
const DAY = 86_400_000;

function view(b: AccountBreakdown | undefined, isManagementKey = true, apiBaseUrl = 'https://openrouter.ai/api/v1'): View {
  const snap = buildSnapshot(keyInfo({ isManagementKey, usage: isManagementKey ? 0 : 12, usageDaily: isManagementKey ? 0 : 1, usageWeekly: isManagementKey ? 0 : 3, usageMonthly: isManagementKey ? 0 : 9, limit: null, limitRemaining: null }), { totalCredits: 100, totalUsage: 40 }, 'known', NOW - 60_000);
  return buildView({ snapshot: snap, keySource: 'secret', points: [], breakdown: b, settings: { ...DEFAULT_SETTINGS, apiBaseUrl }, focused: true, isPoller: true, now: NOW }, l10nEN);
}

const activity = ['2026-12-01', '2026-12-02'].flatMap(date => ['a/one', 'b/two'].map((model, i) => ({
  date, model, modelPermaslug: model, endpointId: 'e', providerName: 'P', usage: 1 + i, byokUsageInference: i ? 0.5 : 0, requests: 2, promptTokens: 10, completionTokens: 10, reasoningTokens: 0,
})));

/** Two workspaces, a budget that binds one key, a guardrail on another, a nameless key, BYOK, members, a disabled key. */
function organization(): AccountBreakdown {
  const keys: AccountKey[] = [
    key({ id: 'c0ffee0000000001', name: 'Laptop', label: 'sk-or-v1-aaa...1111', workspaceId: DEFAULT.id, usageMonthly: 5, usageDaily: 1, usageWeekly: 2, usage: 9, creatorUserId: 'u1', createdAt: '2026-01-02T00:00:00Z' }),
    key({ id: 'c0ffee0000000002', name: 'Prod', label: 'sk-or-v1-bbb...2222', workspaceId: PLATFORM.id, usageMonthly: 44, usageDaily: 4, usageWeekly: 20, usage: 80, byokUsage: 9, byokUsageDaily: 1, byokUsageWeekly: 3, byokUsageMonthly: 7, creatorUserId: 'u2' }),
    key({ id: 'c0ffee0000000003', name: '  ', label: 'sk-or-v1-ccc...3333', workspaceId: PLATFORM.id, usageMonthly: 1, usageWeekly: 1, usage: 1, limit: 5, limitRemaining: 4, limitReset: 'monthly', creatorUserId: null }),
    key({ id: 'c0ffee0000000004', name: 'Old', label: 'sk-or-v1-ddd...4444', workspaceId: DEFAULT.id, disabled: true, usage: 3 }),
    key({ id: 'c0ffee0000000005', name: 'Guarded', label: 'sk-or-v1-eee...5555', workspaceId: DEFAULT.id, usageMonthly: 2, usageWeekly: 2, usageDaily: 2, usage: 2, creatorUserId: 'u1' }),
  ];
  return {
    keys, keysAt: NOW - 60_000, byModel: [], activityAt: NOW - 60_000, activityDay: '2026-12-03',
    daily: [{ date: '2026-12-02', usd: 3, byModel: [] }] as unknown as AccountBreakdown['daily'],
    org: {
      workspaces: [DEFAULT, PLATFORM], budgets: [{ workspaceId: PLATFORM.id, interval: 'monthly', limitUsd: 50 }], structureAt: NOW - DAY,
      guardrails: [{ id: 'g1', name: 'Daily cap', workspaceId: DEFAULT.id, limitUsd: 3, interval: 'daily', includeByok: false }],
      assignments: [{ guardrailId: 'g1', keyId: 'c0ffee0000000005' }],
      members: [{ id: 'u1', name: 'Ada' }, { id: 'u2', name: 'Lin' }], membersAt: NOW - DAY,
    } as unknown as AccountBreakdown['org'],
  };
}

function big(n: number): AccountBreakdown {
  const workspaces = Array.from({ length: 10 }, (_, i) => (i ? ws(`w-${i}`, `Team ${i}`) : DEFAULT));
  const keys = Array.from({ length: n }, (_, i) => key({
    id: `c0ffee${String(i).padStart(10, '0')}`, name: `Key ${i}`, label: `sk-or-v1-${i}...abcd`, workspaceId: workspaces[i % 10].id, creatorUserId: `user_${i % 20}`,
    usageDaily: (i % 7) / 10, usageWeekly: (i % 7) / 5, usageMonthly: (i % 7) / 2, usage: i % 7, byokUsage: 0, byokUsageDaily: 0, byokUsageWeekly: 0, byokUsageMonthly: 0, createdAt: '2026-03-02T09:14:27.511Z',
  }));
  return { keys, keysAt: NOW - 60_000, org: { workspaces, budgets: workspaces.map(w => ({ workspaceId: w.id, interval: 'monthly' as const, limitUsd: 500 })), structureAt: NOW - DAY } };
}

const content = (v: View) => JSON.parse(JSON.stringify(detailsContent(v, EN))) as unknown;

describe('the page\'s copy of the view (issue 20, item 9)', () => {
  it('every line of the page is the same from the page\'s copy as from the whole view', () => {
    const cases: Array<[string, View]> = [
      ['an organization', view(organization())],
      ['1,000 keys', view(big(1000))],
      ['a normal key', view(undefined, false)],
      ['a management key before /keys answered', view({})],
    ];
    for (const [name, v] of cases) {
      assert.deepEqual(content(forPage(v)), content(v), name);
      assert.deepEqual(content(JSON.parse(JSON.stringify(forPage(v))) as View), content(v), `${name}, through JSON`);
    }
    // The organization's case holds what the copy drops: a nameless key, BYOK, a bound key's headroom line.
    const rows = (detailsContent(view(organization()), EN) as unknown as { byKey: { rows: Array<{ name: string; headroom?: string; byok: string }> } }).byKey.rows;
    assert.ok(rows.some(r => r.name === 'sk-or-v1-ccc...3333'), 'a nameless key is named by its label');
    assert.ok(rows.some(r => r.byok !== ''), 'a key with BYOK spend');
    assert.ok(rows.some(r => r.headroom), 'a key whose workspace budget or guardrail binds');
  });

  it('never carries the API base URL, the breakdown\'s daily copy and raw organization, or the keys\' ids of workspaces, members and dates', () => {
    const v = view(organization(), true, 'https://proxy.example.com/api/v1');
    const text = JSON.stringify(forPage(v));
    assert.doesNotMatch(text, /proxy\.example\.com/);
    assert.equal(forPage(v).breakdown?.daily, undefined);
    assert.equal(forPage(v).breakdown?.org, undefined, 'the raw organization (member names and ids, guardrail assignments) stays in the host');
    assert.doesNotMatch(text, /"assignments"|"guardrails"|"g1"/);
    for (const k of forPage(v).breakdown?.keys ?? []) {
      assert.equal(k.workspaceId, undefined);
      assert.equal(k.creatorUserId, undefined);
      assert.equal(k.createdAt, null);
    }
    assert.match(JSON.stringify(v), /proxy\.example\.com/, 'the host\'s view keeps it');
  });

  it('the HTML\'s first screen is the same cut before or after firstScreenView() (the host cuts the small one)', () => {
    for (const v of [view(organization()), view(big(300)), view(undefined, false)]) {
      assert.deepEqual(JSON.parse(JSON.stringify(forPage(firstScreenView(v)))), JSON.parse(JSON.stringify(firstScreenView(forPage(v)))));
    }
  });

  it('a patch is cut the same way as the whole view', () => {
    const a = view(organization());
    const b = view({ ...organization(), keysAt: NOW - 30_000 }, true, 'https://proxy.example.com/api/v1');
    const p = forPagePatch(viewPatch(a, b)!);
    assert.deepEqual(p.fields.breakdown, forPage(b).breakdown);
    assert.deepEqual(p.fields.org, forPage(b).org);
    assert.doesNotMatch(JSON.stringify(p), /proxy\.example\.com/);
  });

  it('1,000 keys: the page\'s copy is under half the whole view', () => {
    const v = view(big(1000));
    const whole = JSON.stringify(v).length;
    const copy = JSON.stringify(forPage(v)).length;
    assert.ok(copy * 2 < whole, `${copy} B of ${whole} B`);
  });
});
