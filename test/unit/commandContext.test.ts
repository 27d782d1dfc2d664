// Issue 22, commands where they can act: the context keys computed from the
// view, the rule of each command over them, and the status bar's tooltip and
// the details page, which show a command's link or button by the same rule.
import * as assert from 'node:assert/strict';
import { ENV_ACCOUNT_ID } from '../../src/core/accounts/accounts';
import { COMMANDS, type CommandId } from '../../src/core/commands';
import { buildSnapshot } from '../../src/core/money/model';
import { PAGE_ENV_ACCOUNT_ID } from '../../src/core/protocol';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import {
  canAct, canPress, changedContextKeys, commandContext, COMMAND_RULES, CONTEXT_KEYS, whenClause, type CommandContext,
} from '../../src/core/view/context';
import { detailsContent } from '../../src/core/view/details';
import { statusPresentation, TOOLTIP_COMMANDS } from '../../src/core/view/presentation';
import type { AccountRow, AccountsView, View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN, viewOf } from './helpers/view';

const NOW = Date.UTC(2026, 11, 3, 12);
const WORK = '0123456789abcdef';
const HOME = 'fedcba9876543210';

const row = (o: Partial<AccountRow> & Pick<AccountRow, 'id' | 'name'>): AccountRow => ({
  kind: 'management', status: 'ok', stale: false, shown: false, active: false, ...o,
});
const mgmt = () => buildSnapshot(keyInfo({ label: 'Work key', isManagementKey: true }), { totalCredits: 20, totalUsage: 7.6 }, 'known', NOW - 60_000);
const limited = () => buildSnapshot(keyInfo({ label: 'Home key', limit: 50, limitRemaining: 44.9 }), undefined, 'forbidden', NOW - 60_000);
const accounts = (rows: AccountRow[], o: Partial<AccountsView> = {}): AccountsView => ({ rows, pinned: false, ...o });

/** The window before any account: nothing stored, no OPENROUTER_API_KEY. */
const none = (): View => ({ ...viewOf(undefined), accounts: accounts([]) });
const oneManagement = (): View => ({ ...viewOf(mgmt()), accounts: accounts([row({ id: WORK, name: 'Work', shown: true, active: true })]) });
const oneLimited = (): View => ({ ...viewOf(limited()), accounts: accounts([row({ id: HOME, name: 'Home', kind: 'limited', shown: true, active: true })]) });
const envOnly = (): View => ({ ...viewOf(limited(), { keySource: 'env' }), accounts: accounts([row({ id: ENV_ACCOUNT_ID, name: 'OPENROUTER_API_KEY', kind: 'limited', shown: true, active: true })]) });
const two = (o: Partial<AccountsView> = {}): View => ({
  ...viewOf(mgmt()),
  accounts: accounts([row({ id: WORK, name: 'Work', shown: true, active: true }), row({ id: HOME, name: 'Home', kind: 'limited' })], o),
});
/** The workspace names an account that is not there; `rows` stored accounts exist. */
const missing = (rows: AccountRow[]): View => ({
  ...viewOf(undefined, { status: 'unknownAccount' }),
  accounts: accounts(rows, { pinned: true, unknownName: 'Client' }),
});

const ALL_FALSE: CommandContext = { hasAccount: false, storedAccount: false, severalAccounts: false, managementKey: false, pinned: false, refreshing: false };

