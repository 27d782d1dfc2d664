// Every file the extension reads back (the shared state, the history, the
// list of accounts, the focus, the lease, the salt, the start-up cache) is
// checked by shape: what fails is dropped, never a crash and never a wrong
// figure. The fuzz feeds each reader random and truncated JSON, and mutations
// of a valid file (wrong types, nulls in lists, missing fields), from a seeded
// PRNG of its own: a failure names its seed and replays.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EN, l10nEN } from './helpers/view';
import { keyInfo } from './helpers/keyInfo';
import { checkAccountList, parseAccountList, serializeAccountList, type Account } from '../../src/core/accounts/accounts';
import { buildSnapshot } from '../../src/core/money/model';
import { checkHistoryFile, historyFileText, historyOf, mergePoints } from '../../src/core/money/samples';
import { checkSharedState, focusFileBad, isSalt, leaseFileBad } from '../../src/core/refresh/fileShapes';
import { liveFocus, parseLease } from '../../src/core/refresh/lease';
import { readSharedState, type SharedState } from '../../src/core/refresh/sharedState';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { isAccountBreakdown, isCreditSnapshot, isObject } from '../../src/core/shapes';
import type { AccountKey, HistoryPoint } from '../../src/core/types';
import { detailsContent } from '../../src/core/view/details';
import { statusPresentation } from '../../src/core/view/presentation';
import { buildView } from '../../src/core/view/view';
import { setAside, MAX_SET_ASIDE } from '../../src/vscode/sync/setAside';

const T = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;

/** mulberry32: a seeded PRNG, so that every run feeds the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD: readonly unknown[] = [null, true, false, 0, -1, -0.5, 1e308, -1e308, 3.5, '', 'x', '2026-13-45', '0123456789abcdef', [], {}, [null], { a: 1 }, [1, 'a']];

/** One of ODD, a copy (the mutations change what they insert). */
const odd = (r: () => number): unknown => structuredClone(ODD[Math.floor(r() * ODD.length)]);

/** A random JSON value of the given depth. */
function randomJson(r: () => number, depth = 3): unknown {
  const pick = r();
  if (depth <= 0 || pick < 0.5) return odd(r);
  if (pick < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth - 1));
  const o: Record<string, unknown> = {};
  for (const k of ['v', 'keyGen', 'updatedAt', 'snapshot', 'key', 'keyId', 'points', 'accounts', 't', 'keyUsage', 'owner', 'until'].filter(() => r() < 0.3)) o[k] = randomJson(r, depth - 1);
  return o;
}

/** Every (container, key) in a JSON tree. */
function slots(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([v, i]); slots(x, out); });
  else if (isObject(v)) for (const k of Object.keys(v)) { out.push([v, k]); slots(v[k], out); }
  return out;
}

/** One to three mutations of a valid document: a value of the wrong type, a field or element removed, a null in a list. */
function mutate(doc: unknown, r: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const all = slots(copy);
    if (!all.length) break;
    const [parent, key] = all[Math.floor(r() * all.length)];
    const op = r();
    if (op < 0.45) (parent as Record<string, unknown>)[key] = odd(r);
    else if (op < 0.7) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (Array.isArray(parent)) parent.splice(key as number, 0, null);
    else (parent as Record<string, unknown>)[key] = randomJson(r, 2);
  }
  return copy;
}

/** A random input for a reader: a mutation of a valid file, its text cut short, or random JSON. */
function inputs(valid: unknown, seed: number, count: number): { seed: number; text: string }[] {
  const out: { seed: number; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const s = seed + i;
    const r = prng(s);
    const kind = r();
    const good = JSON.stringify(valid);
    let text: string;
    if (kind < 0.6) text = JSON.stringify(mutate(valid, r));
    else if (kind < 0.8) text = good.slice(0, Math.floor(r() * good.length));
    else text = JSON.stringify(randomJson(r)) ?? '';
    out.push({ seed: s, text });
  }
  return out;
}

