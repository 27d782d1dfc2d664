// Runs the extension-host test suite (test/integration, entry `run()`) in a
// real VS Code: code-server, headless, opened by Chromium with the
// extensionDevelopmentPath / extensionTestsPath payload. A consumer extension
// that asks for OpenRouter sessions (test/fixtures/consumerExtension) is
// installed beside it as a VSIX: code-server runs only the last of several
// development paths.
// Usage: npm run test:integration [-- --grep <pattern>]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cleanupTemp, ensureBench, extensionHostErrors, installVsix, launchBrowser, makeProfile, packageConsumerVsix, run, startCodeServer } from './bench';

interface Report { tests?: { title: string; ok: boolean; ms?: number }[]; total: number; passed: number; failed: number; pending: number; failures: { title: string; error: string }[]; vscodeVersion: string }

async function main(): Promise<number> {
  const grepIdx = process.argv.indexOf('--grep');
  const grep = grepIdx > 0 ? process.argv[grepIdx + 1] : process.env.TEST_GREP;
  run(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--dev', '--tests']);
  const bench = ensureBench();
  const profile = makeProfile({ 'openrouterCredits.refreshIntervalSeconds': 300 });
  installVsix(bench, profile, packageConsumerVsix());
  const reportFile = path.join(profile.userDataDir, '..', 'integration-report.json');
  const server = await startCodeServer(bench, profile, {
    smokeTestDriver: true,
    env: { ORC_TEST_REPORT: reportFile, ORC_TEST_GREP: grep ?? '', ORC_TEST_MODE: '1' },
  });
  const browser = await launchBrowser();
  const started = Date.now();
  let exitCode: number | undefined;
  const log: string[] = [];
  try {
    const page = await browser.newPage();
    const done = new Promise<number>(resolve => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = (Array.isArray(args) ? args : [args]).map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      log.push(line);
      if (process.env.BENCH_VERBOSE) console.log('[host]', line);
      // Figures and tables that tests print for the report.
      else if (/\[figure\]|^\s*\|/.test(line)) console.log(line.replace(/^.*?(\[figure\]|\|)/, '$1'));
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(path.join(ROOT, 'out/test/integration/index.js'))],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const limitMs = Number(process.env.INTEGRATION_TIMEOUT_MS || 20 * 60_000);
    exitCode = await Promise.race([done, new Promise<number>(r => setTimeout(() => r(-1), limitMs).unref())]);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  let report: Report | undefined;
  try { report = JSON.parse(fs.readFileSync(reportFile, 'utf8')); } catch { /* no report */ }
  if (exitCode === -1) {
    console.error(`\nintegration: TIMED OUT after ${secs} s. Last host log lines:\n${log.slice(-40).join('\n')}`);
    return 1;
  }
  if (!report) {
    console.error(`\nintegration: the suite wrote no report (exit ${exitCode}). Host log:\n${log.slice(-80).join('\n')}\n${server.output().slice(-3000)}`);
    return 1;
  }
  for (const t of report.tests ?? []) console.log(`  ${t.ok ? '✔' : '✘'} ${t.title}${t.ms && t.ms > 1000 ? ` (${t.ms} ms)` : ''}`);
  console.log(`\nintegration: ran in VS Code ${report.vscodeVersion} (code-server ${bench.codeServerVersion}) in ${secs} s`);
  for (const f of report.failures) console.log(`  FAILED: ${f.title}\n    ${f.error.split('\n').join('\n    ')}`);
  console.log(`integration: ${report.total} tests, ${report.passed} passing, ${report.failed} failing, ${report.pending} pending`);
  const hostErrors = extensionHostErrors(profile);
  console.log(`integration: ${hostErrors.length} extension-host error(s) about this extension in the VS Code logs`);
  for (const e of hostErrors) console.log(`  HOST ERROR: ${e.split('\n').join('\n    ')}`);
  const failed = exitCode !== 0 || report.failed > 0 || report.total === 0 || hostErrors.length > 0;
  console.log(`integration: ${report.passed} passed, ${report.failed} failed`);
  return failed ? 1 : 0;
}

main().then(code => { cleanupTemp(); process.exit(code); }, err => { console.error('integration: bench error:', err); process.exit(1); });
