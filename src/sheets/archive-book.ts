/**
 * The archive spreadsheet's sheet I/O: opening (and setting up) a volume, copying live rows into it,
 * reading back what a stopped run copied, cutting it back, and removing archived rows from the live tabs.
 * The crash-safe order these are called in is src/addon/archive.ts's.
 */
import { TABS } from '../../sheets-template/tabs';
import type { Invoice, Payment } from '../domain';
import { ARCHIVED_TABS, type ArchivedTab } from './archive-info';
import { type Cell, textOf } from './cells';
import * as map from './mappers';
import type { Store } from './store';
import { type Problem, Table, TabUnusableError } from './table';
import { setUpTab } from './template';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
export type ArchivedKeys = Record<ArchivedTab, ReadonlySet<string>>;
export type TabSizes = Record<ArchivedTab, number>;

/** An archive spreadsheet opened to take rows: its tabs, and each one's size when it was opened. */
export interface ArchiveBook {
  spreadsheet: Spreadsheet;
  tables: Record<ArchivedTab, Table>;
  sizes: TabSizes;
}

/** The spreadsheet, or null when it can't be opened (deleted, or access lost). */
export function openIfThere(id: string): Spreadsheet | null {
  try {
    return SpreadsheetApp.openById(id);
  } catch {
    return null;
  }
}

/** An email's comparable form (Google accounts compare case-insensitively). */
function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A spreadsheet's owner ('' in a shared drive) and everyone who can edit it (the owner first). */
function peopleOf(ss: Spreadsheet): { owner: string; all: string[] } {
  const owner = ss.getOwner()?.getEmail() ?? '';
  let editors: string[] = [];
  try {
    editors = ss.getEditors().map((u) => u.getEmail());
  } catch {
    // Only people who can edit it see the list: then there is nobody to add from here.
  }
  return { owner, all: [owner, ...editors].filter((e) => e !== '') };
}

/**
 * Shares the archive with everyone who owns or edits the studio's spreadsheet and can't edit the archive
 * yet, in one addEditors call, so every editor's archive run (and export) can open it. Returns the
 * archive's owner ('' in a shared drive).
 */
export function shareArchive(archive: Spreadsheet, studio: Spreadsheet): string {
  const has = peopleOf(archive);
  const wanted = peopleOf(studio).all;
  const missing = wanted.filter((e, i) => !has.all.some((h) => same(h, e)) && wanted.indexOf(e) === i);
  if (missing.length) archive.addEditors(missing);
  return has.owner;
}

/** A new, empty archive spreadsheet's id. */
export function createArchive(name: string): string {
  return SpreadsheetApp.create(name).getId();
}

/**
 * Whether the archive spreadsheet would pass `limit` cells with `incoming` more (Sheets' limit is 10 M
 * cells a spreadsheet, empty grid cells included).
 */
export function isFull(ss: Spreadsheet, incoming: number, limit: number): boolean {
  let cells = 0;
  for (const sheet of ss.getSheets()) cells += sheet.getMaxRows() * sheet.getMaxColumns();
  return cells > 0 && cells + incoming > limit;
}

/** The cells the rows to move take (what the archive spreadsheet must have room for). */
export function incomingCells(store: Store, keys: ArchivedKeys): number {
  return ARCHIVED_TABS.reduce((n, tab) => n + keys[tab].size * store.table(tab).headers().length, 0);
}

/**
 * The archive spreadsheet, with its three tabs set up (Set up workbook's rules: missing tabs and
 * columns) in the live spreadsheet's time zone, and their sizes now.
 */