const KEY_A: AccountKey = { id: '0123456789abcdef', name: 'a', label: 'sk-or-v1-a...', disabled: false, limit: null, limitRemaining: null, limitReset: null, usage: 40, usageDaily: 1, usageWeekly: 5, usageMonthly: 20, createdAt: null };
const KEY_B: AccountKey = { ...KEY_A, id: 'fedcba9876543210', name: 'b', byokUsage: 2, workspaceId: 'w1', creatorUserId: 'u1', limit: 600, limitRemaining: 100, limitReset: 'monthly', usage: 500, usageMonthly: 500 };
const SNAPSHOT = { ...buildSnapshot(keyInfo({ isManagementKey: true, label: 'mgmt', organizationId: 'org1', creatorUserId: 'u1' }), { totalCredits: 1000, totalUsage: 540 }, 'known', T), keyAt: T - 60_000 };
const VALID_STATE: SharedState = {
  v: 1, keyGen: 2, updatedAt: T, keyId: '00112233445566aa', writer: 'w1', attemptAt: T,
  snapshot: SNAPSHOT,
  error: { kind: 'network', message: 'm', status: 503, at: T },
  thresholds: { v: 1, kinds: { lowCredit: { armed: false, threshold: 5, lastValue: 4, lastFiredAt: T - DAY } } },
  budgets: { month: { period: '2026-11', budget: 100, fired: 1 } },
  reportDay: '2026-11-19', thresholdsAsOf: T,
  pendingAlerts: [{ alert: { kind: 'spendSpike', value: 3, threshold: 2 }, at: T }],
  creditsForbidden: { fingerprint: '00112233445566aa', at: T - DAY },
  retry: { at: T + 60_000, failures: 2 },
  breakdown: {
    keys: [KEY_A, KEY_B], keysAt: T,
    byModel: [{ model: 'm/a', other: false, modelCount: 1, spend: 9, share: 0.9, requests: 3, tokens: 300 }, { model: '', other: true, modelCount: 2, spend: 1, share: 0.1, requests: 1, tokens: 10 }],
    daily: [{ day: '2026-11-18', total: 4, byModel: [{ model: 'm/a', spend: 4 }] }, { day: '2026-11-19', total: 6, byModel: [{ model: 'm/a', spend: 5 }, { model: 'm/b', spend: 1 }] }],
    activityAt: T, activityDay: '2026-11-20', activityHasYesterday: true,
    org: {
      workspaces: [{ id: 'w1', name: 'Default', slug: 'default', includeByokInBudgets: false, defaultGuardrailId: 'g1' }],
      budgets: [{ workspaceId: 'w1', interval: 'monthly', limitUsd: 300 }],
      guardrails: [{ id: 'g1', name: 'cap', limitUsd: 50, interval: 'daily', includeByok: false, workspaceId: 'w1' }],
      assignments: [{ guardrailId: 'g1', keyId: KEY_A.id }],
      structureAt: T, members: [{ id: 'u1', name: 'Ada' }], membersAt: T,
    },
  },
};
const POINTS: HistoryPoint[] = Array.from({ length: 12 }, (_, i) => ({ t: T - (11 - i) * 3_600_000, keyUsage: i, spendable: 470 - i, totalCredits: 1000, totalUsage: 530 + i }));

/** Builds the view (and the status bar and the page from it) as a window does at start-up. */
function render(s: Pick<SharedState, 'snapshot' | 'error' | 'breakdown'>, points: readonly HistoryPoint[]): void {
  const v = buildView({ snapshot: s.snapshot, error: s.error, breakdown: s.breakdown, points, settings: DEFAULT_SETTINGS, keySource: 'secret', focused: true, isPoller: true, now: T + 60_000 }, l10nEN);
  statusPresentation(v, l10nEN, EN);
  detailsContent(v, EN);
}

