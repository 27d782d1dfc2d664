// The bench's organization at scale (the organizations issue's item 9):
// 1,000 keys over 10 workspaces, 20 members, a monthly budget on every
// workspace, and 30 days × 100 models of /activity. Its figures agree with
// each other the way OpenRouter's do: each key's lifetime usage ≥ this month
// ≥ this week ≥ today, and a few keys are disabled or fresh (no usage yet).
import { busyActivity, fakeListedKey, fakeMember, fakeWorkspace, type FakeOpenRouter } from '../../test/fixtures/fakeOpenRouter';

export const BIG_WORKSPACES = 10;
export const BIG_KEYS_PER_WORKSPACE = 100;
export const BIG_MEMBERS = 20;
export const BIG_MODELS = 100;

/** A deterministic fraction in [0, 1) for `i` and a salt: varied figures without randomness. */
const frac = (i: number, salt: number): number => ((i * 7919 + salt * 104729) % 1000) / 1000;

/** A member's id, as OpenRouter's user ids look. */
const memberId = (m: number): string => `user_2big${String(m).padStart(4, '0')}TeamMember`;

/** The i-th key of a workspace: its spend nested today ⊆ week ⊆ month ⊆ lifetime. */
function bigKey(ws: number, i: number): Record<string, unknown> {
  const n = ws * BIG_KEYS_PER_WORKSPACE + i;
  const fresh = i % 37 === 0;
  const daily = fresh ? 0 : Math.round(frac(n, 1) * 40) / 100;
  const weekly = fresh ? 0 : daily + Math.round(frac(n, 2) * 150) / 100;
  const monthly = fresh ? 0 : weekly + Math.round(frac(n, 3) * 400) / 100;
  const usage = fresh ? 0 : monthly + Math.round(frac(n, 4) * 2000) / 100;
  return fakeListedKey({
    name: `W${ws + 1} key ${String(i + 1).padStart(3, '0')}`,
    disabled: i % 41 === 40,
    usage, usage_daily: daily, usage_weekly: weekly, usage_monthly: monthly,
    creator_user_id: memberId(n % BIG_MEMBERS),
  });
}

/** Sets the organization up in the fake (its /credits stay the reference account's). */
export function setUpBigOrganization(fake: FakeOpenRouter): { keys: number } {
  const names = Array.from({ length: BIG_WORKSPACES }, (_, w) => (w === 0 ? 'Default' : `Team ${w + 1}`));
  fake.setWorkspaces(names.map(name => fakeWorkspace({ name })));
  fake.setMembers(Array.from({ length: BIG_MEMBERS }, (_, m) => fakeMember({ id: memberId(m), first_name: `Member${m + 1}`, last_name: 'Example', email: `member${m + 1}@example.com` })));
  let keys = 0;
  names.forEach((name, w) => {
    const list = Array.from({ length: BIG_KEYS_PER_WORKSPACE }, (_, i) => ({ item: bigKey(w, i) }));
    keys += list.length;
    const id = fakeWorkspace({ name }).id as string;
    fake.setWorkspaceKeys(id, list);
    fake.setWorkspaceBudgets(id, [{ reset_interval: 'monthly', limit_usd: 500 }]);
  });
  fake.setActivity((now: number) => busyActivity(now, BIG_MODELS));
  return { keys };
}
