// Exports the English strings of every vscode.l10n call to l10n/bundle.l10n.json.
// Pure core modules receive `l10n` as a parameter (they may not import vscode);
// for the exporter, their `l10n.t(` calls are read as `vscode.l10n.t(`.
// Usage: npx tsx scripts/l10n.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson, type IScriptFile } from '@vscode/l10n-dev';

export const ROOT = path.resolve(__dirname, '..');

export function scriptFiles(dir = path.join(ROOT, 'src')): IScriptFile[] {
  const out: IScriptFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...scriptFiles(full));
    else if (entry.isFile() && /\.(ts|tsx|js|jsx)$/.test(entry.name)) {
      let contents = fs.readFileSync(full, 'utf8');
      if (/\bl10n: L10n\b/.test(contents) && !/from 'vscode'/.test(contents)) {
        contents = `import * as vscode from 'vscode';\n${contents.replace(/(?<![.\w])l10n\.t\(/g, 'vscode.l10n.t(')}`;
      }
      out.push({ extension: path.extname(entry.name), contents });
    }
  }
  return out;
}

export async function exportStrings(): Promise<Record<string, string>> {
  return (await getL10nJson(scriptFiles())) as Record<string, string>;
}

if (require.main === module) {
  void exportStrings().then(json => {
    fs.writeFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), `${JSON.stringify(json, null, 2)}\n`);
    console.log(`l10n/bundle.l10n.json: ${Object.keys(json).length} strings`);
  });
}
