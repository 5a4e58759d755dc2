/** The spreadsheet this execution works on, and its idea of today. */
import { Store } from '../sheets/store';

export function openStore(): Store {
  return new Store(SpreadsheetApp.getActiveSpreadsheet());
}

export function userEmail(): string {
  try {
    return Session.getActiveUser().getEmail();
  } catch {
    return '';
  }
}
