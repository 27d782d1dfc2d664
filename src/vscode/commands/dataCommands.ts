// The data commands: Export Usage and Look Up Generation Cost.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { generationIdFrom, generationIdProblem, generationJson } from '../../core/openrouter/generation';
import { isCreditsError } from '../../core/openrouter/errors';
import type { Formatter } from '../../core/text/format';
import { plainText } from '../../core/text/plain';
import { errorMessage, keyCheckMessage } from '../../core/text/messages';
import type { GenerationInfo } from '../../core/types';
import { generationPick } from '../../core/view/picks';
import { buildExport, defaultExportName, exportCsv, exportFormatOf, exportJson } from '../../core/view/export';
import type { AccountCommandDeps, Register } from './deps';
import { askForKey } from './keyPrompt';

/** The save dialog of Export Usage, in the first workspace folder (else the home folder); undefined on Esc. */
function askExportTarget(): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export OpenRouter Usage'),
    saveLabel: vscode.l10n.t('Export'),
    defaultUri: vscode.Uri.joinPath(folder, defaultExportName(Date.now())),
    filters: { [vscode.l10n.t('CSV (spreadsheets)')]: ['csv'], [vscode.l10n.t('JSON')]: ['json'] },
  });
}

/**
 * Export Usage: the history samples, the daily spend and (management key)
 * spend by model and by key, as CSV or JSON by the file's extension
 * (core/view/export.ts), to the file the user chose in the save dialog.
 * `target` writes there without asking: the extension's own callers only (its
 * tests); the registered command takes no argument, so no other extension or
 * command link can overwrite a file with it. Returns the Uri written, or undefined.
 */
export async function exportUsage(deps: AccountCommandDeps, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const { controller, log, notifier } = deps;
  await controller.ready;
  if (controller.view.keySource === 'none') {
    askForKey(notifier, 'exportUsage', vscode.l10n.t('There is no usage to export yet: set an OpenRouter API key first.'));
    return undefined;
  }
  const uri = target ?? await askExportTarget();
  if (!uri) return undefined; // Esc writes nothing
  const fileFormat = exportFormatOf(uri.path);
  const key = await controller.keys?.get();
  const data = buildExport(controller.view, controller.historyPoints, Date.now());
  // The export holds no key; a key that found its way into a name is scrubbed all the same.
  const text = fileFormat === 'json' ? exportJson(data, key ? [key] : []) : exportCsv(data, key ? [key] : []);
  const where = plainText(uri.scheme === 'file' ? uri.fsPath : uri.toString(true));
  try {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  } catch (e) {
    log.warn(`Export Usage could not write the file: ${e instanceof vscode.FileSystemError ? e.code : 'error'}.`);
    void notifier.answer('exportUsage', 'error', vscode.l10n.t('The usage could not be written to {0}.', where));
    return undefined;
  }
  log.info(`Usage exported as ${fileFormat.toUpperCase()}: ${data.history.length} samples, ${data.daily.length} days${data.byModel ? `, ${data.byModel.length} model rows` : ''}${data.byKey ? `, ${data.byKey.length} keys` : ''}.`);
  const open = vscode.l10n.t('Open File');
  void notifier.answer('exportUsage', 'info', vscode.l10n.t('OpenRouter usage exported to {0}.', where), open).then(p => {
    if (p === open) void vscode.commands.executeCommand('vscode.open', uri);
  });
  return uri;
}

