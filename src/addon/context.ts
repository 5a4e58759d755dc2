/** The spreadsheet this execution works on, and its idea of today. */
import { Store } from '../sheets/store';
import { archivedTotals, readArchiveInfo } from './archive-info';

/** The active spreadsheet's datastore, with what its archive holds (invoice numbers, revenue). */
export function openStore(): Store {
  return new Store(SpreadsheetApp.getActiveSpreadsheet(), archivedTotals(readArchiveInfo()));
}

export function userEmail(): string {
  try {
    return Session.getActiveUser().getEmail();
  } catch {
    return '';
  }
}
