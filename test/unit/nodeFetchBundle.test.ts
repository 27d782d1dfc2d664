// The shipped node-fetch bundle (dist/node-fetch.js, built by scripts/build.mjs
// in production mode): web-streams-polyfill is left out for Node's own
// `node:stream/web`, and the bundle still does everything the client asks of
// it. The other client tests use node-fetch from node_modules; these load the
// built file, with the production configuration, into a temporary directory
// (so a developer's dist/ is left alone).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import nodeFetch from 'node-fetch';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { FetchLike } from '../../src/core/openrouter/http';
import { AUTH_KEYS_PATH, FAKE_KEYS, FakeOpenRouter } from '../fixtures/fakeOpenRouter';

const root = path.resolve(__dirname, '../..');

interface BuildScript {
  buildConfigs(opts: { dev?: boolean; tests?: boolean }): esbuild.BuildOptions[];
}

/** The production configuration of dist/node-fetch.js, from scripts/build.mjs itself. */
async function nodeFetchConfig(): Promise<esbuild.BuildOptions> {
  const script = (await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href)) as BuildScript;
  const config = script.buildConfigs({}).find(c => c.outfile === 'dist/node-fetch.js');
  assert.ok(config, 'scripts/build.mjs builds dist/node-fetch.js');
  return config;
}

describe('dist/node-fetch.js (the production bundle)', function () {
  this.timeout(30_000);
  let dir: string;
  let metafile: esbuild.Metafile;
  let builtFetch: typeof nodeFetch;
  let server: FakeOpenRouter;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-node-fetch-'));
    const outfile = path.join(dir, 'node-fetch.js');
    const result = await esbuild.build({ ...(await nodeFetchConfig()), outfile, metafile: true, logLevel: 'silent' });
    metafile = result.metafile;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    builtFetch = (require(outfile) as { default: typeof nodeFetch }).default;
    server = await FakeOpenRouter.start();
  });

  after(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    server.reset();
    server.clearRequests();
  });

  it('is minified, without a source map, and holds no web-streams-polyfill', async () => {
    const config = await nodeFetchConfig();
    assert.equal(config.minify, true);
    assert.ok(!config.sourcemap);
    const inputs = Object.keys(metafile.inputs);
    assert.ok(inputs.some(f => f.includes('node_modules/node-fetch/')), 'node-fetch itself is bundled');
    assert.deepEqual(inputs.filter(f => f.includes('node_modules/web-streams-polyfill/')), []);
  });

  it("holds none of what the client never reaches: Response.formData()'s multipart parser, data: URLs", async () => {
    const inputs = Object.keys(metafile.inputs);
    assert.deepEqual(inputs.filter(f => /multipart-parser|data-uri-to-buffer/.test(f) && f.includes('node_modules/')), []);
    await assert.rejects(builtFetch('data:text/plain,x'), /not in this build/);
  });

  it('the client reads the same snapshot through the bundle as through node-fetch from node_modules', async () => {
    const through = (fetch: FetchLike) => new OpenRouterClient({ baseUrl: server.baseUrl, timeoutMs: 5000, fetch }).fetchSnapshot(FAKE_KEYS.management);
    const fromBundle = await through(builtFetch as unknown as FetchLike);
    const fromModules = await through(nodeFetch as unknown as FetchLike);
    assert.equal(fromBundle.accountStatus, 'known');
    assert.deepEqual({ ...fromBundle, fetchedAt: 0 }, { ...fromModules, fetchedAt: 0 });
  });

  it('sends a streamed request body and streams the answer back as a web ReadableStream', async () => {
    const sent = JSON.stringify({ code: 'no-such-code', code_verifier: 'v', code_challenge_method: 'S256' });
    const res = await builtFetch(`${server.origin}${AUTH_KEYS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from([sent.slice(0, 10), sent.slice(10)]),
    });
    const expected = await nodeFetch(`${server.origin}${AUTH_KEYS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent });
    assert.equal(res.status, expected.status);
    const posted = server.requestsTo(AUTH_KEYS_PATH).map(r => r.body);
    assert.deepEqual(posted, [sent, sent], 'the server received the streamed body whole');
    // Blob.stream() is the web stream fetch-blob builds on `node:stream/web`.
    const stream = (await res.blob()).stream();
    assert.ok(stream instanceof ReadableStream);
    let text = '';
    for await (const chunk of stream as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString('utf8');
    assert.equal(text, await expected.text());
    assert.match(text, /authorization code/);
  });
});
