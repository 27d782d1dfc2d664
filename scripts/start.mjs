// `npm start` on a fresh clone: install what is missing, then run scripts/start.ts.
// start.ts runs in this same process (tsx's require hook), not behind npx → sh →
// tsx → node, and package.json's `exec` replaces npm's `sh -c` with it: npm
// passes SIGINT and SIGTERM to its child, so they reach the one process that
// cleans up. A `sh -c` in between dies on SIGTERM and sits out SIGINT without
// passing either on, which left code-server running.
import { createRequire } from 'node:module';
import { ensureDeps } from './ensure-deps.mjs';

ensureDeps();
const { register } = await import('tsx/cjs/api');
register();
createRequire(import.meta.url)('./start.ts');
