// The `npm start` demo's account, on the fake OpenRouter server: a management
// key over four keys (one disabled), a month of activity, a slow drain.

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

/**
 * A plausible demo account on the management key: about $18.40 left of $40
 * credits; the management key spends nothing itself, its four keys (one
 * disabled) spent ~$0.90 today, ~$4.35 this week, ~$12.80 this month; a month
 * of activity over 12 models and their providers; slowly draining (default
 * $0.0005/s, on the laptop key and the account).
 */
export function demoAccount(server: FakeOpenRouter, opts: { token?: string; usdPerSecond?: number } = {}): void {
  const token = opts.token ?? FAKE_KEYS.management;
  server.setKeyState(token, {
    key: fakeKeyData({ label: 'Demo management key', is_management_key: true }),
    credits: { total_credits: 40, total_usage: 21.6 },
  });
  server.setKeyState(DEMO_KEYS.laptop, {
    key: fakeKeyData({ label: 'Laptop', usage: 11.2, usage_daily: 0.52, usage_weekly: 2.4, usage_monthly: 6.9 }),
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
    }),
    credits: 'forbidden',
  });
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
        created_at: '2026-05-20T08:00:00.000Z',
      }),
    },
    {
      item: fakeListedKey({
        name: 'Hackathon (revoked)',
        disabled: true,
        usage: 0.5,
        usage_monthly: 0.5,
        created_at: '2026-10-30T18:05:00.000Z',
        updated_at: '2026-11-03T10:41:00.000Z',
      }),
    },
  ]);
  server.setActivity((now) => defaultActivity(now, 0.42));
  server.drain({ token: DEMO_KEYS.laptop, account: token, usdPerSecond: opts.usdPerSecond ?? 0.0005 });
}
