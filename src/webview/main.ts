// The details page (bundled by esbuild into dist/webview.js). It renders the
// view model that the host writes into its HTML at once, then follows the
// host's `state` messages. What it shows comes from core/details.ts and every
// figure from core/format.ts, the same code the summary and the status bar use.
// Server data reaches the DOM through textContent only, never innerHTML.

import { detailsContent, type AccountsPart, type BreakdownTable, type BudgetLine, type DetailsContent, type Row } from '../core/view/details';
import { Formatter } from '../core/text/format';
import { PAGE_INIT_ID, isPageAccountId, isPageKeyId, isWebviewCommand, type FromWebview, type PageInit, type ToWebview, type WebviewCommand } from '../core/protocol';
import type { StringKey } from '../core/text/strings';
import type { View } from '../core/view/view';
import { modelSplit, renderChart } from './chart';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the page keeps across reloads of a hidden panel. */
interface SavedState {
  v: 2;
  view: View;
  receivedAt: number;
}

const vscode = acquireVsCodeApi();
const init = JSON.parse(document.getElementById(PAGE_INIT_ID)?.textContent ?? 'null') as PageInit;
const f = new Formatter(init.locale, init.strings);
const { s } = f;
/** The view shown, and Date.now() when it arrived: the page's clock runs on from view.now. */
let { view, receivedAt } = newer({ v: 2, view: init.view, receivedAt: Date.now() }, vscode.getState());

/** A hidden panel reloads from the HTML it was created with: the view it saved may be newer. */
function newer(fromHtml: SavedState, saved: unknown): SavedState {
  const s = saved as SavedState | undefined;
  return s?.v === 2 && typeof s.view?.now === 'number' && typeof s.receivedAt === 'number' && s.view.now > fromHtml.view.now ? s : fromHtml;
}

// --- DOM helpers -----------------------------------------------------------------

type Child = Node | string | false | undefined;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...kids: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids) if (c) e.append(c);
  return e;
}

function button(command: WebviewCommand, primary = false): HTMLButtonElement {
  const label: StringKey = command;
  return h('button', { type: 'button', 'data-command': command, class: primary ? 'primary' : 'secondary', text: s[label] });
}

