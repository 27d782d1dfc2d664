// The "Copy summary" Markdown: the details page's content (details.ts) laid
// out as Markdown. Pure TypeScript: no `vscode` import.

import { detailsContent, type Row } from './details';
import type { Formatter } from './format';
import type { View } from './view';

/** Escapes text (server data such as the key label) so Markdown shows it literally. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^[#+-]/, (c) => `\\${c}`);
}

/**
 * The Markdown summary: balance and what binds it, account figures, key
 * figures, usage today/week/month, burn rate, forecast, last updated.
 */
export function buildMarkdownSummary(view: View, f: Formatter): string {
  const { s } = f;
  const c = detailsContent(view, f);
  const out: string[] = [`## ${s.title}`, ''];
  const rows = (heading: string, list: readonly Row[]): void => {
    out.push('', `### ${heading}`, '');
    for (const r of list) out.push(`- ${r.label}: ${escapeMarkdown(r.value)}${r.hint ? ` (${escapeMarkdown(r.hint)})` : ''}`);
  };

  if (!c.hasData) {
    out.push(c.notice?.title ?? (c.status === 'loading' ? s.loading : s.errorTitle));
  } else {
    const h = c.headline;
    out.push(`**${s.spendableBalance}: ${h.balance}** (${h.unknown ? h.note : h.binding})`);
    if (h.low) out.push('', `> ${h.note}`);
    if ('rows' in c.account) rows(s.accountHeading, c.account.rows);
    else out.push('', `### ${s.accountHeading}`, '', `${c.account.reason} ${s.managementKeyExplain}`);
    rows(s.keyHeading, c.key);
    rows(s.usageHeading, c.usage);
    rows(s.burnHeading, c.burn);
    out.push(`- ${c.forecast.text}`);
  }

  out.push('');
  let footer = c.updated ? f.t('lastUpdated', c.updated.at) : s.notUpdated;
  if (c.stale) footer += ` (${s.stale})`;
  out.push(`_${footer}_`);
  if (c.error) out.push('', `> ${escapeMarkdown(c.error)}`);
  return out.join('\n') + '\n';
}
