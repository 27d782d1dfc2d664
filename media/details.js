// Details page of OpenRouter Credits (protocol: src/core/protocol.ts).
// Server data goes in through textContent / text nodes only, never innerHTML.
'use strict';
(function () {
const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const COMMANDS = ['refresh', 'topUp', 'setKey', 'settings', 'copySummary', 'addManagementKey'];
const DAY = 86400000;
const app = document.getElementById('app');

let S = null;
let locale = 'en-US';
let state = null;
let receivedAt = Date.now();
const E = {};

const isNum = (n) => typeof n === 'number' && isFinite(n);
function t(key, ...args) {
  const s = S && Object.prototype.hasOwnProperty.call(S, key) ? S[key] : key;
  return s.replace(/\{(\d+)\}/g, (m, i) => (i < args.length ? String(args[i]) : m));
}
function safeLocale(l) {
  try { new Intl.DateTimeFormat(l); return l; } catch (e) { return 'en-US'; }
}
const usdStd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdSmall = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
function round(n, d) { const r = Number(n.toFixed(d)); return r === 0 ? 0 : r; }
/** Same rules as formatUsd in src/core/format.ts. */
function usd(n) {
  if (!isNum(n)) return t('notAvailable');
  const a = Math.abs(n);
  if (a > 0 && a < 0.01) {
    const r = round(n, 4);
    return r ? usdSmall.format(r) : n > 0 ? '<' + usdSmall.format(0.0001) : usdStd.format(0);
  }
  return usdStd.format(round(n, 2));
}
function pct(p) {
  return isNum(p) ? new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(round(p, 1) / 100) : t('notAvailable');
}
function dateStr(ms, utc) {
  return new Date(ms).toLocaleDateString(locale, utc ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { year: 'numeric', month: 'short', day: 'numeric' });
}
function rel(ms, now) {
  const d = ms - now, a = Math.abs(d);
  const f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (a < 60000) return f.format(Math.round(d / 1000), 'second');
  if (a < 3600000) return f.format(Math.round(d / 60000), 'minute');
  if (a < DAY) return f.format(Math.round(d / 3600000), 'hour');
  return f.format(Math.round(d / DAY), 'day');
}
const nowEst = () => (state && isNum(state.now) ? state.now + (Date.now() - receivedAt) : Date.now());

/** Element builder: attrs.text → textContent; children appended as nodes/text. */
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const k in attrs || {}) {
    const v = attrs[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k === 'cls' ? 'class' : k, v === true ? '' : String(v));
  }
  for (const c of kids) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
function s(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const k in attrs || {}) el.setAttribute(k, String(attrs[k]));
  return el;
}
function set(id, text) { E[id].textContent = text; }
function show(id, on) { E[id].hidden = !on; }
const btn = (cmd, primary) => h('button', { type: 'button', 'data-command': cmd, cls: primary ? 'primary' : 'secondary', text: t(cmd) });

/** A <dl> with rows [id, labelKey]; registers the <dd>s in E. */
function dl(rows) {
  const list = h('dl', { cls: 'figures' });
  for (const [id, label] of rows) {
    const dd = h('dd', { id, 'data-testid': id });
    E[id] = dd;
    E[id + '-row'] = h('div', { cls: 'row' }, h('dt', { text: t(label) }), dd);
    list.append(E[id + '-row']);
  }
  return list;
}
function section(id, heading, ...kids) {
  const hid = id + '-h';
  return (E[id] = h('section', { id, cls: 'card', 'aria-labelledby': hid }, h('h2', { id: hid, text: t(heading) }), ...kids));
}
function reg(id, el) { E[id] = el; el.id = id; if (!el.hasAttribute('data-testid')) el.setAttribute('data-testid', id); return el; }

