// The seam between the two bundles. dist/extension.js (activation: the status
// bar from the start-up cache, the commands' registrations) loads
// dist/main.js (everything else: the accounts and their controllers, the
// OpenRouter client, the details page host, sign-in, export, the auth
// provider's sessions, the task and the tool) with a synchronous require() on
// first use, or right after activation (src/extension.ts). The production
// build (scripts/build.mjs) keeps `./main` out of the activation bundle; a
// module in both bundles is two instances, so what crosses the seam is
// objects (the context, the formatter, the status bar), never module state.
import type * as Main from './main';

let loaded: typeof Main | undefined;

/** The main bundle's module (loaded and evaluated once, on the first call). */
export function mainModule(): typeof Main {
  loaded ??= require('./main') as typeof Main;
  return loaded;
}
