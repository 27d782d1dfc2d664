// What the reader chose on the page (folded sections, the key table's
// workspace filter and sort), kept in the page's saved state across reloads
// of a hidden panel (host.ts). Set before the layout is built.

export interface UiPrefs {
  /** Ids of the folded sections. */
  folded: string[];
  /** The key table's workspace filter ('' = all). */
  workspace: string;
  /** The key table's sort column and direction. */
  sort?: { col: string; desc: boolean };
}

let prefs: UiPrefs = { folded: [], workspace: '' };
let persist: (p: UiPrefs) => void = () => undefined;

/** Valid prefs from a saved state, else the defaults. */
export function parsePrefs(x: unknown): UiPrefs {
  const p = x as Partial<UiPrefs> | undefined;
  const folded = Array.isArray(p?.folded) ? p.folded.filter((s): s is string => typeof s === 'string') : [];
  const sort = p?.sort && typeof p.sort.col === 'string' ? { col: p.sort.col, desc: p.sort.desc === true } : undefined;
  return { folded, workspace: typeof p?.workspace === 'string' ? p.workspace : '', ...(sort ? { sort } : {}) };
}

export function initPrefs(saved: UiPrefs, save: (p: UiPrefs) => void): void {
  prefs = saved;
  persist = save;
}

export function getPrefs(): Readonly<UiPrefs> {
  return prefs;
}

export function setPrefs(change: Partial<UiPrefs>): void {
  prefs = { ...prefs, ...change };
  persist(prefs);
}