function build() {
  for (const k in E) delete E[k];
  const bar = s('svg', { viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  bar.append(s('rect', { x: 0, y: 0, width: 100, height: 8, class: 'track' }), reg('usage-bar-fill', s('rect', { x: 0, y: 0, width: 0, height: 8, class: 'fill' })));
  const chart = reg('chart', s('svg', { viewBox: '0 0 640 220', role: 'img' }));
  app.replaceChildren(
    h('h1', { cls: 'sr-only', text: t('title') }),
    reg('headline', h('section', { cls: 'headline', 'aria-labelledby': 'balance-label' },
      h('p', { id: 'balance-label', cls: 'eyebrow', text: t('spendableBalance') }),
      reg('balance', h('p', { cls: 'amount' })),
      reg('binding', h('p', { cls: 'sub' })),
      reg('balance-note', h('p', { cls: 'note' })))),
    h('div', { cls: 'toolbar', role: 'group', 'aria-label': t('actions') },
      btn('refresh', true), btn('topUp'), btn('setKey'), btn('settings'), btn('copySummary')),
    h('div', { cls: 'status', role: 'status', 'aria-live': 'polite' },
      reg('status-line', h('p', { cls: 'status-line' })),
      reg('error', h('p', { cls: 'error' }))),
    reg('notice', h('section', { cls: 'card notice', 'aria-labelledby': 'notice-title' },
      h('h2', { id: 'notice-title' }), reg('notice-text', h('p')), reg('notice-actions', h('p')))),
    reg('data', h('div', { cls: 'grid' },
      section('account', 'accountHeading',
        reg('account-known', h('div', null,
          dl([['total-credits', 'totalCredits'], ['total-usage', 'totalUsage'], ['account-remaining', 'accountRemaining'], ['usage-percent', 'usagePercent']]),
          reg('usage-bar', h('div', { cls: 'bar', role: 'progressbar', 'aria-label': t('usageBarLabel'), 'aria-valuemin': '0', 'aria-valuemax': '100' }, bar)))),
        reg('account-missing', h('div', null,
          reg('account-reason', h('p')),
          h('p', { cls: 'muted', text: t('managementKeyExplain') }),
          h('p', null, btn('addManagementKey', false))))),
      section('key', 'keyHeading',
        dl([['key-label', 'keyLabel'], ['key-limit', 'keyLimit'], ['key-remaining', 'keyRemaining'], ['key-limit-used', 'keyLimitUsed'],
          ['key-reset', 'resetPeriod'], ['key-expiry', 'expiry'], ['key-usage', 'keyUsageTotal'], ['key-byok', 'byokUsage'],
          ['key-byok-in-limit', 'byokInLimit'], ['key-free', 'freeTier'], ['key-management', 'managementKey']]),
        reg('key-source', h('p', { cls: 'muted', text: t('envKeyNote') }))),
      section('usage', 'usageHeading',
        dl([['usage-today', 'today'], ['usage-week', 'thisWeek'], ['usage-month', 'thisMonth'], ['usage-since', 'sinceLastCheck']])),
      section('burn', 'burnHeading',
        dl([['burn-24h', 'burn24h'], ['burn-7d', 'burn7d']]),
        reg('forecast', h('p', { cls: 'forecast' })),
        reg('forecast-basis', h('p', { cls: 'muted' }))),
      section('history', 'historyHeading',
        chart,
        h('p', { cls: 'legend' },
          h('span', { cls: 'swatch swatch-spend', 'aria-hidden': 'true' }), t('legendSpend'), ' ',
          h('span', { cls: 'swatch swatch-balance', 'aria-hidden': 'true' }), t('legendBalance')),
        h('details', null, h('summary', { text: t('showDataTable') }),
          h('table', null,
            h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('colDay') }), h('th', { scope: 'col', text: t('colSpend') }), h('th', { scope: 'col', text: t('colBalance') }))),
            reg('history-rows', h('tbody')))))))
  );
}

