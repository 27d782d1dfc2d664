// The cards of figures: the account (its rows and the credits-used bar, or
// why its figures are unknown), the key, the spend per period (today, this
// week, this month) and the burn rate with its forecast.

import type { Formatter } from '../../core/text/format';
import { button, figures, fillRows, h, section, svg, type Part } from '../dom';

/** The account's figures and the share of its credits used, or why they are not known. */
export function accountPart(f: Formatter): Part {
  const { s } = f;
  const rows = figures();
  const bar = h('div', { id: 'usage-bar', class: 'bar', role: 'progressbar', 'aria-label': s.usageBarLabel, 'aria-valuemin': '0', 'aria-valuemax': '100' });
  const fill = svg('rect', { x: '0', y: '0', width: '0', height: '8', class: 'fill', id: 'usage-bar-fill' });
  const pic = svg('svg', { viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  pic.append(svg('rect', { x: '0', y: '0', width: '100', height: '8', class: 'track' }), fill);
  bar.append(pic);
  const known = h('div', { id: 'account-known' }, rows, bar);
  const reason = h('p', { id: 'account-reason' });
  const advice = h('div', {}, h('p', { class: 'muted', text: s.managementKeyExplain }), h('p', {}, button(s, 'addManagementKey')));
  const missing = h('div', { id: 'account-missing' }, reason, advice);
  return {
    root: section('account', s.accountHeading, known, missing),
    render({ account }) {
      known.hidden = !('rows' in account);
      missing.hidden = 'rows' in account;
      if (!('rows' in account)) {
        reason.textContent = account.reason;
        advice.hidden = !account.addManagementKey; // a management key's /credits failed: adding one would not help
        return;
      }
      fillRows(rows, account.rows);
      const p = account.usedPercent;
      if (p !== undefined) {
        const clamped = Math.max(0, Math.min(100, p));
        bar.setAttribute('aria-valuenow', clamped.toFixed(1));
        bar.setAttribute('aria-valuetext', f.percent(p));
        bar.dataset.level = clamped >= 90 ? 'high' : clamped >= 75 ? 'mid' : 'ok';
        fill.setAttribute('width', clamped.toFixed(2)); // an attribute, not an inline style (CSP)
      } else {
        bar.removeAttribute('aria-valuenow');
        bar.setAttribute('aria-valuetext', s.noCreditsPurchased);
        fill.setAttribute('width', '0');
      }
    },
  };
}

/** The key's figures, and a note when it comes from the environment. */
export function keyPart(f: Formatter): Part {
  const rows = figures();
  const source = h('p', { id: 'key-source', class: 'muted', text: f.s.envKeyNote });
  return {
    root: section('key', f.s.keyHeading, rows, source),
    render(c) {
      fillRows(rows, c.key);
      source.hidden = !c.keyFromEnv;
    },
  };
}

/** Spend today, this week and this month, and whose spend it is. */
export function usagePart(f: Formatter): Part {
  const rows = figures();
  const scope = h('p', { id: 'usage-scope', class: 'muted' });
  return {
    root: section('usage', f.s.usageHeading, rows, scope),
    render(c) {
      fillRows(rows, c.usage);
      scope.textContent = c.usageScope;
    },
  };
}

/** The burn rate and when the balance runs out at that rate. */
export function burnPart(f: Formatter): Part {
  const rows = figures();
  const forecast = h('p', { id: 'forecast', class: 'forecast' });
  const basis = h('p', { id: 'forecast-basis', class: 'muted' });
  return {
    root: section('burn', f.s.burnHeading, rows, forecast, basis),
    render(c) {
      fillRows(rows, c.burn);
      forecast.textContent = c.forecast.text;
      forecast.classList.toggle('warn', c.forecast.warn);
      basis.textContent = c.forecast.basis;
    },
  };
}
