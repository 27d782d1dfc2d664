import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('bench smoke', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });
  it('loads the extension under test', async () => {
    const ext = vscode.extensions.all.find(e => e.packageJSON.name === 'openrouter-credits');
    assert.ok(ext, 'extension not found');
  });
});
