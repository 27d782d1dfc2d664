// e2e layer: packages the VSIX, installs it into code-server, and drives the
// real workbench with playwright-core + Debian Chromium (test/e2e/*.e2e.ts).
// Usage: npm run test:e2e [-- --grep <pattern>]
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { ROOT, cleanupTemp, ensureBench, run } from './bench';

async function main(): Promise<number> {
  run('node', [path.join(ROOT, 'scripts/package.mjs')]);
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
