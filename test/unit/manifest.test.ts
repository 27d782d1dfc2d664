import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, OPEN_SETTINGS } from '../../src/core/commands';
import { COMMAND_RULES, CONTEXT_KEYS, enablementClause, whenClause } from '../../src/core/view/context';

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
  // Issue 22: commands where they can act.
  type MenuItem = { command: string; when?: string; group?: string };
  const manifest = () => JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('every command has the palette rule and enablement of src/core/view/context.ts', () => {
    const pkg = manifest();
    const palette: MenuItem[] = pkg.contributes.menus.commandPalette;
    for (const [name, id] of Object.entries(COMMANDS) as [keyof typeof COMMANDS, string][]) {
      const entries = palette.filter(m => m.command === id);
      assert.ok(entries.length <= 1, `${id}: one palette entry at most`);
      assert.equal(entries[0]?.when, whenClause(COMMAND_RULES[name]), `${id}: its palette rule`);
      const contributed = pkg.contributes.commands.find((c: { command: string }) => c.command === id);
      assert.equal(contributed.enablement, enablementClause(name), `${id}: its enablement`);
    }
  });

  it('names no context key of ours that core does not set', () => {
    const pkg = manifest();
    const ours = new Set(Object.values(CONTEXT_KEYS));
    const clauses = [
      ...Object.values<MenuItem[]>(pkg.contributes.menus).flat().map(m => m.when ?? ''),
      ...pkg.contributes.commands.map((c: { enablement?: string }) => c.enablement ?? ''),
    ];
    const named = clauses.flatMap(w => [...w.matchAll(/openrouterCredits\.\w+/g)].map(m => m[0]));
    assert.ok(named.length > 0);
    for (const k of named) assert.ok(ours.has(k) || k === 'openrouterCredits.details', `${k} is a context key of core/view/context.ts`);
  });

  it('Clear API Key stays a contributed command (keybindings), hidden from the palette: Remove API Key is the one listed', () => {
    const pkg = manifest();
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === COMMANDS.clearApiKey));
    const palette: MenuItem[] = pkg.contributes.menus.commandPalette;
    assert.equal(palette.find(m => m.command === COMMANDS.clearApiKey)?.when, 'false');
    assert.notEqual(palette.find(m => m.command === COMMANDS.removeApiKey)?.when, 'false');
  });

  it('the details page has Refresh, Export Usage… and Copy Summary in its title bar, with icons, where they can act', () => {
    const pkg = manifest();
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:openrouterCredits.details'), 'the panel\'s view type');
    const page = "activeWebviewPanelId == 'openrouterCredits.details'";
    const title: MenuItem[] = pkg.contributes.menus['editor/title'];
    const names = ['refresh', 'exportUsage', 'copySummary'] as const;
    assert.deepEqual(title.map(m => m.command), names.map(n => COMMANDS[n]));
    title.forEach((m, i) => {
      const rule = whenClause(COMMAND_RULES[names[i]]);
      assert.equal(m.when, rule ? `${page} && ${rule}` : page, m.command);
      assert.equal(m.group, `navigation@${i + 1}`);
      const c = pkg.contributes.commands.find((x: { command: string }) => x.command === m.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${m.command} has an icon`);
    });
    const copy = pkg.contributes.commands.find((c: { command: string }) => c.command === COMMANDS.copySummary);
    assert.equal(copy.icon, '$(copy)');
    assert.equal(`${copy.category}: ${nls[copy.title.replace(/%/g, '')]}`, 'OpenRouter: Copy Summary');
  });

  it('presents itself on the Marketplace: categories VS Code knows (AI first), a banner, the project links, no Q&A tab', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    // The categories the Marketplace and VS Code accept (Extensions view: @category:).
    const known = ['Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers', 'Other',
      'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing', 'AI', 'Chat'];
    assert.equal(pkg.categories[0], 'AI');
    for (const c of pkg.categories) assert.ok(known.includes(c), `${c} is a Marketplace category`);
    assert.ok(!pkg.categories.includes('Other'), '"Other" says nothing next to real categories');
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
    const repo: string = pkg.repository.url;
    assert.match(repo, /^https:\/\/github\.com\/[\w-]+\/[\w-]+$/);
    assert.equal(pkg.bugs.url, `${repo}/issues`);
    assert.ok(pkg.homepage.startsWith(repo), 'the homepage is the repository');
    assert.equal(pkg.qna, false, 'questions go to the issues, not to an unwatched Marketplace Q&A');
  });

  it('says in every language that it is not affiliated with OpenRouter', () => {
    const description = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))['extension.description'] as string;
    assert.match(description('package.nls.json'), /not affiliated with OpenRouter\.$/);
    assert.match(description('package.nls.de.json'), /kein Produkt von OpenRouter\.$/);
    const files = fs.readdirSync(root).filter(f => /^package\.nls\.[\w-]+\.json$/.test(f));
    for (const f of files) assert.ok(description(f).endsWith('OpenRouter.'), `${f} ends its description with the note`);
  });

  it('runs on the UI side where VS Code allows it (one poller per machine), else in the workspace; never claims the web', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.extensionKind, ['ui', 'workspace']);
    assert.equal(pkg.browser, undefined, 'no web entry point: in a browser-only VS Code the extension does not run');
  });

  it('its version is the newest release in CHANGELOG.md, which says what each version brought', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    const sections = changelog.split(/^## /m).slice(1).map(s => ({ heading: s.split('\n')[0].trim(), body: s.split('\n').slice(1).join('\n').trim() }));
    assert.equal(sections[0].heading, 'Unreleased', 'changes not yet released are collected on top');
    const releases = sections.slice(1);
    assert.ok(releases.every(r => /^\d+\.\d+\.\d+$/.test(r.heading)), 'every other heading is a version');
    assert.equal(releases[0].heading, pkg.version, 'package.json has the newest release');
    for (const r of releases) assert.match(r.body, /^- /m, `${r.heading} says what it brought`);
    const newer = (a: string, b: string) => {
      const [x, y] = [a, b].map(v => v.split('.').map(Number));
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    for (let i = 1; i < releases.length; i++) assert.ok(newer(releases[i - 1].heading, releases[i].heading) > 0, 'newest first');
  });
});
