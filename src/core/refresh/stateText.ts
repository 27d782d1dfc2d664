// The shared state's text. Its breakdown (a big organization's: 600 KB of
// keys and daily spend) changes by parts: a refresh brings new keys, while
// the daily spend, the spend by model and the organization's structure are
// the same objects until their own, rarer reads bring new ones, and a key
// that did not change is the same object as before (keepUnchanged()). So the
// JSON of each part is kept by object and written again as it was: a refresh
// serialises only what changed, and its second write (the alerts') not even
// that. The text parses to what JSON.stringify(state)
// gives. No `vscode` import here.

import type { SharedState } from './sharedState';

const textOf = new WeakMap<object, string>();

/**
 * JSON.stringify(value), with each object's text kept by identity: `depth`
 * levels of arrays and plain objects are composed from their parts' kept
 * texts, so that a new array of mostly kept items (a refresh's keys, most of
 * them unchanged: see keepUnchanged()) serialises only its new items.
 */
function partText(value: unknown, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  let t = textOf.get(value);
  if (t !== undefined) return t;
  if (depth > 0 && Array.isArray(value)) {
    t = `[${value.map(v => partText(v, depth - 1) ?? 'null').join(',')}]`;
  } else if (depth > 0 && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const p = partText(v, depth - 1);
      if (p !== undefined) parts.push(`${JSON.stringify(k)}:${p}`);
    }
    t = `{${parts.join(',')}}`;
  } else {
    t = JSON.stringify(value);
  }
  textOf.set(value, t);
  return t;
}

export function stateText(s: SharedState): string {
  const { breakdown, ...rest } = s;
  if (breakdown === undefined || breakdown === null) return JSON.stringify(s);
  // The breakdown; its fields (keys, daily, byModel, org); their items (each key, each day) and the organization's fields.
  const b = partText(breakdown, 2)!;
  const head = JSON.stringify(rest);
  return head === '{}' ? `{"breakdown":${b}}` : `${head.slice(0, -1)},"breakdown":${b}}`;
}
