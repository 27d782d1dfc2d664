// Bundles the extension, node-fetch (loaded on the first request, so it is not
// parsed during activation) and the details page (browser code), and, with
// --tests, the extension-host test suite.
//   node scripts/build.mjs            production: minified, no source maps
//   node scripts/build.mjs --dev      development: source maps, not minified
//   node scripts/build.mjs --watch    development build, rebuilt on every change
//   node scripts/build.mjs --tests    also bundles test/integration into out/
// `vsce package` runs it (package.json's vscode:prepublish) in production mode.
// buildConfigs() is exported for the unit test of the node-fetch bundle.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  logLevel: 'warning',
};

/** The extension bundle loads node-fetch from its own file, dist/node-fetch.js, when it first needs it. */
const nodeFetchApart = {
  name: 'node-fetch-apart',
  setup(b) { b.onResolve({ filter: /^node-fetch$/ }, () => ({ path: './node-fetch.js', external: true })); },
};

/**
 * The activation bundle loads the main bundle, dist/main.js, on first use
 * (src/vscode/lazy.ts requires `./main`): it stays out of dist/extension.js.
 */
export const mainApart = {
  name: 'main-apart',
  setup(b) { b.onResolve({ filter: /^\.\/main$/ }, a => (/[\\/]src[\\/]vscode[\\/]lazy\.ts$/.test(a.importer) ? { path: './main.js', external: true } : undefined)); },
};

/**
 * node-fetch's Blob (fetch-blob/streams.cjs) falls back to web-streams-polyfill
 * (about 60 KB minified) only when Node has neither a global ReadableStream nor
 * `node:stream/web`. Every VS Code this extension supports (engines ^1.85)
 * runs Node 18 or later, which has both, so the fallback never runs: it is
 * built as Node's own `node:stream/web` instead.
 */
export const streamsFromNode = {
  name: 'streams-from-node',
  setup(b) {
    b.onResolve({ filter: /^web-streams-polyfill(\/|$)/ }, a => ({ path: a.path, namespace: 'streams-from-node' }));
    b.onLoad({ filter: /.*/, namespace: 'streams-from-node' }, () => ({ contents: "module.exports = require('node:stream/web');", loader: 'js' }));
  },
};

/**
 * Parts of node-fetch the client never reaches: Response.formData()'s
 * multipart parser (the client reads JSON) and data: URLs (it asks https
 * origins only). Each is built as a function that throws, so a use would say so.
 */
export const nodeFetchUnused = {
  name: 'node-fetch-unused',
  setup(b) {
    b.onResolve({ filter: /^data-uri-to-buffer$|multipart-parser\.js$/ }, a => ({ path: a.path, namespace: 'node-fetch-unused' }));
    b.onLoad({ filter: /.*/, namespace: 'node-fetch-unused' }, a => ({
      contents: `const unused = () => { throw new Error(${JSON.stringify(`${a.path} is not in this build`)}); };\nexport default unused;\nexport const toFormData = unused;\n`,
      loader: 'js',
    }));
  },
};

/**
 * The extension's own test hooks (the API's `_test`, src/vscode/main.ts
 * testHooks()) are built into development builds only (the integration run
 * builds with --dev --tests): a production bundle holds none of that code.
 */
function testHooks(dev) {
  return { ORC_TEST_HOOKS: String(dev) };
}

/** The esbuild configurations: production (minified, no source maps) unless `dev`; `tests` adds the integration suite. */
export function buildConfigs({ dev = false, tests = false } = {}) {
  const configs = [
    {
      // Activation: the status bar from the start-up cache and the registrations (src/vscode/shell.ts).
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      minify: !dev,
      sourcemap: dev,
      legalComments: dev ? 'inline' : 'none',
      plugins: [mainApart],
      define: testHooks(dev),
    },
    {
      // Everything else, loaded on first use or right after activation (src/vscode/main.ts).
      ...common,
      entryPoints: ['src/vscode/main.ts'],
      outfile: 'dist/main.js',
      minify: !dev,
      sourcemap: dev,
      legalComments: dev ? 'inline' : 'none',
      plugins: [nodeFetchApart],
      define: testHooks(dev),
      // import('node-fetch') becomes require('./node-fetch.js'): the extension host loads CommonJS.
      supported: { 'dynamic-import': false },
    },
    {
      ...common,
      entryPoints: ['node-fetch'],
      outfile: 'dist/node-fetch.js',
      minify: !dev,
      legalComments: dev ? 'inline' : 'none',
      plugins: [streamsFromNode, nodeFetchUnused],
    },
    {
      absWorkingDir: root,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      entryPoints: ['src/webview/main.ts'],
      outfile: 'dist/webview.js',
      minify: !dev,
      sourcemap: dev ? 'inline' : false,
      legalComments: 'none',
      logLevel: 'warning',
    },
  ];
  if (tests) {
    configs.push({
      ...common,
      entryPoints: ['test/integration/index.ts'],
      outfile: 'out/test/integration/index.js',
      sourcemap: 'inline',
      // The suite builds parts of the extension itself (SharedStore, ...): as a development build's.
      define: testHooks(true),
      // mocha is bundled so the suite runs in any extension host; its parallel
      // mode (which needs files on disk) is never used.
      logOverride: { 'require-resolve-not-external': 'silent' },
    });
  }
  return configs;
}

async function main(args) {
  const watch = args.has('--watch');
  const dev = watch || args.has('--dev');
  const configs = buildConfigs({ dev, tests: args.has('--tests') });
  if (watch) {
    for (const c of configs) {
      const ctx = await esbuild.context({
        ...c,
        plugins: [...(c.plugins ?? []), { name: 'log', setup(b) { b.onEnd(r => console.log(`[watch] ${c.outfile}: ${r.errors.length} error(s)`)); } }],
      });
      await ctx.watch();
    }
    console.log('[watch] watching for changes (Ctrl+C to stop)');
  } else {
    await Promise.all(configs.map(c => esbuild.build(c)));
    console.log(`built ${configs.map(c => c.outfile).join(', ')}${dev ? ' (dev)' : ''}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(new Set(process.argv.slice(2))).catch(err => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
