// What the status bar item shows, computed from the view model so it can be
// unit tested. Status-bar-only texts go through the injected `l10n`
// (vscode.l10n in the glue); every figure and every text the page shows too
// comes from the shared Formatter. No `vscode` import here.
import { headroomText } from '../org/orgText';
import { COMMANDS, OPEN_SETTINGS, type CommandId } from '../commands';
import { TOOLTIP_COMMANDS } from '../tooltipCommands';
import { spendByKey } from '../money/breakdown';
import type { BudgetStatus } from '../money/budgets';
import { canAct, commandContext } from './context';
import { accountBalanceText, freeRequestsText, kindText, scopeText } from './details';
import type { Formatter } from '../text/format';
import { escapeMarkdown } from '../text/markdown';
import type { StatusBarFormat } from '../settings';
import type { L10n } from '../text/strings';
import type { CreditSnapshot, UnknownReason } from '../types';
import { burnRate, isLowCredit, isOutOfCredits, periodSpend, type AccountRow, type PeriodSpend, type View } from './view';

export type Background = 'none' | 'warning' | 'error';

export interface StatusPresentation {
  text: string;
  /** Markdown for the tooltip. */
  tooltip: string;
  accessibilityLabel: string;
  background: Background;
  /** Command run on click. */
  command: CommandId;
}

export { TOOLTIP_COMMANDS };

/** How many characters of an account's name the status bar text shows (the tooltip shows it whole). */
export const STATUS_NAME_CHARS = 20;

export const TOP_UP_URL = 'https://openrouter.ai/settings/credits';
export const KEYS_URL = 'https://openrouter.ai/settings/keys';

/**
 * The main figure, per the chosen format, without icon. Today's spend is the
 * view's (a management key's: its account's, summed over its keys; "—" while
 * nobody reported it); without `periods`, what the snapshot alone backs.
 */
export function mainFigure(s: CreditSnapshot, periods: PeriodSpend | undefined, format: StatusBarFormat, l10n: L10n, f: Formatter, budgets?: readonly BudgetStatus[]): string {
  const today = () => l10n.t('{0} today', f.usdCompact((periods ?? periodSpend(s, undefined)).today));
  if (format === 'budget') {
    // The monthly budget, else the weekly, else the daily: spend so far of it ("$12.40 / $50").
    const b = [...(budgets ?? [])].reverse()[0];
    if (b) return `${f.usdCompact(b.spend)} / ${f.usdCompact(b.budget)}`;
  }
  if (s.spendable === undefined) return today(); // balance unknown: never $0
  switch (format) {
    case 'remainingOfTotal': {
      const total = s.binding === 'key' ? s.key.limit : s.account?.totalCredits;
      return total === null || total === undefined
        ? f.usdCompact(s.spendable)
        : `${f.usdCompact(s.spendable)} / ${f.usdCompact(total)}`;
    }
    case 'percentUsed': {
      const p = s.binding === 'key' ? s.keyUsagePercent : (s.account?.usagePercent ?? s.keyUsagePercent);
      return p === undefined ? f.usdCompact(s.spendable) : l10n.t('{0} used', f.percent(p));
    }
    case 'usageToday':
      return today();
    default:
      return f.usdCompact(s.spendable);
  }
}

function cmd(label: string, command: string, args?: unknown[]): string {
  const q = args ? `?${encodeURIComponent(JSON.stringify(args))}` : '';
  return `[${label}](command:${command}${q})`;
}

/**
 * User text for the status bar item's text: `$(name)` would render an icon,
 * so it is escaped (`\$(`), and a long name is cut with "…".
 */
