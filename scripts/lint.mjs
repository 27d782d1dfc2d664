// `npm run lint` (a layer of `npm test`): ESLint over src with the layers'
// fence (eslint.config.mjs), then a probe that the fence is really in force:
// each forbidden import below, linted as if it were in its layer, must fail.
import { ESLint } from 'eslint';

const eslint = new ESLint();
const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
const report = formatter.format(results);
if (report) console.log(report);
let failed = results.some(r => r.errorCount > 0 || r.warningCount > 0);

const probes = [
  ['src/core/settings.ts', "import * as vscode from 'vscode';"],
  ['src/core/settings.ts', "import { readSettings } from '../vscode/settings';"],
  ['src/core/view/view.ts', "import { readSettings } from '../../vscode/settings';"],
  ['src/webview/chart.ts', "import * as vscode from 'vscode';"],
  ['src/webview/chart.ts', "import * as fs from 'node:fs';"],
  ['src/webview/chart.ts', "import * as path from 'path';"],
  ['src/webview/chart.ts', "import { readSettings } from '../vscode/settings';"],
  ['src/vscode/settings.ts', 'async function f(): Promise<void> {}\nf();'],
];
for (const [filePath, code] of probes) {
  const [r] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  const rules = r.messages.map(m => m.ruleId);
  if (!rules.some(id => id === 'no-restricted-imports' || id === '@typescript-eslint/no-floating-promises')) {
    console.error(`The fence lets this through in ${filePath}: ${code.replace(/\n/g, ' ')}`);
    failed = true;
  }
}
if (!failed) console.log(`lint: ${results.length} files clean; the fence refused all ${probes.length} probes`);
process.exit(failed ? 1 : 0);
