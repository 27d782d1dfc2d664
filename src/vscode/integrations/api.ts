// The public API returned from activate(), for other extensions:
//   const api = vscode.extensions.getExtension('openrouter-credits.openrouter-credits')?.exports;
import * as vscode from 'vscode';
import type { CreditSnapshot } from '../../core/types';
import { hasCredits } from '../../core/view/preflight';
import type { AccountsController } from '../accounts/accountsController';

export interface OpenRouterCreditsApi {
  /** The last known snapshot (never the key), or undefined before the first load. */
  getSnapshot(): CreditSnapshot | undefined;
  /** Refreshes now (joining a refresh in flight) and resolves to the snapshot. */
  refresh(): Promise<CreditSnapshot | undefined>;
  /** Fires when a new snapshot arrives, or undefined when the key is cleared. */
  readonly onDidChangeSnapshot: vscode.Event<CreditSnapshot | undefined>;
  /**
   * Pre-flight check before expensive work: true when at least `usd` can be spent,
   * false when not (or when OpenRouter last answered 402), undefined when the
   * balance is unknown (no key, a rejected key, an unlimited normal key
   * without account figures, at start-up before the key is read, or a
   * balance too old to decide on: see core/view/preflight.ts).
   */
  hasCredits(usd: number): boolean | undefined;
}

export function createApi(controller: AccountsController): OpenRouterCreditsApi & vscode.Disposable {
  const emitter = new vscode.EventEmitter<CreditSnapshot | undefined>();
  // Shared-state writes re-read the snapshot, so compare what identifies it.
  const identity = (s: CreditSnapshot | undefined) => (s ? `${s.fetchedAt}:${s.key.label}` : '');
  let last = identity(controller.view.snapshot);
  const sub = controller.onDidChange(v => {
    const id = identity(v.snapshot);
    if (id !== last) {
      last = id;
      emitter.fire(v.snapshot);
    }
  });
  return {
    getSnapshot: () => controller.view.snapshot,
    refresh: () => controller.refresh(),
    onDidChangeSnapshot: emitter.event,
    hasCredits: (usd: number) => hasCredits(controller.view, usd, { now: Date.now(), focused: controller.poller.anyFocused }),
    dispose() { sub.dispose(); emitter.dispose(); },
  };
}
