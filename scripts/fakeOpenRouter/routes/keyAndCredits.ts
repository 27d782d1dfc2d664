// GET /key and GET /credits, and the bearer check every key route makes.

import { fail, managementOnly, type Answer } from '../answer';
import type { FakeKeyState } from '../data';
import { clone, isRecord, roundUsd } from '../util';

/** The state of the bearer token, or its 401 (missing header, unknown key). */
export function authenticate(keys: Map<string, FakeKeyState>, token: string | undefined): { state: FakeKeyState } | { answer: Answer } {
  if (token === undefined) return { answer: fail(401, 'Missing Authentication header') };
  const st = keys.get(token);
  if (!st) return { answer: fail(401, 'User not found.') };
  return { state: st };
}

/** GET /key: the key's own `data`. */
export function keyAnswer(st: FakeKeyState): Answer {
  return { status: 200, payload: { data: clone(st.key) } };
}

/** GET /credits: the key's credits; 403 unless they are numeric or 'zeros'. */
export function creditsAnswer(st: FakeKeyState): Answer {
  const c = st.credits;
  if (c === 'zeros') return { status: 200, payload: { data: { total_credits: 0, total_usage: 0 } } };
  if (isRecord(c)) return { status: 200, payload: { data: { total_credits: roundUsd(c.total_credits), total_usage: roundUsd(c.total_usage) } } };
  return managementOnly();
}