export function openArchive(store: Store, id: string): ArchiveBook {
  const ss = SpreadsheetApp.openById(id);
  if (ss.getSpreadsheetTimeZone() !== store.codec.timeZone) ss.setSpreadsheetTimeZone(store.codec.timeZone);
  const report = { createdTabs: [], addedColumns: [], addedSettings: [], notRestored: [] };
  for (const tab of ARCHIVED_TABS) setUpTab(ss, TABS[tab], report);
  // The blank first sheet SpreadsheetApp.create made is named in the owner's locale ("Sheet1", "Hoja 1",
  // "Feuille 1"…): find it as the sheet that is not an archive tab and holds nothing.
  const ours = new Set<string>(ARCHIVED_TABS.map((tab) => TABS[tab].name));
  for (const sheet of ss.getSheets()) {
    if (!ours.has(sheet.getName()) && sheet.getLastRow() === 0 && sheet.getLastColumn() === 0) ss.deleteSheet(sheet);
  }
  const table = (tab: ArchivedTab) => Table.forAppend(ss, TABS[tab], store.codec);
  const tables = { invoices: table('invoices'), payments: table('payments'), adjustments: table('adjustments') };
  const sizes = {
    invoices: tables.invoices.lastRow,
    payments: tables.payments.lastRow,
    adjustments: tables.adjustments.lastRow,
  };
  return { spreadsheet: ss, tables, sizes };
}

/**
 * Rows appended to an archive tab in one write. The archive's tabs are the record of what a run has
 * copied (copiedKeys reads them back), so a run stopped between two writes resumes after the last one.
 * 100 000 rows (~1.2 M cells) take ~26 s to write by bench/model.js (~60 s pessimistic), inside the time
 * budget; a weekly archive of the largest studio the bench builds (30 000 sales: ~50 000 ledger rows a
 * week) is one write a tab, so the job's calls do not grow with the studio; a first archive of years of
 * history (200 000 rows) is two writes with a budget check before the second.
 */
export const ARCHIVE_CHUNK_ROWS = 100_000;

/**
 * Copies the live rows with these keys to the archive's tabs, every column kept, ARCHIVE_CHUNK_ROWS rows a
 * write. Before each write but the first, `more()` says whether there is time for it: false stops the copy
 * there. Returns whether every row was copied.
 */
export function copyToArchive(store: Store, book: ArchiveBook, keys: ArchivedKeys, more: () => boolean): boolean {
  let first = true;
  const go = () => {
    const yes = first || more();
    first = false;
    return yes;
  };
  return ARCHIVED_TABS.every((tab) => keys[tab].size === 0 || copyRows(store, book, tab, keys[tab], go));
}

function copyRows(
  store: Store,
  book: ArchiveBook,
  tab: ArchivedTab,
  keys: ReadonlySet<string>,
  go: () => boolean,
): boolean {
  const live = store.table(tab);
  const rowOf = rowsByKey(store, tab);
  const headers = live.headers();
  const ss = book.spreadsheet;
  // Owners' own columns go along: the archive tab gets their headers first.
  const target = addMissingHeaders(ss, tab, book.tables[tab].headers(), headers)
    ? Table.forAppend(ss, TABS[tab], store.codec)
    : book.tables[tab];
  const all = [...keys];
  for (let at = 0; at < all.length; at += ARCHIVE_CHUNK_ROWS) {
    if (!go()) return false;
    for (const key of all.slice(at, at + ARCHIVE_CHUNK_ROWS)) {
      const cells = live.rowCells(rowOf.get(key) as number);
      const record: Record<string, Cell> = {};
      headers.forEach((h, i) => {
        if (h) record[h] = cells[i] ?? '';
      });
      target.append(record);
    }
    target.flush();
  }
  return true;
}

/** The keys of each tab without those in `done` (what a resumed copy has left to do). */
export function withoutKeys(keys: ArchivedKeys, done: ArchivedKeys): ArchivedKeys {
  const left = (tab: ArchivedTab) => new Set([...keys[tab]].filter((k) => !done[tab].has(k)));
  return { invoices: left('invoices'), payments: left('payments'), adjustments: left('adjustments') };
}

/** Whether every key of `part` is one of `whole`'s, tab by tab. */
export function keysWithin(part: ArchivedKeys, whole: ArchivedKeys): boolean {
  return ARCHIVED_TABS.every((tab) => [...part[tab]].every((k) => whole[tab].has(k)));
}

/** Adds to an archive tab's header row the live tab's headers it lacks (owners' own columns); true if any. */
function addMissingHeaders(
  ss: Spreadsheet,
  tab: ArchivedTab,
  archived: readonly string[],
  live: readonly string[],
): boolean {
  const missing = live.filter((h) => h !== '' && !archived.includes(h));
  if (missing.length === 0) return false;
  const sheet = ss.getSheetByName(TABS[tab].name) as GoogleAppsScript.Spreadsheet.Sheet;
  const start = archived.length + 1;
  const needed = start + missing.length - 1;
  if (needed > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), needed - sheet.getMaxColumns());
  sheet.getRange(1, start, 1, missing.length).setValues([missing]).setFontWeight('bold');
  return true;
}

