// One state, every surface: the status bar, its tooltip, the details page (the
// real page script, in a DOM) and the copied summary must show the same money,
// percentage and forecast text, in English and in German.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Formatter } from '../../src/core/text/format';
import { buildSnapshot } from '../../src/core/money/model';
import { statusPresentation } from '../../src/core/view/presentation';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { buildStrings, fillTemplate, type L10n } from '../../src/core/text/strings';
import { buildMarkdownSummary } from '../../src/core/view/summary';
import type { HistoryPoint } from '../../src/core/types';
import { buildView, type View } from '../../src/core/view/view';
import { keyInfo } from './helpers/keyInfo';
import { renderPage } from './helpers/page';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12);

function l10nFor(lang: 'en' | 'de'): L10n {
  const bundle: Record<string, string> = lang === 'de'
    ? JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../l10n/bundle.l10n.de.json'), 'utf8'))
    : {};
  return { t: (m, ...a) => fillTemplate(bundle[m] ?? m, ...a.map(String)) };
}

/** The reference account ($25.00 credits, $8.45 used) after a week of $1/day, read by a management key. */
function referenceView(l10n: L10n): View {
  const points: HistoryPoint[] = [];
  for (let h = 7 * 24; h >= 1; h--) {
    const usage = 8.45 - h / 24;
    points.push({ t: NOW - h * HOUR, spendable: 25 - usage, totalCredits: 25, totalUsage: usage, keyUsage: 0 });
  }
  const snapshot = buildSnapshot(keyInfo({ label: 'Management key', isManagementKey: true }), { totalCredits: 25, totalUsage: 8.45 }, 'known', NOW);
  return buildView({ snapshot, keySource: 'secret', points, settings: DEFAULT_SETTINGS, focused: true, isPoller: true, now: NOW }, l10n);
}

const CASES = [
  { lang: 'en', locale: 'en-US', balance: '$16.55', percent: '33.8%', today: '$0.50', forecast: /^Runs out in ~17 days \(around .+\)$/ },
  { lang: 'de', locale: 'de', balance: '16,55 $', percent: '33,8 %', today: '0,50 $', forecast: /^Aufgebraucht in ~17 Tagen \(etwa .+\)$/ },
] as const;

describe('every surface shows the same figures', () => {
  for (const c of CASES) {
    describe(c.lang, () => {
      const l10n = l10nFor(c.lang);
      const f = new Formatter(c.locale, buildStrings(l10n));
      const view = referenceView(l10n);
      const status = statusPresentation(view, l10n, f);
      const page = renderPage({ strings: f.s, locale: f.locale, view });
      const summary = buildMarkdownSummary(view, f);
      // The same figure as each surface shows it.
      const row = (md: string, label: string) => new RegExp(`^\\| ${label} \\| (.+?) \\|$`, 'm').exec(md)?.[1] ?? `(no ${label} row)`;
      const item = (label: string) => new RegExp(`^- ${label}: (.+)$`, 'm').exec(summary)?.[1] ?? `(no ${label} item)`;

      it('the balance', () => {
        const nb = (s: string) => s.replace(/\u00a0/g, ' ');
        assert.equal(nb(page.text('balance')), c.balance);
        assert.equal(nb(status.text), `$(credit-card) ${c.balance}`);
        assert.match(nb(row(status.tooltip, c.lang === 'en' ? 'Spendable' : 'Verfügbar')), new RegExp(`^\\*\\*${c.balance.replace('$', '\\$')}\\*\\*`));
        assert.match(nb(summary), new RegExp(`^\\*\\*${f.s.spendableBalance}: ${c.balance.replace('$', '\\$')}\\*\\*`, 'm'));
      });

      it('the usage percentage', () => {
        const nb = (s: string) => s.replace(/\u00a0/g, ' ');
        const shown = [page.text('usage-percent'), /\((.+)\)/.exec(row(status.tooltip, c.lang === 'en' ? 'Account usage' : 'Kontoverbrauch'))?.[1] ?? '', item(f.s.usagePercent)];
        assert.deepEqual(shown.map(nb), [c.percent, c.percent, c.percent]);
      });

      it('spend today', () => {
        const nb = (s: string) => s.replace(/\u00a0/g, ' ');
        const shown = [page.text('usage-today'), row(status.tooltip, f.s.today), item(f.s.today)];
        assert.deepEqual(shown.map(nb), [c.today, c.today, c.today]);
      });

      it('the forecast sentence', () => {
        const shown = [page.text('forecast'), row(status.tooltip, f.s.forecast), /^- (.+)$/m.exec(summary.slice(summary.indexOf(f.s.burn7d)).split('\n')[1])?.[1] ?? ''];
        assert.match(shown[0], c.forecast);
        assert.deepEqual(shown, [shown[0], shown[0], shown[0]]);
      });
    });
  }

  it('the German surfaces really are German', () => {
    const l10n = l10nFor('de');
    const f = new Formatter('de', buildStrings(l10n));
    const summary = buildMarkdownSummary(referenceView(l10n), f);
    assert.match(summary, /^\*\*Verfügbares Guthaben: 16,55\s\$\*\*/m);
  });
});
