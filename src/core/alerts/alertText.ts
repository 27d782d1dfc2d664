// What a threshold warning says. Built here so the texts are tested without
// VS Code; the Notifier (glue) picks the buttons and shows it. The account's
// name that prefixes a warning when there are several, and a model's name in
// the daily report, are outside text: they go through plainText(), so no name
// becomes a link in the notification.
import { dailyReport, dailyReportText } from './report';
import type { Alert, RanOut } from './thresholds';
import type { Formatter } from '../text/format';
import { plainText } from '../text/plain';
import type { L10n } from '../text/strings';
import type { View } from '../view/view';

export interface AlertTextInput {
  /** What ran out (outOfCredits): the key's limit or the account's credits. */
  out?: RanOut;
  /** The view the daily report reads. */
  view?: View;
  /** The account's name, when warnings must say whose they are (several accounts). */
  account?: string;
}

function budgetText(a: Alert, l10n: L10n, f: Formatter): string {
  const spend = f.usd(a.value);
  const budget = f.usd(a.threshold);
  let text = a.kind === 'budgetMonth' ? l10n.t('OpenRouter spend this month: {0} of your {1} budget', spend, budget)
    : a.kind === 'budgetWeek' ? l10n.t('OpenRouter spend this week: {0} of your {1} budget', spend, budget)
      : l10n.t('OpenRouter spend today: {0} of your {1} budget', spend, budget);
  if (a.value < a.threshold) text += ` (${f.percent((a.value / a.threshold) * 100)})`;
  return text;
}

function ranOutText(out: RanOut | undefined, l10n: L10n, f: Formatter): string {
  if (out?.what !== 'key') return l10n.t('You are out of OpenRouter credits: requests will fail with 402 until you top up.');
  // Topping up does not lift a key's limit: the keys page does, or the reset.
  return out.resetsAt !== undefined
    ? l10n.t("This key's {0} limit is used up; it resets on {1}.", f.usd(out.limit), f.date(out.resetsAt))
    : l10n.t("This key's {0} limit is used up; raise it on the keys page.", f.usd(out.limit));
}

function bareText(a: Alert, input: AlertTextInput, l10n: L10n, f: Formatter): string | undefined {
  switch (a.kind) {
    case 'outOfCredits': return ranOutText(input.out, l10n, f);
    case 'lowCredit': return l10n.t('OpenRouter credit is low: {0} left', f.usd(a.value));
    case 'usagePercent': return l10n.t('OpenRouter usage has reached {0} of your credits', f.percent(a.value));
    case 'budgetDay': case 'budgetWeek': case 'budgetMonth': return budgetText(a, l10n, f);
    case 'dailyReport': return input.view ? dailyReportText(dailyReport(input.view), l10n, f) : undefined;
    case 'spendSpike': return l10n.t('Unusual OpenRouter spend: {0} in the last hour', f.usd(a.value));
  }
}

/**
 * The warning's text, named after its account when `input.account` is given
 * ("Work: OpenRouter credit is low: $4.20 left"); undefined when there is
 * nothing to say (a daily report without a view).
 */
export function alertText(a: Alert, input: AlertTextInput, l10n: L10n, f: Formatter): string | undefined {
  const text = bareText(a, input, l10n, f);
  if (text === undefined) return undefined;
  return input.account ? l10n.t('{0}: {1}', plainText(input.account), text) : text;
}
