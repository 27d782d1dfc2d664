// e2e layer: packages the VSIX, installs it into code-server, and drives the
// real workbench with playwright-core + Debian Chromium (test/e2e/*.e2e.ts).
// Usage: npm run test:e2e [-- --grep <pattern>]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { ROOT, cleanupTemp, ensureBench, run } from './bench';
import { VSIX_MAX_BYTES, vsixProblems } from './vsix';

/** The packaged VSIX: its size, its files (vsce's own list) and its bundles (production builds): see vsix.ts. */
function checkVsix(): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `openrouter-credits-${pkg.version}.vsix`);
  const r = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce ls failed: ${r.stderr}`);
  const files = r.stdout.trim().split('\n');
  console.log(`e2e: VSIX ${path.basename(vsix)} is ${(fs.statSync(vsix).size / 1024).toFixed(1)} KB (at most ${VSIX_MAX_BYTES / 1024}) with ${files.length} files`);
  const problems = vsixProblems(vsix, files);
  if (problems.length) throw new Error(`VSIX check failed: ${problems.join('; ')}`);
}

async function main(): Promise<number> {
  run('node', [path.join(ROOT, 'scripts/package.mjs')]);
  checkVsix();
  const bench = ensureBench();
  console.log(`e2e: VS Code ${bench.vscodeVersion} (code-server ${bench.codeServerVersion}), Chromium from ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'}`);
  const mocha = new Mocha({ ui: 'bdd', timeout: 240_000, reporter: 'spec' });
  const grepIdx = process.argv.indexOf('--grep');
  if (grepIdx > 0) mocha.grep(process.argv[grepIdx + 1]);
  const dir = path.join(ROOT, 'test/e2e');
  for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.e2e.ts')).sort()) mocha.addFile(path.join(dir, f));
  let passed = 0, failed = 0;
  await new Promise<void>(resolve => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
  console.log(`e2e: ${passed + failed} tests in VS Code ${bench.vscodeVersion}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

main().then(code => { cleanupTemp(); process.exit(code); }, err => { console.error('e2e: bench error:', err); process.exit(1); });
