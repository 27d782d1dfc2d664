import * as assert from 'node:assert/strict';
import { alertText } from '../../src/core/alerts/alertText';
import { dailyReportText } from '../../src/core/alerts/report';
import { ALERT_KINDS, type Alert } from '../../src/core/alerts/thresholds';
import { EN, l10nEN, viewOf } from './helpers/view';
import { assertInert } from './helpers/inert';

const HOSTILE = '[Update](command:workbench.action.quit)';
const NOV_26 = Date.UTC(2026, 10, 26, 12);

describe('core/alerts/alertText: what a threshold warning says', () => {
  it('names the account, and a hostile account name (from a workspace setting) becomes no link', () => {
    const low: Alert = { kind: 'lowCredit', value: 4.2, threshold: 5 };
    assert.equal(alertText(low, {}, l10nEN, EN), 'OpenRouter credit is low: $4.20 left');
    assert.equal(alertText(low, { account: 'Work' }, l10nEN, EN), 'Work: OpenRouter credit is low: $4.20 left');
    const named = alertText(low, { account: HOSTILE }, l10nEN, EN)!;
    assert.equal(named, '[Update] (command:workbench.action.quit): OpenRouter credit is low: $4.20 left');
    assertInert(named);
  });

  it('every kind of warning, named after a hostile account, is inert', () => {
    const view = { ...viewOf(undefined), now: NOV_26, breakdown: { daily: [{ day: '2026-11-25', total: 3.2, byModel: [{ model: '$(zap)[x](https://evil.example)', spend: 2 }] }] } };
    for (const kind of ALERT_KINDS) {
      for (const out of [undefined, { what: 'key' as const, limit: 10 }]) {
        const text = alertText({ kind, value: 12, threshold: 10 }, { account: HOSTILE, view, out }, l10nEN, EN);
        assert.ok(text, kind);
        assert.ok(text.startsWith('[Update] (command:'), text);
        assertInert(text, kind);
      }
    }
  });

  it('the budgets, the key limit that ran out and the daily report read as before', () => {
    assert.equal(alertText({ kind: 'budgetMonth', value: 8, threshold: 10 }, {}, l10nEN, EN), 'OpenRouter spend this month: $8.00 of your $10.00 budget (80.0%)');
    assert.equal(alertText({ kind: 'outOfCredits', value: 0, threshold: 0 }, { out: { what: 'key', limit: 10 } }, l10nEN, EN), "This key's $10.00 limit is used up; raise it on the keys page.");
    assert.equal(alertText({ kind: 'dailyReport', value: 0, threshold: 0 }, {}, l10nEN, EN), undefined, 'no report without a view');
  });

  it("the daily report's top model (server text) becomes no link or icon", () => {
    const text = dailyReportText({ day: '2026-11-25', spend: 3.2, topModel: { model: '[Top up](https://evil.example)$(zap)', spend: 2 } }, l10nEN, EN);
    assertInert(text);
    assert.match(text, /top model \[Top up\] \(https:\/\/evil\.example\)\$ \(zap\)/);
  });
});
