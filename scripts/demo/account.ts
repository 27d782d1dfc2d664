// The `npm start` demo's account, on the fake OpenRouter server: a management
// key of an organization with two workspaces (Default: four keys, one
// disabled; Platform: two keys, one owned by the workspace), a Platform budget
// near its mark, a guardrail on one key, three members, a month of activity,
// a slow drain.

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

/**
 * A plausible demo organization on the management key: about $18.40 left of
 * $59.30 credits; the management key spends nothing itself. Its Default
 * workspace's four keys (one disabled) spent ~$0.90 today, ~$4.35 this week,
 * ~$12.80 this month, $21.60 in all; its Platform workspace's two keys $1.05
 * today, $5.00 this week, $13.20 this month ($19.30 in all), 88 % of the
 * workspace's monthly $15 budget; a weekly $5 guardrail on the Batch jobs key
 * ($3.90 spent). A month of activity over 12 models and their providers;
 * slowly draining (default $0.0005/s, on the laptop key and the account).
 */
export function demoAccount(server: FakeOpenRouter, opts: { token?: string; usdPerSecond?: number } = {}): void {
  const token = opts.token ?? FAKE_KEYS.management;
  server.setKeyState(token, {
    key: fakeKeyData({ label: 'Demo management key', is_management_key: true, organization_id: 'org_demo', creator_user_id: DEMO_MEMBERS.ada }),
    credits: { total_credits: 59.3, total_usage: 40.9 },
  });
  server.setKeyState(DEMO_KEYS.laptop, {
    key: fakeKeyData({ label: 'Laptop', usage: 11.2, usage_daily: 0.52, usage_weekly: 2.4, usage_monthly: 6.9, creator_user_id: DEMO_MEMBERS.ada }),
    credits: 'forbidden',
  });
  server.setKeyState(DEMO_KEYS.ci, {
    key: fakeKeyData({
      label: 'CI pipeline',
      limit: 25,
      limit_remaining: 20.9,
      limit_reset: 'monthly',
      usage: 7.6,
      usage_daily: 0.31,
      usage_weekly: 1.45,
      usage_monthly: 4.1,
      creator_user_id: DEMO_MEMBERS.ada,
    }),
    credits: 'forbidden',
  });
  demoOrganization(server);
  server.setAccountKeys([
    tiedListedKey(DEMO_KEYS.laptop, { name: 'Laptop', created_at: '2025-12-01T09:12:00.000Z' }),
    tiedListedKey(DEMO_KEYS.ci, { name: 'CI pipeline', created_at: '2026-02-14T15:30:00.000Z' }),
    {
      item: fakeListedKey({
        name: 'Staging',
        limit: 5,
        limit_remaining: 4.5,
        limit_reset: 'weekly',
        usage: 2.3,
        usage_daily: 0.07,
        usage_weekly: 0.5,
        usage_monthly: 1.3,
        creator_user_id: DEMO_MEMBERS.grace,
        created_at: '2026-05-20T08:00:00.000Z',
      }),
    },
    {
      item: fakeListedKey({
        name: 'Hackathon (revoked)',
        disabled: true,
        usage: 0.5,
        usage_monthly: 0.5,
        creator_user_id: DEMO_MEMBERS.grace,
        created_at: '2026-10-30T18:05:00.000Z',
        updated_at: '2026-11-03T10:41:00.000Z',
      }),
    },
  ]);
  demoPlatform(server);
  // /activity covers every workspace: (12.80 + 13.20) a month, ~0.85 a day.
  server.setActivity((now) => defaultActivity(now, 0.85));
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
function demoPlatform(server: FakeOpenRouter): void {
  server.setWorkspaceKeys(DEMO_PLATFORM_WORKSPACE, [
    {
      item: fakeListedKey({
        name: 'Batch jobs',
        usage: 14.1,
        usage_daily: 0.8,
        usage_weekly: 3.9,
        usage_monthly: 9.8,
        creator_user_id: DEMO_MEMBERS.grace,
        created_at: '2026-03-09T10:00:00.000Z',
      }),
    },
    {
      item: fakeListedKey({
        name: 'Platform service',
        usage: 5.2,
        usage_daily: 0.25,
        usage_weekly: 1.1,
        usage_monthly: 3.4,
        byok_usage: 2,
        byok_usage_daily: 0.1,
        byok_usage_weekly: 0.3,
        byok_usage_monthly: 0.6,
        creator_user_id: null,
        created_at: '2026-04-01T12:00:00.000Z',
      }),
    },
  ]);
  server.setWorkspaceBudgets(DEMO_PLATFORM_WORKSPACE, [{ reset_interval: 'monthly', limit_usd: 15 }]);
  server.setGuardrails([{ name: 'Batch weekly cap', workspace_id: DEMO_PLATFORM_WORKSPACE, limit_usd: 5, reset_interval: 'weekly' }]);
  server.setGuardrailAssignments([{ guardrail_id: server.guardrails[0].id, key_name: 'Batch jobs' }]);
}
