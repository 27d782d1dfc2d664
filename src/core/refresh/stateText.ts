// The shared state's text. Its breakdown (a big organization's: 600 KB of
// keys and daily spend) is the same object from one write to the next until
// a refresh brings a new one, so its JSON is kept by object and written
// again as it was: a refresh's second write (the alerts') does not serialise
// it again. The text parses to what JSON.stringify(state) gives. No `vscode`
// import here.

import type { SharedState } from './sharedState';

const breakdownText = new WeakMap<object, string>();

export function stateText(s: SharedState): string {
  const { breakdown, ...rest } = s;
  if (breakdown === undefined || breakdown === null) return JSON.stringify(s);
  let b = breakdownText.get(breakdown);
  if (b === undefined) {
    b = JSON.stringify(breakdown);
    breakdownText.set(breakdown, b);
  }
  const head = JSON.stringify(rest);
  return head === '{}' ? `{"breakdown":${b}}` : `${head.slice(0, -1)},"breakdown":${b}}`;
}
