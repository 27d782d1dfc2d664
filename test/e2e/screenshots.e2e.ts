/// <reference lib="dom" />
// The README's screenshots of the details page, from the `npm start` demo
// (scripts/demo/account.ts): an organization whose figures agree with each
// other on whatever date the run is, so that what a reader sees adds up.
// Before they are taken, the page's periods are checked against the keys the
// fake lists.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { demoAccount } from '../../scripts/demo/account';
import { formatUsd } from '../../src/core/text/format';
import { FAKE_KEYS, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';
import { detailsFrame, runCommand, screenshotsDir, toasts, useScenario, waitForStatus, type Workbench, getJson } from './harness';

type Listed = Record<'usage_daily' | 'usage_weekly' | 'usage_monthly', number> & { name: string };

/** Every workspace's keys (the demo's fit one page each). */
async function demoKeys(fake: FakeOpenRouter): Promise<Listed[]> {
  const workspaces = await getJson<{ id: string }[]>(fake, '/workspaces');
  const lists = await Promise.all(workspaces.map(w => getJson<Listed[]>(fake, `/keys?include_disabled=true&workspace_id=${encodeURIComponent(w.id)}`)));
  return lists.flat();
}

/** Opens the page and waits until the whole organization is on it: six key rows, two workspaces, the workspace budget, the chart. */
async function openDemoPage(wb: Workbench): Promise<Frame> {
  await waitForStatus(wb.page, /\$18\.40/, 60_000);
  await runCommand(wb.page, 'Check OpenRouter Credits');
  const frame = await detailsFrame(wb.page);
  await frame.waitForFunction(() => document.querySelectorAll('#by-key-rows tr').length === 6
    && document.querySelectorAll('#by-workspace-rows tr').length === 2
    && !(document.getElementById('ws-budgets') as HTMLElement | null)?.hidden
    && document.querySelectorAll('#chart rect').length > 0
    && !document.getElementById('data')?.hasAttribute('data-pending'), undefined, { timeout: 30_000 });
  return frame;
}

/** The page's This week / This month are the sums over the fake's keys, and these are its activity's (demoPeriods). */
async function assertFiguresAgree(frame: Frame, fake: FakeOpenRouter): Promise<void> {
  const keys = await demoKeys(fake);
  const sum = (f: keyof Omit<Listed, 'name'>) => keys.reduce((n, k) => n + k[f], 0);
  const fig = await frame.$$eval('dd[id]', dds => Object.fromEntries(dds.map(d => [d.id, (d.textContent ?? '').trim()])));
  assert.equal(fig['usage-week'], formatUsd(sum('usage_weekly')));
  assert.equal(fig['usage-month'], formatUsd(sum('usage_monthly')));
  // (That the keys add up to the activity on any date is the demo's unit test: fakeServer.schema.test.ts.)
  const used = await frame.$eval('#ws-budgets [aria-valuenow]', e => Number(e.getAttribute('aria-valuenow')));
  assert.equal(Math.round(used), 88, 'the Platform budget near its mark');
}

async function shoot(wb: Workbench, frame: Frame, file: string, opts: { scrollTo?: string; height?: number } = {}): Promise<void> {
  // The budget's warning (the demo's Platform budget is at its mark) would cover the page.
  if (await toasts(wb.page).count()) {
    await runCommand(wb.page, 'Notifications: Clear All Notifications');
    await toasts(wb.page).first().waitFor({ state: 'detached', timeout: 10_000 });
  }
  await wb.page.setViewportSize({ width: 1400, height: opts.height ?? 1350 });
  if (opts.scrollTo) {
    // Scrolled again at each check: the webview lays out anew after the resize.
    await frame.waitForFunction(sel => {
      const el = document.querySelector(sel)!;
      el.scrollIntoView({ block: 'start' });
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top > -2 && r.top < window.innerHeight / 2;
    }, opts.scrollTo, { timeout: 10_000 });
  }
  await wb.page.screenshot({ path: path.join(screenshotsDir(), file) });
  await wb.page.setViewportSize({ width: 1400, height: 900 });
}

const demo = (fake: FakeOpenRouter): void => demoAccount(fake, { usdPerSecond: 0 });

describe('e2e: the README\'s screenshots, from the demo organization', function () {
  describe('dark theme', () => {
    const s = useScenario({ key: FAKE_KEYS.management, prepare: demo, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    let frame: Frame;

    it('the page\'s figures agree with the keys and the activity (docs/screenshots/details-dark.png)', async () => {
      frame = await openDemoPage(s.wb);
      await assertFiguresAgree(frame, s.fake);
      await shoot(s.wb, frame, 'details-dark.png');
    });

    it('spend by key and by model (docs/screenshots/details-breakdown.png)', async () => {
      await shoot(s.wb, frame, 'details-breakdown.png', { scrollTo: '#usage' });
    });

    it('the workspaces (docs/screenshots/details-workspaces.png)', async () => {
      await shoot(s.wb, frame, 'details-workspaces.png', { scrollTo: '#by-workspace' });
    });

    it('the workspace budget (docs/screenshots/details-workspace-budgets.png)', async () => {
      await shoot(s.wb, frame, 'details-workspace-budgets.png', { scrollTo: '#ws-budgets', height: 1000 });
    });
  });

  describe('light theme, with a monthly budget', () => {
    const s = useScenario({ key: FAKE_KEYS.management, prepare: demo, settings: { 'workbench.colorTheme': 'Default Light Modern', 'openrouterCredits.monthlyBudget': 20 } });

    it('the history and the budget (docs/screenshots/details-light.png, details-budget.png)', async () => {
      const frame = await openDemoPage(s.wb);
      await assertFiguresAgree(frame, s.fake);
      await frame.waitForFunction(() => (document.getElementById('budget-month-text')?.textContent ?? '').includes('$20.00'), undefined, { timeout: 30_000 });
      await shoot(s.wb, frame, 'details-light.png', { height: 1700 });
      await shoot(s.wb, frame, 'details-budget.png', { scrollTo: '#budgets' });
    });
  });

  describe('high contrast', () => {
    const s = useScenario({ key: FAKE_KEYS.management, prepare: demo, settings: { 'workbench.colorTheme': 'Default High Contrast' } });

    it('docs/screenshots/details-high-contrast.png', async () => {
      const frame = await openDemoPage(s.wb);
      await shoot(s.wb, frame, 'details-high-contrast.png');
    });
  });
});
