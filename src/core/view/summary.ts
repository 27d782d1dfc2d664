// The "Copy summary" Markdown: the details page's content (details.ts) laid
// out as Markdown. Pure TypeScript: no `vscode` import.

import { detailsContent, type AccountsPart, type GroupSpendLine, type OrgPart, type BreakdownTable, type BudgetLine, type DetailsContent, type Row, type WeeklyReport } from './details';
import type { Formatter } from '../text/format';
import { escapeMarkdown } from '../text/markdown';
import type { Strings } from '../text/strings';
import type { View } from './view';

/**
 * The Markdown summary: balance and what binds it, every account (with 2 or
 * more: which one the figures are of, each one's balance), account figures, key
 * figures, usage today/week/month, spend by key and model, burn rate,
 * forecast, the weekly report (spend per day, by model, by key, the budgets),
 * last updated.
 */
export function buildMarkdownSummary(view: View, f: Formatter): string {
  const { s } = f;
  const c = detailsContent(view, f);
  const out: string[] = [`## ${s.title}`, ''];
  if (!c.hasData) {
    out.push(c.notice?.title ?? (c.status === 'loading' ? s.loading : s.errorTitle));
    if (c.accounts) accounts(out, c.accounts, s);
  } else {
    figures(out, c, s);
  }

  out.push('');
  let footer = c.updated ? f.t('lastUpdated', c.updated.at) : s.notUpdated;
  if (c.stale) footer += ` (${s.stale})`;
  out.push(`_${footer}_`);
  if (c.error) out.push('', `> ${escapeMarkdown(c.error)}`);
  return out.join('\n') + '\n';
}

/** Everything shown when there are figures: the headline down to the weekly report. */
function figures(out: string[], c: DetailsContent, s: Strings): void {
  const h = c.headline;
  out.push(`**${s.spendableBalance}: ${h.balance}** (${h.unknown ? h.note : h.binding})`);
  if (h.headroom) out.push('', escapeMarkdown(h.headroom));
  if (h.low) out.push('', `> ${h.note}`);
  if (c.accounts) accounts(out, c.accounts, s);
  if ('rows' in c.account) rows(out, s.accountHeading, c.account.rows);
  else out.push('', `### ${s.accountHeading}`, '', c.account.addManagementKey ? `${c.account.reason} ${s.managementKeyExplain}` : c.account.reason);
  rows(out, s.keyHeading, c.key);
  rows(out, s.usageHeading, c.usage);
  if (c.usageScope) out.push('', `_${escapeMarkdown(c.usageScope)}_`);
  if (c.org) orgTables(out, c.org, s);
  if (c.byKey) {
    const ws = !!c.org?.workspaceNames.length;
    const byok = c.byKey.rows.some(k => k.byok);
    table(out, s.byKeyHeading, c.byKey, s,
      [s.colKey, ...(ws ? [s.colWorkspace] : []), s.colToday, s.colWeek, s.colMonth, ...(byok ? [s.colByok] : []), s.colLimit, s.colRemaining, s.colResets],
      k => [k.disabled ? `${k.name} (${s.keyDisabled})` : k.name, ...(ws ? [k.workspace ?? ''] : []), k.today, k.week, k.month, ...(byok ? [k.byok] : []), k.limit, k.remaining, k.reset]);
  }
  if (c.byModel) {
    table(out, s.byModelHeading, c.byModel, s,
      [s.colModel, s.colSpend, s.colShare, s.colRequests, s.colTokens],
      m => [m.model, m.spend, m.share, m.requests, m.tokens]);
    out.push('', `_${escapeMarkdown(c.byModel.period)}_`);
  }
  rows(out, s.burnHeading, c.burn);
  out.push(`- ${c.forecast.text}`);
  if (c.week) weekly(out, c.week, c.budgets, s);
}

/** Spend by workspace and by member (BYOK its own column), and each workspace budget. */
function orgTables(out: string[], o: OrgPart, s: Strings): void {
  const group = (heading: string, col: string, t: BreakdownTable<GroupSpendLine>): void => {
    const byok = t.rows.some(r => r.byok);
    table(out, heading, t, s, [col, s.colToday, s.colWeek, s.colMonth, s.colKeys, ...(byok ? [s.colByok] : [])],
      r => [r.name, r.today, r.week, r.month, r.keys, ...(byok ? [r.byok] : [])]);
  };
  if (o.workspaces) group(s.wsHeading, s.colWorkspace, o.workspaces);
  if (o.workspaceBudgets.length) {
    out.push('', `### ${s.wsBudgetsHeading}`, '');
    for (const b of o.workspaceBudgets) {
      out.push(`- ${escapeMarkdown(b.label)}: ${escapeMarkdown(b.text)}${b.usedPercent !== undefined ? ` (${escapeMarkdown(b.used)})` : ''}; ${escapeMarkdown(b.paceText)}`);
      if (b.overText) out.push(`  - **${escapeMarkdown(b.overText)}**`);
    }
  }
  if (o.members) group(s.membersHeading, s.colMember, o.members);
}

