// Entry of the extension-host test suite (the `extensionTestsPath` module).
// The same module runs under code-server (scripts/bench/run-integration.ts) and
// under desktop VS Code through @vscode/test-electron (scripts/bench/run-desktop.ts).
import * as fs from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.ORC_TEST_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  // Test modules register their suites when required (esbuild keeps these lazy).
  require('./extension.test');
  require('./experience.test');
  require('./faults.test');
  require('./confinement.test');
  require('./concurrency.test');
  require('./signIn.test');
  require('./dismissed.test');
  require('./sharedFiles.test');
  require('./windows.test');
  require('./identity.test');
  require('./breakdown.test');
  require('./budgets.test');
  require('./preflight.test');
  require('./agentTool.test');
  require('./exportAndLookup.test');
  require('./accounts.test');
  require('./authProvider.test');
  require('./contextKeys.test');
  require('./keyAdmin.test');
  require('./organizations.test');

  const failures: { title: string; error: string }[] = [];
  const tests: { title: string; ok: boolean; ms?: number }[] = [];
  let passed = 0, pending = 0, total = 0;
  await new Promise<void>(resolve => {
    const runner = mocha.run(() => resolve());
    runner.on('test end', t => { if (t.state) tests.push({ title: t.fullTitle(), ok: t.state === 'passed', ms: t.duration }); });
    runner.on('pass', () => { passed++; total++; });
    runner.on('pending', () => { pending++; });
    runner.on('fail', (t, err: Error) => { total++; failures.push({ title: t.fullTitle(), error: String(err && (err.stack || err.message) || err) }); });
  });
  const report = { total, passed, failed: failures.length, pending, failures, tests, vscodeVersion: vscode.version };
  console.log(`integration: ${total} tests in VS Code ${vscode.version}: ${passed} passed, ${failures.length} failed`);
  if (process.env.ORC_TEST_REPORT) fs.writeFileSync(process.env.ORC_TEST_REPORT, JSON.stringify(report, null, 2));
  if (failures.length > 0 || total === 0) throw new Error(`${failures.length} integration test(s) failed`);
}
