// Starts the demo: the fake OpenRouter server with the demo account on it.

import { FAKE_KEYS, FakeOpenRouter } from '../../test/fixtures/fakeOpenRouter';
import { demoAccount } from './account';

/** The key the demo signs in with: the demo account's management key. */
export const DEMO_KEY = FAKE_KEYS.management;

/**
 * The fake server with the demo account, draining, on 127.0.0.2 (else on
 * 127.0.0.1): VS Code re-encodes URLs on 127.0.0.1 and localhost (as ports to
 * forward), which would break Sign In's nested callback URL.
 */
export async function startDemoServer(): Promise<FakeOpenRouter> {
  const fake = await FakeOpenRouter.start({ host: '127.0.0.2' }).catch(() => FakeOpenRouter.start());
  demoAccount(fake, { token: DEMO_KEY });
  return fake;
}
