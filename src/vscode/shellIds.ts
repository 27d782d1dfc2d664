// Ids the activation bundle registers with VS Code before the parts that
// serve them are loaded (src/vscode/shell.ts): plain strings, no imports.

/** The details page's webview type (its panel serializer). */
export const DETAILS_VIEW_TYPE = 'openrouterCredits.details';
/** The pre-flight task's type (package.json taskDefinitions). */
export const TASK_TYPE = 'openrouter-credits';
/** The language-model tool's name (package.json languageModelTools). */
export const TOOL_NAME = 'openrouterCredits_balance';
/** globalState key of the start-up cache: the last snapshot and error this profile saw (never the key). */
export const CACHE = 'openrouterCredits.lastState';
/** globalState key of the last status bar presentation (its text, tooltip and colour: no key), painted at activation. */
export const STATUS_CACHE = 'openrouterCredits.lastStatus';
