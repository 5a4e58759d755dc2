/** The spreadsheet this execution works on, and its idea of today. */
import { Store } from '../sheets/store';
import { archivedTotals, readArchiveInfo } from './archive-info';

/**
 * The active spreadsheet's datastore, with what its archive holds (invoice numbers, revenue). `skip`:
 * columns a job leaves unread (store.BILLING_SKIPS for the nightly billing run).
 */
export function openStore(skip?: ConstructorParameters<typeof Store>[2]): Store {
  return new Store(SpreadsheetApp.getActiveSpreadsheet(), archivedTotals(readArchiveInfo()), skip);
}

export function userEmail(): string {
  try {
    return Session.getActiveUser().getEmail();
  } catch {
    return '';
  }
}
