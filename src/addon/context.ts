/**
 * The spreadsheet this execution works on, its system tab, and who is running it.
 *
 * A menu item or a sidebar call works on the active spreadsheet. A published add-on's time-driven
 * trigger has none (getActiveSpreadsheet() is null there): the nightly handler opens its spreadsheet by
 * id and pins it with `useSpreadsheet` before anything else runs.
 */

import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { type Ahead, rowsToRead, type Searched, type Sought, searchAhead } from '../sheets/ahead';
import { archivedTotals, legacyArchiveRows, readArchiveInfo } from '../sheets/archive-info';
import { COPY_RULES } from '../sheets/home';
import { readLastRows } from '../sheets/last-rows';
import { readSchema } from '../sheets/schema';
import { FocusedStore, type Prefetched, prefetch, WholeStore } from '../sheets/store';
import { type FixedKey, SystemTab } from '../sheets/system';

let pinned: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
let system: SystemTab | null = null;
let trigger: string | null = null;

/**
 * Makes `ss` this execution's spreadsheet: the nightly trigger's (which has no active one), run by the
 * trigger `triggerId` (the lock checks the system tab still names it).
 */
export function useSpreadsheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, triggerId: string | null = null): void {
  pinned = ss;
  system = null;
  trigger = triggerId;
}

export function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  pinned ??= SpreadsheetApp.getActiveSpreadsheet();
  if (!pinned) throw new Error('Studio Packages has no spreadsheet to work on in this execution.');
  return pinned;
}

/** The trigger this execution runs for (null for a person's action, or a trigger of an earlier version). */
export function currentTrigger(): string | null {
  return trigger;
}

/** A reading of the system tab, seen as this spreadsheet's (a copy's rows through COPY_RULES). */
function ours(tab: SystemTab): SystemTab {
  tab.copyRules = COPY_RULES;
  return tab;
}

/** The system tab as this execution last read it (read now when it has not been). */
export function systemTab(): SystemTab {
  system ??= ours(SystemTab.read(activeSpreadsheet(), legacyArchiveRows));
  return system;
}

/** What a person's action read with the system tab, for its store (openDeskStore). */
let deskStart: Prefetched | null = null;
/** The rows a read-only call found ahead, as that same request read them (src/sheets/ahead.ts). */
let foundRows: Ahead['read'] = new Map();

/** Reads the system tab again (the lock does, after announcing itself) and keeps that reading. */
export function rereadSystemTab(): SystemTab {
  system = ours(SystemTab.read(activeSpreadsheet(), legacyArchiveRows));
  // What an earlier reading fetched for the store is older than this one: the store fetches its own.
  deskStart = null;
  foundRows = new Map();
  return system;
}

/**
 * Reads the system tab again for a person's action (the desk's lock, after announcing itself), in the
 * same Sheets API request as what its store needs first (the time zone, the header rows, the small tabs)
 * and (`searched`) the rows a read-only call found ahead: one round trip for all of it.
 */
export function rereadSystemTabAtTheDesk(searched: readonly Searched[] = []): SystemTab {
  const ss = activeSpreadsheet();
  const sheet = ss.getSheetByName(SYSTEM_TAB.name);
  if (!sheet) return rereadSystemTab();
  const { prefetched, others, rows } = prefetch(ss, [SYSTEM_TAB.name], rowsToRead(searched));
  foundRows = rows;
  const read = others.get(SYSTEM_TAB.name);
  system = ours(
    read
      ? SystemTab.fromRows(ss, sheet, [read.header, ...read.rows.values()], legacyArchiveRows)
      : SystemTab.read(ss, legacyArchiveRows),
  );
  deskStart = prefetched;
  return system;
}

/** Writes a fixed row without reading the tab first (creating the tab, with a studio's older state). */
export function writeFixedRow(key: FixedKey, value: unknown): void {
  SystemTab.writeFixed(activeSpreadsheet(), key, value, legacyArchiveRows);
}

/**
 * The spreadsheet's datastore, with what its archive holds (invoice numbers, revenue), read from the
 * system tab only when a job needs it. `skip`: columns a job leaves unread (store.BILLING_SKIPS for the
 * nightly billing run).
 */
export function openStore(skip?: ConstructorParameters<typeof WholeStore>[2]): WholeStore {
  const schema = readSchema(systemTab());
  return new WholeStore(
    activeSpreadsheet(),
    () => archivedTotals(readArchiveInfo(systemTab())),
    skip,
    undefined,
    {},
    schema,
  );
}

/** What a person's call starts its store with: the system tab's hints and schema, the first request's reads. */
function callStart() {
  // A call under the lock has read the system tab: its hints of the tabs' last rows save a request per
  // tab it appends to. A read-only call reads it now, in the request its store starts with anyway: what
  // the workbook has had (its schema) tells a renamed header from one it never had.
  if (!system) rereadSystemTabAtTheDesk();
  const read = systemTab();
  const start = deskStart ?? prefetch(activeSpreadsheet()).prefetched;
  deskStart = null;
  foundRows = new Map();
  const archived = () => archivedTotals(readArchiveInfo(systemTab()));
  return [activeSpreadsheet(), archived, {}, start, readLastRows(read), readSchema(read)] as const;
}

/**
 * The datastore for a desk call (a sidebar's call about one client or sale): it reads only the rows it
 * focuses on (FocusedStore.focus), and starts with one request for the time zone and the header rows.
 * A call that only reads names its first focus (`first`): it is searched before that request, at the
 * columns Set up workbook gives, and its rows read in it (src/sheets/ahead.ts). A call under the lock has
 * read the system tab already, so it searches the usual way.
 */
export function openDeskStore(first: readonly Sought[] = []): FocusedStore {
  const searched = !system && first.length > 0 ? searchAhead(activeSpreadsheet(), first) : null;
  if (searched) rereadSystemTabAtTheDesk(searched);
  const read = foundRows;
  const store = new FocusedStore(...callStart());
  if (searched) store.useAhead({ searched, read });
  return store;
}

/**
 * The datastore for a person's call that needs a history tab whole (a new client's id among every id the
 * tabs hold, a closure of every sale, the check-in sidebar's list of every sale): the same start, whole tabs.
 */
export function openCallStore(): WholeStore {
  return new WholeStore(...callStart());
}

export function userEmail(): string {
  try {
    return Session.getActiveUser().getEmail();
  } catch {
    return '';
  }
}