function render() {
  if (!S || !state) return;
  if (!E.balance) build();
  const st = state, snap = st.snapshot, d = st.derived || { daily: [] };
  const status = st.status;
  app.setAttribute('aria-busy', status === 'loading' ? 'true' : 'false');
  app.dataset.status = String(status);

  // Notice: no key / invalid key / error without data.
  let notice = null;
  if (status === 'noKey') notice = ['noKeyTitle', t('noKeyExplain'), 'setKey'];
  else if (status === 'invalidKey') notice = ['invalidKeyTitle', t('invalidKeyExplain'), 'setKey'];
  else if (status === 'error' && !snap) notice = ['errorTitle', '', 'refresh'];
  show('notice', !!notice);
  if (notice) {
    E.notice.querySelector('h2').textContent = t(notice[0]);
    set('notice-text', notice[1]);
    show('notice-text', !!notice[1]);
    E['notice-actions'].replaceChildren(btn(notice[2], true));
  }
  const withData = !!snap && status !== 'noKey';
  show('data', withData);
  show('headline', withData || (status === 'loading' && !snap));

  // Status line and error.
  const now = nowEst();
  const line = [];
  if (status === 'loading' && snap) line.push(t('refreshing'), ' ');
  const upd = isNum(st.lastUpdated) ? st.lastUpdated : snap && snap.fetchedAt;
  if (isNum(upd)) {
    line.push(t('lastUpdated', new Date(upd).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' })), ' ');
    line.push(reg('updated-rel', h('span', { cls: 'muted', 'aria-hidden': 'true', text: '(' + rel(upd, now) + ')' })));
  } else if (status !== 'loading' && status !== 'noKey') line.push(t('notUpdated'));
  if (st.stale && snap) line.push(' ', h('span', { cls: 'badge', id: 'stale', text: t('stale') }));
  E['status-line'].replaceChildren(...line);
  const err = st.error && typeof st.error.message === 'string' ? st.error.message : '';
  set('error', err);
  show('error', !!err);

  if (!snap) {
    set('balance', status === 'loading' ? t('loading') : t('notAvailable'));
    for (const id of ['binding', 'balance-note']) set(id, '');
    return;
  }
  const key = snap.key || {};
  const pick = (a, b) => (isNum(a) ? a : b);
  const today = pick(d.spendToday, key.usageDaily);

  // Headline.
  const known = isNum(snap.spendable);
  E.balance.classList.toggle('unknown', !known);
  const low = known && snap.spendable < st.lowCreditThreshold;
  E.balance.classList.toggle('low', low);
  set('balance', known ? usd(snap.spendable) : t('balanceUnknown'));
  set('binding', known ? t(snap.binding === 'key' ? 'bindingKey' : 'bindingAccount') : t('balanceUnknownExplain'));
  set('balance-note', known ? (low ? t('lowCredit', usd(st.lowCreditThreshold)) : '') : t('usedToday', usd(today)));
  E['balance-note'].classList.toggle('big-note', !known);
  E['balance-note'].classList.toggle('warn', low);

  // Account.
  const acc = snap.accountStatus === 'known' && snap.account ? snap.account : null;
  show('account-known', !!acc);
  show('account-missing', !acc);
  if (acc) {
    set('total-credits', usd(acc.totalCredits));
    set('total-usage', usd(acc.totalUsage));
    set('account-remaining', usd(acc.remaining));
    const p = acc.usagePercent;
    set('usage-percent', isNum(p) ? pct(p) : t('noCreditsPurchased'));
    const bar = E['usage-bar'];
    if (isNum(p)) {
      const c = Math.max(0, Math.min(100, p));
      bar.setAttribute('aria-valuenow', String(round(c, 1)));
      bar.setAttribute('aria-valuetext', pct(p));
      bar.dataset.level = c >= 90 ? 'high' : c >= 75 ? 'mid' : 'ok';
      setWidth(E['usage-bar-fill'], c);
    } else {
      bar.removeAttribute('aria-valuenow');
      bar.setAttribute('aria-valuetext', t('noCreditsPurchased'));
      setWidth(E['usage-bar-fill'], 0);
    }
  } else {
    const why = snap.accountStatus === 'unavailable' ? 'accountUnavailable' : snap.accountStatus === 'error' ? 'accountError' : 'accountForbidden';
    set('account-reason', t(why));
  }

  // Key.
  const hasLimit = isNum(key.limit);
  set('key-label', typeof key.label === 'string' && key.label ? key.label : t('notAvailable'));
  set('key-limit', hasLimit ? usd(key.limit) : t('noLimit'));
  set('key-remaining', usd(key.limitRemaining));
  set('key-limit-used', pct(snap.keyUsagePercent));
  const reset = key.limitReset, rk = { daily: 'resetDaily', weekly: 'resetWeekly', monthly: 'resetMonthly' }[reset];
  set('key-reset', reset == null ? t('resetNever') : rk ? t(rk) : String(reset));
  for (const id of ['key-remaining', 'key-reset']) show(id + '-row', hasLimit);
  show('key-limit-used-row', hasLimit && isNum(snap.keyUsagePercent));
  const exp = typeof key.expiresAt === 'string' ? Date.parse(key.expiresAt) : NaN;
  set('key-expiry', !key.expiresAt ? t('noExpiry') : !isNum(exp) ? String(key.expiresAt)
    : t(exp > now ? 'expiresIn' : 'expiredAgo', rel(exp, now)) + ' (' + dateStr(exp) + ')');
  E['key-expiry'].classList.toggle('warn', isNum(exp) && exp - now < 7 * DAY);
  set('key-usage', usd(key.usage));
  set('key-byok', usd(key.byokUsage));
  set('key-byok-in-limit', t(key.includeByokInLimit ? 'yes' : 'no'));
  show('key-byok-in-limit-row', hasLimit);
  set('key-free', t(key.isFreeTier ? 'yes' : 'no'));
  set('key-management', t(key.isManagementKey ? 'yes' : 'no'));
  show('key-source', st.keySource === 'env');

  // Usage, burn rate, forecast.
  set('usage-today', usd(today));
  set('usage-week', usd(pick(d.spendThisWeek, key.usageWeekly)));
  set('usage-month', usd(pick(d.spendThisMonth, key.usageMonthly)));
  set('usage-since', usd(d.spendSinceLastCheck));
  set('burn-24h', isNum(d.burnRate24h) ? t('perDay', usd(d.burnRate24h)) : t('notAvailable'));
  set('burn-7d', isNum(d.burnRate7d) ? t('perDay', usd(d.burnRate7d)) : t('notAvailable'));
  const f = d.forecast;
  if (f && isNum(f.daysLeft) && isNum(f.runOutAt)) {
    const date = dateStr(f.runOutAt);
    const n = Math.round(f.daysLeft);
    set('forecast', f.daysLeft < 1 ? t('forecastLessThanDay', date) : n === 1 ? t('forecastOneDay', date) : t('forecastDays', n.toLocaleString(locale), date));
    set('forecast-basis', t(f.basis === '24h' ? 'forecastBasis24h' : 'forecastBasis7d'));
  } else {
    set('forecast', t('forecastNone'));
    set('forecast-basis', '');
  }
  E.forecast.classList.toggle('warn', !!f && f.daysLeft < 7);

  renderHistory(Array.isArray(d.daily) ? d.daily : []);
}

// The bar is SVG: its width is an attribute, not an inline style (CSP).
const setWidth = (el, p) => el.setAttribute('width', String(round(p, 2)));

function dayMs(day) { const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day)); return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN; }
function nice(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
function renderHistory(daily) {
  const rows = daily.filter((r) => r && isNum(dayMs(r.day)));
  const svg = E.chart;
  svg.replaceChildren();
  const title = s('title'), desc = s('desc', { id: 'chart-desc' });
  title.textContent = t('chartTitle');
  svg.setAttribute('aria-label', t('chartTitle'));
  svg.setAttribute('aria-describedby', 'chart-desc');
  svg.append(title, desc);
  const W = 640, H = 220, L = 56, R = 64, T = 12, B = 28, pw = W - L - R, ph = H - T - B;
  const tbody = E['history-rows'];
  tbody.replaceChildren(...rows.map((r) => h('tr', null,
    h('th', { scope: 'row', text: r.day }), h('td', { text: usd(r.spend) }), h('td', { text: isNum(r.balance) ? usd(r.balance) : t('notAvailable') }))));
  if (!rows.length) {
    desc.textContent = t('chartNoData');
    const tx = s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' });
    tx.textContent = t('chartNoData');
    svg.append(tx);
    return;
  }
  const last = dayMs(rows[rows.length - 1].day), first = last - 29 * DAY, slot = pw / 30;
  const xOf = (ms) => L + ((ms - first) / DAY) * slot;
  const spends = rows.map((r) => (isNum(r.spend) ? r.spend : 0));
  const bals = rows.filter((r) => isNum(r.balance)).map((r) => r.balance);
  const sMax = nice(Math.max(0, ...spends));
  const bLo = Math.min(0, ...bals), bHiRaw = bals.length ? Math.max(...bals) : 1;
  const bHi = bHiRaw > bLo ? (bLo < 0 ? bHiRaw : nice(bHiRaw)) : bLo + 1;
  const yS = (v) => T + ph - (v / sMax) * ph;
  const yB = (v) => T + ph - ((v - bLo) / (bHi - bLo)) * ph;
  const total = spends.reduce((a, b) => a + b, 0);
  desc.textContent = t('chartDesc', String(rows.length), rows[0].day, rows[rows.length - 1].day, usd(total)) +
    (bals.length ? ' ' + t('chartDescBalance', usd(bals[0]), usd(bals[bals.length - 1])) : '');

  const g = s('g', { 'aria-hidden': 'true' });
  for (const f of [0, 0.5, 1]) g.append(s('line', { x1: L, x2: W - R, y1: T + ph * f, y2: T + ph * f, class: f === 1 ? 'baseline' : 'grid' }));
  const label = (x, y, anchor, text) => { const e = s('text', { x, y, 'text-anchor': anchor, class: 'axis' }); e.textContent = text; g.append(e); };
  label(L - 6, T + 4, 'end', usd(sMax));
  label(L - 6, T + ph + 4, 'end', usd(0));
  if (bals.length) { label(W - R + 6, T + 4, 'start', usd(bHi)); label(W - R + 6, T + ph + 4, 'start', usd(bLo)); }
  for (const ms of [first, first + 15 * DAY, last]) label(xOf(ms) + slot / 2, H - 8, 'middle', dateStr(ms, true));

  for (const r of rows) {
    const x = xOf(dayMs(r.day));
    if (x < L - 0.5) continue;
    const v = isNum(r.spend) ? Math.max(0, r.spend) : 0;
    const y = yS(v);
    const rect = s('rect', { x: x + slot * 0.15, y, width: slot * 0.7, height: Math.max(v > 0 ? 1 : 0, T + ph - y), class: 'spend' });
    const tip = s('title');
    tip.textContent = r.day + ': ' + usd(r.spend) + (isNum(r.balance) ? ' · ' + usd(r.balance) : '');
    rect.append(tip);
    g.append(rect);
  }
  let dPath = '', prev = NaN;
  for (const r of rows) {
    const ms = dayMs(r.day);
    if (!isNum(r.balance) || ms < first) { prev = NaN; continue; }
    const x = (xOf(ms) + slot / 2).toFixed(1), y = yB(r.balance).toFixed(1);
    dPath += (ms - prev === DAY ? 'L' : 'M') + x + ' ' + y;
    g.append(s('circle', { cx: x, cy: y, r: 2.5, class: 'point' }));
    prev = ms;
  }
  if (dPath) g.append(s('path', { d: dPath, class: 'balance' }));
  svg.append(g);
}

function save() { vscode.setState({ v: 1, strings: S, locale, state, receivedAt }); }
function applyInit(strings, loc) {
  const out = {};
  for (const k in strings) if (typeof strings[k] === 'string') out[k] = strings[k];
  const l = safeLocale(typeof loc === 'string' && loc ? loc : 'en-US');
  // Unchanged strings (the usual case after a restore): keep the DOM, e.g. an open <details>.
  if (E.balance && l === locale && JSON.stringify(out) === JSON.stringify(S)) return;
  S = out;
  locale = l;
  document.documentElement.lang = locale;
  build();
}
function safeRender() { try { render(); } catch (e) { console.error(e); } }

window.addEventListener('message', (ev) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'init' && m.strings && typeof m.strings === 'object') {
    applyInit(m.strings, m.locale);
    safeRender();
    save();
  } else if (m.type === 'state' && m.state && typeof m.state === 'object') {
    state = m.state;
    receivedAt = Date.now();
    safeRender();
    save();
    if (S) requestAnimationFrame(() => setTimeout(() => vscode.postMessage({ type: 'rendered', at: Date.now() }), 0));
  }
});

document.addEventListener('click', (ev) => {
  const b = ev.target instanceof Element ? ev.target.closest('button[data-command]') : null;
  const cmd = b && b.getAttribute('data-command');
  if (cmd && COMMANDS.includes(cmd)) vscode.postMessage({ type: 'command', command: cmd });
});

// Keep the relative "updated … ago" fresh (aria-hidden, so not announced).
setInterval(() => {
  const el = E['updated-rel'], upd = state && (isNum(state.lastUpdated) ? state.lastUpdated : state.snapshot && state.snapshot.fetchedAt);
  if (el && el.isConnected && isNum(upd)) el.textContent = '(' + rel(upd, nowEst()) + ')';
}, 30000);

// Quick re-render from the saved state while the extension answers 'ready'.
const saved = vscode.getState();
if (saved && saved.v === 1 && saved.strings && typeof saved.strings === 'object') {
  applyInit(saved.strings, saved.locale);
  state = saved.state || null;
  receivedAt = isNum(saved.receivedAt) ? saved.receivedAt : Date.now();
  safeRender();
}
vscode.postMessage({ type: 'ready' });
})();
