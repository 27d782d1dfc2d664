// Finding a key's hash in whichever workspace holds it (issue 20, item 6),
// against the fake OpenRouter on 127.0.0.1: GET /keys without workspace_id
// lists the Default workspace only, so a key of another workspace is found
// by asking each workspace.

import assert from 'node:assert/strict';
import { expectError } from './helpers/expectError';
import { useFakeServer } from './helpers/fakeServer';

import { OpenRouterClient } from '../../src/core/openrouter/client';
import { findKeyHash } from '../../src/core/openrouter/keyLookup';
import { FAKE_KEYS, KEYS_PATH, WORKSPACES_PATH, fakeListedKey, type FakeOpenRouter } from '../fixtures/fakeOpenRouter';

const PLATFORM = 'b7c1f0de-2a4e-4c8b-9f3a-5d6e7f809a1b';

describe('core/openrouter/keyLookup: a key\'s hash across workspaces', () => {
  let server: FakeOpenRouter;
  const client = (): OpenRouterClient => new OpenRouterClient({ baseUrl: server.baseUrl, timeoutMs: 2000 });
  const m = FAKE_KEYS.management;
  const fake = useFakeServer({ now: () => Date.UTC(2026, 10, 26, 9) });
  before(() => { server = fake.server; });

  function twoWorkspaces(): void {
    server.setWorkspaces([{ name: 'Default' }, { id: PLATFORM, name: 'Platform' }]);
    server.setWorkspaceKeys(PLATFORM, [{ item: fakeListedKey({ name: 'Batch jobs', usage_monthly: 20 }) }]);
  }

  it('a Default workspace key: one request, no workspace listing', async () => {
    twoWorkspaces();
    const [first] = await client().listKeys(m);
    server.requests.length = 0;
    const found = await findKeyHash(client(), m, first.id);
    assert.equal(found.key.id, first.id);
    assert.equal(found.hash, server.listedKeys().find(k => k.name === first.name)?.hash);
    assert.equal(server.requestsTo(KEYS_PATH).length, 1);
    assert.equal(server.requestsTo(WORKSPACES_PATH).length, 0);
  });

  it('a key of another workspace is found there; a key no workspace holds is notFound', async () => {
    twoWorkspaces();
    const [batch] = await client().listKeys(m, PLATFORM);
    const found = await findKeyHash(client(), m, batch.id);
    assert.equal(found.key.name, 'Batch jobs');
    assert.equal(found.hash, (await client().listKeysWithHashes(m, PLATFORM)).hashById.get(batch.id));
    assert.ok(server.requestsTo(KEYS_PATH).some(r => r.path.includes(`workspace_id=${PLATFORM}`)));
    await expectError(findKeyHash(client(), m, '0123456789abcdef'), 'notFound');
  });
});
