// What activation loads (scripts/build.mjs, production): dist/extension.js
// holds the status bar item painted from the last presentation and the
// registrations (src/vscode/shell.ts); the view model, the formatter, the accounts, the OpenRouter client, the page host,
// sign-in, export, the auth provider's sessions, the task and the tool are in
// dist/main.js, which it loads with require('./main.js') on first use.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');

interface BuildScript {
  buildConfigs(opts: { dev?: boolean; tests?: boolean }): esbuild.BuildOptions[];
}

/** Builds one production bundle of scripts/build.mjs into a temporary directory: its inputs and its text. */
async function built(outfile: string, dir: string, opts: { dev?: boolean } = {}): Promise<{ inputs: string[]; text: string }> {
  const script = (await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href)) as BuildScript;
  const config = script.buildConfigs(opts).find(c => c.outfile === outfile);
  assert.ok(config, `scripts/build.mjs builds ${outfile}`);
  const out = path.join(dir, path.basename(outfile));
  const result = await esbuild.build({ ...config, outfile: out, metafile: true, logLevel: 'silent' });
  const output = Object.values(result.metafile.outputs)[0];
  return { inputs: Object.keys(output.inputs), text: fs.readFileSync(out, 'utf8') };
}

const LAZY = [
  'src/vscode/main.ts', 'src/vscode/container.ts', 'src/vscode/accounts/accountsController.ts', 'src/vscode/account/controller.ts',
  'src/core/openrouter/client.ts', 'src/core/openrouter/http.ts', 'src/vscode/ui/detailsPanel.ts', 'src/vscode/integrations/signIn.ts',
  'src/vscode/integrations/authProvider.ts', 'src/vscode/integrations/preflightTask.ts', 'src/vscode/integrations/agentTool.ts',
  'src/vscode/commands/commands.ts', 'src/core/view/export.ts',
  'src/core/view/view.ts', 'src/core/view/presentation.ts', 'src/core/text/format.ts', 'src/core/text/strings.ts', 'src/vscode/ui/statusBar.ts',
];

describe('what activation loads (dist/extension.js and dist/main.js)', function () {
  this.timeout(30_000);
  let dir: string;
  let activation: { inputs: string[]; text: string };
  let main: { inputs: string[]; text: string };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-activation-'));
    [activation, main] = await Promise.all([built('dist/extension.js', dir), built('dist/main.js', dir)]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the activation bundle holds the status bar item and the registrations, none of what loads on first use', () => {
    for (const f of ['src/extension.ts', 'src/vscode/shell.ts', 'src/vscode/ui/statusItem.ts', 'src/core/commands.ts']) assert.ok(activation.inputs.includes(f), `${f} is in the activation bundle`);
    assert.deepEqual(activation.inputs.filter(f => LAZY.includes(f) || f.includes('node_modules')), []);
    assert.match(activation.text, /require\("\.\/main\.js"\)/);
  });

  it('the main bundle holds the rest, and leaves node-fetch to its own file', () => {
    assert.deepEqual(LAZY.filter(f => !main.inputs.includes(f)), []);
    assert.ok(!main.inputs.some(f => f.includes('node_modules')), 'no package is bundled into dist/main.js');
    assert.match(main.text, /require\("\.\/node-fetch\.js"\)/);
  });

  it("holds none of the extension's own test hooks (the API's _test), which development builds have", async () => {
    assert.ok(!/\b_test\b/.test(activation.text), 'no _test in dist/extension.js');
    assert.ok(!/\blogUri\b/.test(main.text), 'no test hooks in dist/main.js');
    const dev = await built('dist/main.js', fs.mkdtempSync(path.join(dir, 'dev-')), { dev: true });
    assert.match(dev.text, /\blogUri\b/);
  });

  it('the activation bundle is at most a tenth of the extension host code', () => {
    assert.ok(activation.text.length * 10 <= activation.text.length + main.text.length, `${activation.text.length} of ${activation.text.length + main.text.length} bytes`);
  });
});