/** Lists one generation's fields; choosing one copies its value, "Copy as JSON" all of them. */
function showGeneration(g: GenerationInfo, format: Formatter): void {
  type Item = vscode.QuickPickItem & { copy?: string };
  const qp = vscode.window.createQuickPick<Item>();
  const pick = generationPick(g, format, vscode.l10n);
  qp.title = pick.title;
  qp.placeholder = vscode.l10n.t('Choose a field to copy its value');
  qp.matchOnDescription = true;
  qp.items = [
    { label: `$(copy) ${vscode.l10n.t('Copy as JSON')}`, copy: generationJson(g), alwaysShow: true },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    // The values are OpenRouter's text: shown as plain text, copied as they are.
    ...pick.items.map(({ value, ...item }) => ({ ...item, copy: value })),
  ];
  qp.onDidAccept(() => {
    const copy = qp.selectedItems[0]?.copy;
    qp.hide();
    if (copy !== undefined) {
      void vscode.env.clipboard.writeText(copy).then(() => vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard.'), 3000));
    }
  });
  qp.onDidHide(() => qp.dispose());
  qp.show();
}

/** Asks for a generation id, pre-filled from a selection that is one; undefined on Esc. */
async function askGenerationId(): Promise<string | undefined> {
  const ed = vscode.window.activeTextEditor;
  const selected = ed && !ed.selection.isEmpty ? generationIdFrom(ed.document.getText(ed.selection)) : undefined;
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Look Up Generation Cost'),
    prompt: vscode.l10n.t('The id of an OpenRouter generation, as returned in the response (e.g. gen-1234567890-abcdef).'),
    placeHolder: 'gen-…',
    value: selected,
    ignoreFocusOut: true,
    validateInput: v => generationIdProblem(v, vscode.l10n),
  });
  return value?.trim();
}

/** Tells the user why the lookup of `id` failed: no key (Set API Key), not found yet (Try Again), or the error. */
function reportLookupFailure(deps: AccountCommandDeps, id: string, e: unknown): void {
  const { log, notifier } = deps;
  const kind = isCreditsError(e) ? e.kind : 'network';
  const status = isCreditsError(e) && e.status ? ` (HTTP ${e.status})` : '';
  log.warn(`Generation lookup failed: ${kind}${status}.`);
  if (kind === 'noKey') {
    askForKey(notifier, 'lookUpGeneration', vscode.l10n.t('Set an OpenRouter API key to look up a generation.'));
  } else if (kind === 'notFound') {
    const again = vscode.l10n.t('Try Again');
    void notifier.answer('lookUpGeneration', 'warning',
      vscode.l10n.t('OpenRouter has no generation "{0}". A new generation can take a few seconds to appear: try again shortly.', plainText(id)), again,
    ).then(p => { if (p === again) void lookUpGeneration(deps, id); });
  } else {
    const why = kind === 'invalidKey' || kind === 'insecureBaseUrl'
      ? errorMessage(vscode.l10n, kind, '')
      : keyCheckMessage(vscode.l10n, kind, vscode.l10n.t('Something went wrong.'));
    void notifier.answer('lookUpGeneration', 'error', vscode.l10n.t('The generation could not be looked up. {0}', why));
  }
}

/**
 * Look Up Generation Cost: asks for an id (pre-filled from a selection that
 * is one) or takes it as the argument, asks OpenRouter with this window's
 * key at the configured origin, and shows what it says. Returns the
 * GenerationInfo shown, or undefined.
 */
export async function lookUpGeneration(deps: AccountCommandDeps, arg?: unknown): Promise<GenerationInfo | undefined> {
  const { controller, format, log, notifier } = deps;
  const id = typeof arg === 'string' ? arg.trim() : await askGenerationId();
  if (id === undefined) return undefined; // Esc
  const problem = generationIdProblem(id, vscode.l10n);
  if (problem) {
    void notifier.answer('lookUpGeneration', 'warning', problem);
    return undefined;
  }
  await controller.ready;
  try {
    const g = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking up the generation…') },
      () => controller.fetchGeneration(id),
    );
    log.info(`Generation looked up: ${g.model}, ${g.totalCost} USD.`);
    showGeneration(g, format);
    return g;
  } catch (e) {
    reportLookupFailure(deps, id, e);
    return undefined;
  }
}

export function registerDataCommands(deps: AccountCommandDeps, register: Register): vscode.Disposable[] {
  return [
    register(COMMANDS.exportUsage, () => exportUsage(deps)),
    register(COMMANDS.lookUpGeneration, (arg?: unknown) => lookUpGeneration(deps, arg)),
  ];
}
