// A management key whose /credits failed is not told to add a management key
// (issue 21, item 14): the tooltip, the page and the summary say the account
// balance could not be read, and show the last good account figures, with
// their time, when there are any.
import * as assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/money/model';
import { withLastAccount } from '../../src/core/refresh/sharedState';
import { DEFAULT_STRINGS } from '../../src/core/text/strings';
import type { CreditSnapshot, KeyInfo } from '../../src/core/types';
import { detailsContent } from '../../src/core/view/details';
import { tooltipMarkdown } from '../../src/core/view/presentation';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';
import { EN, l10nEN, viewOf } from './helpers/view';

const NOW = Date.UTC(2026, 10, 25, 12);
const MIN = 60_000;
const ADD = /add a management key/i;
const COULD_NOT = 'unknown: the account balance could not be read';

/** A snapshot whose /credits failed this time (accountStatus 'error'), as the client builds it. */
const failed = (key: Partial<KeyInfo>): CreditSnapshot => ({ ...buildSnapshot(keyInfo(key), undefined, 'error', NOW), accountError: { kind: 'serviceError', status: 500 } });
const view = (s: CreditSnapshot) => viewOf(s, { now: NOW + MIN, stale: true, status: 'error', error: { kind: 'serviceError', message: 'OpenRouter answered 500.' } });
const page = (s: CreditSnapshot) => renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: view(s) });
const hidden = (el: Element | null): boolean => { for (let e = el; e; e = e.parentElement) if ((e as HTMLElement).hidden) return true; return false; };

describe('a balance unknown because /credits failed', () => {
  it('a management key without earlier account figures: "could not be read", never "add a management key"', () => {
    const s = failed({ isManagementKey: true });
    assert.equal(s.spendable, undefined);
    const tip = tooltipMarkdown(view(s), l10nEN, EN);
    assert.ok(tip.includes(`| Spendable | ${COULD_NOT} |`), tip);
    assert.doesNotMatch(tip, ADD);
    const c = detailsContent(view(s), EN);
    assert.deepEqual(c.account, { reason: DEFAULT_STRINGS.accountError, addManagementKey: false });
    assert.doesNotMatch(buildMarkdownSummary(view(s), EN), ADD);
    const p = page(s);
    assert.equal(p.text('account-reason'), DEFAULT_STRINGS.accountError);
    const button = Array.from(p.document.querySelectorAll('#account-missing button')).find(b => b.textContent === DEFAULT_STRINGS.addManagementKey);
    assert.ok(button && hidden(button), 'the Add a management key button is hidden');
  });

  it('a normal key that cannot read the account is still told what would show it', () => {
    const s = buildSnapshot(keyInfo({}), undefined, 'forbidden', NOW);
    assert.match(tooltipMarkdown(viewOf(s), l10nEN, EN), /\| Spendable \| unknown: add a management key to see the account balance \|/);
    const c = detailsContent(viewOf(s), EN);
    assert.ok('reason' in c.account && c.account.addManagementKey);
    assert.match(buildMarkdownSummary(viewOf(s), EN), new RegExp(DEFAULT_STRINGS.managementKeyExplain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const button = Array.from(renderPage({ strings: DEFAULT_STRINGS, locale: 'en-US', view: viewOf(s) }).document.querySelectorAll('#account-missing button'))
      .find(b => b.textContent === DEFAULT_STRINGS.addManagementKey);
    assert.ok(button && !hidden(button));
    // A normal key whose /credits failed this time could not read it either.
    assert.ok(tooltipMarkdown(view(failed({})), l10nEN, EN).includes(`| Spendable | ${COULD_NOT} |`));
  });

  it('with earlier account figures: the last good balance, said to be from then, on the tooltip and the page', () => {
    const before = buildSnapshot(keyInfo({ isManagementKey: true }), { totalCredits: 25, totalUsage: 8.45 }, 'known', NOW - 30 * MIN);
    const s = withLastAccount(failed({ isManagementKey: true }), before);
    assert.equal(s.spendable, 16.55);
    const tip = tooltipMarkdown(view(s), l10nEN, EN);
    assert.match(tip, /\| Spendable \| \*\*\$16\.55\*\* \(account balance\) \|/);
    assert.match(tip, /Account figures from 31 minutes ago: the account balance could not be read this time\./);
    assert.doesNotMatch(tip, ADD);
    const c = detailsContent(view(s), EN);
    assert.ok('rows' in c.account, 'the last good figures are shown');
    const asOf = c.account.rows.find(r => r.id === 'account-as-of');
    assert.deepEqual(asOf, { id: 'account-as-of', label: DEFAULT_STRINGS.accountAsOf, value: EN.dateTime(NOW - 30 * MIN), warn: true, hint: DEFAULT_STRINGS.accountError });
    assert.equal(c.account.rows.find(r => r.id === 'account-remaining')?.value, '$16.55');
    assert.equal(page(s).text('account-as-of'), EN.dateTime(NOW - 30 * MIN));
  });
});
