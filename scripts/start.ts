// `npm start`: builds, then opens the extension in a real VS Code
// (code-server on 127.0.0.1) and prints the URL. With OPENROUTER_API_KEY set
// it talks to the real OpenRouter API; otherwise to a built-in demo account
// (scripts/demo/: the fake server with a management key over four keys, one
// disabled, a month of activity over 12 models and their providers, a balance
// that slowly drains).
import * as path from 'node:path';
import { ROOT, ensureBench, makeProfile, run, startCodeServer, type Server } from './bench/bench';
import { DEMO_KEY, startDemoServer } from './demo/server';
import type { FakeOpenRouter } from '../test/fixtures/fakeOpenRouter';

let server: Promise<Server> | undefined;
let fake: FakeOpenRouter | undefined;
let stopping = false;

/**
 * Stops everything `npm start` started: the code-server process group (its
 * extension hosts, file watcher and pty host with it) and the fake server.
 * (Should this process die without it, say by SIGKILL, startCodeServer's
 * watchdog still stops code-server.)
 */
async function shutdown(why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping (${why})...`);
  await server?.then(s => s.stop(), () => undefined);
  await fake?.close();
  process.exit(0);
}

// Ctrl+C, `kill`, a closed terminal.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(sig));
// npm runs this under `sh -c`, and SIGTERM to npm kills that shell without
// passing the signal on: this process is then orphaned. Stop when the parent goes.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) void shutdown('parent exited'); }, 250).unref();

async function main(): Promise<void> {
  run(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--dev']);
  const bench = ensureBench();
  const realKey = process.env.OPENROUTER_API_KEY?.trim();
  const settings: Record<string, unknown> = { 'workbench.colorTheme': 'Default Dark Modern' };
  let key: string;
  if (realKey) {
    key = realKey;
    console.log('Using the real OpenRouter API with the key from OPENROUTER_API_KEY.');
  } else {
    fake = await startDemoServer();
    settings['openrouterCredits.apiBaseUrl'] = fake.baseUrl;
    key = DEMO_KEY;
    console.log(`No OPENROUTER_API_KEY: using the demo account at ${fake.baseUrl} (a fake server: 4 keys, one disabled, a month of activity; its balance drains slowly).`);
  }
  const profile = makeProfile(settings);
  const port = Number(process.env.PORT || 0) || undefined;
  // The smoke-test driver option makes the built workbench honour the
  // extensionDevelopmentPath payload, so the extension loads from this checkout.
  server = startCodeServer(bench, profile, { port, smokeTestDriver: true, env: { OPENROUTER_API_KEY: key } });
  const { url: serverUrl, port: serverPort } = await server;
  if (stopping) return;
  // The extension loads from this checkout, as with F5 in desktop VS Code.
  const url = `${serverUrl}/?folder=${encodeURIComponent(profile.workspace)}&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${serverPort}${ROOT}`]]))}`;
  console.log(`\nOpenRouter Credits is running in VS Code ${bench.vscodeVersion} (code-server ${bench.codeServerVersion}).`);
  console.log(`Open: ${url}\n(Ctrl+C to stop. Rebuild with "npm run watch" in another terminal, then reload the window.)`);
}

main().catch(async err => {
  if (stopping) return;
  console.error(err);
  await server?.then(s => s.stop(), () => undefined);
  await fake?.close();
  process.exit(1);
});