function section(id: string, heading: string, ...kids: Child[]): HTMLElement {
  return h('section', { id, class: 'card', 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h`, text: heading }), ...kids);
}

/** The parts of a breakdown table (Spend by key, Spend by model). */
interface TablePart {
  stale: HTMLElement;
  empty: HTMLElement;
  table: HTMLTableElement;
  rows: HTMLTableSectionElement;
  /** The header of the actions column (Set Limit…), hidden when no row has an action. */
  actions: HTMLTableCellElement;
}

function tablePart(id: string, head: readonly string[]): TablePart {
  const rows = h('tbody', { id: `${id}-rows` });
  const actions = h('th', { scope: 'col', class: 'actions' }, h('span', { class: 'sr-only', text: s.actions }));
  actions.hidden = true;
  return {
    stale: h('p', { id: `${id}-stale`, class: 'badge', text: s.breakdownStale }),
    empty: h('p', { id: `${id}-empty`, class: 'muted' }),
    table: h('table', { id: `${id}-table`, class: 'breakdown' },
      h('thead', {}, h('tr', {}, ...head.map(t => h('th', { scope: 'col', text: t })), actions)),
      rows),
    rows,
    actions,
  };
}

/**
 * Fills a breakdown table: each row's first cell is its header (a key's name,
 * a model's slug), all as text; `action` (a button) goes in a last column,
 * shown when any row has one.
 */
function fillTable<T>(p: TablePart, t: BreakdownTable<T>, row: (r: T) => { head: Child[]; cells: string[]; cls?: string; action?: Node }): void {
  p.stale.hidden = !t.stale;
  p.empty.textContent = t.empty;
  p.empty.hidden = t.rows.length > 0 || !t.empty;
  p.table.hidden = t.rows.length === 0;
  const laid = t.rows.map(row);
  const actions = laid.some(r => r.action);
  p.actions.hidden = !actions;
  p.rows.replaceChildren(...laid.map(({ head, cells, cls, action }) =>
    h('tr', { class: cls }, h('th', { scope: 'row' }, ...head), ...cells.map(c => h('td', { text: c })), actions && h('td', { class: 'actions' }, action))));
}

/** "Set Limit…" for one of the account's keys: the host asks for the limit and confirms. */
function setLimitButton(id: string, name: string): HTMLButtonElement {
  return h('button', { type: 'button', class: 'secondary small', 'data-set-limit': id, 'aria-label': f.t('setLimitFor', name), text: s.setLimit });
}

/** Replaces a <dl>'s rows; each <dd> gets the row's id (tests and CSS use it). */
function fillRows(list: HTMLElement, rows: readonly Row[]): void {
  list.replaceChildren(...rows.map(r => h('div', { class: 'row' },
    h('dt', { text: r.label }),
    h('dd', { id: r.id, 'data-testid': r.id, class: r.warn ? 'warn' : undefined, title: r.hint, 'aria-description': r.hint, text: r.value }))));
}

const SVGNS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/**
 * One budget: its label and "spend of budget", a progress bar (role
 * progressbar: the share used, its text as the value text) with a decorative
 * pace mark, then the pace, the projection and the over-budget state in words.
 * Sizes are attributes, not inline styles (CSP).
 */
function budgetBlock(b: BudgetLine): HTMLElement {
  const used = b.usedPercent;
  const clamped = used === undefined ? 0 : Math.max(0, Math.min(100, used));
  const pace = b.pacePercent.toFixed(2);
  const valueText = used === undefined ? b.text : `${b.text} (${b.used})${b.overText ? `; ${b.overText}` : ''}`;
  const bar = h('div', {
    id: `${b.id}-bar`, class: 'bar budget-bar', role: 'progressbar', 'aria-label': b.label,
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': used === undefined ? undefined : clamped.toFixed(1), 'aria-valuetext': valueText,
    'data-level': b.level,
  });
  const pic = svg('svg', { viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  pic.append(
    svg('rect', { x: '0', y: '0', width: '100', height: '8', class: 'track' }),
    svg('rect', { x: '0', y: '0', width: clamped.toFixed(2), height: '8', class: 'fill', id: `${b.id}-fill` }),
    svg('line', { x1: pace, x2: pace, y1: '0', y2: '8', class: 'pace', id: `${b.id}-pace-mark` }),
  );
  bar.append(pic);
  return h('div', { id: b.id, class: 'budget', 'data-level': b.level },
    h('p', { class: 'budget-head' },
      h('span', { class: 'budget-label', text: b.label }), ' ',
      h('span', { id: `${b.id}-text`, class: 'budget-text', text: b.text })),
    bar,
    h('p', { id: `${b.id}-pace`, class: 'muted', text: b.paceText }),
    !!b.projected && h('p', { id: `${b.id}-projected`, class: b.projectedOver ? 'warn' : undefined, text: b.projected }),
    !!b.overText && h('p', { id: `${b.id}-over`, class: 'over', text: b.overText }));
}

// --- the skeleton, built once ---------------------------------------------------------

const app = document.getElementById('app')!;
const dl = () => h('dl', { class: 'figures' });
const E = {
  headline: h('section', { class: 'headline', 'aria-labelledby': 'balance-label' }),
  balance: h('p', { id: 'balance', class: 'amount' }),
  binding: h('p', { id: 'binding', class: 'sub' }),
  note: h('p', { id: 'balance-note', class: 'note' }),
  statusLine: h('p', { id: 'status-line', class: 'status-line' }),
  error: h('p', { id: 'error', class: 'error' }),
  notice: h('section', { id: 'notice', class: 'card notice', 'aria-labelledby': 'notice-title' }),
  noticeTitle: h('h2', { id: 'notice-title' }),
  noticeText: h('p', { id: 'notice-text' }),
  noticeActions: h('p', { id: 'notice-actions' }),
  accounts: h('section', { id: 'accounts', class: 'card accounts', 'aria-labelledby': 'accounts-h' }),
  accountsPin: h('p', { id: 'accounts-pin', class: 'muted' }),
  accountList: h('ul', { id: 'account-list', class: 'account-list', 'aria-label': s.accountsLabel }),
  accountsTotal: h('p', { id: 'accounts-total', class: 'muted' }),
  data: h('div', { id: 'data', class: 'grid' }),
  accountKnown: h('div', { id: 'account-known' }),
  accountRows: dl(),
  usageBar: h('div', { id: 'usage-bar', class: 'bar', role: 'progressbar', 'aria-label': s.usageBarLabel, 'aria-valuemin': '0', 'aria-valuemax': '100' }),
  barFill: document.createElementNS('http://www.w3.org/2000/svg', 'rect'),
  accountMissing: h('div', { id: 'account-missing' }),
  accountReason: h('p', { id: 'account-reason' }),
  keyRows: dl(),
  keySource: h('p', { id: 'key-source', class: 'muted', text: s.envKeyNote }),
  usageRows: dl(),
  usageScope: h('p', { id: 'usage-scope', class: 'muted' }),
  byKey: tablePart('by-key', [s.colKey, s.colToday, s.colWeek, s.colMonth, s.colLimit, s.colRemaining, s.colResets]),
  byModel: tablePart('by-model', [s.colModel, s.colSpend, s.colShare, s.colRequests, s.colTokens]),
  byModelPeriod: h('p', { id: 'by-model-period', class: 'muted' }),
  colModels: h('th', { scope: 'col', id: 'col-models', text: s.byModelHeading }),
  budgets: h('div', { id: 'budget-list' }),
  paceLegend: h('span', { id: 'legend-pace' }),
  burnRows: dl(),
  forecast: h('p', { id: 'forecast', class: 'forecast' }),
  forecastBasis: h('p', { id: 'forecast-basis', class: 'muted' }),
  chart: document.createElementNS('http://www.w3.org/2000/svg', 'svg'),
  historyRows: h('tbody', { id: 'history-rows' }),
};

function build(): void {
  const bar = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' })) bar.setAttribute(k, v);
  const track = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: '0', y: '0', width: '100', height: '8', class: 'track' })) track.setAttribute(k, v);
  for (const [k, v] of Object.entries({ x: '0', y: '0', width: '0', height: '8', class: 'fill', id: 'usage-bar-fill' })) E.barFill.setAttribute(k, v);
  bar.append(track, E.barFill);
  E.usageBar.append(bar);
  E.chart.id = 'chart';
  E.chart.setAttribute('viewBox', '0 0 640 220');
  E.chart.setAttribute('role', 'img');
  E.headline.append(h('p', { id: 'balance-label', class: 'eyebrow', text: s.spendableBalance }), E.balance, E.binding, E.note);
  E.notice.append(E.noticeTitle, E.noticeText, E.noticeActions);
  E.accounts.append(h('h2', { id: 'accounts-h', text: s.accountsHeading }), E.accountsPin, E.accountList, E.accountsTotal, h('p', { class: 'actions' }, button('addApiKey')));
  E.accountKnown.append(E.accountRows, E.usageBar);
  E.accountMissing.append(E.accountReason, h('p', { class: 'muted', text: s.managementKeyExplain }), h('p', {}, button('addManagementKey')));
  E.data.append(
    section('account', s.accountHeading, E.accountKnown, E.accountMissing),
    section('key', s.keyHeading, E.keyRows, E.keySource),
    section('usage', s.usageHeading, E.usageRows, E.usageScope),
    section('budgets', s.budgetsHeading, E.budgets, h('p', { class: 'muted', text: s.budgetPaceNote })),
    section('burn', s.burnHeading, E.burnRows, E.forecast, E.forecastBasis),
    section('by-key', s.byKeyHeading, h('p', { class: 'muted', text: s.byKeyNote }), E.byKey.stale, E.byKey.empty, h('div', { class: 'scroll' }, E.byKey.table)),
    section('by-model', s.byModelHeading, E.byModelPeriod, E.byModel.stale, E.byModel.empty, h('div', { class: 'scroll' }, E.byModel.table)),
    section('history', s.historyHeading, E.chart,
      h('p', { class: 'legend' },
        h('span', { class: 'swatch swatch-spend', 'aria-hidden': 'true' }), s.legendSpend, ' ',
        h('span', { class: 'swatch swatch-balance', 'aria-hidden': 'true' }), s.legendBalance,
        E.paceLegend),
      h('details', {}, h('summary', { text: s.showDataTable }),
        h('table', {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: s.colDay }), h('th', { scope: 'col', text: s.colSpend }), h('th', { scope: 'col', text: s.colBalance }), E.colModels)),
          E.historyRows))),
  );
  app.replaceChildren(
    h('h1', { class: 'sr-only', text: s.title }),
    E.headline,
    h('div', { class: 'toolbar', role: 'group', 'aria-label': s.actions },
      button('refresh', true), button('topUp'), button('setKey'), button('settings'), button('copySummary')),
    h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, E.statusLine, E.error),
    E.notice,
    E.accounts,
    E.data,
  );
}

// --- rendering ------------------------------------------------------------------

/** The content for now: the page's clock runs on from the view's, so ages stay right between updates. */
function content(): DetailsContent {
  return detailsContent({ ...view, now: view.now + (Date.now() - receivedAt) }, f);
}

function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Between updates only the ages change: touch nothing else (no re-announcement, no lost focus). */
function tick(): void {
  const c = content();
  if (c.updated) setText(document.getElementById('updated-rel'), `(${c.updated.age})`);
  const expiry = c.key.find(r => r.id === 'key-expiry');
  if (expiry) setText(document.getElementById('key-expiry'), expiry.value);
}

function render(): void {
  const c = content();
  app.setAttribute('aria-busy', c.status === 'loading' ? 'true' : 'false');
  app.dataset.status = c.status;

  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-command="refresh"]')) {
    b.disabled = c.busy;
    b.setAttribute('aria-busy', String(c.busy));
    b.textContent = c.busy ? s.refreshing : s.refresh;
  }
  E.notice.hidden = !c.notice;
  if (c.notice) {
    E.noticeTitle.textContent = c.notice.title;
    E.noticeText.textContent = c.notice.text;
    E.noticeText.hidden = !c.notice.text;
    E.noticeActions.replaceChildren(button(c.notice.command, true), ...(c.notice.more ?? []).flatMap(m => [' ', button(m)]));
  }
  renderAccounts(c.accounts);
  E.data.hidden = !c.hasData;
  E.headline.hidden = !c.hasData && c.status !== 'loading';

  const line: Child[] = [];
  if (c.refreshing) line.push(s.refreshing, ' ');
  if (c.updated) line.push(f.t('lastUpdated', c.updated.at), ' ', h('span', { id: 'updated-rel', class: 'muted', 'aria-hidden': 'true', text: `(${c.updated.age})` }));
  else if (c.status !== 'loading' && c.status !== 'noKey') line.push(s.notUpdated);
  if (c.stale) line.push(' ', h('span', { class: 'badge', id: 'stale', text: s.stale }));
  E.statusLine.replaceChildren(...line.filter((x): x is Node | string => !!x));
  E.error.textContent = c.error;
  E.error.hidden = !c.error;

  const hl = c.headline;
  E.balance.textContent = hl.balance;
  E.balance.classList.toggle('unknown', hl.unknown);
  E.balance.classList.toggle('low', hl.low);
  E.binding.textContent = hl.binding;
  E.note.textContent = hl.note;
  E.note.classList.toggle('big-note', hl.unknown);
  E.note.classList.toggle('warn', hl.low);
  if (!c.hasData) return;

  const known = 'rows' in c.account;
  E.accountKnown.hidden = !known;
  E.accountMissing.hidden = known;
  if ('rows' in c.account) {
    fillRows(E.accountRows, c.account.rows);
    const p = c.account.usedPercent;
    if (p !== undefined) {
      const clamped = Math.max(0, Math.min(100, p));
      E.usageBar.setAttribute('aria-valuenow', clamped.toFixed(1));
      E.usageBar.setAttribute('aria-valuetext', f.percent(p));
      E.usageBar.dataset.level = clamped >= 90 ? 'high' : clamped >= 75 ? 'mid' : 'ok';
      E.barFill.setAttribute('width', clamped.toFixed(2)); // an attribute, not an inline style (CSP)
    } else {
      E.usageBar.removeAttribute('aria-valuenow');
      E.usageBar.setAttribute('aria-valuetext', s.noCreditsPurchased);
      E.barFill.setAttribute('width', '0');
    }
  } else {
    E.accountReason.textContent = c.account.reason;
  }
  fillRows(E.keyRows, c.key);
  E.keySource.hidden = !c.keyFromEnv;
  fillRows(E.usageRows, c.usage);
  E.usageScope.textContent = c.usageScope;
  const byKeySection = document.getElementById('by-key');
  if (byKeySection) byKeySection.hidden = !c.byKey;
  if (c.byKey) {
    fillTable(E.byKey, c.byKey, k => ({
      head: [h('span', { class: 'name', text: k.name }), k.disabled && ' ', k.disabled && h('span', { class: 'badge', text: s.keyDisabled })],
      cells: [k.today, k.week, k.month, k.limit, k.remaining, k.reset],
      cls: k.disabled ? 'disabled' : undefined,
      action: k.canSetLimit ? setLimitButton(k.id, k.name) : undefined,
    }));
  }
  const byModelSection = document.getElementById('by-model');
  if (byModelSection) byModelSection.hidden = !c.byModel;
  if (c.byModel) {
    E.byModelPeriod.textContent = c.byModel.period;
    fillTable(E.byModel, c.byModel, m => ({
      head: [h('span', { class: 'name', text: m.model })],
      cells: [m.spend, m.share, m.requests, m.tokens],
      cls: m.other ? 'other' : undefined,
    }));
  }
  const budgetSection = document.getElementById('budgets');
  if (budgetSection) budgetSection.hidden = !c.budgets.length;
  E.budgets.replaceChildren(...c.budgets.map(budgetBlock));
  fillRows(E.burnRows, c.burn);
  E.forecast.textContent = c.forecast.text;
  E.forecast.classList.toggle('warn', c.forecast.warn);
  E.forecastBasis.textContent = c.forecast.basis;
  renderChart(E.chart, c.daily, f, c.chartPace);
  E.paceLegend.hidden = !c.chartPace;
  E.paceLegend.replaceChildren(...(c.chartPace ? [' ', h('span', { class: 'swatch swatch-pace', 'aria-hidden': 'true' }), c.chartPace.legend] : []));
  // The days' split per model (account activity) as a column, only when there is one.
  const split = c.daily.some(r => r.byModel?.length);
  E.colModels.hidden = !split;
  E.historyRows.replaceChildren(...c.daily.map(r => h('tr', {},
    h('th', { scope: 'row', text: r.day }),
    h('td', { text: f.usd(r.spend), title: r.unknown && f.unknownReason(r.unknown), 'aria-description': r.unknown && f.unknownReason(r.unknown) }),
    h('td', { text: f.usd(r.balance) }),
    split && h('td', { class: 'models', text: modelSplit(r, f).join(', ') }))));
}

/**
 * The accounts: one button per account (the shown one marked current), each
 * showing its name, kind and balance as text. Pressing another posts
 * switchAccount; a workspace pin turns the buttons off and says why.
 */
function renderAccounts(a: AccountsPart | undefined): void {
  E.accounts.hidden = !a;
  if (!a) return;
  E.accountsPin.textContent = a.pinText;
  E.accountsPin.hidden = !a.pinText;
  if (a.pinText) E.accountList.setAttribute('aria-describedby', 'accounts-pin');
  else E.accountList.removeAttribute('aria-describedby');
  E.accountList.replaceChildren(...a.rows.map(r => h('li', {},
    h('button', {
      type: 'button', class: 'account', 'data-account-id': r.id,
      'aria-current': r.shown ? 'true' : undefined,
      title: r.shown ? undefined : r.showLabel,
      disabled: a.pinned,
    },
    h('span', { class: 'account-name', text: r.name }),
    h('span', { class: 'account-kind', text: r.kindText }),
    h('span', { class: 'account-balance', text: r.balance }),
    r.stale && h('span', { class: 'badge', text: s.accountStale }),
    r.shown && h('span', { class: 'sr-only', text: `(${s.accountShown})` })))));
  const total = a.total === undefined ? '' : `${s.accountsTotal}: ${a.total}${a.totalNote ? ` (${a.totalNote})` : ''}`;
  E.accountsTotal.textContent = total;
  E.accountsTotal.hidden = !total;
}

function renderAndReport(): void {
  try {
    render();
  } catch (e) {
    console.error(e);
    return;
  }
  requestAnimationFrame(() => setTimeout(() => vscode.postMessage({ type: 'rendered', pageMs: Math.round(performance.now()) }), 0));
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  if (m?.type !== 'state' || typeof m.view !== 'object' || m.view === null) return;
  view = m.view;
  receivedAt = Date.now();
  vscode.setState({ v: 2, view, receivedAt });
  renderAndReport();
});

document.addEventListener('click', ev => {
  const target = ev.target instanceof Element ? ev.target : null;
  const b = target?.closest('button[data-command]');
  const command = b?.getAttribute('data-command');
  if (isWebviewCommand(command)) vscode.postMessage({ type: 'command', command });
  // Another account: only ids the host accepts, never while pinned (the button is off) or for the one shown.
  const account = target?.closest('button[data-account-id]');
  const accountId = account?.getAttribute('data-account-id');
  if (account && !account.hasAttribute('disabled') && account.getAttribute('aria-current') !== 'true' && isPageAccountId(accountId)) {
    vscode.postMessage({ type: 'switchAccount', accountId });
  }
  const keyId = target?.closest('button[data-set-limit]')?.getAttribute('data-set-limit');
  if (isPageKeyId(keyId)) vscode.postMessage({ type: 'setLimit', keyId });
});

// Keep "updated … ago" and the expiry's age current without a message from the host.
setInterval(tick, 30_000);

build();
renderAndReport();
vscode.postMessage({ type: 'ready' });
