// The accounts (issue 12) on the details page: the switcher's rows, each
// account's kind and balance in words, and the notice for a workspace that
// names a missing account. No `vscode` import, no DOM.

import type { AccountKind } from '../../accounts/accounts';
import { COMMANDS } from '../../commands';
import type { Formatter } from '../../text/format';
import { canAct, commandContext } from '../context';
import type { AccountRow, View } from '../view';
import type { AccountLine, AccountsPart, DetailsContent } from '../details';

/** An account's kind in words. */
export function kindText(kind: AccountKind, f: Formatter): string {
  const { s } = f;
  switch (kind) {
    case 'management': return s.kindManagement;
    case 'limited': return s.kindLimited;
    case 'unlimited': return s.kindUnlimited;
    default: return s.kindUnknown;
  }
}

/** An account's balance in words: the amount, else why there is none (never $0 for unknown). */
export function accountBalanceText(r: Pick<AccountRow, 'spendable' | 'status'>, f: Formatter): string {
  const { s } = f;
  if (r.spendable !== undefined) return f.usd(r.spendable);
  if (r.status === 'invalidKey') return s.invalidKeyTitle;
  if (r.status === 'loading') return s.loading;
  return s.balanceUnknown;
}

export { canSetLimits } from '../context';

/** The switcher: every account, formatted, with the pin explained; none without a row. */
export function accountsPart(v: Pick<View, 'accounts'>, f: Formatter): AccountsPart | undefined {
  const a = v.accounts;
  if (!a?.rows.length) return undefined;
  const rows = a.rows.map((r): AccountLine => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    kindText: kindText(r.kind, f),
    balance: accountBalanceText(r, f),
    today: f.usd(r.today),
    stale: r.stale,
    shown: r.shown,
    active: r.active,
    showLabel: f.t('accountShow', r.name),
  }));
  const shown = a.rows.find(r => r.shown);
  const part: AccountsPart = { rows, pinned: a.pinned, pinText: a.pinned && shown ? f.t('accountPinned', shown.name) : '', totalNote: '' };
  if (rows.length >= 2) {
    part.total = f.usd(a.total);
    const uncounted = a.rows.filter(r => r.spendable === undefined).length;
    if (uncounted && a.total !== undefined) part.totalNote = f.t('accountsUncounted', f.count(uncounted));
  }
  return part;
}

/** The workspace names an account that does not exist: say which, and offer to add it (or to pick another when Switch Account can act). */
export function unknownAccountNotice(v: Pick<View, 'accounts' | 'status' | 'snapshot' | 'refreshing'>, f: Formatter): NonNullable<DetailsContent['notice']> {
  const name = v.accounts?.unknownName ?? '';
  return {
    title: f.t('unknownAccountTitle', name),
    text: f.t('unknownAccountExplain', name),
    command: 'addApiKey',
    ...(canAct(COMMANDS.switchAccount, commandContext(v)) ? { more: ['switchAccountPick' as const] } : {}),
  };
}
