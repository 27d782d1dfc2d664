// The shared state's text. Its breakdown (a big organization's: 600 KB of
// keys and daily spend) changes by parts: a refresh brings new keys, while
// the daily spend, the spend by model and the organization's structure are
// the same objects until their own, rarer reads bring new ones, and a key
// that did not change is the same object as before (keepUnchanged()). So the
// JSON of each part is kept by object and written again as it was: a refresh
// serialises only what changed, and its second write (the alerts') not even
// that. The text parses to what JSON.stringify(state) gives. No `vscode`
// import here.

import type { SharedState } from './sharedState';

const textOf = new WeakMap<object, string>();

/**
 * JSON.stringify(value), with each object's text kept by identity: `depth`
 * levels of arrays and plain objects are composed from their parts' kept
 * texts, so that a new array of mostly kept items (a refresh's keys, most of
 * them unchanged: see keepUnchanged()) serialises only its new items.
 */
function partText(value: unknown, depth: number, key = ''): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // As JSON.stringify does it: toJSON(key) first (a Date; nothing the state holds today). Not kept: the text depends on the key.
    const t = JSON.stringify({ [key]: value });
    return t.length > 2 ? t.slice(JSON.stringify(key).length + 2, -1) : undefined;
  }
  let t = textOf.get(value);
  if (t !== undefined) return t;
  if (depth > 0 && Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(partText(value[i], depth - 1, String(i)) ?? 'null'); // holes too, as null
    t = `[${items.join(',')}]`;
  } else if (depth > 0) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const p = partText(v, depth - 1, k);
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
