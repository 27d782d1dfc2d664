// Issue 20 on the details page (the real page bundle in a DOM) and in the
// copied summary: one workspace looks as before; two bring Spend by
// workspace, workspace budgets, each key's workspace and a filter; members;
// BYOK apart; the key rows' actions and Create Key…; folding remembered;
// hostile names stay text; 1,000 keys show 100 rows at a time.
import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/money/model';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import type { AccountBreakdown, AccountKey } from '../../src/core/types';
import { detailsContent } from '../../src/core/view/details';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { DEFAULT, key, PLATFORM, ws } from './helpers/org';
import { renderPage } from './helpers/page';
import { EN, l10nEN } from './helpers/view';

const NOW = Date.UTC(2026, 11, 3, 12);
const HOSTILE = '<img src=x onerror=alert(1)> [x](command:evil) | *b*';

function view(b: AccountBreakdown, isManagementKey = true): View {
  const snap = buildSnapshot(keyInfo({ isManagementKey, usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, limit: null, limitRemaining: null }), { totalCredits: 100, totalUsage: 40 }, 'known', NOW - 60_000);
  return buildView({ snapshot: snap, keySource: 'secret', points: [], breakdown: b, settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, l10nEN);
}

const k = (o: Partial<AccountKey>) => key({ ...o, id: o.id ?? `c0ffee${String(Math.random()).slice(2, 12)}` });

function twoWorkspaces(): AccountBreakdown {
  return {
    keys: [
      k({ id: 'c0ffee0000000001', name: 'Laptop', workspaceId: DEFAULT.id, usageMonthly: 5, usageDaily: 1, usageWeekly: 2, creatorUserId: 'u1' }),
      k({ id: 'c0ffee0000000002', name: 'Prod', workspaceId: PLATFORM.id, usageMonthly: 44, usageDaily: 4, usageWeekly: 20, byokUsageMonthly: 7, creatorUserId: 'u2' }),
    ],
    keysAt: NOW,
    org: {
      workspaces: [DEFAULT, PLATFORM], budgets: [{ workspaceId: PLATFORM.id, interval: 'monthly', limitUsd: 50 }], structureAt: NOW,
      members: [{ id: 'u1', name: 'Ada' }, { id: 'u2', name: HOSTILE }], membersAt: NOW,
    },
  };
}

const page = (v: View, savedState?: unknown) => renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: v }, { savedState });
const hidden = (el: Element | null) => (el as HTMLElement | null)?.hidden;
const rowTexts = (p: ReturnType<typeof page>, id: string) => Array.from(p.document.querySelectorAll(`#${id}-rows tr`)).map(tr => Array.from(tr.children).map(c => c.textContent ?? ''));

