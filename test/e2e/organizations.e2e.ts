/// <reference lib="dom" />
// An organization (issue 20), in the real page: an account with a second
// workspace shows Today / This week / This month, Spend by key and the
// workspaces summed over both workspaces; a workspace budget shows its spend
// of its limit; a key under a guardrail names the guardrail as what binds,
// with the amount and the reset. The figures are checked against what the
// fake answers over HTTP, not against the extension's own arithmetic. Also
// the README screenshot of the workspaces.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { formatUsd } from '../../src/core/text/format';
import { FAKE_KEYS, KEYS_PAGE_SIZE, KEYS_PATH, fakeListedKey, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { detailsFrame, runCommand, useScenario, waitForStatus, getJson } from './harness';

interface ListedKey { name: string; disabled: boolean; usage: number; usage_daily: number; usage_weekly: number; usage_monthly: number; workspace_id?: string }
interface Workspace { id: string; name: string }

const PLATFORM = 'Platform';
const GUARDRAIL = 'Batch cap';
// The second workspace's keys: lifetime ≥ month ≥ week ≥ today.
const PLATFORM_KEYS = [
  { name: 'Platform API', usage: 6, usage_daily: 0.35, usage_weekly: 1.3, usage_monthly: 4.4 },
  { name: 'Platform batch', usage: 2.5, usage_daily: 0.2, usage_weekly: 0.9, usage_monthly: 2.5 },
];
const WS_BUDGET = 10;
const GUARDRAIL_LIMIT = 3;

/** Every key of every workspace, as OpenRouter lists them (all pages, disabled ones too). */
async function allKeys(fake: FakeOpenRouter, workspaces: readonly Workspace[]): Promise<(ListedKey & { workspace: string })[]> {
  const out: (ListedKey & { workspace: string })[] = [];
  for (const ws of workspaces) {
    for (let offset = 0; ; offset += KEYS_PAGE_SIZE) {
      const page = await getJson<ListedKey[]>(fake, `/keys?include_disabled=true&workspace_id=${encodeURIComponent(ws.id)}&offset=${offset}`);
      out.push(...page.map(k => ({ ...k, workspace: ws.name })));
      if (page.length < KEYS_PAGE_SIZE) break;
    }
  }
  return out;
}

/** The first day of next month (UTC), as the page names a monthly reset ("Jan 1"). */
function nextMonthStart(): string {
  const now = new Date();
  const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(at);
}

function prepare(fake: FakeOpenRouter): void {
  fake.setWorkspaces([{ name: 'Default' }, { name: PLATFORM }]);
  const ws = fake.workspaces.find(w => w.name === PLATFORM)!;
  fake.setWorkspaceKeys(ws.id as string, PLATFORM_KEYS.map(k => ({ item: fakeListedKey(k) })));
  fake.setWorkspaceBudgets(ws.id as string, [{ reset_interval: 'monthly', limit_usd: WS_BUDGET }]);
  fake.setGuardrails([{ name: GUARDRAIL, limit_usd: GUARDRAIL_LIMIT, reset_interval: 'monthly', workspace_id: ws.id }]);
  const guardrailId = (fake.guardrails[0] as { id: string }).id;
  fake.setGuardrailAssignments([{ guardrail_id: guardrailId, key_name: 'Platform batch' }]);
  // The account's total usage covers the new keys too; the balance stays $16.55.
  const extra = PLATFORM_KEYS.reduce((n, k) => n + k.usage, 0);
  fake.setCredits(FAKE_KEYS.management, { total_credits: 60 + extra, total_usage: 43.45 + extra });
}

describe('e2e organizations: an account with a second workspace, a workspace budget and a guardrail', function () {
  const s = useScenario({ key: FAKE_KEYS.management, settings: { 'workbench.colorTheme': 'Default Dark Modern' }, prepare });
  let keys: (ListedKey & { workspace: string })[];
  let workspaces: Workspace[];
  let frame: Frame;

  it('shows Today, This week, This month and Spend by key summed over both workspaces', async () => {
    await waitForStatus(s.wb.page, /\$16\.55/);
    workspaces = await getJson<Workspace[]>(s.fake, '/workspaces');
    assert.deepEqual(workspaces.map(w => w.name), ['Default', PLATFORM]);
    // The refresher asked the keys of the second workspace too (the fake's record).
    await s.fake.waitForRequests(2, { path: KEYS_PATH, timeoutMs: 30_000 });
    keys = await allKeys(s.fake, workspaces);
    assert.equal(keys.length, 6);
    assert.equal(keys.filter(k => k.workspace === PLATFORM).length, 2);
    for (const k of keys) assert.ok(k.usage >= k.usage_monthly && k.usage_monthly >= k.usage_weekly && k.usage_weekly >= k.usage_daily, `${k.name}: lifetime ≥ month ≥ week ≥ today`);
    const credits = await getJson<{ total_usage: number }>(s.fake, '/credits');
    assert.ok(credits.total_usage >= keys.reduce((n, k) => n + k.usage, 0) - 1e-9, 'the account used at least what its keys did');

    await runCommand(s.wb.page, 'Check OpenRouter Credits');
    frame = await detailsFrame(s.wb.page);
    await frame.waitForFunction(() => document.querySelectorAll('#by-key-rows tr').length === 6
      && document.querySelectorAll('#by-workspace-rows tr').length === 2
      && document.querySelectorAll('#ws-budget-list .budget').length === 1, undefined, { timeout: 60_000 });
    const sum = (f: 'usage_daily' | 'usage_weekly' | 'usage_monthly', ks = keys) => ks.reduce((n, k) => n + k[f], 0);
    const fig = await frame.$$eval('dd[id]', dds => Object.fromEntries(dds.map(d => [d.id, (d.textContent ?? '').trim()])));
    assert.equal(fig['usage-today'], formatUsd(sum('usage_daily')));
    assert.equal(fig['usage-week'], formatUsd(sum('usage_weekly')));
    assert.equal(fig['usage-month'], formatUsd(sum('usage_monthly')));

    // Spend by key: every key of both workspaces, with its workspace.
    const rows = await frame.$$eval('#by-key-rows tr', trs => trs.map(tr => ({
      name: tr.querySelector('th .name')?.textContent ?? '',
      cells: Array.from(tr.querySelectorAll('td')).map(td => td.textContent ?? ''),
    })));
    assert.deepEqual(rows.map(r => r.name).sort(), keys.map(k => k.name).sort());
    for (const k of keys) {
      const r = rows.find(x => x.name === k.name)!;
      assert.deepEqual(r.cells.slice(0, 4), [k.workspace, formatUsd(k.usage_daily), formatUsd(k.usage_weekly), formatUsd(k.usage_monthly)], k.name);
    }

    // Spend by workspace: both, each the sum of its keys.
    const wsRows = await frame.$$eval('#by-workspace-rows tr', trs => trs.map(tr => [
      tr.querySelector('th')?.textContent ?? '', ...Array.from(tr.querySelectorAll('td')).slice(0, 4).map(td => td.textContent ?? ''),
    ]));
    assert.deepEqual(wsRows.map(r => r[0]).sort(), ['Default', PLATFORM]);
    for (const name of ['Default', PLATFORM]) {
      const own = keys.filter(k => k.workspace === name);
      assert.deepEqual(wsRows.find(r => r[0] === name)!.slice(1), [formatUsd(sum('usage_daily', own)), formatUsd(sum('usage_weekly', own)), formatUsd(sum('usage_monthly', own)), String(own.length)], name);
    }
  });

  it('shows the workspace budget as its spend of its limit', async () => {
    const spend = keys.filter(k => k.workspace === PLATFORM).reduce((n, k) => n + k.usage_monthly, 0);
    const block = await frame.$eval('#ws-budget-list .budget', e => ({
      label: e.querySelector('.budget-label')?.textContent ?? '',
      text: e.querySelector('.budget-text')?.textContent ?? '',
      now: e.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') ?? '',
      all: (e.textContent ?? '').replace(/\s+/g, ' '),
    }));
    assert.equal(block.label, `${PLATFORM}: monthly budget`);
    assert.equal(block.text, `${formatUsd(spend)} of ${formatUsd(WS_BUDGET)}`);
    assert.equal(Math.round(Number(block.now)), Math.round((spend / WS_BUDGET) * 100));
    assert.ok(block.all.includes(nextMonthStart()), `its reset in ${block.all}`);
  });

  it('names the guardrail as what binds a key under it, with the amount and the reset', async () => {
    const heads = await frame.$$eval('#by-key table thead th', ths => (ths as HTMLElement[]).filter(th => !th.hidden).map(th => (th.textContent ?? '').trim()));
    const col = heads.indexOf('Headroom');
    assert.ok(col > 0, `a Headroom column in ${JSON.stringify(heads)}`);
    const headroom = (name: string) => frame.$$eval('#by-key-rows tr', (trs, [n, c]) => {
      const tr = trs.find(t => t.querySelector('th .name')?.textContent === n);
      return tr ? (tr.querySelectorAll('td')[Number(c) - 1]?.textContent ?? '') : '<no row>';
    }, [name, String(col)]);
    const batch = keys.find(k => k.name === 'Platform batch')!;
    const left = formatUsd(GUARDRAIL_LIMIT - batch.usage_monthly);
    const cell = await headroom('Platform batch');
    assert.ok(cell.startsWith(`${left} left before the ${GUARDRAIL} guardrail's monthly budget; resets ${nextMonthStart()}`), cell);
    // Its neighbour without the guardrail is bound by the workspace budget.
    const platformSpend = keys.filter(k => k.workspace === PLATFORM).reduce((n, k) => n + k.usage_monthly, 0);
    const api = await headroom('Platform API');
    assert.ok(api.startsWith(`${formatUsd(WS_BUDGET - platformSpend)} left before the ${PLATFORM} workspace's monthly budget`), api);
  });

  it('raised no CSP violation', () => {
    assert.deepEqual(s.wb.consoleErrors.filter(e => /Content Security Policy|Refused to/i.test(e)), []);
  });
});
