import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, OPEN_SETTINGS } from '../../src/core/commands';

const root = path.resolve(__dirname, '../..');

describe('manifest', () => {
  it('the manifest keeps its contract', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'openrouter-credits');
    assert.equal(pkg.displayName, 'OpenRouter Credits');
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
    assert.equal(pkg.devDependencies['@types/vscode'], '1.85.0');
    assert.equal(pkg.engines.vscode, '^1.85.0');
    const cmds = Object.fromEntries(pkg.contributes.commands.map((c: { command: string; title: string; category?: string }) => [c.command, c]));
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
    const title = (id: string) => {
      const c = cmds[id];
      const t = c.title.replace(/^%(.*)%$/, (_: string, k: string) => nls[k]);
      return c.category ? `${c.category}: ${t}` : t;
    };
    assert.equal(title('openrouterCredits.checkCredits'), 'Check OpenRouter Credits');
    assert.equal(title('openrouterCredits.setApiKey'), 'OpenRouter: Set API Key');
    assert.equal(title('openrouterCredits.signIn'), 'OpenRouter: Sign In with OpenRouter');
    assert.equal(title('openrouterCredits.clearApiKey'), 'OpenRouter: Clear API Key');
    assert.equal(title('openrouterCredits.refresh'), 'OpenRouter: Refresh Credits');
    assert.equal(title('openrouterCredits.showLog'), 'OpenRouter: Show Log');
    assert.equal(title('openrouterCredits.topUp'), 'OpenRouter: Top Up Credits');
    assert.equal(title('openrouterCredits.resetDismissedWarnings'), 'OpenRouter: Reset Dismissed Warnings');
    assert.equal(title('openrouterCredits.exportUsage'), 'OpenRouter: Export Usage…');
    assert.equal(title('openrouterCredits.lookUpGeneration'), 'OpenRouter: Look Up Generation Cost');
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['openrouterCredits.apiBaseUrl'].default, 'https://openrouter.ai/api/v1');
    assert.equal(props['openrouterCredits.apiBaseUrl'].scope, 'application');
    assert.equal(props['openrouterCredits.refreshIntervalSeconds'].default, 300);
    assert.equal(props['openrouterCredits.refreshIntervalSeconds'].minimum, 15);
    assert.equal(props['openrouterCredits.lowCreditThreshold'].default, 5);
    assert.equal(props['openrouterCredits.usageWarningPercent'].default, 90);
    for (const [k, v] of Object.entries<Record<string, unknown>>(props)) assert.ok(v.markdownDescription, `${k} needs a markdownDescription`);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['openrouterCredits.apiBaseUrl']);
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
  });

  it('contributes exactly the commands of src/core/commands.ts, each with a title', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  });

  it('every command the manifest points at (menus, walkthrough links and completion events) is one of src/core/commands.ts', () => {
    const manifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8') + fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const known = new Set<string>([...Object.values(COMMANDS), OPEN_SETTINGS]);
    const pointed = [
      ...[...manifest.matchAll(/(?:command:|onCommand:)([\w.]+)/g)].map(m => m[1]),
      ...Object.values<Array<{ command: string }>>(pkg.contributes.menus ?? {}).flat().map(m => m.command),
    ];
    assert.ok(pointed.includes(COMMANDS.signIn) && pointed.includes(COMMANDS.getSnapshot), 'the scan finds the links and the menus');
    for (const id of pointed) assert.ok(known.has(id), `${id} is a command of src/core/commands.ts`);
  });
});
