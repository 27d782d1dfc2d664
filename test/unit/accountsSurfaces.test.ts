// Issue 12, several accounts, on every surface: the status bar names the shown
// account (or the sum over all of them, format `total`), a workspace that names
// a missing account shows that and no figures, the tooltip lists the accounts,
// the page has a switcher and Set Limit…, the summary an Accounts table. Names
// are user text: escaped in Markdown, text only on the page.
import * as assert from 'node:assert/strict';
import { ENV_ACCOUNT_ID } from '../../src/core/accounts/accounts';
import { detailsContent } from '../../src/core/view/details';
import { accountsPart, canSetLimits } from '../../src/core/view/details/accounts';
import { buildSnapshot } from '../../src/core/money/model';
import { STATUS_NAME_CHARS, TOOLTIP_COMMANDS, statusPresentation, statusText } from '../../src/core/view/presentation';
import { DEFAULT_SETTINGS, type StatusBarFormat } from '../../src/core/settings';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import type { AccountKey, CreditSnapshot, KeyInfo } from '../../src/core/types';
import { accountsTotal, buildView, type AccountRow, type AccountsView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN } from './helpers/view';

const NOW = Date.UTC(2026, 10, 26, 12);
const MINUTE = 60_000;
const WORK = '0123456789abcdef';
const HOME = 'fedcba9876543210';
const HOSTILE = '*Evil* [x](https://evil.example) <img src=x onerror=alert(1)> $(zap)';

const row = (o: Partial<AccountRow> & Pick<AccountRow, 'id' | 'name'>): AccountRow => ({
  kind: 'management', status: 'ok', stale: false, shown: false, active: false, ...o,
});

const accountKey = (o: Partial<AccountKey>): AccountKey => ({
  id: 'id', name: 'k', label: 'sk-or-v1-abc...1234', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...o,
});
const KEYS = [
  accountKey({ id: 'c0ffee0000000001', name: 'CI bot', usageMonthly: 3 }),
  accountKey({ id: 'not-a-page-id', name: 'Odd', usageMonthly: 1 }),
];

const mgmt = (o: Partial<KeyInfo> = {}) => buildSnapshot(keyInfo({ label: 'Work key', isManagementKey: true, ...o }), { totalCredits: 20, totalUsage: 7.6 }, 'known', NOW - MINUTE);
const limited = () => buildSnapshot(keyInfo({ label: 'Home key', limit: 50, limitRemaining: 44.9 }), undefined, 'forbidden', NOW - MINUTE);

/** Two accounts: Work (management, $12.40, shown and active) and Home (limited, $44.90). */
function twoAccounts(o: Partial<AccountsView> = {}): AccountsView {
  return {
    rows: [
      row({ id: WORK, name: 'Work', spendable: 12.4, today: 1.25, shown: true, active: true, fetchedAt: NOW - MINUTE }),
      row({ id: HOME, name: 'Home', kind: 'limited', spendable: 44.9, today: 0 }),
    ],
    pinned: false,
    total: 57.3,
    ...o,
  };
}

function view(snapshot: CreditSnapshot | undefined, accounts: AccountsView | undefined, o: { format?: StatusBarFormat; unknownAccount?: string; keys?: AccountKey[] } = {}): View {
  const v = buildView({
    snapshot, keySource: 'secret', points: [], breakdown: o.keys ? { keys: o.keys, keysAt: NOW - MINUTE } : undefined,
    settings: { ...DEFAULT_SETTINGS, statusBarFormat: o.format ?? 'remaining' }, focused: true, isPoller: true, now: NOW,
    unknownAccount: o.unknownAccount,
  }, l10nEN);
  return accounts ? { ...v, accounts } : v;
}

const present = (v: View) => statusPresentation(v, l10nEN, EN);
const page = (v: View) => renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: v });
const hidden = (el: Element | null) => (el as HTMLElement | null)?.hidden;
/** The page's messages, out of its realm (vm context) into this one. */
const posted = (p: { posted: unknown[] }) => JSON.parse(JSON.stringify(p.posted)) as unknown[];

