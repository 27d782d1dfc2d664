// The follower's own fetch: a window that does not poll, whose key is not the
// shared state's (another OPENROUTER_API_KEY), shows what it fetches itself,
// at most once per interval (core/accounts/keyMode.ts ownFetchDue()), without
// writing the shared state. Its figures are this window's alone.
import { ownFetchDue } from '../../core/accounts/keyMode';
import { LEASE_RENEW_MS } from '../../core/refresh/lease';
import type { CreditSnapshot } from '../../core/types';
import type { Refresher } from './refresher';

/** What the follower last fetched for itself. */
export interface PrivateState {
  snapshot?: CreditSnapshot;
  error?: { kind: string; message: string; status?: number };
  at: number;
}

export interface OwnFetchDeps {
  refresher: Refresher;
  /** The shared keyGen the fetch acts on. */
  keyGen(): number;
  /** Whether the account fetches for itself now (started, a follower, another key's state). */
  applies(): boolean;
  refreshIntervalSeconds(): number;
  /** Its figures changed. */
  onChange(): void;
}

export class OwnFetch {
  state?: PrivateState;
  private fetching = false;
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly deps: OwnFetchDeps) {}

  /** Looks at every lease renewal, and now. */
  start(): void {
    this.timer = setInterval(() => this.tick(), LEASE_RENEW_MS);
    this.tick();
  }

  /** Fetches when it applies and is due. */
  tick(): void {
    if (this.fetching || !this.deps.applies()) return;
    if (ownFetchDue(this.state?.at, this.deps.refreshIntervalSeconds(), Date.now())) void this.fetch();
  }

  async fetch(): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    try {
      const o = await this.deps.refresher.fetch('own key', this.deps.keyGen(), { record: false });
      if (o.kind === 'ok') this.state = { snapshot: o.snapshot, at: Date.now() };
      else if (o.kind === 'failed') this.state = { snapshot: this.state?.snapshot, error: o.error, at: Date.now() };
      this.deps.onChange();
    } finally {
      this.fetching = false;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
