import * as assert from 'node:assert/strict';
import { adoptions, dueAccounts, keyFactsOf, pollVerdict, SIBLING_OWN_POLL_MS, type FleetSlot } from '../../src/core/accounts/fleet';
import { CreditsError } from '../../src/core/openrouter/errors';
import { buildSnapshot } from '../../src/core/money/model';
import type { SharedState } from '../../src/core/refresh/sharedState';
import type { AccountKey } from '../../src/core/types';
import { keyInfo } from './helpers/keyInfo';

const NOW = 1_700_000_000_000;
const A = 'a'.repeat(16);
const B = 'b'.repeat(16);
const C = 'c'.repeat(16);
const slot = (id: string, o: Partial<FleetSlot> = {}): FleetSlot => ({ id, hasKey: true, failures: 0, errored: false, ...o });

describe('the fleet: which accounts one tick asks', () => {
  it('asks every account with a key whose back-off is over, in slot order', () => {
    const slots = [slot(A), slot(B, { nextAt: NOW + 1 }), slot(C, { nextAt: NOW })];
    assert.deepEqual(dueAccounts(slots, undefined, new Map(), NOW), [A, C]);
  });

  it('asks the shown account even without a key read yet (its fetch reads the key again), not the others', () => {
    const slots = [slot(A, { hasKey: false }), slot(B, { hasKey: false })];
    assert.deepEqual(dueAccounts(slots, B, new Map(), NOW), [B]);
  });

  it('a sibling of a healthy primary asks itself only once every SIBLING_OWN_POLL_MS', () => {
    const siblings = new Map([[B, A]]);
    assert.deepEqual(dueAccounts([slot(A), slot(B, { ownPollAt: NOW - 1000 })], undefined, siblings, NOW), [A]);
    assert.deepEqual(dueAccounts([slot(A), slot(B, { ownPollAt: NOW - SIBLING_OWN_POLL_MS })], undefined, siblings, NOW), [A, B]);
    assert.deepEqual(dueAccounts([slot(A), slot(B)], undefined, siblings, NOW), [A, B], 'never asked itself: asks now');
  });

  it('a sibling asks itself while its primary fails or has an error', () => {
    const siblings = new Map([[B, A]]);
    const recent = { ownPollAt: NOW - 1000 };
    assert.deepEqual(dueAccounts([slot(A, { failures: 1, nextAt: NOW + 5000 }), slot(B, recent)], undefined, siblings, NOW), [B]);
    assert.deepEqual(dueAccounts([slot(A, { errored: true }), slot(B, recent)], undefined, siblings, NOW), [A, B]);
  });

  it('a sibling not asked takes its primary\'s figures when the primary succeeded', () => {
    const siblings = new Map([[B, A], [C, A]]);
    assert.deepEqual(adoptions(siblings, [A, C], [A, C]), [[B, A]]);
    assert.deepEqual(adoptions(siblings, [A], []), [], 'the primary failed: nothing to take');
  });
});

describe('the fleet: what a tick\'s results do', () => {
  const noFailures = () => 0;
  it('nothing asked: nothing to do', () => {
    assert.deepEqual(pollVerdict([], noFailures, 60_000, NOW), { kind: 'none' });
  });

  it('every account failed: none backs off alone; the error asking the longest wait goes to the poller', () => {
    const slow = new CreditsError('rateLimited', undefined, { retryAfterMs: 30_000 });
    const v = pollVerdict([
      { id: A, ok: false, error: new CreditsError('network') },
      { id: B, ok: false, error: slow },
      { id: C, ok: false, error: new CreditsError('rateLimited', undefined, { retryAfterMs: 30_000 }) },
    ], noFailures, 60_000, NOW);
    assert.equal(v.kind, 'allFailed');
    assert.ok(v.kind === 'allFailed' && v.error === slow, 'the first of the longest waits');
    assert.deepEqual(v.kind === 'allFailed' && v.reset, [A, B, C]);
  });

  it('some failed: those wait on their own (doubling, honouring Retry-After), the others start afresh', () => {
    const failures = new Map([[B, 2]]);
    const v = pollVerdict([
      { id: A, ok: true },
      { id: B, ok: false, error: new CreditsError('serviceError') },
      { id: C, ok: false, error: new CreditsError('rateLimited', undefined, { retryAfterMs: 600_000 }) },
    ], id => failures.get(id) ?? 0, 60_000, NOW);
    assert.deepEqual(v, {
      kind: 'settled',
      reset: [A],
      backoff: [
        { id: B, failures: 3, nextAt: NOW + 240_000, waitMs: 240_000, errorKind: 'serviceError' },
        { id: C, failures: 1, nextAt: NOW + 600_000, waitMs: 600_000, errorKind: 'rateLimited' },
      ],
    });
  });

  it('a noKey failure has nothing to back off from', () => {
    const v = pollVerdict([{ id: A, ok: true }, { id: B, ok: false, error: new CreditsError('noKey') }], noFailures, 60_000, NOW);
    assert.deepEqual(v, { kind: 'settled', reset: [A], backoff: [] });
  });
});

describe('the fleet: an account\'s key facts', () => {
  const key = (id: string, label: string): AccountKey => ({ id, name: '', label, disabled: false, limit: null, limitRemaining: null, limitReset: null } as unknown as AccountKey);
  const state = (o: Partial<SharedState>): SharedState => ({ v: 1, keyGen: 1, updatedAt: NOW, ...o });
  const snap = buildSnapshot(keyInfo({ isManagementKey: true, label: 'sk-or-v1-m…1' }), undefined, 'unavailable', NOW);

  it('are the shared state\'s, only while it is the key\'s', () => {
    const s = state({ keyId: 'k1', snapshot: snap, breakdown: { keys: [key('x', 'sk-or-v1-a…1'), key('y', '')] } });
    assert.deepEqual(keyFactsOf(A, s, 'k1'), { id: A, kind: 'management', keyIds: ['x', 'y'], label: 'sk-or-v1-m…1', keyLabels: ['sk-or-v1-a…1'] });
    assert.equal(keyFactsOf(A, s, 'k2'), undefined, 'another key\'s state');
    assert.equal(keyFactsOf(A, state({ keyId: 'k1' }), 'k1'), undefined, 'no snapshot yet');
    assert.equal(keyFactsOf(A, undefined, 'k1'), undefined);
  });
});
