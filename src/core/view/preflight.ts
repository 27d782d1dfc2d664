// The pre-flight check behind the `openrouter-credits` task type: does the
// spendable balance cover `minimumUsd`? A task in tasks.json can then gate an
// expensive task with `dependsOn`. Pure decision and wording; no `vscode`.

import type { Formatter } from '../text/format';
import type { L10n } from '../text/strings';
import { isOutOfCredits, type View } from './view';

export interface PreflightResult {
  ok: boolean;
  /** One line for the task's terminal (already localized). */
  message: string;
}

/** Whether the view is fresh enough to decide on without asking OpenRouter again. */
export function preflightFresh(v: View): boolean {
  return !!v.snapshot && !v.stale && v.status === 'ok';
}

export function preflight(v: View, minimumUsd: number, l10n: L10n, f: Formatter, topUpUrl: string): PreflightResult {
  const min = f.usd(minimumUsd);
  if (!Number.isFinite(minimumUsd) || minimumUsd < 0) {
    return { ok: false, message: l10n.t('The task\'s "minimumUsd" must be a number of US dollars, 0 or more.') };
  }
  if (v.status === 'noKey') return { ok: false, message: l10n.t('No OpenRouter API key is set: run "OpenRouter: Set API Key" or "OpenRouter: Sign In with OpenRouter".') };
  if (v.status === 'invalidKey') return { ok: false, message: l10n.t('OpenRouter rejected the API key: the balance cannot be checked.') };
  const s = v.snapshot;
  if (isOutOfCredits(v)) {
    return { ok: false, message: l10n.t('OpenRouter is out of credits; {0} is needed. Top up: {1}', min, topUpUrl) };
  }
  if (!s || s.spendable === undefined) {
    return { ok: false, message: l10n.t('The spendable OpenRouter balance is not known for this key, so {0} cannot be confirmed. A management key shows it.', min) };
  }
  const have = f.usd(s.spendable);
  const stale = v.stale ? ` ${l10n.t('(last known; the refresh failed)')}` : '';
  if (s.spendable >= minimumUsd) return { ok: true, message: l10n.t('OpenRouter balance {0} covers the {1} needed.', have, min) + stale };
  return { ok: false, message: l10n.t('OpenRouter balance {0} is below the {1} needed. Top up: {2}', have, min, topUpUrl) + stale };
}
