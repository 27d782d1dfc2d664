// The bench's floor (scripts/bench/run-bench.ts): the least an OpenRouter
// monitor can do at activation (a status bar item, one command), on its page
// (a webview with one figure, its script inline under a nonce) and in a
// refresh (the same requests as ours, through the `http` module VS Code gives
// extensions, each answer parsed and nothing more). Nothing of ours is
// loaded; what it measures is the workbench's and Node's own share.
'use strict';
const vscode = require('vscode');
const crypto = require('crypto');
const http = require('http');
const https = require('https');
const { performance } = require('perf_hooks');

/** GET `url` with the key; the answer's JSON. */
function getJson(url, key) {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).get(url, { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => { try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch (e) { reject(e); } });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A workspace's keys, 100 a page, until a short page (as OpenRouter pages them). */
async function keyPages(base, key, workspaceId) {
  let requests = 0;
  for (let offset = 0; ; offset += 100) {
    const page = await getJson(`${base}/keys?include_disabled=true&offset=${offset}&workspace_id=${encodeURIComponent(workspaceId)}`, key);
    requests++;
    if (page.data.length < 100) return requests;
  }
}

let workspaceIds;

/** A management key's steady-state refresh, as ours asks it: /credits and each workspace's /keys pages, at once. */
async function refresh(log) {
  const base = String(vscode.workspace.getConfiguration('openrouterCredits').get('apiBaseUrl')).replace(/\/+$/, '');
  const key = process.env.OPENROUTER_API_KEY;
  // The workspaces' ids: read once (ours reads the structure hourly, not each refresh).
  workspaceIds ??= (await getJson(`${base}/workspaces?limit=100`, key)).data.map(w => w.id);
  const busy0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const counts = await Promise.all([getJson(`${base}/credits`, key).then(() => 1), ...workspaceIds.map(id => keyPages(base, key, id))]);
  const requests = counts.reduce((a, b) => a + b, 0);
  log.info(`Reference refresh: ${requests} requests, ${Math.round(performance.now() - t0)} ms, this host busy ${Math.round(performance.eventLoopUtilization(busy0).active)} ms of it.`);
}

function activate(context) {
  const log = vscode.window.createOutputChannel('Bench Reference', { log: true });
  const item = vscode.window.createStatusBarItem('benchReference.status', vscode.StatusBarAlignment.Right, 99);
  item.text = '$0.00';
  item.show();
  context.subscriptions.push(log, item, vscode.commands.registerCommand('openrouterCreditsBenchReference.open', () => {
    const shownAt = Date.now();
    const panel = vscode.window.createWebviewPanel('benchReference.page', 'Bench Reference', vscode.ViewColumn.Active, { enableScripts: true });
    const nonce = crypto.randomBytes(18).toString('base64');
    panel.webview.onDidReceiveMessage(m => {
      if (m && m.type === 'painted') log.info(`Reference page first paint ${Date.now() - shownAt} ms after it was opened (the page's own part: ${m.pageMs} ms).`);
    });
    panel.webview.html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'">
</head><body><h2 id="b"></h2><script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('b').textContent = '$16.55';
requestAnimationFrame(() => setTimeout(() => vscode.postMessage({ type: 'painted', pageMs: Math.round(performance.now()) }), 0));
</script></body></html>`;
  }), vscode.commands.registerCommand('openrouterCreditsBenchReference.refresh', () => refresh(log).catch(e => log.error(`Reference refresh failed: ${e.message}`))));
}

module.exports = { activate, deactivate() {} };