describe('the organization on the page (issue 20)', () => {
  it('one workspace: no workspace, workspace budget or member section, no workspace column or filter', () => {
    const v = view({ keys: [k({ name: 'Solo', workspaceId: DEFAULT.id })], keysAt: NOW, org: { workspaces: [DEFAULT], budgets: [], structureAt: NOW } });
    const p = page(v);
    assert.equal(hidden(p.document.getElementById('by-workspace')), true);
    assert.equal(hidden(p.document.getElementById('ws-budgets')), true);
    assert.equal(hidden(p.document.getElementById('by-member')), true);
    assert.equal(hidden(p.document.querySelector('#by-key-filter')!.closest('label')), true);
    assert.equal(rowTexts(p, 'by-key')[0].length, 8, 'key, today, week, month, limit, remaining, resets, actions');
  });

  it('two workspaces: the workspace table, the budget bar, key rows named by workspace, BYOK apart; the filter narrows the rows and is remembered', () => {
    const p = page(view(twoWorkspaces()));
    assert.equal(hidden(p.document.getElementById('by-workspace')), false);
    const ws = rowTexts(p, 'by-workspace');
    assert.deepEqual(ws.map(r => r[0]).sort(), ['Default', 'Platform']);
    const plat = ws.find(r => r[0] === 'Platform')!;
    assert.deepEqual(plat, ['Platform', '$4.00', '$20.00', '$44.00', '1', '$7.00'], 'BYOK its own column, not in the month');
    assert.match(p.text('ws-budget-0-text'), /\$44\.00 of \$50\.00/);
    assert.equal(p.document.getElementById('ws-budget-0-bar')?.getAttribute('role'), 'progressbar');
    const keys = rowTexts(p, 'by-key');
    assert.deepEqual(keys.map(r => [r[0], r[1]]), [['Prod', 'Platform'], ['Laptop', 'Default']]);
    assert.ok(keys[0].some(c => c.includes("left before the Platform workspace's monthly budget")), `the binding workspace budget on the row: ${keys[0].join(' | ')}`);
    const select = p.document.getElementById('by-key-filter') as HTMLSelectElement;
    assert.equal(hidden(select.closest('label')), false);
    for (const o of Array.from(select.options)) o.selected = o.value === 'Default';
    select.dispatchEvent(new (p.document.defaultView as unknown as { Event: typeof Event }).Event('change'));
    assert.deepEqual(rowTexts(p, 'by-key').map(r => r[0]), ['Laptop']);
    const again = page(view(twoWorkspaces()), p.saved());
    assert.deepEqual(rowTexts(again, 'by-key').map(r => r[0]), ['Laptop'], 'the filter survives a reload');
  });

  it('the headline carries the shown key\'s headroom; a normal key says what it cannot see', () => {
    const snap = buildSnapshot(keyInfo({ limit: 20, limitRemaining: 12.8 }), undefined, 'forbidden', NOW - 60_000);
    const v = buildView({ snapshot: snap, keySource: 'secret', points: [], settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, l10nEN);
    const p = page(v);
    assert.match(p.text('headroom'), /\$12\.80 left before this key's limit.*workspace budgets and guardrails unknown for this key/);
    assert.match(buildMarkdownSummary(v, EN), /\$12\.80 left before this key's limit/);
  });

  it('members: spend by member with BYOK apart; hostile names stay text on the page and escaped in Markdown', () => {
    const v = view(twoWorkspaces());
    const p = page(v);
    const members = rowTexts(p, 'by-member');
    assert.ok(members.some(r => r[0].includes('<img src=x')), `the name as text: ${members.map(r => r[0]).join(' | ')}`);
    assert.equal(p.document.querySelector('#by-member img'), null, 'no markup from a name');
    const md = buildMarkdownSummary(v, EN);
    assert.match(md, /### Spend by workspace/);
    assert.match(md, /### Spend by member/);
    assert.match(md, /BYOK \(paid to your provider, not from credits\)/);
    assert.ok(!md.includes('](command:evil)'), 'the link is escaped');
    assert.ok(md.includes('\\<img'), 'the tag is escaped');
  });

  it('the key rows post keyAction, Create Key… posts createKey; a normal key has neither', () => {
    const p = page(view(twoWorkspaces()));
    const row = p.document.querySelector('#by-key-rows tr')!;
    for (const a of ['rename', 'disable', 'delete']) p.click(row.querySelector(`button[data-key-action="${a}"]`)!);
    const create = p.document.querySelector('#by-key button[data-command="createKey"]') as HTMLElement;
    assert.equal(create.hidden, false);
    p.click(create);
    const posted = JSON.parse(JSON.stringify(p.posted.filter(m => m.type === 'keyAction' || m.type === 'command'))) as unknown;
    assert.deepEqual(posted, [
      { type: 'keyAction', action: 'rename', keyId: 'c0ffee0000000002' },
      { type: 'keyAction', action: 'disable', keyId: 'c0ffee0000000002' },
      { type: 'keyAction', action: 'delete', keyId: 'c0ffee0000000002' },
      { type: 'command', command: 'createKey' },
    ]);
    const c = detailsContent(view(twoWorkspaces(), false), EN);
    assert.equal(c.byKey, undefined);
    assert.equal(c.org, undefined);
  });

  it('every card folds from its heading (aria-expanded) and stays folded after a reload', () => {
    const p = page(view(twoWorkspaces()));
    const fold = p.document.querySelector('button[data-fold="by-workspace"]')!;
    assert.equal(fold.getAttribute('aria-expanded'), 'true');
    p.click(fold);
    assert.equal(fold.getAttribute('aria-expanded'), 'false');
    assert.equal(hidden(p.document.getElementById('by-workspace-body')), true);
    const again = page(view(twoWorkspaces()), p.saved());
    assert.equal(again.document.querySelector('button[data-fold="by-workspace"]')!.getAttribute('aria-expanded'), 'false');
    assert.equal(hidden(again.document.getElementById('by-workspace-body')), true);
    assert.equal(hidden(again.document.getElementById('by-key-body')), false, 'only that card');
  });

  it('the 30-day chart comes before the tables', () => {
    const p = page(view(twoWorkspaces()));
    const order = Array.from(p.document.querySelectorAll('#data > section')).map(e => e.id);
    assert.ok(order.indexOf('history') < order.indexOf('by-workspace') && order.indexOf('history') < order.indexOf('by-key'), order.join(','));
  });

  it('1,000 keys over 10 workspaces: 100 rows at a time, Show more, sort over the whole list', () => {
    const spaces = Array.from({ length: 10 }, (_, i) => ws(`w${i}`, `Space ${i}`));
    const keys = Array.from({ length: 1000 }, (_, i) => key({ id: `c0ffee${String(i).padStart(10, '0')}`, name: `key ${i}`, workspaceId: `w${i % 10}`, usageMonthly: i / 10 }));
    const p = page(view({ keys, keysAt: NOW, org: { workspaces: spaces, budgets: [], structureAt: NOW } }));
    assert.equal(rowTexts(p, 'by-key').length, 100);
    const more = p.document.getElementById('by-key-more')!;
    assert.equal(hidden(more), false);
    p.click(more);
    assert.equal(rowTexts(p, 'by-key').length, 200);
    p.click(p.document.querySelector('button[data-sort="name"]')!);
    assert.equal(rowTexts(p, 'by-key')[0][0], 'key 0', 'sorted by name over all 1,000');
    assert.equal(p.document.querySelector('button[data-sort="name"]')!.closest('th')!.getAttribute('aria-sort'), 'ascending');
  });
});
