// `npm start`, the README's first command: the extension, loaded from this
// checkout, shows the demo account's balance in a real VS Code.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { ROOT, freePort, launchBrowser } from '../../scripts/bench/bench';
import { waitForStatus } from './harness';

describe('e2e: npm start', function () {
  let proc: ChildProcess | undefined;
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
    if (proc?.pid) {
      const exited = new Promise(r => proc!.once('exit', r));
      process.kill(-proc.pid, 'SIGTERM');
      await exited;
    }
  });

  it('opens the extension against the demo account and prints the URL', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    delete env.OPENROUTER_API_KEY;
    proc = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', d => { out += d; });
    proc.stderr!.on('data', d => { out += d; });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no URL:\n${out}`)), 90_000);
      const check = () => {
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      };
      proc!.stdout!.on('data', check);
      proc!.once('exit', code => { clearTimeout(timer); reject(new Error(`npm start exited (${code}):\n${out}`)); });
    });
    assert.match(out, /demo account/);
    browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(url);
    const text = await waitForStatus(page, /\$\d+\.\d\d/, 60_000);
    assert.match(text, /\$1[0-9]\.\d\d/); // the demo's ~$18.40, draining slowly
  });
});
