// `npm run package`: openrouter-credits-<version>.vsix. Like `npm start` and
// `npm test`, it first installs what is missing, so it works on a fresh clone.
// `vsce package` runs package.json's vscode:prepublish, the production build
// (minified bundles, no source maps), so no earlier dev build is ever shipped.
// Plain Node until ensureDeps() has run.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = `openrouter-credits-${pkg.version}.vsix`;
// vsce's own script run by this Node (no npx: the same on every OS).
// --no-dependencies: everything the extension needs is in the bundles.
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`${out}: ${(statSync(path.join(root, out)).size / 1024).toFixed(1)} KB`);
