// `npm test`: every layer, in order, with a per-layer summary at the end.
// A failing layer fails the whole run, but later layers still run so the
// report is complete.
import { spawnSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

ensureDeps();

const layers = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'node', ['scripts/lint.mjs']],
  ['unit', 'npx', ['mocha']],
  ['integration', 'npx', ['tsx', 'scripts/bench/run-integration.ts']],
  ['e2e', 'npx', ['tsx', 'scripts/bench/run-e2e.ts']],
];
const only = process.env.TEST_LAYERS?.split(',');
const results = [];
for (const [name, cmd, args] of layers) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  results.push({ name, ok: r.status === 0, secs: ((Date.now() - t) / 1000).toFixed(1) });
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(12)} ${r.secs} s`);
const failed = results.filter(r => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
