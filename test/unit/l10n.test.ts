import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { exportStrings } from '../../scripts/l10n';

// Guards the localization files:
// - l10n/bundle.l10n.json must match what
//   `npx @vscode/l10n-dev export --outDir ./l10n ./src` would produce now,
// - every translation bundle / package.nls.<lang>.json must cover exactly the
//   English keys and keep placeholders, codicons, links and code spans.
// When (a) fails: re-run the export above, then translate the new keys.

const repoRoot = path.resolve(__dirname, '../..');
const l10nDir = path.join(repoRoot, 'l10n');

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();
const placeholders = (s: string): string[] => sorted(new Set(s.match(/\{\d+\}/g) ?? []));
const codicons = (s: string): string[] => sorted(s.match(/\$\([a-z0-9-]+(?:~[a-z]+)?\)/g) ?? []);
const linkTargets = (s: string): string[] => sorted(s.match(/\]\([^)]*\)/g) ?? []);
const codeSpans = (s: string): string[] => sorted(s.match(/`[^`]*`/g) ?? []);

function diffKeys(actual: Record<string, unknown>, expected: Record<string, unknown>): { missing: string[]; extra: string[] } {
  return {
    missing: Object.keys(expected).filter((k) => !(k in actual)),
    extra: Object.keys(actual).filter((k) => !(k in expected)),
  };
}

function translationFiles(dir: string, re: RegExp): string[] {
  return fs.readdirSync(dir).filter((f) => re.test(f)).map((f) => path.join(dir, f));
}

describe('l10n', () => {
  const bundle = readJson(path.join(l10nDir, 'bundle.l10n.json'));
  const nls = readJson(path.join(repoRoot, 'package.nls.json'));

  it('l10n/bundle.l10n.json is up to date with the strings in src', async function () {
    // The extractor parses every source file: seconds on an idle machine, more on a busy one.
    this.timeout(60_000);
    const exported = await exportStrings();
    assert.deepEqual(
      diffKeys(bundle, exported),
      { missing: [], extra: [] },
      'Run `npm run l10n` and translate the new keys in l10n/bundle.l10n.de.json',
    );
  });

  it('a German bundle exists', () => {
    assert.ok(fs.existsSync(path.join(l10nDir, 'bundle.l10n.de.json')));
    assert.ok(fs.existsSync(path.join(repoRoot, 'package.nls.de.json')));
  });

  for (const file of translationFiles(l10nDir, /^bundle\.l10n\.[a-z]{2}(-[a-z]+)?\.json$/i)) {
    describe(path.basename(file), () => {
      const tr = readJson(file);

      it('has exactly the keys of bundle.l10n.json', () => {
        assert.deepEqual(diffKeys(tr, bundle), { missing: [], extra: [] });
      });

      it('has a non-empty string for every key, keeping {n} placeholders and $(codicons)', () => {
        for (const [key, value] of Object.entries(tr)) {
          assert.equal(typeof value, 'string', key);
          const v = value as string;
          assert.ok(v.trim().length > 0, `empty translation for ${JSON.stringify(key)}`);
          assert.deepEqual(placeholders(v), placeholders(key), `placeholders of ${JSON.stringify(key)}`);
          assert.deepEqual(codicons(v), codicons(key), `codicons of ${JSON.stringify(key)}`);
        }
      });
    });
  }

  for (const file of translationFiles(repoRoot, /^package\.nls\.[a-z]{2}(-[a-z]+)?\.json$/i)) {
    describe(path.basename(file), () => {
      const tr = readJson(file);

      it('has exactly the keys of package.nls.json', () => {
        assert.deepEqual(diffKeys(tr, nls), { missing: [], extra: [] });
      });

      it('has non-empty strings keeping links, command: URIs and code spans', () => {
        for (const [key, value] of Object.entries(tr)) {
          assert.equal(typeof value, 'string', key);
          const v = value as string;
          const en = nls[key] as string;
          assert.ok(v.trim().length > 0, `empty translation for ${key}`);
          assert.deepEqual(linkTargets(v), linkTargets(en), `link targets of ${key}`);
          assert.deepEqual(codeSpans(v), codeSpans(en), `code spans of ${key}`);
          assert.deepEqual(placeholders(v), placeholders(en), `placeholders of ${key}`);
        }
      });
    });
  }

  it('every %key% in package.json exists in package.nls.json', () => {
    const used = new Set<string>();
    const walk = (node: unknown): void => {
      if (typeof node === 'string') {
        const m = /^%([^%\s]+)%$/.exec(node);
        if (m) used.add(m[1]);
      } else if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') Object.values(node).forEach(walk);
    };
    walk(readJson(path.join(repoRoot, 'package.json')));
    assert.ok(used.size > 0, 'package.json uses no %key% at all');
    assert.deepEqual(sorted([...used].filter((k) => !(k in nls))), []);
  });
});
