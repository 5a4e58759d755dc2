/**
 * The spreadsheet this execution works on, its system tab, and who is running it.
 *
 * A menu item or a sidebar call works on the active spreadsheet. A published add-on's time-driven
 * trigger has none (getActiveSpreadsheet() is null there): the nightly handler opens its spreadsheet by
 * id and pins it with `useSpreadsheet` before anything else runs.
 */
import { Store } from '../sheets/store';
import { SystemTab } from '../sheets/system';
import { archivedTotals, readArchiveInfo } from './archive-info';

let pinned: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
let system: SystemTab | null = null;

/** Makes `ss` this execution's spreadsheet (the nightly trigger, which has no active one). */
export function useSpreadsheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  pinned = ss;
  system = null;
}

export function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = pinned ?? SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) throw new Error('Studio Packages has no spreadsheet to work on in this execution.');
  return ss;
}

/** The system tab as this execution last read it (read now when it has not been). */
export function systemTab(): SystemTab {
  system ??= SystemTab.read(activeSpreadsheet());
  return system;
}

/** Reads the system tab again (the lock does, after announcing itself) and keeps that reading. */
export function rereadSystemTab(): SystemTab {
  system = SystemTab.read(activeSpreadsheet());
  return system;
}

/**
 * The spreadsheet's datastore, with what its archive holds (invoice numbers, revenue), read from the
 * system tab only when a job needs it. `skip`: columns a job leaves unread (store.BILLING_SKIPS for the
 * nightly billing run).
 */
export function openStore(skip?: ConstructorParameters<typeof Store>[2]): Store {
  return new Store(activeSpreadsheet(), () => archivedTotals(readArchiveInfo(systemTab())), skip);
}

export function userEmail(): string {
  try {
    return Session.getActiveUser().getEmail();
  } catch {
    return '';
  }
}
