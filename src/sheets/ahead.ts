/**
 * Searching before the first read. A call that only reads (a history, an invoice list, the desk's search
 * and client page) knows what it looks for before it has read anything: so it searches at the columns
 * Set up workbook gives each tab (the template's order, sheets-template/tabs.ts), and reads the rows found
 * in the same Sheets API request as the header rows that say whether those were the right columns
 * (`FocusedStore.focus` checks each one). That is one round trip and one API read fewer than reading the
 * header rows first. A search made at a column that is elsewhere (an owner moved it; an upgrade appended
 * it at the end) is wasted, and made again the usual way, where the header row says.
 */
import { TABS, type TabName } from '../../sheets-template/tabs';
import { type Cell, textOf } from './cells';
import { exactly, findRows } from './grid';

/** What one search looks for (`Focus` in store.ts). */
export interface Sought {
  tab: TabName;
  by: string;
  values?: readonly string[];
  patterns?: readonly string[];
  /** Read at most this many of the rows found (the first, in sheet order). */
  limit?: number;
}

/** One search made ahead: what it looked for, the column it searched and the rows it found. */
export interface Searched {
  sought: Sought;
  column: number;
  rows: number[];
}

/** The searches made ahead, and the rows they found as the first request read them (whole rows). */
export interface Ahead {
  searched: readonly Searched[];
  read: ReadonlyMap<TabName, ReadonlyMap<number, Cell[]>>;
}

/** The TextFinder patterns of a search: its values exactly, and its patterns as they are. */
export function patternsOf(sought: Sought): string[] {
  return [...(sought.values ?? []).map(exactly), ...(sought.patterns ?? [])];
}

/** The column (1-based) Set up workbook gives the header `by` in `tab`, or 0 when it gives none. */
function templateColumn(tab: TabName, by: string): number {
  return TABS[tab].columns.findIndex((c) => c.header === by) + 1;
}

/**
 * Each search made at its template column, before anything is read. One that can't be (a header Set up
 * workbook doesn't make, a missing tab, a column past the sheet's edge) is left out: the usual way makes
 * it, where the header row says.
 */
export function searchAhead(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, soughts: readonly Sought[]): Searched[] {
  const out: Searched[] = [];
  for (const sought of soughts) {
    const column = templateColumn(sought.tab, sought.by);
    const sheet = ss.getSheetByName(TABS[sought.tab].name);
    if (column === 0 || !sheet) continue;
    let found: number[];
    try {
      found = findRows(sheet, column, patternsOf(sought));
    } catch {
      // The usual way searches again where the header row says, and meets any real failure there.
      continue;
    }
    out.push({ sought, column, rows: sought.limit === undefined ? found : found.slice(0, sought.limit) });
  }
  return out;
}

/** The rows to read with the header rows, by tab. */
export function rowsToRead(searched: readonly Searched[]): Map<TabName, number[]> {
  const rows = new Map<TabName, number[]>();
  for (const s of searched) rows.set(s.sought.tab, [...new Set([...(rows.get(s.sought.tab) ?? []), ...s.rows])]);
  return rows;
}

function sameSearch(a: Sought, b: Sought): boolean {
  return (
    a.tab === b.tab && a.by === b.by && a.limit === b.limit && patternsOf(a).join('\n') === patternsOf(b).join('\n')
  );
}

/** What a call's first focus takes of the searches made ahead. */
export interface FoundAhead {
  /** Whether each search asked for was made ahead, at the column its header row names. */
  matched: boolean[];
  /** The rows those searches found, by tab, each as wide as its header row. */
  rows: Map<TabName, Map<number, Cell[]>>;
}

/**
 * What of `soughts` the searches made ahead answer: each search asked for that was made ahead (the same
 * search) at the column its header row names (the first of that name, as the usual way picks), in a tab
 * the first request read. The others (a column an owner moved, one a later layout appended elsewhere) are
 * searched again the usual way; a search made ahead that is not asked for (a column the tab lacks) is
 * dropped.
 */
export function foundAhead(
  ahead: Ahead,
  soughts: readonly Sought[],
  headers: ReadonlyMap<TabName, Cell[]>,
): FoundAhead {
  const rows = new Map<TabName, Map<number, Cell[]>>();
  const used = new Set<Searched>();
  const matched = soughts.map((sought) => {
    const header = headers.get(sought.tab) ?? [];
    const read = ahead.read.get(sought.tab);
    const made = ahead.searched.find((s) => !used.has(s) && sameSearch(s.sought, sought));
    // Not read with the header rows (the first request went without them: no system tab to read it with).
    if (!made || !read) return false;
    if (header.map((h) => textOf(h)).indexOf(sought.by) + 1 !== made.column) return false;
    used.add(made);
    const tab = rows.get(sought.tab) ?? new Map<number, Cell[]>();
    for (const row of made.rows) {
      const cells = read.get(row) ?? [];
      tab.set(
        row,
        header.map((_, c) => cells[c] ?? ''),
      );
    }
    rows.set(sought.tab, tab);
    return true;
  });
  return { matched, rows };
}
