// The VSIX without packaging it: vsce's own file list (its listFiles API, on a
// copy of the repository's file tree with a dev build's leftovers planted in
// it), the production build that vscode:prepublish runs, and `npm run package`
// on a fresh clone. The packaged VSIX itself (its size, its bundles) is checked
// by the e2e run, which packages it (scripts/bench/run-e2e.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { PackageManager, listFiles } from '@vscode/vsce';
import { BUNDLES, belongsInVsix, bundleProblems, fileListProblems } from '../../scripts/bench/vsix';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** What a dev build, the test layers and packaging leave in a working tree (none of it may ship). */
const LEFTOVERS = [
  ...BUNDLES, 'dist/extension.js.map', 'out/test/integration/index.js', `openrouter-credits-${pkg.version}.vsix`,
  'node_modules/esbuild/package.json', '.bench/tmp/x.log', 'test-results/e2e.png',
];

/** The repository's files: tracked, and untracked but not ignored (a file about to be committed); not symlinks (a worktree's node_modules). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter(f => f && fs.existsSync(path.join(root, f)) && fs.lstatSync(path.join(root, f)).isFile());
}

describe('the VSIX', function () {
  this.timeout(20_000);

  it('vsce lists exactly the files that belong in it, whatever a dev build left behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-vsix-'));
    try {
      const files = repositoryFiles();
      // vsce reads the manifest, its strings and .vscodeignore; every other file only has to exist.
      const real = new Set(['package.json', '.vscodeignore', ...files.filter(f => /^package\.nls(\.[\w-]+)?\.json$/.test(f))]);
      for (const f of [...files, ...LEFTOVERS]) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        if (real.has(f)) fs.copyFileSync(path.join(root, f), path.join(dir, f));
        else fs.writeFileSync(path.join(dir, f), '');
      }
      const listed = (await listFiles({ cwd: dir, packageManager: PackageManager.None })).map(f => f.split(path.sep).join('/'));
      assert.deepEqual(fileListProblems(listed), []);
      assert.deepEqual(listed.sort(), [...new Set([...files.filter(belongsInVsix), ...BUNDLES])].sort());
      assert.ok(!listed.includes('l10n/bundle.l10n.json'), 'VS Code never loads the English bundle');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('vscode:prepublish is the production build: minified bundles without source maps (a dev build is refused)', async () => {
    assert.equal(pkg.scripts['vscode:prepublish'], 'node scripts/build.mjs');
    const script = (await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href)) as {
      buildConfigs(opts: { dev?: boolean }): esbuild.BuildOptions[];
    };
    const texts = async (dev: boolean) => {
      const configs = script.buildConfigs({ dev });
      assert.deepEqual(configs.map(c => c.outfile).sort(), [...BUNDLES].sort());
      const built = await Promise.all(configs.map(c => esbuild.build({ ...c, write: false, logLevel: 'silent' })));
      return built.map((r, i) => ({ name: configs[i].outfile!, text: r.outputFiles.find(f => f.path.endsWith('.js'))!.text }));
    };
    for (const { name, text } of await texts(false)) assert.deepEqual(bundleProblems(name, text), [], name);
    const dev = await texts(true);
    assert.ok(dev.some(b => bundleProblems(b.name, b.text).some(p => /source map/.test(p))));
    assert.ok(dev.some(b => bundleProblems(b.name, b.text).some(p => /not minified/.test(p))));
  });

  it('npm run package, like npm start and npm test, installs what is missing before it needs it (a fresh clone)', () => {
    for (const name of ['package', 'start', 'test']) {
      const script = /scripts\/[\w-]+\.mjs/.exec(pkg.scripts[name])?.[0];
      assert.ok(script, `npm run ${name} runs a scripts/*.mjs file`);
      const source = fs.readFileSync(path.join(root, script), 'utf8');
      // Static imports load before any code runs: only Node's own modules and ensure-deps.mjs.
      const imports = [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gm)].map(m => m[1]);
      assert.deepEqual(imports.filter(i => !i.startsWith('node:') && i !== './ensure-deps.mjs'), [], script);
      assert.ok(imports.includes('./ensure-deps.mjs') && /^ensureDeps\(\);/m.test(source), `${script} calls ensureDeps()`);
    }
  });
});