/** The commands the tooltip links to. */
const tooltipCommands = (v: View) => [...statusPresentation(v, l10nEN, EN).tooltip.matchAll(/\(command:([\w.]+)/g)].map(m => m[1]);

describe('commands where they can act (issue 22)', () => {
  describe('the context keys', () => {
    it('are all false in a window with no account, and before the list of accounts was read', () => {
      assert.deepEqual(commandContext(none()), ALL_FALSE);
      assert.deepEqual(commandContext(viewOf(undefined)), ALL_FALSE);
    });

    it('the OPENROUTER_API_KEY fallback row without a key in the environment is no account to act on', () => {
      const keyless: View = { ...viewOf(undefined), accounts: accounts([row({ id: ENV_ACCOUNT_ID, name: 'OPENROUTER_API_KEY (environment)', kind: 'unknown', status: 'noKey', shown: true, active: true })]) };
      assert.deepEqual(commandContext(keyless), ALL_FALSE);
    });

    it('one stored account: hasAccount and storedAccount; managementKey with a management key only', () => {
      assert.deepEqual(commandContext(oneManagement()), { ...ALL_FALSE, hasAccount: true, storedAccount: true, managementKey: true });
      assert.deepEqual(commandContext(oneLimited()), { ...ALL_FALSE, hasAccount: true, storedAccount: true });
    });

    it('the OPENROUTER_API_KEY fallback is an account, but not a stored one', () => {
      assert.equal(PAGE_ENV_ACCOUNT_ID, ENV_ACCOUNT_ID);
      assert.deepEqual(commandContext(envOnly()), { ...ALL_FALSE, hasAccount: true });
    });

    it('several accounts, a workspace pin, a refresh that is out', () => {
      assert.deepEqual(commandContext(two()), { ...ALL_FALSE, hasAccount: true, storedAccount: true, severalAccounts: true, managementKey: true });
      assert.equal(commandContext(two({ pinned: true })).pinned, true);
      assert.equal(commandContext({ ...oneLimited(), refreshing: true }).refreshing, true);
    });

    it('a workspace that names a missing account: pinned, no management key, whatever the others are', () => {
      const c = commandContext({ ...missing([row({ id: WORK, name: 'Work' })]), snapshot: mgmt() });
      assert.deepEqual(c, { ...ALL_FALSE, hasAccount: true, storedAccount: true, pinned: true });
    });

    it('are set all at first, then only those that changed', () => {
      const last = new Map<string, boolean>();
      const first = changedContextKeys(last, commandContext(none()));
      assert.deepEqual(first, Object.values(CONTEXT_KEYS).map(k => [k, false]));
      for (const [k, v] of first) last.set(k, v);
      assert.deepEqual(changedContextKeys(last, commandContext(none())), [], 'the same view sets nothing');
      assert.deepEqual(changedContextKeys(last, commandContext(oneManagement())), [
        ['openrouterCredits.hasAccount', true], ['openrouterCredits.storedAccount', true], ['openrouterCredits.managementKey', true],
      ]);
    });

    it('are named openrouterCredits.*, one per flag', () => {
      const keys = Object.values(CONTEXT_KEYS);
      assert.equal(new Set(keys).size, keys.length);
      for (const k of keys) assert.match(k, /^openrouterCredits\.[a-zA-Z]+$/);
    });
  });

  describe('the rules', () => {
    it('with no account, only what sets one up (and the log, Top Up, the page) can act', () => {
      const ctx = commandContext(none());
      const acting = Object.values(COMMANDS).filter(c => canAct(c, ctx)).sort();
      assert.deepEqual(acting, [COMMANDS.addApiKey, COMMANDS.checkCredits, COMMANDS.setApiKey, COMMANDS.showLog, COMMANDS.signIn, COMMANDS.topUp].sort());
    });

    it('Set Key Limit needs a management key; Switch Account another account; Rename and Remove a stored one', () => {
      const can = (v: View, c: CommandId) => canAct(c, commandContext(v));
      assert.equal(can(oneManagement(), COMMANDS.setKeyLimit), true);
      assert.equal(can(oneLimited(), COMMANDS.setKeyLimit), false);
      assert.equal(can(oneManagement(), COMMANDS.switchAccount), false);
      assert.equal(can(two(), COMMANDS.switchAccount), true);
      assert.equal(can(envOnly(), COMMANDS.refresh), true);
      assert.equal(can(envOnly(), COMMANDS.removeApiKey), false, 'the environment\'s key is not ours to remove');
      assert.equal(can(envOnly(), COMMANDS.renameAccount), false);
      assert.equal(can(oneLimited(), COMMANDS.removeApiKey), true);
    });

    it('Clear API Key (Remove API Key\'s old name) and getSnapshot never show; an unknown command cannot act', () => {
      const all: CommandContext = { hasAccount: true, storedAccount: true, severalAccounts: true, managementKey: true, pinned: true, refreshing: true };
      assert.equal(canAct(COMMANDS.clearApiKey, all), false);
      assert.equal(canAct(COMMANDS.getSnapshot, all), false);
      assert.equal(canAct('openrouterCredits.nope' as CommandId, all), false);
      assert.equal(whenClause(COMMAND_RULES.clearApiKey), 'false');
      assert.equal(whenClause(COMMAND_RULES.setKeyLimit), 'openrouterCredits.managementKey');
      assert.equal(whenClause(COMMAND_RULES.signIn), undefined);
    });
  });

  describe('the tooltip', () => {
    it('with no account: no Refresh, no Switch Account; Sign In and Set API Key', () => {
      const links = tooltipCommands(none());
      assert.deepEqual(links, [COMMANDS.checkCredits, COMMANDS.signIn, COMMANDS.setApiKey]);
    });

    it('with one account: Refresh, no Switch Account; with two: Switch Account and Add API Key', () => {
      assert.deepEqual(tooltipCommands(oneLimited()), [COMMANDS.refresh, COMMANDS.checkCredits, 'workbench.action.openSettings']);
      assert.deepEqual(tooltipCommands(two()), [COMMANDS.refresh, COMMANDS.checkCredits, COMMANDS.switchAccount, COMMANDS.addApiKey, 'workbench.action.openSettings']);
    });

    it('a missing account with one stored: Add API Key, no Switch Account (there is no other to switch to)', () => {
      const links = tooltipCommands(missing([row({ id: WORK, name: 'Work' })]));
      assert.ok(links.includes(COMMANDS.addApiKey));
      assert.ok(!links.includes(COMMANDS.switchAccount));
    });

    it('links only to commands that can act, and trusted ones, whatever the window', () => {
      for (const v of [none(), oneManagement(), oneLimited(), envOnly(), two(), two({ pinned: true }), missing([]), missing(two().accounts!.rows)]) {
        const ctx = commandContext(v);
        for (const c of tooltipCommands(v)) {
          assert.ok((TOOLTIP_COMMANDS as readonly string[]).includes(c), `${c} is trusted`);
          if (c.startsWith('openrouterCredits.')) assert.ok(canAct(c as CommandId, ctx), `${c} can act in ${v.status} with ${v.accounts?.rows.length} rows`);
        }
      }
    });
  });

  describe('the page', () => {
    it('lists in its toolbar only the buttons whose command can act', () => {
      assert.deepEqual(detailsContent(none(), EN).toolbar, ['topUp', 'setKey', 'settings']);
      assert.deepEqual(detailsContent(oneLimited(), EN).toolbar, ['refresh', 'topUp', 'setKey', 'settings', 'copySummary']);
      for (const v of [none(), oneLimited(), two(), envOnly()]) {
        const ctx = commandContext(v);
        for (const b of detailsContent(v, EN).toolbar) assert.ok(canPress(b, ctx), b);
      }
    });

    it('hides Refresh and Copy summary without an account, and shows them once there is one', () => {
      const toolbar = (v: View) => {
        const p = renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: v });
        return Array.from(p.document.querySelectorAll('.toolbar button')).filter(b => !(b as HTMLElement).hidden).map(b => b.getAttribute('data-command'));
      };
      assert.deepEqual(toolbar(none()), ['topUp', 'setKey', 'settings']);
      assert.deepEqual(toolbar(oneManagement()), ['refresh', 'topUp', 'setKey', 'settings', 'copySummary']);
    });

    it('a missing account offers Switch Account only when there is another to switch to', () => {
      assert.equal(detailsContent(missing([row({ id: WORK, name: 'Work' })]), EN).notice?.more, undefined);
      assert.deepEqual(detailsContent(missing(two().accounts!.rows), EN).notice?.more, ['switchAccountPick']);
    });
  });
});
