import { FakeOpenRouter, type FakeOpenRouterOptions } from '../../fixtures/fakeOpenRouter';

/**
 * Registers a suite's hooks for a real fake OpenRouter on 127.0.0.1: started
 * before, closed after, reset (account, faults, request record) before each
 * test. `ctx.server` is set by the time the suite's tests and hooks run.
 */
export function useFakeServer(opts: FakeOpenRouterOptions = {}): { server: FakeOpenRouter } {
  const ctx = {} as { server: FakeOpenRouter };
  before(async () => { ctx.server = await FakeOpenRouter.start(opts); });
  after(async () => { await ctx.server.close(); });
  beforeEach(() => {
    ctx.server.reset();
    ctx.server.clearRequests();
  });
  return ctx;
}
