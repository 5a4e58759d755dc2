/**
 * The export tabs (Export for accounting): each one the vendor's header row in row 1 and one row per
 * invoice or payment, every cell plain text, so File › Download › Comma-separated values gives the file
 * to import. Rewritten whole by each export, in a fixed number of calls whatever its size.
 */
import type { AccountingExport } from '../domain';

/** The tabs, by the export they hold. */
export const EXPORT_TABS = {
  xeroInvoices: 'Xero Invoices',
  xeroPayments: 'Xero Payments',
  qboInvoices: 'QuickBooks Invoices',
} as const;
export type ExportTab = keyof typeof EXPORT_TABS;

/**
 * Rewrites one export tab (created at the end when missing): rows for the values are added at the end,
 * then every old row below the header is deleted (the tab ends one blank row longer than the export), and the values go in with
 * one write, into cells formatted as plain text first: a client's name typed "=1+1", or an invoice date,
 * stays the text it is (never a formula, a number or a date).
 */
export function writeExportTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
  values: readonly (readonly string[])[],
): void {
  let sheet = ss.getSheetByName(name);
  const created = !sheet;
  if (!sheet) sheet = ss.insertSheet(name, ss.getSheets().length);
  const width = values[0].length;
  const columns = sheet.getMaxColumns();
  if (columns < width) sheet.insertColumnsAfter(columns, width - columns);
  // Row 1 stays (the header goes in it; a frozen row can't be deleted with every row below it).
  const max = sheet.getMaxRows();
  sheet.insertRowsAfter(max, values.length);
  if (max > 1) sheet.deleteRows(2, max - 1);
  const range = sheet.getRange(1, 1, values.length, width);
  range.setNumberFormat('@');
  range.setValues(values.map((row) => [...row]));
  if (created) {
    // Only the export's columns: the download holds exactly the template's.
    if (sheet.getMaxColumns() > width) sheet.deleteColumns(width + 1, sheet.getMaxColumns() - width);
    sheet.getRange(1, 1, 1, width).setFontWeight('bold');
    sheet.setFrozenRows(1);
  }
}

/** Rewrites every export tab. */
export function writeExports(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, data: AccountingExport): void {
  for (const tab of Object.keys(EXPORT_TABS) as ExportTab[]) writeExportTab(ss, EXPORT_TABS[tab], data[tab]);
}