/** The keys the archive received after `sizes` (the rows a stopped run copied). */
export function copiedKeys(ss: Spreadsheet, sizes: TabSizes): ArchivedKeys {
  const out = { invoices: new Set<string>(), payments: new Set<string>(), adjustments: new Set<string>() };
  for (const tab of ARCHIVED_TABS) {
    const sheet = ss.getSheetByName(TABS[tab].name);
    if (!sheet) continue;
    const last = sheet.getLastRow();
    if (last <= sizes[tab]) continue;
    const header = sheet
      .getRange(1, 1, 1, sheet.getLastColumn())
      .getValues()[0]
      .map((h) => textOf(h as Cell));
    const col = header.indexOf('Key') + 1;
    if (col === 0) continue;
    for (const [v] of sheet.getRange(sizes[tab] + 1, col, last - sizes[tab], 1).getValues())
      out[tab].add(textOf(v as Cell));
  }
  return out;
}

/** The archive's tabs cut back to `sizes` rows (what a stopped run copied, undone). */
export function cutBack(ss: Spreadsheet, sizes: TabSizes): void {
  for (const tab of ARCHIVED_TABS) {
    const sheet = ss.getSheetByName(TABS[tab].name);
    const last = sheet ? sheet.getLastRow() : 0;
    if (sheet && last > sizes[tab]) sheet.deleteRows(sizes[tab] + 1, last - sizes[tab]);
  }
}

/** Removes the live rows with these keys (rows that parsed; others never move). Returns the counts. */
export function removeArchived(store: Store, keys: ArchivedKeys): TabSizes {
  const moved = { invoices: 0, payments: 0, adjustments: 0 };
  for (const tab of ARCHIVED_TABS) {
    const rowOf = rowsByKey(store, tab);
    const rows = new Set<number>();
    for (const key of keys[tab]) {
      const row = rowOf.get(key);
      if (row !== undefined) rows.add(row);
    }
    store.table(tab).removeRows(rows);
    moved[tab] = rows.size;
  }
  return moved;
}

/** The sheet row of each key in a live tab. */
function rowsByKey(store: Store, tab: ArchivedTab): Map<string, number> {
  if (tab === 'invoices') return store.invoices().rowOf;
  if (tab === 'payments') return store.payments().rowOf;
  return store.adjustments().rowOf;
}

/** What the archive spreadsheets hold of invoices and payments (Export for accounting reads them). */
export interface ArchivedRecords {
  invoices: Invoice[];
  payments: Payment[];
  /** The archives that could not be opened or read (deleted, no longer shared, a tab missing). */
  unreadable: string[];
  problems: Problem[];
}

/**
 * Every invoice and payment of the archive spreadsheets `ids` (one read of each tab of each), mapped as
 * the live tabs are. Read only, nothing set up: an archive that can't be read is reported, not repaired.
 */
export function readArchivedRecords(store: Store, ids: readonly string[]): ArchivedRecords {
  const out: ArchivedRecords = { invoices: [], payments: [], unreadable: [], problems: [] };
  for (const id of ids) {
    const ss = openIfThere(id);
    if (!ss) {
      out.unreadable.push(id);
      continue;
    }
    try {
      const invoices = map.readRows(Table.read(ss, TABS.invoices, store.codec), map.invoices.parse, map.invoices.key);
      const payments = map.readRows(Table.read(ss, TABS.payments, store.codec), map.payments.parse, map.payments.key);
      // Not push(...): spreading 100 000+ rows overflows the stack.
      out.invoices = out.invoices.concat(invoices.records);
      out.payments = out.payments.concat(payments.records);
      out.problems = out.problems.concat(invoices.problems, payments.problems);
    } catch (e) {
      if (!(e instanceof TabUnusableError)) throw e;
      out.unreadable.push(id);
    }
  }
  return out;
}
