// The bench's floor (scripts/bench/run-bench.ts): the least an OpenRouter
// monitor can do at activation (a status bar item, one command) and on its
// page (a webview with one figure, its script inline under a nonce). Nothing
// of ours is loaded; what it measures is the workbench's own share.
'use strict';
const vscode = require('vscode');
const crypto = require('crypto');

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
  }));
}

module.exports = { activate, deactivate() {} };