function noThrow<T>(what: string, seed: number, text: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${what} threw on seed ${seed} (${(e as Error).message}): ${text.slice(0, 300)}`);
  }
}

describe('files read back are checked by shape', () => {
  describe('the shared state (issue 21, item 9)', () => {
    it('a snapshot without its key is dropped, named, and the window starts', () => {
      const { state, problems } = readSharedState('{"v":1,"updatedAt":1,"keyGen":0,"snapshot":{"fetchedAt":1}}');
      assert.deepEqual(problems, ['snapshot']);
      assert.equal(state?.snapshot, undefined);
      assert.equal(state?.keyGen, 0);
      render(state!, []);
    });

    it('a breakdown with a null key is dropped whole: no sum over the keys that are left', () => {
      const text = JSON.stringify({ ...VALID_STATE, breakdown: { ...VALID_STATE.breakdown, keys: [KEY_A, null, KEY_B] } });
      const { state, problems } = readSharedState(text);
      assert.deepEqual(problems, ['breakdown']);
      assert.equal(state?.breakdown, undefined);
      assert.deepEqual(state?.snapshot, SNAPSHOT, 'the rest is kept');
      render(state!, []);
    });

    it('a valid state reads back as it was written, and fields a newer version added are kept', () => {
      const { state, problems } = readSharedState(JSON.stringify({ ...VALID_STATE, fromTheFuture: { x: 1 } }));
      assert.deepEqual(problems, []);
      assert.deepEqual(JSON.parse(JSON.stringify(state)), { ...JSON.parse(JSON.stringify(VALID_STATE)), fromTheFuture: { x: 1 } });
    });

    it('thresholds of the wrong shape keep their valid kinds (snoozes are not lost), and are named', () => {
      const thresholds = { kinds: { lowCredit: { armed: false, snoozedUntil: T + DAY }, usagePercent: 'x' } };
      const { state, problems } = readSharedState(JSON.stringify({ ...VALID_STATE, thresholds }));
      assert.deepEqual(problems, ['thresholds']);
      assert.deepEqual(state?.thresholds, { v: 1, kinds: { lowCredit: { armed: false, snoozedUntil: T + DAY } } });
    });

    it('not a state at all: no state, named', () => {
      for (const text of ['', '{torn', 'null', '[]', '{"v":2,"updatedAt":1,"keyGen":0}', '{"v":1,"updatedAt":"1","keyGen":0}']) {
        const r = readSharedState(text);
        assert.equal(r.state, undefined, text);
        assert.ok(r.problems.length > 0, text);
      }
    });

    it('fuzz: never throws; what it returns passes the check; the view, the status bar and the page build on it', () => {
      let kept = 0;
      for (const { seed, text } of inputs(VALID_STATE, 1, 1500)) {
        const { state } = noThrow('readSharedState', seed, text, () => readSharedState(text));
        if (!state) continue;
        kept++;
        const again = checkSharedState(JSON.parse(JSON.stringify(state)));
        assert.deepEqual(again.problems, [], `seed ${seed}: the result fails its own check: ${text.slice(0, 300)}`);
        assert.ok(state.snapshot === undefined || isCreditSnapshot(state.snapshot));
        assert.ok(state.breakdown === undefined || isAccountBreakdown(state.breakdown));
        noThrow('buildView', seed, text, () => render(state, POINTS));
      }
      assert.ok(kept > 300, `the fuzz reached the view ${kept} times`);
    });

    it('fuzz: the start-up cache (a value in globalState, not text) is checked the same way', () => {
      for (const { seed, text } of inputs({ ...VALID_STATE, accountId: '0123456789abcdef' }, 50_000, 500)) {
        let raw: unknown;
        try { raw = JSON.parse(text); } catch { continue; }
        const { state, problems } = noThrow('checkSharedState', seed, text, () => checkSharedState(raw));
        if (state && !problems.length) noThrow('buildView', seed, text, () => render(state, []));
      }
    });
  });

  describe('the history', () => {
    const file = historyFileText(undefined, '00112233445566aa', POINTS);

    it('a point of the wrong shape makes the file bad; the rebuilt file keeps the valid points', () => {
      const raw = JSON.parse(file) as { keyId: string; points: unknown[] };
      raw.points.splice(3, 0, null, { t: T, keyUsage: -5 }, { t: 'x', keyUsage: 1 });
      const { bad, rebuilt } = checkHistoryFile(JSON.stringify(raw));
      assert.equal(bad, true);
      assert.deepEqual(JSON.parse(rebuilt!), JSON.parse(file));
      assert.deepEqual(checkHistoryFile(file), { bad: false, rebuilt: file });
      assert.equal(checkHistoryFile(undefined).bad, false, 'no file is not a bad file');
    });

    it('fuzz: never throws; the points it keeps are valid; the view builds on them', () => {
      for (const { seed, text } of inputs(JSON.parse(file), 100_000, 1000)) {
        const { rebuilt } = noThrow('checkHistoryFile', seed, text, () => checkHistoryFile(text));
        if (rebuilt !== undefined) assert.equal(checkHistoryFile(rebuilt).bad, false, `seed ${seed}: the rebuilt file is bad`);
        const points = noThrow('historyOf', seed, text, () => mergePoints(historyOf(text, '00112233445566aa'), []));
        for (const p of points) assert.ok(Number.isFinite(p.t) && p.keyUsage >= 0, `seed ${seed}: ${JSON.stringify(p)}`);
        noThrow('buildView', seed, text, () => render({ snapshot: SNAPSHOT, breakdown: VALID_STATE.breakdown }, points));
      }
    });
  });

  describe('the list of accounts', () => {
    const accounts: Account[] = [
      { id: '0123456789abcdef', name: 'Work', kind: 'management', keyId: '00112233445566aa' },
      { id: 'fedcba9876543210', name: 'Home', kind: 'unlimited' },
    ];
    const file = serializeAccountList({ accounts, activeId: accounts[1].id });

    it('a valid list is not bad; a dropped account or active id makes it bad', () => {
      assert.equal(checkAccountList(file).bad, false);
      assert.equal(checkAccountList(undefined).bad, false);
      const raw = JSON.parse(file) as { accounts: unknown[]; activeId: string };
      assert.equal(checkAccountList(JSON.stringify({ ...raw, accounts: [...raw.accounts, null] })).bad, true);
      assert.equal(checkAccountList(JSON.stringify({ ...raw, activeId: 'gone' })).bad, true);
      assert.equal(checkAccountList(JSON.stringify({ ...raw, accounts: [{ ...accounts[0], kind: 'root' }, accounts[1]] })).bad, true);
    });

    it('fuzz: never throws; every account it returns is well formed, the active id names one', () => {
      for (const { seed, text } of inputs(JSON.parse(file), 200_000, 1000)) {
        const { state } = noThrow('checkAccountList', seed, text, () => checkAccountList(text));
        assert.deepEqual(parseAccountList(text), state);
        for (const a of state.accounts) {
          assert.match(a.id, /^[0-9a-f]{16}$/, `seed ${seed}`);
          assert.ok(typeof a.name === 'string' && a.name.length > 0, `seed ${seed}`);
          assert.ok(['management', 'limited', 'unlimited', 'unknown'].includes(a.kind), `seed ${seed}`);
          assert.ok(a.keyId === undefined || /^[0-9a-f]{16}$/.test(a.keyId), `seed ${seed}`);
        }
        assert.ok(state.activeId === undefined || state.accounts.some(a => a.id === state.activeId), `seed ${seed}`);
        if (checkAccountList(text).bad) continue;
        assert.equal(checkAccountList(serializeAccountList(state)).bad, false, `seed ${seed}`);
      }
    });
  });

  describe('the focus, the lease and the salt', () => {
    it('fuzz: never throw; a file they accept reads as well-formed records', () => {
      const focus = { w1: { focused: true, at: T }, w2: { focused: false, at: T - 1000 } };
      for (const { seed, text } of inputs(focus, 300_000, 800)) {
        const bad = noThrow('focusFileBad', seed, text, () => focusFileBad(text));
        let raw: unknown;
        try { raw = JSON.parse(text); } catch { assert.ok(bad, `seed ${seed}`); continue; }
        const live = liveFocus(raw, T, Infinity);
        if (!bad) assert.equal(Object.keys(live).length, Object.keys(raw as object).length, `seed ${seed}: a record was dropped from a good file`);
      }
      for (const { seed, text } of inputs({ owner: 'w1', until: T }, 400_000, 500)) {
        const bad = noThrow('leaseFileBad', seed, text, () => leaseFileBad(text));
        const lease = parseLease(text);
        assert.equal(bad, lease === undefined, `seed ${seed}`);
        if (lease) assert.ok(typeof lease.owner === 'string' && Number.isFinite(lease.until), `seed ${seed}`);
      }
      assert.equal(isSalt('00112233445566778899aabbccddeeff'), true);
      for (const s of ['', 'null', '{}', '0011', '00112233445566778899aabbccddeefg', `${'0'.repeat(32)}x`]) assert.equal(isSalt(s), false, s);
    });
  });
});

describe('setAside', () => {
  let dir: string;
  let file: string;
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m) };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-aside-'));
    file = path.join(dir, 'state.json');
    warnings.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renames a bad file to <file>.bad-<time>, writes what was valid in its place, logs once, keeps the newest copies', () => {
    for (let i = 0; i < MAX_SET_ASIDE + 2; i++) {
      fs.writeFileSync(file, `bad ${i}`);
      const aside = setAside(file, `bad ${i}`, { rebuilt: 'good', problem: 'snapshot', log });
      assert.match(path.basename(aside!), /^state\.json\.bad-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
      assert.equal(fs.readFileSync(aside!, 'utf8'), `bad ${i}`);
      assert.equal(fs.readFileSync(file, 'utf8'), 'good');
    }
    const copies = fs.readdirSync(dir).filter(n => n.startsWith('state.json.bad-'));
    assert.ok(copies.length <= MAX_SET_ASIDE, `${copies.length} copies kept`);
    assert.ok(copies.map(n => fs.readFileSync(path.join(dir, n), 'utf8')).includes(`bad ${MAX_SET_ASIDE + 1}`), 'the newest is kept');
    assert.equal(warnings.length, 1, 'logged once');
    assert.match(warnings[0], /state\.json had the wrong shape \(snapshot\)/);
  });

  it('leaves a file another window rewrote since it was read, and removes one with nothing to keep', () => {
    fs.writeFileSync(file, 'rewritten');
    assert.equal(setAside(file, 'bad', { problem: 'x', log }), undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), 'rewritten');
    fs.writeFileSync(file, 'bad');
    assert.ok(setAside(file, 'bad', { problem: 'x', log }));
    assert.equal(fs.existsSync(file), false, 'rebuilt by the next write');
    assert.deepEqual(fs.readdirSync(dir).filter(n => n.endsWith('.lock')), [], 'no lock left');
  });
});
