// The layers' fence, run inside `npm test` (scripts/test-all.mjs, layer "lint").
//   src/core     pure TypeScript: no `vscode`, no glue, no page.
//   src/webview  browser code: no `vscode`, no Node built-ins, no glue.
//   src/vscode   the glue; src/extension.ts only wires.
// Everywhere in src: no floating promise, no file over 400 lines, no function
// over 80 lines. Tests and scripts are exempt from the size rules.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const vscodeModule = { name: 'vscode', message: 'src/core and src/webview stay free of the vscode API: put this in src/vscode.' };
const glue = { group: ['**/vscode/**', '!vscode'], message: 'The core and the page never import the glue (src/vscode).' };
const page = { group: ['**/webview/**'], message: 'The core never imports the page (src/webview).' };
const nodeBuiltins = [...builtinModules, ...builtinModules.map(m => `node:${m}`)]
  .filter(m => !m.startsWith('_'))
  .map(name => ({ name, message: 'The page runs in a browser: no Node built-ins.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeModule], patterns: [glue, page] }] },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscodeModule, ...nodeBuiltins], patterns: [glue] }] },
  },
);
