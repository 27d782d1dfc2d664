// The `npm start` demo's account, on the fake OpenRouter server: a management
// key of an organization with two workspaces (Default: four keys, one
// disabled; Platform: two keys, one owned by the workspace), a Platform budget
// near its mark, a guardrail on one key, three members, a month of activity,
// a slow drain. Its figures follow the date it runs on (demoPeriods).

import {
  FAKE_KEYS,
  defaultActivity,
  fakeKeyData,
  fakeListedKey,
  tiedListedKey,
  type FakeOpenRouter,
} from '../../test/fixtures/fakeOpenRouter';

/** The demo's normal keys that spend (their figures live in /key and in /keys). */
export const DEMO_KEYS = {
  laptop: 'sk-or-v1-fake-demo-laptop-0005',
  ci: 'sk-or-v1-fake-demo-ci-0006',
} as const;

/** The demo's second workspace. */
export const DEMO_PLATFORM_WORKSPACE = '6a0c3e52-9b1d-4f7e-8c2a-d4e5f6a7b8c9';
/** The demo organization's members (creator_user_id of their keys). */
export const DEMO_MEMBERS = { ada: 'user_demo_ada', grace: 'user_demo_grace', ops: 'user_demo_ops' } as const;

/** The account's spend per day in the demo (its /activity, and its keys' figures). */
const USD_PER_DAY = 0.85;
const DAY_MS = 86_400_000;

/**
 * Each spending key's share of the account's spend and what it spent before
 * the 30 days /activity covers (the disabled key spent before it was revoked).
 */
const SPENDERS = {
  laptop: { share: 0.27, before: 4.3 },
  ci: { share: 0.16, before: 3.5 },
  staging: { share: 0.04, before: 1.0 },
  batch: { share: 0.38, before: 4.3 },
  platform: { share: 0.15, before: 1.8 },
} as const;

/** One key's figures in /key and /keys (snake_case). */
type Figures = Record<'usage' | 'usage_daily' | 'usage_weekly' | 'usage_monthly', number>;

/**
 * The account's spend today so far, this week and this month (from Monday and
 * from the 1st, UTC), and over everything /activity covers: the completed
 * days from its rows, today at the demo's pace for the part of the day gone.
 * Every key's figures are its share of these, so that the keys add up to
 * what the chart shows on any date: early in a month "this month" is small,
 * and on a Thursday "this week" holds the month's first days.
 */
export function demoPeriods(now: number, rows: Record<string, unknown>[]): { today: number; week: number; month: number; all: number } {
  const d = new Date(now);
  const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekStart = dayStart - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const today = USD_PER_DAY * Math.max(0.1, (now - dayStart) / DAY_MS);
  const out = { today, week: today, month: today, all: today };
  for (const r of rows) {
    const at = Date.parse(`${String(r.date)}T00:00:00Z`);
    const usd = Number(r.usage);
    out.all += usd;
    if (at >= weekStart) out.week += usd;
    if (at >= monthStart) out.month += usd;
  }
  return out;
}

/** A key's figures: its share of the account's periods, to a hundredth of a cent. */
function figuresOf(p: ReturnType<typeof demoPeriods>, who: keyof typeof SPENDERS): Figures {
  const { share, before } = SPENDERS[who];
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return { usage_daily: r(share * p.today), usage_weekly: r(share * p.week), usage_monthly: r(share * p.month), usage: r(share * p.all + before) };
}

/**
 * A plausible demo organization on the management key, whose figures agree
 * with each other on whatever date it runs: $18.40 left; the management key
 * spends nothing itself; about $0.85 a day over 12 models and their
 * providers (/activity), shared by the keys. The Default workspace has four
 * keys (one disabled, revoked before this month); the Platform workspace two
 * (one owned by the workspace, with BYOK spend), its monthly budget set so
 * that it is at 88 %, and a weekly $5 guardrail on the Batch jobs key.
 * Slowly draining (default $0.0005/s, on the laptop key and the account).
 */
