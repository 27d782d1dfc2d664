// The commands. Names and titles are part of the manifest contract.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { isCreditsError } from '../../core/openrouter/errors';
import { buildExport, defaultExportName, exportCsv, exportFormatOf, exportJson } from '../../core/view/export';
import type { Formatter } from '../../core/text/format';
import { generationFields, generationIdFrom, generationIdProblem, generationJson } from '../../core/openrouter/generation';
import { errorMessage, keyCheckMessage } from '../../core/text/messages';
import { KEYS_URL, TOP_UP_URL } from '../../core/view/presentation';
import type { CreditSnapshot, GenerationInfo } from '../../core/types';
import type { AccountsController } from '../accounts/accountsController';
import { readAndCheckKey, registerAccountCommands } from './accountCommands';
import { looksLikeKey } from '../accounts/keyStore';
import type { Notifier } from '../ui/notifier';
import type { SignIn } from '../integrations/signIn';

export interface CommandDeps {
  controller: AccountsController;
  format: Formatter;
  log: vscode.LogOutputChannel;
  notifier: Notifier;
  signIn: SignIn;
  showDetails: () => void;
}

/** What the user learns about a key that was accepted. */
export function describeKey(s: CreditSnapshot, f: Formatter): string {
  const label = s.key.label;
  if (s.key.isManagementKey) {
    return s.account
      ? vscode.l10n.t('Management key "{0}" saved. Account balance: {1}.', label, f.usd(s.account.remaining))
      : vscode.l10n.t('Management key "{0}" saved.', label);
  }
  if (s.key.limit !== null) {
    return vscode.l10n.t('Key "{0}" saved: limit {1}, {2} left.', label, f.usd(s.key.limit), f.usd(s.key.limitRemaining ?? 0));
  }
  return s.account
    ? vscode.l10n.t('Key "{0}" saved: no limit. Account balance: {1}.', label, f.usd(s.account.remaining))
    : vscode.l10n.t('Key "{0}" saved: no limit. Add a management key to see the account balance.', label);
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, format, log, notifier } = deps;

  const askForKey = (kind: string, text: string): void => {
    const setKey = vscode.l10n.t('Set API Key');
    void notifier.answer(kind, 'warning', text, setKey).then(p => {
      if (p === setKey) void vscode.commands.executeCommand('openrouterCredits.setApiKey');
    });
  };

  /**
   * Export Usage: the history samples, the daily spend and (management key)
   * spend by model and by key, as CSV or JSON by the file's extension
   * (core/export.ts). With a Uri argument it writes there without asking.
   * Returns the Uri written, or undefined.
   */
  const exportUsage = async (target?: unknown): Promise<vscode.Uri | undefined> => {
    await controller.ready;
    if (controller.view.keySource === 'none') {
      askForKey('exportUsage', vscode.l10n.t('There is no usage to export yet: set an OpenRouter API key first.'));
      return undefined;
    }
    let uri = target instanceof vscode.Uri ? target : undefined;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
      uri = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export OpenRouter Usage'),
        saveLabel: vscode.l10n.t('Export'),
        defaultUri: vscode.Uri.joinPath(folder, defaultExportName(Date.now())),
        filters: { [vscode.l10n.t('CSV (spreadsheets)')]: ['csv'], [vscode.l10n.t('JSON')]: ['json'] },
      });
      if (!uri) return undefined; // Esc writes nothing
    }
    const format = exportFormatOf(uri.path);
    const key = await controller.keys?.get();
    const data = buildExport(controller.view, controller.historyPoints, Date.now());
    // The export holds no key; a key that found its way into a name is scrubbed all the same.
    const text = format === 'json' ? exportJson(data, key ? [key] : []) : exportCsv(data, key ? [key] : []);
    const where = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    } catch (e) {
      log.warn(`Export Usage could not write the file: ${e instanceof vscode.FileSystemError ? e.code : 'error'}.`);
      void notifier.answer('exportUsage', 'error', vscode.l10n.t('The usage could not be written to {0}.', where));
      return undefined;
    }
    log.info(`Usage exported as ${format.toUpperCase()}: ${data.history.length} samples, ${data.daily.length} days${data.byModel ? `, ${data.byModel.length} model rows` : ''}${data.byKey ? `, ${data.byKey.length} keys` : ''}.`);
    const open = vscode.l10n.t('Open File');
    const written = uri;
    void notifier.answer('exportUsage', 'info', vscode.l10n.t('OpenRouter usage exported to {0}.', where), open).then(p => {
      if (p === open) void vscode.commands.executeCommand('vscode.open', written);
    });
    return uri;
  };

  /** Lists one generation's fields; choosing one copies its value, "Copy as JSON" all of them. */
  const showGeneration = (g: GenerationInfo): void => {
    type Item = vscode.QuickPickItem & { copy?: string };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = vscode.l10n.t('Generation cost: {0} ({1})', format.usdExact(g.totalCost), g.model);
    qp.placeholder = vscode.l10n.t('Choose a field to copy its value');
    qp.matchOnDescription = true;
    qp.items = [
      { label: `$(copy) ${vscode.l10n.t('Copy as JSON')}`, copy: generationJson(g), alwaysShow: true },
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      ...generationFields(g, format, vscode.l10n).map(f => ({ label: f.label, description: f.value, copy: f.value })),
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
  };

  /**
   * Look Up Generation Cost: asks for an id (pre-filled from a selection that
   * is one) or takes it as the argument, asks OpenRouter with this window's
   * key at the configured origin, and shows what it says. Returns the
   * GenerationInfo shown, or undefined.
   */
  const lookUpGeneration = async (arg?: unknown): Promise<GenerationInfo | undefined> => {
    let id = typeof arg === 'string' ? arg.trim() : undefined;
    if (id === undefined) {
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
      if (value === undefined) return undefined; // Esc
      id = value.trim();
    }
    const problem = generationIdProblem(id, vscode.l10n);
    if (problem) {
      void notifier.answer('lookUpGeneration', 'warning', problem);
      return undefined;
    }
    await controller.ready;
    const lookedUp = id;
    try {
      const g = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking up the generation…') },
        () => controller.fetchGeneration(lookedUp),
      );
      log.info(`Generation looked up: ${g.model}, ${g.totalCost} USD.`);
      showGeneration(g);
      return g;
    } catch (e) {
      const kind = isCreditsError(e) ? e.kind : 'network';
      const status = isCreditsError(e) && e.status ? ` (HTTP ${e.status})` : '';
      log.warn(`Generation lookup failed: ${kind}${status}.`);
      if (kind === 'noKey') {
        askForKey('lookUpGeneration', vscode.l10n.t('Set an OpenRouter API key to look up a generation.'));
      } else if (kind === 'notFound') {
        const again = vscode.l10n.t('Try Again');
        void notifier.answer('lookUpGeneration', 'warning',
          vscode.l10n.t('OpenRouter has no generation "{0}". A new generation can take a few seconds to appear: try again shortly.', lookedUp), again,
        ).then(p => { if (p === again) void lookUpGeneration(lookedUp); });
      } else {
        const why = kind === 'invalidKey' || kind === 'insecureBaseUrl'
          ? errorMessage(vscode.l10n, kind, '')
          : keyCheckMessage(vscode.l10n, kind, vscode.l10n.t('Something went wrong.'));
        void notifier.answer('lookUpGeneration', 'error', vscode.l10n.t('The generation could not be looked up. {0}', why));
      }
      return undefined;
    }
  };

  /** Set API Key; `accountId`: the account whose key to replace (an invalid-key notification names it), else the shown one. */
  const setApiKey = async (accountId?: unknown): Promise<boolean> => {
    await controller.ready;
    const target = typeof accountId === 'string' && controller.accounts.some(x => x.id === accountId) ? accountId : undefined;
    const p = controller.picked;
    if (!target && p.kind === 'unknownAccount') {
      // A workspace setting never decides where a key goes.
      const add = vscode.l10n.t('Add API Key');
      void notifier.answer('setApiKey', 'warning', vscode.l10n.t('This workspace shows the account "{0}" (openrouterCredits.account), and there is no account with that name. Add it with Add API Key, or change the setting.', p.name), add)
        .then(pick => { if (pick === add) void vscode.commands.executeCommand('openrouterCredits.addApiKey', undefined, p.name); });
      return false;
    }
    const checked = await readAndCheckKey(controller, log);
    if (!checked) return false;
    const { key, snapshot } = checked;
    try {
      await controller.storeKey(key, snapshot, target);
    } catch (e) {
      log.warn(`The key could not be stored: ${isCreditsError(e) ? e.kind : 'error'}.`);
      void notifier.answer('setApiKey', 'error', vscode.l10n.t('The key was not saved: the extension\'s storage could not be written.'));
      return false;
    }
    log.info(`API key set (${snapshot.key.isManagementKey ? 'management' : 'normal'} key).`);
    void vscode.window.showInformationMessage(describeKey(snapshot, format));
    return true;
  };

  const clearApiKey = async (): Promise<boolean> => {
    const clear = vscode.l10n.t('Clear Key');
    const p = controller.picked;
    const shownName = p.kind === 'pinned' || p.kind === 'active' ? p.account.name : undefined;
    // The account named in the dialog is the one removed, whatever another window does meanwhile.
    const shownId = p.kind === 'pinned' || p.kind === 'active' ? p.account.id : undefined;
    const pick = await vscode.window.showWarningMessage(
      shownName && controller.accounts.length > 1
        ? vscode.l10n.t('Remove the account "{0}" and its OpenRouter API key from VS Code secret storage?', shownName)
        : vscode.l10n.t('Remove the OpenRouter API key from VS Code secret storage?'),
      { modal: true }, clear,
    );
    if (pick !== clear) return false;
    await controller.clearKey(shownId);
    log.info('API key cleared.');
    return true;
  };

  const resetDismissedWarnings = async (): Promise<number> => {
    const n = (await controller.resetDismissed()).length;
    void vscode.window.showInformationMessage(
      n === 0 ? vscode.l10n.t('No warnings were dismissed: there is nothing to re-enable.')
        : n === 1 ? vscode.l10n.t('1 dismissed warning re-enabled: it shows again at its next crossing.')
          : vscode.l10n.t('{0} dismissed warnings re-enabled: they show again at their next crossing.', n),
    );
    return n;
  };

  return [
    vscode.commands.registerCommand('openrouterCredits.signIn', () => deps.signIn.run()),
    vscode.commands.registerCommand('openrouterCredits.setApiKey', setApiKey),
    vscode.commands.registerCommand('openrouterCredits.clearApiKey', clearApiKey),
    vscode.commands.registerCommand('openrouterCredits.refresh', () => controller.refresh()),
    vscode.commands.registerCommand('openrouterCredits.showLog', () => log.show()),
    vscode.commands.registerCommand('openrouterCredits.checkCredits', async () => {
      deps.showDetails();
      await controller.refresh();
    }),
    vscode.commands.registerCommand('openrouterCredits.getSnapshot', () => controller.view.snapshot),
    vscode.commands.registerCommand('openrouterCredits.topUp', () => vscode.env.openExternal(vscode.Uri.parse(TOP_UP_URL))),
    vscode.commands.registerCommand('openrouterCredits.resetDismissedWarnings', resetDismissedWarnings),
    vscode.commands.registerCommand('openrouterCredits.exportUsage', exportUsage),
    vscode.commands.registerCommand('openrouterCredits.lookUpGeneration', lookUpGeneration),
    ...registerAccountCommands(deps),
  ];
}