describe('accounts on every surface', () => {
  describe('accountsTotal', () => {
    it('sums the known balances and counts the unknown ones', () => {
      assert.deepEqual(accountsTotal([{ id: WORK, spendable: 12.4 }, { id: HOME, spendable: 44.9 }, { id: ENV_ACCOUNT_ID }]), { total: 57.3, counted: 2, unknown: 1 });
    });

    it('has no total when no balance is known, and $0 only when known', () => {
      assert.deepEqual(accountsTotal([{ id: WORK }, { id: HOME }]), { total: undefined, counted: 0, unknown: 2 });
      assert.deepEqual(accountsTotal([]), { total: undefined, counted: 0, unknown: 0 });
      assert.deepEqual(accountsTotal([{ id: WORK, spendable: 0 }]), { total: 0, counted: 1, unknown: 0 });
    });

    it('counts one OpenRouter account once: a row that shows the same balance as another is left out', () => {
      assert.deepEqual(accountsTotal([{ id: WORK, spendable: 12.4 }, { id: HOME, spendable: 12.4 }], new Map([[HOME, WORK]])), { total: 12.4, counted: 1, unknown: 0 });
    });
  });

  describe('the status bar', () => {
    it('is unchanged with no list or one account', () => {
      assert.equal(present(view(mgmt(), undefined)).text, '$(credit-card) $12.40');
      const one = present(view(mgmt(), { rows: [row({ id: WORK, name: 'Work', spendable: 12.4, shown: true, active: true })], pinned: false, total: 12.4 }));
      assert.equal(one.text, '$(credit-card) $12.40');
      assert.doesNotMatch(one.tooltip, /Switch Account|Accounts/);
    });

    it('names the shown account before the figure when there are several, keeping the icon logic', () => {
      const p = present(view(mgmt(), twoAccounts()));
      assert.equal(p.text, '$(credit-card) Work $12.40');
      assert.equal(p.background, 'none');
      assert.equal(p.command, 'openrouterCredits.checkCredits');
      assert.match(p.accessibilityLabel, /\$12\.40 left\. Account: Work$/);
      const today = present(view(mgmt(), twoAccounts(), { format: 'usageToday' }));
      assert.match(today.text, /^\$\(credit-card\) Work .+ today$/);
      const stale = present({ ...view(mgmt(), twoAccounts()), stale: true });
      assert.equal(stale.text, '$(cloud-offline) Work $12.40');
    });

    it('escapes icon syntax in a name and cuts a long one', () => {
      assert.equal(statusText('$(zap) Work'), '\\$(zap) Work');
      const long = 'A very long account name indeed, longer than the bar';
      const cut = statusText(long);
      assert.equal([...cut].length <= STATUS_NAME_CHARS, true);
      assert.match(cut, /^A very long account…$/);
      const rows = twoAccounts().rows.map(r => (r.shown ? { ...r, name: '$(zap) Boss' } : r));
      assert.equal(present(view(mgmt(), { ...twoAccounts(), rows })).text, '$(credit-card) \\$(zap) Boss $12.40');
    });

    it('format total: the sum over the accounts, else the usual figure', () => {
      const p = present(view(mgmt(), twoAccounts(), { format: 'total' }));
      assert.equal(p.text, '$(credit-card) $57.30 total');
      assert.match(p.accessibilityLabel, /^OpenRouter Credits: \$57\.30 left across 2 accounts\. Account: Work$/);
      // Fewer than two accounts, or no balance known: the shown account's balance.
      assert.equal(present(view(mgmt(), undefined, { format: 'total' })).text, '$(credit-card) $12.40');
      const one: AccountsView = { rows: [row({ id: WORK, name: 'Work', spendable: 12.4, shown: true })], pinned: false, total: 12.4 };
      assert.equal(present(view(mgmt(), one, { format: 'total' })).text, '$(credit-card) $12.40');
      assert.equal(present(view(mgmt(), twoAccounts({ total: undefined }), { format: 'total' })).text, '$(credit-card) Work $12.40');
    });

    it("a workspace that names a missing account: a warning, no figures, Switch Account on click", () => {
      const v = view(mgmt(), twoAccounts({ pinned: true, unknownName: 'Client', rows: twoAccounts().rows.map(r => ({ ...r, shown: false })) }), { unknownAccount: 'Client' });
      assert.equal(v.status, 'unknownAccount');
      assert.equal(v.snapshot, undefined);
      const p = present(v);
      assert.equal(p.text, '$(warning) No account “Client”');
      assert.equal(p.background, 'warning');
      assert.equal(p.command, 'openrouterCredits.switchAccount');
      assert.match(p.accessibilityLabel, /names the account “Client”, which does not exist/);
      assert.match(p.tooltip, /setting names “Client”, but no account has that name/);
      assert.match(p.tooltip, /^\| Work \| Management key \| \$12\.40 \|$/m);
      assert.match(p.tooltip, /\[\$\(arrow-swap\) Switch Account\]\(command:openrouterCredits\.switchAccount\)/);
      assert.match(p.tooltip, /\[\$\(add\) Add API Key\]\(command:openrouterCredits\.addApiKey\)/);
      assert.doesNotMatch(p.tooltip, /\$12\.40 \(|Spendable|Updated/, 'no figures of the shown kind');
      // The name is escaped in the tooltip and kept from drawing icons in the bar.
      const hostile = present(view(undefined, { rows: [], pinned: true, unknownName: HOSTILE }, { unknownAccount: HOSTILE }));
      assert.equal(hostile.text, '$(warning) No account “*Evil* [x](https://…”', 'plain text (no Markdown in the bar), cut');
      assert.ok(!hostile.tooltip.includes('[x](https://evil.example)'));
      assert.doesNotMatch(hostile.tooltip, /(?<!\\)<img/);
      assert.equal(present(view(undefined, { rows: [], pinned: true, unknownName: '$(zap)' }, { unknownAccount: '$(zap)' })).text, '$(warning) No account “\\$(zap)”');
    });

    it('the tooltip lists every account: the shown one bold, kinds, balances, the total, Switch Account and Add API Key', () => {
      const rows = [
        ...twoAccounts().rows,
        row({ id: 'aaaaaaaaaaaaaaaa', name: 'Team', kind: 'unlimited', stale: true, spendable: 3 }),
        row({ id: ENV_ACCOUNT_ID, name: 'OPENROUTER_API_KEY', kind: 'unknown', status: 'error' }),
        row({ id: 'bbbbbbbbbbbbbbbb', name: 'Old', kind: 'limited', status: 'invalidKey' }),
      ];
      const t = present(view(mgmt(), { rows, pinned: false, total: 60.3 })).tooltip;
      assert.match(t, /^\*\*OpenRouter Credits\*\* · Work$/m);
      assert.match(t, /^\*\*Accounts\*\*$/m);
      assert.match(t, /^\| \*\*Work\*\* \| Management key \| \$12\.40 \|$/m);
      assert.match(t, /^\| Home \| Limited key \| \$44\.90 \|$/m);
      assert.match(t, /^\| Team \| Key without limit \| \$\(warning\) \$3\.00 _\(out of date\)_ \|$/m);
      assert.match(t, /^\| OPENROUTER\\_API\\_KEY \| Unknown \| Balance unknown \|$/m);
      assert.match(t, /^\| Old \| Limited key \| API key rejected \|$/m);
      assert.match(t, /^\| All accounts \| \| \*\*\$60\.30\*\* _\(2 without a known balance not counted\)_ \|$/m);
      assert.doesNotMatch(t, /Pinned/);
      for (const c of ['openrouterCredits.switchAccount', 'openrouterCredits.addApiKey']) {
        assert.ok(t.includes(`(command:${c})`), c);
        assert.ok((TOOLTIP_COMMANDS as readonly string[]).includes(c), `${c} is trusted`);
      }
      // Every command link of the tooltip is a trusted one.
      for (const m of t.matchAll(/\(command:([\w.]+)/g)) assert.ok((TOOLTIP_COMMANDS as readonly string[]).includes(m[1]), m[1]);
    });

    it('the tooltip says when the workspace pins the account, and escapes names', () => {
      const rows = twoAccounts().rows.map(r => (r.shown ? { ...r, name: HOSTILE } : r));
      const t = present(view(mgmt(), { rows, pinned: true, total: 57.3 })).tooltip;
      assert.match(t, /_Pinned by this workspace_/);
      assert.ok(!t.includes('[x](https://evil.example)'), 'no live link from a name');
      assert.doesNotMatch(t, /(?<!\\)<img/, 'no HTML from a name');
      assert.ok(!t.includes('*Evil*'), 'no emphasis from a name');
      assert.match(t, /^\| \*\*\\\*Evil\\\* \\\[x\\\]/m);
    });
  });

  describe('the page content', () => {
    it('an accounts part with one row or more, none without', () => {
      assert.equal(detailsContent(view(mgmt(), undefined), EN).accounts, undefined);
      assert.equal(detailsContent(view(mgmt(), { rows: [], pinned: false }), EN).accounts, undefined);
      const one = detailsContent(view(mgmt(), { rows: [row({ id: WORK, name: 'Work', spendable: 12.4, shown: true, active: true })], pinned: false, total: 12.4 }), EN).accounts;
      assert.deepEqual(one, {
        rows: [{ id: WORK, name: 'Work', kind: 'management', kindText: 'Management key', balance: '$12.40', today: '—', stale: false, shown: true, active: true, showLabel: 'Show Work in this window' }],
        pinned: false, pinText: '', totalNote: '',
      });
    });

    it('formats each account and the total; explains a pin', () => {
      const a = accountsPart({ accounts: twoAccounts({ pinned: true }) }, EN)!;
      assert.deepEqual(a.rows.map(r => [r.name, r.kindText, r.balance, r.today, r.shown, r.active]), [
        ['Work', 'Management key', '$12.40', '$1.25', true, true],
        ['Home', 'Limited key', '$44.90', '$0.00', false, false],
      ]);
      assert.equal(a.pinned, true);
      assert.equal(a.pinText, 'This workspace shows Work (openrouterCredits.account)');
      assert.equal(a.total, '$57.30');
      const unknown = accountsPart({ accounts: { rows: [...twoAccounts().rows, row({ id: ENV_ACCOUNT_ID, name: 'Env', kind: 'unknown' })], pinned: false, total: 57.3 } }, EN)!;
      assert.equal(unknown.rows[2].balance, 'Balance unknown', 'never $0 for unknown');
      assert.equal(unknown.totalNote, '1 without a known balance not counted');
      assert.equal(accountsPart({ accounts: twoAccounts({ total: undefined }) }, EN)!.total, '—');
    });

    it("a workspace that names a missing account: a notice naming it, Add API Key, and Switch Account when there are accounts", () => {
      const c = detailsContent(view(undefined, twoAccounts({ pinned: true, unknownName: 'Client' }), { unknownAccount: 'Client' }), EN);
      assert.equal(c.status, 'unknownAccount');
      assert.equal(c.hasData, false);
      assert.deepEqual(c.notice, {
        title: 'No account named “Client”',
        text: "This workspace's openrouterCredits.account setting names “Client”, but no stored API key has that name, so no figures are shown. Add an API key with that name, or change the setting.",
        command: 'addApiKey',
        more: ['switchAccountPick'],
      });
      const none = detailsContent(view(undefined, { rows: [], pinned: true, unknownName: 'Client' }, { unknownAccount: 'Client' }), EN);
      assert.equal(none.notice?.command, 'addApiKey');
      assert.equal(none.notice?.more, undefined);
    });

    it('Set Limit… on the by-key rows of a management key, for ids the page may send', () => {
      const c = detailsContent(view(mgmt(), twoAccounts(), { keys: KEYS }), EN);
      assert.deepEqual(c.byKey?.rows.map(k => [k.name, k.canSetLimit]), [['CI bot', true], ['Odd', false]]);
      assert.equal(canSetLimits({ status: 'ok', snapshot: mgmt() }), true);
      assert.equal(canSetLimits({ status: 'ok', snapshot: limited() }), false, 'a normal key cannot');
      assert.equal(canSetLimits({ status: 'unknownAccount', snapshot: mgmt() }), false);
      assert.equal(canSetLimits({ status: 'ok', snapshot: undefined }), false);
    });
  });

  describe('the summary', () => {
    it('has an Accounts table with two or more accounts, escaped', () => {
      const rows = twoAccounts().rows.map(r => (r.shown ? r : { ...r, name: HOSTILE, stale: true }));
      const md = buildMarkdownSummary(view(mgmt(), { rows, pinned: true, total: 57.3 }), EN);
      assert.match(md, /^### Accounts$/m);
      assert.match(md, /^_This workspace shows Work \(openrouterCredits\.account\)_$/m);
      assert.match(md, /^\| Account \| Kind \| Balance \| Today \|$/m);
      assert.match(md, /^\| Work \(shown here\) \| Management key \| \$12\.40 \| \$1\.25 \|$/m);
      assert.match(md, /^\| \\\*Evil\\\* \\\[x\\\]\(https:\/\/evil\.example\) \\<img src=x onerror=alert\(1\)\\> \\\$\(zap\) \| Limited key \| \$44\.90 \(out of date\) \| \$0\.00 \|$/m);
      assert.match(md, /^\| All accounts \| {2}\| \$57\.30 \| {2}\|$/m);
      // Before the figures, so they read as the shown account's.
      assert.ok(md.indexOf('### Accounts') < md.indexOf('### Account\n'));
    });

    it('has none with one account, and names the missing account', () => {
      const one = buildMarkdownSummary(view(mgmt(), { rows: [row({ id: WORK, name: 'Work', spendable: 12.4, shown: true })], pinned: false }), EN);
      assert.doesNotMatch(one, /### Accounts/);
      const missing = buildMarkdownSummary(view(undefined, twoAccounts({ pinned: true, unknownName: 'Client' }), { unknownAccount: 'Client' }), EN);
      assert.match(missing, /^No account named “Client”$/m);
      assert.match(missing, /^### Accounts$/m);
    });
  });

  describe('the page', () => {
    it('shows a switcher: every account as a button, the shown one current; another one switches', () => {
      const p = page(view(mgmt(), twoAccounts()));
      assert.equal(hidden(p.document.getElementById('accounts')), false);
      assert.equal(p.document.getElementById('account-list')?.getAttribute('aria-label'), 'Account to show in this window');
      const buttons = Array.from(p.document.querySelectorAll('#account-list button'));
      assert.deepEqual(buttons.map(b => b.getAttribute('data-account-id')), [WORK, HOME]);
      assert.deepEqual(buttons.map(b => b.getAttribute('aria-current')), ['true', null]);
      assert.deepEqual(buttons.map(b => b.hasAttribute('disabled')), [false, false]);
      assert.equal(buttons[1].querySelector('.account-name')?.textContent, 'Home');
      assert.equal(buttons[1].querySelector('.account-kind')?.textContent, 'Limited key');
      assert.equal(buttons[1].querySelector('.account-balance')?.textContent, '$44.90');
      assert.equal(buttons[1].getAttribute('title'), 'Show Home in this window');
      assert.equal(p.text('accounts-total'), 'All accounts: $57.30');
      assert.equal(hidden(p.document.getElementById('accounts-pin')), true);
      p.posted.length = 0;
      p.click(buttons[1].querySelector('.account-balance')!);
      assert.deepEqual(posted(p), [{ type: 'switchAccount', accountId: HOME }]);
      p.click(buttons[0]);
      assert.equal(p.posted.length, 1, 'the shown one sends nothing');
    });

    it('is off when the workspace pins the account, and says why', () => {
      const p = page(view(mgmt(), twoAccounts({ pinned: true })));
      assert.equal(p.text('accounts-pin'), 'This workspace shows Work (openrouterCredits.account)');
      assert.equal(p.document.getElementById('account-list')?.getAttribute('aria-describedby'), 'accounts-pin');
      const buttons = Array.from(p.document.querySelectorAll('#account-list button'));
      assert.ok(buttons.every(b => b.hasAttribute('disabled')));
      p.posted.length = 0;
      p.click(buttons[1]);
      assert.deepEqual(posted(p), []);
    });

    it('Add API Key and Set Limit… send their messages; no key reaches the page', () => {
      const p = page(view(mgmt(), twoAccounts(), { keys: KEYS }));
      p.posted.length = 0;
      p.click(p.document.querySelector('#accounts button[data-command="addApiKey"]')!);
      assert.deepEqual(posted(p), [{ type: 'command', command: 'addApiKey' }]);
      const setLimit = Array.from(p.document.querySelectorAll('#by-key-rows button[data-set-limit]'));
      assert.equal(setLimit.length, 1, 'only for an id the host accepts');
      assert.equal(setLimit[0].textContent, 'Set Limit…');
      assert.equal(setLimit[0].getAttribute('aria-label'), 'Set the limit of CI bot…');
      p.posted.length = 0;
      p.click(setLimit[0]);
      assert.deepEqual(posted(p), [{ type: 'setLimit', keyId: 'c0ffee0000000001' }]);
      assert.equal(hidden(p.document.querySelector('#by-key-table th.actions')), false);
      assert.ok(!p.document.getElementById('app')!.innerHTML.includes('sk-or-'), 'no key on the page');
    });

    it('no Set Limit… for a normal key, and no switcher without the list', () => {
      const p = page(view(limited(), undefined));
      assert.equal(hidden(p.document.getElementById('accounts')), true);
      assert.equal(p.document.querySelectorAll('button[data-set-limit]').length, 0);
    });

    it('shows names as text only', () => {
      const rows = twoAccounts().rows.map(r => (r.shown ? r : { ...r, name: HOSTILE }));
      const p = page(view(mgmt(), { rows, pinned: false, total: 57.3 }));
      assert.equal(p.document.querySelectorAll('#accounts img').length, 0);
      assert.equal(p.document.querySelectorAll('#account-list .account-name')[1].textContent, HOSTILE);
    });

    it("a workspace that names a missing account: the notice with its buttons, the switcher, no figures", () => {
      const p = page(view(undefined, twoAccounts({ pinned: true, unknownName: 'Client', rows: twoAccounts().rows.map(r => ({ ...r, shown: false })) }), { unknownAccount: 'Client' }));
      assert.equal(hidden(p.document.getElementById('notice')), false);
      assert.equal(p.text('notice-title'), 'No account named “Client”');
      assert.match(p.text('notice-text'), /names “Client”/);
      const commands = Array.from(p.document.querySelectorAll('#notice-actions button')).map(b => b.getAttribute('data-command'));
      assert.deepEqual(commands, ['addApiKey', 'switchAccountPick']);
      assert.equal(hidden(p.document.getElementById('data')), true);
      assert.equal(hidden(p.document.getElementById('accounts')), false);
      assert.equal(p.document.getElementById('app')?.getAttribute('data-status'), 'unknownAccount');
      p.posted.length = 0;
      p.click(p.document.querySelector('#notice-actions button[data-command="switchAccountPick"]')!);
      assert.deepEqual(posted(p), [{ type: 'command', command: 'switchAccountPick' }]);
    });
  });
});
