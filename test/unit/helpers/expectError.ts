// The error a client call must end in: a CreditsError of the expected kind
// whose message names none of the fake's keys (nor any of `secrets`, e.g. key hashes).
import assert from 'node:assert/strict';
import { CreditsError, type CreditsErrorKind } from '../../../src/core/openrouter/errors';
import { FAKE_KEYS } from '../../fixtures/fakeOpenRouter';

export async function expectError(p: Promise<unknown>, kind: CreditsErrorKind, secrets: readonly string[] = []): Promise<CreditsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CreditsError, `expected CreditsError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind (message: ${e.message})`);
    for (const k of Object.values(FAKE_KEYS)) assert.ok(!e.message.includes(k), 'the message names a key');
    for (const s of secrets) assert.ok(!e.message.includes(s), 'the message names a secret');
    return e;
  }
  assert.fail(`expected CreditsError(${kind}), got success`);
}