/** A section of label: value lines; each value (and its hint) escaped. */
function rows(out: string[], heading: string, list: readonly Row[]): void {
  out.push('', `### ${heading}`, '');
  for (const r of list) out.push(`- ${r.label}: ${escapeMarkdown(r.value)}${r.hint ? ` (${escapeMarkdown(r.hint)})` : ''}`);
}

/** A Markdown table under a heading; every cell escaped (key names and model slugs are user and server text). */
function table<T>(out: string[], heading: string, t: BreakdownTable<T>, s: Strings, head: string[], cells: (r: T) => string[]): void {
  out.push('', `### ${heading}`, '');
  tableBody(out, t, s, head, cells);
}

function tableBody<T>(out: string[], t: BreakdownTable<T>, s: Strings, head: string[], cells: (r: T) => string[]): void {
  if (t.stale) out.push(`_${escapeMarkdown(s.breakdownStale)}_`, '');
  if (!t.rows.length) {
    out.push(escapeMarkdown(t.empty));
    return;
  }
  out.push(`| ${head.map(escapeMarkdown).join(' | ')} |`, `|:--|${head.slice(1).map(() => '--:').join('|')}|`);
  for (const r of t.rows) out.push(`| ${cells(r).map(escapeMarkdown).join(' | ')} |`);
}

/** The weekly report: each part with the period it covers in bold, then the budgets. */
function weekly(out: string[], w: WeeklyReport, budgets: readonly BudgetLine[], s: Strings): void {
  out.push('', `### ${s.weekHeading}`, '', `**${escapeMarkdown(s.weekDays)}**`, '');
  tableBody(out, { rows: [...w.days, { day: s.colTotal, spend: w.total }], stale: false, empty: '' }, s,
    [s.colDay, s.colSpend], d => [d.day, 'hint' in d && d.hint ? `${d.spend} (${d.hint})` : d.spend]);
  if (w.byModel) {
    out.push('', `**${escapeMarkdown(s.weekByModel)}**`, '');
    tableBody(out, w.byModel, s, [s.colModel, s.colSpend, s.colShare], m => [m.model, m.spend, m.share]);
  }
  if (w.byKey) {
    out.push('', `**${escapeMarkdown(s.weekByKey)}**`, '');
    tableBody(out, w.byKey, s, [s.colKey, s.colWeek], k => [k.disabled ? `${k.name} (${s.keyDisabled})` : k.name, k.week]);
  }
  if (budgets.length) {
    out.push('', `**${escapeMarkdown(s.budgetsHeading)}**`, '');
    for (const b of budgets) {
      out.push(`- ${escapeMarkdown(b.label)}: ${escapeMarkdown(b.text)}${b.usedPercent !== undefined ? ` (${escapeMarkdown(b.used)})` : ''}`);
      if (b.overText) out.push(`  - **${escapeMarkdown(b.overText)}**`);
      if (b.projected) out.push(`  - ${escapeMarkdown(b.projected)}`);
      out.push(`  - ${escapeMarkdown(b.paceText)}`);
    }
  }
}

/** Every account (2 or more): the one shown marked, each one's balance and today, the total. */
function accounts(out: string[], a: AccountsPart, s: Strings): void {
  if (a.rows.length < 2) return;
  out.push('', `### ${s.accountsHeading}`, '');
  if (a.pinText) out.push(`_${escapeMarkdown(a.pinText)}_`, '');
  const list = a.rows.map(r => ({
    name: r.shown ? `${r.name} (${s.accountShown})` : r.name,
    kind: r.kindText,
    balance: r.stale ? `${r.balance} (${s.accountStale})` : r.balance,
    today: r.today,
  }));
  if (a.total !== undefined) list.push({ name: s.accountsTotal, kind: '', balance: a.totalNote ? `${a.total} (${a.totalNote})` : a.total, today: '' });
  tableBody(out, { rows: list, stale: false, empty: '' }, s, [s.colAccount, s.colKind, s.colBalance, s.colToday], r => [r.name, r.kind, r.balance, r.today]);
}
