// Fault matrix: every way the account API (or the network in between) can
// misbehave, against the fake server, in the real extension host. For each
// case: a good value first, then the fault, then the state shown, the
// notifications, the requests made and the recovery once the server heals.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { CREDITS_PATH, FAKE_KEYS, FakeOpenRouter, KEY_PATH, KEYS_PATH, type FaultRule } from '../fixtures/fakeOpenRouter';
import { api, logText, resetSettings, setSetting, statusBackground, statusText, useKey, waitFor, waitForStatus, type TestApi } from './util';

const GOOD = /^\$\(credit-card\) \$4\.20$/;
const STALE = /^\$\(cloud-offline\) \$4\.20$/;
const INVALID = /^\$\(key\) OpenRouter key invalid$/;
/** Never shown for a fault. */
const NONSENSE = /NaN|undefined|null|Infinity|\$0\.00|-\$/;
const ERROR_BG = 'statusBarItem.errorBackground';
const WARNING_BG = 'statusBarItem.warningBackground';
/** One manual refresh + a second failing one + the recovery, with room for retries. */
const MAX_REQUESTS_PER_ROW = 6;
/** A management key's refresh asks /credits and /keys, and /key again after a 401. */
const MAX_REQUESTS_PER_MANAGEMENT_ROW = 12;

interface Row {
  name: string;
  state: string;
  notifications: number;
  requests: number;
  recovered: boolean;
}

interface Case {
  name: string;
  /** Faults added to the main fake server. */
  faults?: (ctx: Ctx) => FaultRule[];
  /** Custom injection / healing (instead of faults / clearFaults). */
  inject?: (ctx: Ctx) => Promise<void>;
  heal?: (ctx: Ctx) => Promise<void>;
  /** Expected status bar text while failing. */
  expect: RegExp;
  /** Expected error kind; undefined = the answer is valid; 'any' = not checked. */
  kind?: string;
  background?: string;
  /** Exact number of notifications expected for the whole row (always <= 1). */
  notifications?: number;
  /** Default: a second manual refresh. 'none' for the slow hang row. */
  second?: 'manual' | 'none' | ((ctx: Ctx, before: number) => Promise<void>);
  /** false: the row may replace the good value (documented in the report). */
  keepsValue?: boolean;
  /** Extra checks while failing. */
  check?: (ctx: Ctx) => void;
}

interface Ctx {
  a: TestApi;
  fake: FakeOpenRouter;
  other: FakeOpenRouter;
  closedUrl: string;
}

/** The limited key's normal /key body, with one value replaced by raw JSON text. */
function rawKeyBody(fake: FakeOpenRouter, field: string, rawValue: string): string {
  const key = fake.getKeyState(FAKE_KEYS.limited)!.key;
  return JSON.stringify({ data: { ...key, [field]: '__RAW__' } }).replace('"__RAW__"', rawValue);
}

const onKey = (rule: Omit<FaultRule, 'path'>): ((ctx: Ctx) => FaultRule[]) => () => [{ path: KEY_PATH, ...rule }];

const status = (code: number, kind: string, extra: Partial<Case> = {}): Case => ({
  name: `HTTP ${code}`, faults: onKey({ status: code }), expect: STALE, kind, ...extra,
});

