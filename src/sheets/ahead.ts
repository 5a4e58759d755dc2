/**
 * Searching before the first read. A call that only reads (a history, an invoice list, the desk's search
 * and client page) knows what it looks for before it has read anything: so it searches at the columns
 * Set up workbook gives each tab (the template's order, sheets-template/tabs.ts), and reads the rows found
 * in the same Sheets API request as the header rows that say whether those were the right columns
 * (`FocusedStore.focus` checks each one). That is one round trip and one API read fewer than reading the
 * header rows first. A workbook whose columns are elsewhere (an owner moved one; a column a later layout
 * appended) wastes those searches, and the call goes on the usual way: header rows, then searches.
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
 * Each search made at its template column, before anything is read; null (and nothing more searched)
 * when one can't be: a header Set up workbook doesn't make, a missing tab, a column past the sheet's edge.
 */
export function searchAhead(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  soughts: readonly Sought[],
): Searched[] | null {
  const out: Searched[] = [];
  for (const sought of soughts) {
    const column = templateColumn(sought.tab, sought.by);
    const sheet = ss.getSheetByName(TABS[sought.tab].name);
    if (column === 0 || !sheet) return null;
    let found: number[];
    try {
      found = findRows(sheet, column, patternsOf(sought));
    } catch {
      // The usual way searches again where the header row says, and meets any real failure there.
      return null;
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

/**
 * The rows found ahead, by tab (each row as wide as its header), when they are what `soughts` asks for:
 * the same searches, in the same order, each made at the column its header row names (the first of that
 * name, as the usual way picks). Anything else: null, and the caller searches the usual way.
 */
export function foundAhead(
  ahead: Ahead,
  soughts: readonly Sought[],
  headers: ReadonlyMap<TabName, Cell[]>,
): Map<TabName, Map<number, Cell[]>> | null {
  if (soughts.length !== ahead.searched.length) return null;
  const out = new Map<TabName, Map<number, Cell[]>>();
  for (const [i, sought] of soughts.entries()) {
    const made = ahead.searched[i];
    const header = headers.get(sought.tab) ?? [];
    if (!sameSearch(made.sought, sought)) return null;
    if (header.map((h) => textOf(h)).indexOf(sought.by) + 1 !== made.column) return null;
    const rows = out.get(sought.tab) ?? new Map<number, Cell[]>();
    const read = ahead.read.get(sought.tab);
    // Not read with the header rows (the first request went without them: no system tab to read it with).
    if (!read) return null;
    for (const row of made.rows) {
      const cells = read.get(row) ?? [];
      rows.set(
        row,
        header.map((_, c) => cells[c] ?? ''),
      );
    }
    out.set(sought.tab, rows);
  }
  return out;
}
