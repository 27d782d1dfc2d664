import { Formatter } from '../../../src/core/text/format';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { DEFAULT_STRINGS, fillTemplate, type L10n } from '../../../src/core/text/strings';
import type { CreditSnapshot } from '../../../src/core/types';
import type { View } from '../../../src/core/view/view';

/** English, as vscode.l10n.t behaves without a bundle: placeholders filled. */
export const l10nEN: L10n = { t: (m, ...a) => fillTemplate(m, ...a.map(String)) };
export const EN = new Formatter('en-US', DEFAULT_STRINGS);

/** A view model for tests: status ok with a snapshot, no key otherwise, plus overrides. */
export function viewOf(snapshot: CreditSnapshot | undefined, over: Partial<Omit<View, 'settings'>> & { settings?: Partial<Settings> } = {}): View {
  const { settings, ...rest } = over;
  return {
    status: snapshot ? 'ok' : 'noKey',
    snapshot,
    stale: false,
    keySource: snapshot ? 'secret' : 'none',
    settings: { ...DEFAULT_SETTINGS, ...settings },
    isPoller: true,
    refreshing: false,
    now: snapshot ? snapshot.fetchedAt + 60_000 : 0,
    ...rest,
  };
}