export function statusText(text: string, max = STATUS_NAME_CHARS): string {
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : text;
  return cut.replace(/\$\(/g, '\\$(');
}

/** The accounts when there are several (2 or more rows): who the status bar and the tooltip name. */
export function severalAccounts(v: Pick<View, 'accounts'>): readonly AccountRow[] | undefined {
  const rows = v.accounts?.rows;
  return rows && rows.length >= 2 ? rows : undefined;
}

/**
 * Why the balance is unknown, in the tooltip: a management key, or any key
 * whose /credits failed this time, could not read the account's balance
 * (adding a management key would not help); a normal key cannot read it at
 * all (a management key would).
 */
export function unknownBalanceText(s: Pick<CreditSnapshot, 'key' | 'accountStatus'>, l10n: L10n): string {
  return s.key.isManagementKey || s.accountStatus === 'error'
    ? l10n.t('unknown: the account balance could not be read')
    : l10n.t('unknown: add a management key to see the account balance');
}

export function tooltipMarkdown(v: View, l10n: L10n, f: Formatter): string {
  const { snapshot: s, derived: d } = v;
  const several = severalAccounts(v);
  const shown = several?.find(r => r.shown);
  // With several accounts, the figures below are the shown one's: the title names it.
  const lines: string[] = [shown ? `**${f.s.title}** · ${escapeMarkdown(shown.name)}` : `**${f.s.title}**`, ''];
  if (v.status === 'unknownAccount') {
    lines.push(`$(warning) ${l10n.t("This workspace's `openrouterCredits.account` setting names “{0}”, but no account has that name. Nothing is shown for another account.", escapeMarkdown(v.accounts?.unknownName ?? ''))}`);
  } else if (v.status === 'noKey') {
    lines.push(l10n.t('No API key is set. Sign in with OpenRouter, or click to paste a key.'));
  } else if (v.status === 'invalidKey') {
    lines.push(`$(error) ${l10n.t('OpenRouter rejected the API key (401). Set a valid key.')}`);
  }
  if (s) {
    const spend = v.periods ?? periodSpend(s, d, v.breakdown);
    lines.push('| | |', '|:--|--:|');
    if (s.spendable !== undefined) {
      const binds = s.binding === 'key' ? l10n.t('key limit') : l10n.t('account balance');
      lines.push(`| ${l10n.t('Spendable')} | **${f.usd(s.spendable)}** (${binds}) |`);
    } else {
      lines.push(`| ${l10n.t('Spendable')} | ${unknownBalanceText(s, l10n)} |`);
    }
    if (v.org?.headroom) lines.push(`| | _${escapeMarkdown(headroomText(v.org.headroom, f))}_ |`);
    if (s.account) {
      lines.push(`| ${l10n.t('Account credits')} | ${f.usd(s.account.totalCredits)} |`);
      lines.push(`| ${l10n.t('Account usage')} | ${f.usd(s.account.totalUsage)}${s.account.usagePercent !== undefined ? ` (${f.percent(s.account.usagePercent)})` : ''} |`);
      // The last good account figures, carried over while /credits fails (sharedState withLastAccount()): say how old.
      if (s.accountAsOf !== undefined) lines.push(`| | _${l10n.t('Account figures from {0}: the account balance could not be read this time.', f.relative(s.accountAsOf, v.now))}_ |`);
    }
    lines.push(`| ${l10n.t('Key')} | ${escapeMarkdown(s.key.label)}${s.key.isManagementKey ? ` (${l10n.t('management')})` : ''} |`);
    if (s.key.limit !== null) {
      lines.push(`| ${l10n.t('Key limit')} | ${f.usd(s.key.limitRemaining)} ${l10n.t('of')} ${f.usd(s.key.limit)}${s.key.limitReset ? `, ${escapeMarkdown(f.resetPeriod(s.key.limitReset))}` : ''} |`);
    }
    // Only figures placed from the history can be unknown for a reason; /key and /keys report theirs.
    const why = spend.scope === 'history' ? (d?.unknownReasons ?? {}) : {};
    // An unknown figure shows "—" and why (e.g. VS Code was closed for part of the period).
    const money = (n: number | undefined, reason: UnknownReason | undefined): string =>
      n === undefined && reason ? `${f.usd(n)} _(${escapeMarkdown(f.unknownReason(reason))})_` : f.usd(n);
    lines.push(`| ${f.s.today} | ${money(spend.today, why.spendToday)} |`);
    lines.push(`| ${f.s.thisWeek} | ${money(spend.week, why.spendThisWeek)} |`);
    lines.push(`| ${f.s.thisMonth} | ${money(spend.month, why.spendThisMonth)} |`);
    lines.push(`| | _${escapeMarkdown(scopeText(spend, f))}_ |`);
    lines.push(...whereTheMoneyGoes(v, l10n, f));
    if (s.key.freeModelRequests) lines.push(`| ${f.s.freeRequests} | ${freeRequestsText(s.key.freeModelRequests, f)} |`);
    const rate = burnRate(d);
    if (rate !== undefined) lines.push(`| ${f.s.burnRate} | ${f.perDay(rate)} |`);
    if (d?.forecast) lines.push(`| ${f.s.forecast} | ${f.forecast(d.forecast)} |`);
    lines.push('');
    const updated = f.relative(s.fetchedAt, v.now);
    lines.push(v.stale
      ? `$(warning) ${l10n.t('Last updated {0}; showing the last known value.', updated)}`
      : l10n.t('Updated {0}', updated));
  } else if (v.status === 'loading') {
    lines.push(f.s.loading);
  }
  if (v.error && v.status !== 'invalidKey') lines.push('', `$(warning) ${escapeMarkdown(v.error.message)}`);
  if (v.keySource === 'env' && v.status !== 'unknownAccount') lines.push('', l10n.t('Using the key from the OPENROUTER_API_KEY environment variable.'));
  lines.push(...accountsSection(v, f));
  lines.push('', tooltipLinks(v, l10n, f).join(' · '));
  return lines.join('\n');
}

/** The tooltip's last line: the commands that can act here (core/view/context.ts canAct(), the palette's rule). */
function tooltipLinks(v: View, l10n: L10n, f: Formatter): string[] {
  const ctx = commandContext(v);
  const links: [boolean, string][] = [
    [canAct(COMMANDS.refresh, ctx), cmd(`$(refresh) ${f.s.refresh}`, COMMANDS.refresh)],
    [true, cmd(`$(graph) ${f.s.details}`, COMMANDS.checkCredits)],
    [true, `[$(credit-card) ${f.s.topUp}](${TOP_UP_URL})`],
    [canAct(COMMANDS.switchAccount, ctx), cmd(`$(arrow-swap) ${f.s.switchAccountPick}`, COMMANDS.switchAccount)],
    [ctx.severalAccounts || v.status === 'unknownAccount', cmd(`$(add) ${f.s.addApiKey}`, COMMANDS.addApiKey)],
  ];
  if (v.status === 'noKey' || v.status === 'invalidKey') {
    links.push([true, cmd(`$(sign-in) ${l10n.t('Sign In')}`, COMMANDS.signIn)], [true, cmd(`$(key) ${f.s.setKey}`, COMMANDS.setApiKey)]);
  } else {
    links.push([true, cmd(`$(gear) ${f.s.settings}`, OPEN_SETTINGS, ['openrouterCredits'])]);
  }
  return links.filter(([show]) => show).map(([, link]) => link);
}

/**
 * Every account, when there are several (or the workspace names a missing
 * one): its name (bold when shown here; user text, escaped), its kind and
 * balance ("Balance unknown", never $0; a stale marker), the total, and
 * whether this workspace pins its account.
 */
function accountsSection(v: View, f: Formatter): string[] {
  const a = v.accounts;
  if (!a || (a.rows.length < 2 && v.status !== 'unknownAccount') || !a.rows.length) return [];
  const { s } = f;
  const out = ['', `**${s.accountsHeading}**`, '', '| | | |', '|:--|:--|--:|'];
  for (const r of a.rows) {
    const name = r.shown ? `**${escapeMarkdown(r.name)}**` : escapeMarkdown(r.name);
    // Figures and our own words as the rest of the tooltip has them; only the name is user text.
    const balance = accountBalanceText(r, f);
    out.push(`| ${name} | ${kindText(r.kind, f)} | ${r.stale ? `$(warning) ${balance} _(${s.accountStale})_` : balance} |`);
  }
  if (a.rows.length >= 2 && a.total !== undefined) {
    const uncounted = a.rows.filter(r => r.spendable === undefined).length;
    out.push(`| ${s.accountsTotal} | | **${f.usd(a.total)}**${uncounted ? ` _(${f.t('accountsUncounted', f.count(uncounted))})_` : ''} |`);
  }
  if (a.pinned && v.status !== 'unknownAccount') out.push('', `$(pinned) _${escapeMarkdown(s.accountPinnedShort)}_`);
  return out;
}

/**
 * A management key's top spenders: the key that spent most today (GET /keys)
 * and the model that spent most over the last 30 completed days (GET
 * /activity; today's split per model is not known yet). Names are escaped.
 */
function whereTheMoneyGoes(v: View, l10n: L10n, f: Formatter): string[] {
  const b = v.breakdown;
  if (!v.snapshot?.key.isManagementKey || !b) return [];
  const out: string[] = [];
  const topKey = b.keys ? spendByKey(b.keys).reduce<ReturnType<typeof spendByKey>[number] | undefined>((best, k) => (k.today > (best?.today ?? 0) ? k : best), undefined) : undefined;
  if (topKey) out.push(`| ${l10n.t('Top key today')} | ${escapeMarkdown(topKey.name)} (${f.usd(topKey.today)}) |`);
  const topModel = b.byModel?.find(m => !m.other && m.spend > 0);
  if (topModel) out.push(`| ${l10n.t('Top model, last 30 days')} | ${escapeMarkdown(topModel.model)} (${f.usd(topModel.spend)}, ${f.percent(topModel.share * 100)}) |`);
  return out;
}

export function statusPresentation(v: View, l10n: L10n, f: Formatter): StatusPresentation {
  const s = v.snapshot;
  const tooltip = tooltipMarkdown(v, l10n, f);
  const base = { tooltip, command: COMMANDS.checkCredits };
  if (v.status === 'unknownAccount') {
    // The workspace asks for an account that is not there: worth the warning colour, and nothing of another account.
    const name = v.accounts?.unknownName ?? '';
    return {
      ...base,
      text: `$(warning) ${l10n.t('No account “{0}”', statusText(name))}`,
      accessibilityLabel: l10n.t('OpenRouter Credits: this workspace names the account “{0}”, which does not exist. Activate to switch accounts.', name),
      background: 'warning',
      command: COMMANDS.switchAccount,
    };
  }
  if (v.status === 'noKey') {
    const text = l10n.t('Set OpenRouter key');
    return { ...base, text: `$(key) ${text}`, accessibilityLabel: l10n.t('OpenRouter Credits: no API key set. Activate to set one.'), background: 'none', command: COMMANDS.setApiKey };
  }
  if (v.status === 'invalidKey') {
    return { ...base, text: `$(key) ${l10n.t('OpenRouter key invalid')}`, accessibilityLabel: l10n.t('OpenRouter Credits: the API key was rejected. Activate to set a new one.'), background: 'warning', command: COMMANDS.setApiKey };
  }
  if (!s) {
    if (v.status === 'error') {
      return { ...base, text: `$(cloud-offline) ${l10n.t('OpenRouter')}`, accessibilityLabel: l10n.t('OpenRouter Credits: could not load the balance. {0}', v.error?.message ?? ''), background: 'none' };
    }
    return { ...base, text: `$(sync~spin) ${l10n.t('OpenRouter')}`, accessibilityLabel: l10n.t('OpenRouter Credits: loading'), background: 'none' };
  }
  const several = severalAccounts(v);
  const shown = several?.find(r => r.shown);
  const total = several && v.settings.statusBarFormat === 'total' ? v.accounts?.total : undefined;
  // The total format: what all accounts can spend together; otherwise the shown account's figure, named when there are several.
  const figure = total !== undefined
    ? l10n.t('{0} total', f.usdCompact(total))
    : `${shown ? `${statusText(shown.name)} ` : ''}${mainFigure(s, v.periods ?? periodSpend(s, v.derived, v.breakdown), v.settings.statusBarFormat, l10n, f, v.budgets)}`;
  const out = isOutOfCredits(v);
  const low = !out && isLowCredit(s, v.settings.lowCreditThreshold);
  // Out of credits outranks staleness: a 402 is news, not a network blip.
  // A refresh the user asked for spins until its answer arrives.
  const icon = v.refreshing ? '$(sync~spin)' : out ? '$(error)' : v.stale ? '$(cloud-offline)' : low ? '$(warning)' : '$(credit-card)';
  let label: string;
  if (total !== undefined) label = l10n.t('OpenRouter Credits: {0} left across {1} accounts', f.usd(total), f.count(several!.length));
  else if (s.spendable === undefined) label = l10n.t('OpenRouter Credits: balance unknown, {0}', figure);
  else label = l10n.t('OpenRouter Credits: {0} left', f.usd(s.spendable));
  if (shown) label += `. ${l10n.t('Account: {0}', shown.name)}`;
  if (out) label += `. ${l10n.t('Out of credits.')}`;
  else if (low) label += `. ${l10n.t('Low credit.')}`;
  if (v.stale) label += `. ${l10n.t('Last updated {0}.', f.relative(s.fetchedAt, v.now))}`;
  return { ...base, text: `${icon} ${figure}`, accessibilityLabel: label, background: out ? 'error' : low ? 'warning' : 'none' };
}
