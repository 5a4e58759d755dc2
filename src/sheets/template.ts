/**
 * The workbook's template (sheets-template/tabs.ts) applied to a spreadsheet: missing tabs, missing
 * columns at the right of existing ones (with their formats and dropdowns), missing settings. Never
 * deletes or moves data. Dropdowns of columns a workbook had and the Messages rows: upgrade.ts.
 */
import { type ColumnSpec, FORMATS, SETTINGS, type SettingName, TABS, type TabSpec } from '../../sheets-template/tabs';
import { NO_SCHEMA, type Schema } from './schema';
import { missingSettingRows } from './settings';

export interface SetupReport {
  createdTabs: string[];
  addedColumns: string[];
  addedSettings: string[];
  /**
   * Columns and settings this workbook had that are gone (renamed or deleted by hand): not added again
   * empty, which would lose what they held, but named here for the owner to type back.
   */
  notRestored: string[];
}

/** Writes the settings the Settings tab lacks, with their defaults and notes, below the existing rows. */
export function addMissingSettings(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  report: SetupReport,
  had: Schema = NO_SCHEMA,
): void {
  const sheet = ss.getSheetByName(TABS.settings.name);
  if (!sheet) return;
  const values = sheet.getDataRange().getValues();
  const header = values[0].map((h) => String(h).trim());
  const col = (name: string) => header.indexOf(name);
  const present = new Set(
    values.slice(1).map((r) =>
      String(r[col('Setting')] ?? '')
        .trim()
        .toLowerCase(),
    ),
  );
  const gone = Object.entries(SETTINGS).filter(
    ([name, spec]) => had.settings.includes(name as SettingName) && !present.has(spec.label.toLowerCase()),
  );
  for (const [, spec] of gone)
    report.notRestored.push(
      `Settings: the row "${spec.label}" (type its label and value back: a default would change what it did)`,
    );
  const rows = missingSettingRows(present).filter(([label]) => !gone.some(([, spec]) => spec.label === label));
  if (rows.length === 0) return;
  const out = rows.map(([label, value, note]) => {
    const row = new Array<string>(header.length).fill('');
    row[col('Setting')] = label;
    if (col('Value') >= 0) row[col('Value')] = value;
    if (col('Notes') >= 0) row[col('Notes')] = note;
    return row;
  });
  sheet
    .getRange(values.length + 1, 1, out.length, header.length)
    .setNumberFormat('@')
    .setValues(out);
  report.addedSettings.push(...rows.map((r) => r[0]));
}

function formatColumn(sheet: GoogleAppsScript.Spreadsheet.Sheet, col: number, spec: ColumnSpec): void {
  const rows = sheet.getMaxRows() - 1;
  sheet.setColumnWidth(col, spec.width);
  if (rows < 1) return;
  const body = sheet.getRange(2, col, rows, 1);
  body.setNumberFormat(FORMATS[spec.kind]);
  if (spec.choices) {
    body.setDataValidation(
      SpreadsheetApp.newDataValidation()
        .requireValueInList([...spec.choices], true)
        .setAllowInvalid(false)
        .build(),
    );
  }
}

function styleHeader(sheet: GoogleAppsScript.Spreadsheet.Sheet, width: number, tab: TabSpec): void {
  sheet.getRange(1, 1, 1, width).setFontWeight('bold').setBackground(tab.color);
  sheet.setFrozenRows(1);
}

export function setUpTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: TabSpec,
  report: SetupReport,
  had: Schema = NO_SCHEMA,
): void {
  let sheet = ss.getSheetByName(tab.name);
  const created = !sheet;
  if (!sheet) {
    sheet = ss.insertSheet(tab.name, ss.getSheets().length);
    report.createdTabs.push(tab.name);
  }
  const lastCol = sheet.getLastColumn();
  const header =
    lastCol > 0
      ? sheet
          .getRange(1, 1, 1, lastCol)
          .getValues()[0]
          .map((h) => String(h).trim())
      : [];
  const gone = new Set((had.columns[tab.name] ?? []).filter((h) => !header.includes(h)));
  for (const h of gone)
    report.notRestored.push(
      `${tab.name}: "${h}" (type the header back over its column: an empty new one would lose what it held)`,
    );
  const missing = tab.columns.filter((c) => !header.includes(c.header) && !gone.has(c.header));
  if (missing.length === 0) return;
  const start = header.length + 1;
  const needed = start + missing.length - 1;
  if (needed > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), needed - sheet.getMaxColumns());
  sheet.getRange(1, start, 1, missing.length).setValues([missing.map((c) => c.header)]);
  missing.forEach((c, i) => {
    formatColumn(sheet, start + i, c);
  });
  if (!created) report.addedColumns.push(...missing.map((c) => `${tab.name}: ${c.header}`));
  styleHeader(sheet, needed, tab);
  // A new tab keeps only its own columns: Sheets counts every cell of the grid against its 10 M limit.
  if (created && sheet.getMaxColumns() > needed) sheet.deleteColumns(needed + 1, sheet.getMaxColumns() - needed);
}
