// `npm run package`: production bundle, then openrouter-credits-<version>.vsix.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `openrouter-credits-${pkg.version}.vsix`;
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
run(process.execPath, ['scripts/build.mjs']);
// --no-dependencies: everything the extension needs is in the bundle.
run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--out', out]);
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(1)} KB`);