const CASES: Case[] = [
  status(400, 'badRequest'),
  status(401, 'invalidKey', { expect: INVALID, background: WARNING_BG, notifications: 1 }),
  status(402, 'outOfCredits', { expect: /^\$\(error\) \$4\.20$/, background: ERROR_BG, notifications: 1 }),
  status(403, 'forbidden'),
  status(404, 'notFound'),
  status(408, 'timeout'),
  {
    name: 'HTTP 429 + Retry-After: 2',
    faults: onKey({ status: 429, retryAfter: '2' }),
    expect: STALE,
    kind: 'rateLimited',
    // The second failure is the scheduler's own retry, honouring Retry-After.
    second: async ({ fake }, before) => {
      const t0 = Date.now();
      const all = await fake.waitForRequests(before + 2, { path: KEY_PATH, timeoutMs: 10_000 });
      const gap = all[before + 1].at - all[before].at;
      assert.ok(gap >= 1900, `retried ${gap} ms after a Retry-After of 2 s`);
      assert.ok(Date.now() - t0 < 8000);
    },
  },
  status(429, 'rateLimited', { name: 'HTTP 429 without Retry-After' }),
  status(500, 'serviceError'),
  status(502, 'serviceError'),
  status(503, 'serviceError'),
  status(504, 'serviceError'),
  status(524, 'serviceError'),
  status(529, 'serviceError'),
  {
    name: 'connection refused',
    inject: async ({ a, closedUrl }) => {
      await setSetting('apiBaseUrl', closedUrl);
      await waitFor('base URL applied', () => a._test.controller.view.settings.apiBaseUrl === closedUrl);
    },
    heal: async ({ a, fake }) => {
      await setSetting('apiBaseUrl', fake.baseUrl);
      await waitFor('base URL applied', () => a._test.controller.view.settings.apiBaseUrl === fake.baseUrl);
    },
    expect: STALE,
    kind: 'network',
  },
  { name: 'connection reset mid-body', faults: onKey({ resetMidBody: true }), expect: STALE, kind: 'network' },
  { name: 'accepts, never answers (10 s timeout)', faults: onKey({ hang: true }), expect: STALE, kind: 'timeout', second: 'none' },
  { name: 'truncated JSON', faults: onKey({ truncate: true }), expect: STALE, kind: 'malformed' },
  { name: 'wrong shape {"data":{"foo":1}}', faults: onKey({ body: '{"data":{"foo":1}}' }), expect: STALE, kind: 'malformed' },
  { name: 'limit_remaining as string "4.2"', faults: onKey({ dataOverride: { limit_remaining: '4.2' } }), expect: STALE, kind: 'malformed' },
  { name: 'usage as string "8.45"', faults: onKey({ dataOverride: { usage: '8.45' } }), expect: STALE, kind: 'malformed' },
  { name: 'negative usage -1', faults: onKey({ dataOverride: { usage: -1 } }), expect: STALE, kind: 'malformed' },
  { name: 'raw NaN in JSON', faults: ({ fake }) => [{ path: KEY_PATH, body: rawKeyBody(fake, 'usage', 'NaN') }], expect: STALE, kind: 'malformed' },
  { name: 'raw 1e999 in JSON', faults: ({ fake }) => [{ path: KEY_PATH, body: rawKeyBody(fake, 'limit_remaining', '1e999') }], expect: STALE, kind: 'malformed' },
  { name: 'usage 1e308', faults: onKey({ dataOverride: { usage: 1e308 } }), expect: STALE, kind: 'malformed' },
  { name: 'usage null', faults: onKey({ dataOverride: { usage: null } }), expect: STALE, kind: 'malformed' },
  {
    name: 'HTML/script label (valid)',
    faults: onKey({ dataOverride: { label: '<img src=x onerror=alert(1)>' } }),
    expect: GOOD,
    check: ({ a }) => {
      assert.equal(a._test.controller.view.snapshot?.key.label, '<img src=x onerror=alert(1)>', 'the label is kept as plain text');
      const tip = a._test.statusBar.item.tooltip as vscode.MarkdownString;
      assert.ok(tip.value.includes('\\<img src=x onerror=alert(1)\\>'), `the label reaches the tooltip escaped: ${tip.value}`);
      assert.doesNotMatch(tip.value, /(?<!\\)<img/, 'an unescaped tag in the tooltip');
      assert.equal(tip.supportHtml, false);
    },
  },
  ...[302, 307].map((code): Case => ({
    name: `${code} redirect to another origin`,
    faults: ({ other }) => [{ path: KEY_PATH, redirectTo: `${other.origin}/`, redirectStatus: code }],
    expect: STALE,
    kind: 'redirect',
    check: ({ other }) => assert.equal(other.requests.length, 0, 'the redirect target got a request'),
  })),
  { name: '10 MB body', faults: onKey({ bigBodyBytes: 10_000_000 }), expect: STALE, kind: 'malformed' },
];

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function formatTable(rows: Row[]): string {
  const head = ['case', 'state shown', 'notifications', 'requests made', 'recovered'];
  const cells = rows.map(r => [r.name, r.state, String(r.notifications), String(r.requests), r.recovered ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => pad(x, widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function closedPortUrl(): Promise<string> {
  const srv = net.createServer();
  await new Promise<void>(r => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>(r => srv.close(() => r()));
  return `http://127.0.0.1:${port}/api/v1`;
}

interface Good {
  /** Shown when healthy. */
  re: RegExp;
  spendable: number;
}

const LIMITED_GOOD: Good = { re: GOOD, spendable: 4.2 };
const MANAGEMENT_GOOD: Good = { re: /^\$\(credit-card\) \$16\.55$/, spendable: 16.55 };
const MANAGEMENT_STALE = /^\$\(cloud-offline\) \$16\.55$/;
/** Zeros from /credits that contradict the usage of the account's keys (GET /keys): "balance unknown" (the account's spend today), never $0. */
const MANAGEMENT_CREDITS_FAULT = /^\$\(credit-card\) \$(?!0\.00)\d+\.\d\d today$/;

const MANAGEMENT_CASES: Case[] = [
  {
    // A management key's /key is asked at most hourly, or after a 401: make this refresh ask it.
    name: 'mgmt: /key HTTP 500 (when /key is asked)',
    inject: async ({ a, fake }) => {
      a._test.store.update(s => ({ ...s, recheckKey: true }));
      fake.addFault({ path: KEY_PATH, status: 500 });
    },
    heal: async ({ fake }) => { fake.clearFaults(); },
    expect: MANAGEMENT_STALE,
    kind: 'serviceError',
  },
  {
    name: 'mgmt: /keys HTTP 500 (the breakdown is kept; the balance is current)',
    faults: () => [{ path: KEYS_PATH, status: 500 }],
    expect: MANAGEMENT_GOOD.re,
    check: ({ a }) => {
      const v = a._test.controller.view;
      assert.equal(v.breakdown?.keysError, 'serviceError');
      assert.ok((v.breakdown?.keys?.length ?? 0) > 0, 'the last good list is kept');
      assert.equal(v.stale, false);
    },
  },
  { name: 'mgmt: /credits HTTP 500', faults: () => [{ path: CREDITS_PATH, status: 500 }], expect: MANAGEMENT_STALE, kind: 'serviceError' },
  { name: 'mgmt: /credits wrong shape', faults: () => [{ path: CREDITS_PATH, body: '{"data":{"foo":1}}' }], expect: MANAGEMENT_STALE, kind: 'malformed' },
  { name: 'mgmt: /credits total_usage "8.45"', faults: () => [{ path: CREDITS_PATH, dataOverride: { total_usage: '8.45' } }], expect: MANAGEMENT_STALE, kind: 'malformed' },
  {
    name: 'mgmt: /credits zeros vs the keys\' usage',
    faults: () => [{ path: CREDITS_PATH, body: '{"data":{"total_credits":0,"total_usage":0}}' }],
    expect: MANAGEMENT_CREDITS_FAULT,
    kind: 'any',
    keepsValue: false,
  },
  {
    // /key answered 200, so the key is valid: only the account balance is stale.
    name: 'mgmt: /credits HTTP 401 (/key 200)',
    faults: () => [{ path: CREDITS_PATH, status: 401 }],
    expect: MANAGEMENT_STALE,
    kind: 'accountStale',
    check: ({ a }) => {
      const v = a._test.controller.view;
      assert.equal(v.status, 'error');
      assert.equal(v.snapshot?.accountStatus, 'error');
      assert.equal(v.snapshot?.accountError?.status, 401);
      assert.ok((v.snapshot?.accountAsOf ?? Infinity) < v.snapshot!.fetchedAt, 'the account figures are marked as older than the key figures');
      assert.equal(v.snapshot?.account?.remaining, 16.55);
    },
  },
];

describe('hardening: fault matrix', function () {
  this.timeout(60_000);
  const rows: Row[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => { rejections.push(reason); };
  let ctx: Ctx;
  let a: TestApi;
  let fake: FakeOpenRouter;
  let good = LIMITED_GOOD;

  before(async () => {
    process.on('unhandledRejection', onRejection);
    a = await api();
    fake = await FakeOpenRouter.start();
    const other = await FakeOpenRouter.start();
    ctx = { a, fake, other, closedUrl: await closedPortUrl() };
    // No low-credit alert at $4.20: only fault-related notifications count here.
    await setSetting('lowCreditThreshold', 0);
    await useKey(a, fake.baseUrl, FAKE_KEYS.limited);
    await waitFor('this window polls', () => a._test.controller.view.isPoller);
    await a.refresh(); // the poller's own client learns that /credits is 403 for this key
    await waitForStatus(a, GOOD);
  });

  after(async () => {
    process.off('unhandledRejection', onRejection);
    // One line per call: the bench passes '[figure]' and table lines through to its output.
    console.log('[figure] Fault matrix (limited key: good value $4.20; mgmt rows: management key, good value $16.55):');
    for (const line of formatTable(rows).split('\n')) console.log(line);
    fake.clearFaults();
    await useKey(a, fake.baseUrl, undefined);
    await resetSettings();
    await setSetting('apiBaseUrl', undefined);
    await fake.close();
    await ctx.other.close();
  });

  afterEach(async () => {
    // Whatever happened, leave the extension healthy for the next row.
    fake.clearFaults();
    if (a._test.controller.view.settings.apiBaseUrl !== fake.baseUrl) {
      await setSetting('apiBaseUrl', fake.baseUrl);
      await waitFor('base URL applied', () => a._test.controller.view.settings.apiBaseUrl === fake.baseUrl);
    }
    if (!good.re.test(statusText(a))) {
      await a.refresh();
      await waitForStatus(a, good.re, 5000).catch(() => undefined);
    }
  });

  async function runCase(c: Case): Promise<void> {
    const row: Row = { name: c.name, state: '(not reached)', notifications: 0, requests: 0, recovered: false };
    rows.push(row);
    await waitForStatus(a, good.re, 5000);
    const reqCount = () => fake.requests.length + ctx.other.requests.length;
    const r0 = reqCount();
    const n0 = a._test.notifier.shown.length;
    const u0 = rejections.length;
    const keyReqs0 = fake.requestsTo(KEY_PATH).length;
    const kindOk = () => {
      const k = a._test.controller.view.error?.kind;
      return c.kind === 'any' ? true : k === c.kind;
    };
    try {
      // Fault in, refresh.
      if (c.inject) await c.inject(ctx);
      for (const f of c.faults?.(ctx) ?? []) fake.addFault(f);
      await a.refresh();
      await waitFor(`state for ${c.name}`, () => c.expect.test(statusText(a)) && kindOk(), 15_000);
      const v = a._test.controller.view;
      row.state = `${statusText(a)}${v.error ? ` [${v.error.kind}]` : ''}${statusBackground(a) ? ` (${statusBackground(a)!.replace('statusBarItem.', '')})` : ''}`;
      assert.doesNotMatch(statusText(a), NONSENSE);
      if (c.keepsValue !== false) assert.equal(v.snapshot?.spendable, good.spendable, 'the last good value is kept');
      assert.equal(statusBackground(a), c.background);
      if (v.error) {
        assert.equal(v.stale, true, 'a failed refresh marks the value stale');
        assert.ok(v.error.message.length > 0 && !NONSENSE.test(v.error.message), `error message: ${v.error.message}`);
      }
      c.check?.(ctx);

      // The same incident again: still one notification at most.
      if (c.second === undefined || c.second === 'manual') await a.refresh();
      else if (typeof c.second === 'function') await c.second(ctx, keyReqs0);
      assert.match(statusText(a), c.expect);
      assert.ok(kindOk(), `error kind ${a._test.controller.view.error?.kind}`);
      row.notifications = a._test.notifier.shown.length - n0;
      assert.ok(row.notifications <= 1, `notifications: ${JSON.stringify(a._test.notifier.shown.slice(n0))}`);
      assert.equal(row.notifications, c.notifications ?? 0, `notifications: ${JSON.stringify(a._test.notifier.shown.slice(n0))}`);

      // Heal.
      if (c.heal) await c.heal(ctx);
      fake.clearFaults();
      await a.refresh();
      await waitForStatus(a, good.re, 5000);
      row.recovered = a._test.controller.view.error === undefined && !a._test.controller.view.stale;
      assert.ok(row.recovered, 'recovered');
      assert.equal(a._test.notifier.shown.length - n0, row.notifications, 'the recovery notifies nothing');
      assert.equal(rejections.length - u0, 0, `unhandled rejections: ${rejections.slice(u0).map(String).join('; ')}`);
    } finally {
      row.requests = reqCount() - r0;
    }
    const max = good === MANAGEMENT_GOOD ? MAX_REQUESTS_PER_MANAGEMENT_ROW : MAX_REQUESTS_PER_ROW;
    assert.ok(row.requests <= max, `${row.requests} requests in one row`);
    assert.ok(row.requests >= (c.inject ? 1 : 2), `${row.requests} requests: the refresh did not reach the server`);
  }

  for (const c of CASES) it(c.name, () => runCase(c));

  it('backs off under a persistent 503 with a 1 s interval', async function () {
    this.timeout(40_000);
    const row: Row = { name: 'persistent 503, interval 1 s (backoff)', state: '(not reached)', notifications: 0, requests: 0, recovered: false };
    rows.push(row);
    await setSetting('refreshIntervalSeconds', 1);
    try {
      await waitFor('interval applied', () => a._test.controller.view.settings.refreshIntervalSeconds === 1);
      // Polls at 1 s succeed first.
      const k0 = fake.requestsTo(KEY_PATH).length;
      await fake.waitForRequests(k0 + 2, { path: KEY_PATH, timeoutMs: 10_000 });
      const n0 = a._test.notifier.shown.length;
      const logStart = logText(a).length;
      const r0 = fake.requests.length;
      const started = Date.now();
      fake.addFault({ path: KEY_PATH, status: 503 });
      // Wait for five failed polls in a row, then watch a quiet window.
      await waitFor('five failed attempts in the log', () => /attempt 5\)/.test(logText(a).slice(logStart)), 30_000);
      const lines = logText(a).slice(logStart).split('\n').filter(l => l.includes('Refresh failed (serviceError'));
      const delays = lines.map(l => Number(/next try in (\d+) s/.exec(l)?.[1]));
      assert.ok(delays.length >= 5 && delays.every(Number.isFinite), `log lines:\n${lines.join('\n')}`);
      for (let i = 1; i < delays.length; i++) assert.ok(delays[i] >= delays[i - 1], `delays shrink: ${delays}`);
      assert.ok(delays[delays.length - 1] > delays[0], `delays do not grow: ${delays}`);
      const fifth = delays[4];
      assert.ok(fifth >= 3, `fifth delay ${fifth} s`);
      // Nothing else goes out until the announced delay is (nearly) over.
      const afterFifth = fake.requests.length;
      const quietUntil = Date.now() + (fifth - 1) * 1000;
      await waitFor('the quiet window', () => Date.now() >= quietUntil, 10_000, 100);
      assert.equal(fake.requests.length, afterFifth, 'a request went out during the back-off');
      const elapsedS = (Date.now() - started) / 1000;
      const made = fake.requests.length - r0;
      assert.ok(made <= Math.ceil(elapsedS * 0.75), `${made} requests in ${elapsedS.toFixed(1)} s`);
      row.state = `${statusText(a)} [${a._test.controller.view.error?.kind}] delays ${delays.join(',')} s, ${made} req in ${elapsedS.toFixed(1)} s`;
      assert.match(statusText(a), STALE);
      row.notifications = a._test.notifier.shown.length - n0;
      assert.equal(row.notifications, 0);
      fake.clearFaults();
      await a.refresh();
      await waitForStatus(a, GOOD, 5000);
      row.recovered = true;
      row.requests = fake.requests.length - r0;
    } finally {
      fake.clearFaults();
      await setSetting('refreshIntervalSeconds', undefined);
      await waitFor('interval reset', () => a._test.controller.view.settings.refreshIntervalSeconds !== 1);
    }
  });

  describe('management key', () => {
    before(async () => {
      await useKey(a, fake.baseUrl, FAKE_KEYS.management);
      good = MANAGEMENT_GOOD;
      await waitForStatus(a, good.re);
    });
    after(() => { good = LIMITED_GOOD; });
    for (const c of MANAGEMENT_CASES) it(c.name, () => runCase(c));
  });
});
