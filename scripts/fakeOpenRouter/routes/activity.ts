// GET /activity (the account's last 30 completed UTC days) and
// GET /generation?id= (one generation).

import { fail, type Answer } from '../answer';
import { completedUtcDays } from '../activityData';
import type { FakeAccountState } from '../state';
import { clone } from '../util';

/** GET /activity: the last ACTIVITY_DAYS completed UTC days; `date` narrows to one of them (else 400). */
export function activityAnswer(account: FakeAccountState, query: URLSearchParams): Answer {
  let rows = account.activityRows();
  const date = query.get('date');
  if (date !== null) {
    if (!completedUtcDays(account.now()).includes(date)) {
      return fail(400, 'Date must be within the last 30 (completed) UTC days');
    }
    rows = rows.filter((r) => r.date === date);
  }
  return { status: 200, payload: { data: rows } };
}

/** GET /generation?id=: 400 without an id, 404 for an unknown one. */
export function generationAnswer(account: FakeAccountState, query: URLSearchParams): Answer {
  const id = query.get('id');
  if (!id) return fail(400, 'Invalid request parameters');
  const data = account.generations.get(id);
  if (!data) return fail(404, 'Generation not found');
  return { status: 200, payload: { data: clone(data) } };
}