export function demoAccount(server: FakeOpenRouter, opts: { token?: string; usdPerSecond?: number } = {}): void {
  const token = opts.token ?? FAKE_KEYS.management;
  const now = server.now();
  const activity = defaultActivity(now, USD_PER_DAY);
  const p = demoPeriods(now, activity);
  const who = Object.keys(SPENDERS) as (keyof typeof SPENDERS)[];
  const figs = Object.fromEntries(who.map(k => [k, figuresOf(p, k)])) as Record<keyof typeof SPENDERS, Figures>;
  const disabledBefore = 0.5;
  const lifetime = who.reduce((a, k) => a + figs[k].usage, disabledBefore);
  const totalUsage = Math.round(lifetime * 1e4) / 1e4;
  server.setKeyState(token, {
    key: fakeKeyData({ label: 'Demo management key', is_management_key: true, organization_id: 'org_demo', creator_user_id: DEMO_MEMBERS.ada }),
    credits: { total_credits: Math.round((totalUsage + 18.4) * 1e4) / 1e4, total_usage: totalUsage },
  });
  server.setKeyState(DEMO_KEYS.laptop, {
    key: fakeKeyData({ label: 'Laptop', ...figs.laptop, creator_user_id: DEMO_MEMBERS.ada }),
    credits: 'forbidden',
  });
  const ci = figs.ci;
  server.setKeyState(DEMO_KEYS.ci, {
    key: fakeKeyData({ label: 'CI pipeline', limit: 25, limit_remaining: Math.round((25 - ci.usage_monthly) * 1e4) / 1e4, limit_reset: 'monthly', ...ci, creator_user_id: DEMO_MEMBERS.ada }),
    credits: 'forbidden',
  });
  demoOrganization(server);
  const staging = figs.staging;
  server.setAccountKeys([
    tiedListedKey(DEMO_KEYS.laptop, { name: 'Laptop', created_at: '2025-12-01T09:12:00.000Z' }),
    tiedListedKey(DEMO_KEYS.ci, { name: 'CI pipeline', created_at: '2026-02-14T15:30:00.000Z' }),
    {
      item: fakeListedKey({
        name: 'Staging', limit: 5, limit_remaining: Math.round((5 - staging.usage_weekly) * 1e4) / 1e4, limit_reset: 'weekly', ...staging,
        creator_user_id: DEMO_MEMBERS.grace, created_at: '2026-05-20T08:00:00.000Z',
      }),
    },
    {
      item: fakeListedKey({
        name: 'Hackathon (revoked)', disabled: true, usage: disabledBefore,
        creator_user_id: DEMO_MEMBERS.grace, created_at: '2025-10-30T18:05:00.000Z', updated_at: '2025-11-03T10:41:00.000Z',
      }),
    },
  ]);
  demoPlatform(server, figs.batch, figs.platform);
  // /activity covers every workspace: the keys' shares add up to its days.
  server.setActivity(activity);
  server.drain({ token: DEMO_KEYS.laptop, account: token, usdPerSecond: opts.usdPerSecond ?? 0.0005 });
}

/** The organization: two workspaces and three members (the keys follow). */
function demoOrganization(server: FakeOpenRouter): void {
  server.setWorkspaces([{ name: 'Default' }, { id: DEMO_PLATFORM_WORKSPACE, name: 'Platform', description: 'Shared services' }]);
  server.setMembers([
    { id: DEMO_MEMBERS.ada, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', role: 'org:admin' },
    { id: DEMO_MEMBERS.grace, first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com' },
    { id: DEMO_MEMBERS.ops, first_name: null, last_name: null, email: 'ops@example.com' },
  ]);
}

/** The Platform workspace: two keys, its monthly budget at 88 %, a guardrail on the batch key. */
function demoPlatform(server: FakeOpenRouter, batch: Figures, platform: Figures): void {
  const byok = (x: number) => Math.round(x * 0.15 * 1e4) / 1e4;
  server.setWorkspaceKeys(DEMO_PLATFORM_WORKSPACE, [
    { item: fakeListedKey({ name: 'Batch jobs', ...batch, creator_user_id: DEMO_MEMBERS.grace, created_at: '2026-03-09T10:00:00.000Z' }) },
    {
      item: fakeListedKey({
        name: 'Platform service', ...platform,
        byok_usage: byok(platform.usage), byok_usage_daily: byok(platform.usage_daily), byok_usage_weekly: byok(platform.usage_weekly), byok_usage_monthly: byok(platform.usage_monthly),
        creator_user_id: null, created_at: '2026-04-01T12:00:00.000Z',
      }),
    },
  ]);
  // Near its mark on any date: the limit follows the month's spend so far.
  const month = batch.usage_monthly + platform.usage_monthly;
  server.setWorkspaceBudgets(DEMO_PLATFORM_WORKSPACE, [{ reset_interval: 'monthly', limit_usd: Math.round((month / 0.88) * 100) / 100 }]);
  server.setGuardrails([{ name: 'Batch weekly cap', workspace_id: DEMO_PLATFORM_WORKSPACE, limit_usd: 5, reset_interval: 'weekly' }]);
  server.setGuardrailAssignments([{ guardrail_id: server.guardrails[0].id, key_name: 'Batch jobs' }]);
}
