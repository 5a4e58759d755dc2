/**
 * Sheets' own warning before an edit that breaks the studio: Set up workbook protects each data tab's
 * header row and its key columns with warning-only protection. An owner who edits them is asked to
 * confirm by Google and may go on; every script, this add-on's included, writes there as before
 * (reference/spreadsheet/protection#setWarningOnly(Boolean): "every user can edit data in the area").
 *
 * The protections are ours by their description (it starts with MARK): a second Set up workbook keeps
 * each one still right, replaces one whose cells no longer match (a column added, a column deleted and
 * made again) and leaves the owner's own protections alone. The calls do not grow with rows: one header
 * read per tab, and each key column is protected whole (`B:B`), so it covers every row added later. Not
 * `B2:B`: the add-on appends rows with insertRowsAfter(last row), and rows inserted above a protected
 * range (after the header of an empty tab) push it down, so the rows appended would stay outside it.
 */
import { SYSTEM_TAB, TABS, type TabSpec } from '../../sheets-template/tabs';
import { columnLetter } from './grid';

const MARK = 'Studio Packages';

/** Why a column's values must stay as the add-on wrote them: by `<tab> <header>`, else by header. */
const WHY: Record<string, string> = {
  [`${TABS.sales.name} Sale ID`]: 'names each sale: its invoices, payments and sessions ledger refer to it',
  'Sale ID': 'ties the row to its sale: changed, the row counts for another sale or for none',
  [`${TABS.clients.name} Client ID`]: 'names each client: sales, email and the desk find the client by it',
  'Client ID': 'ties the row to its client',
  [`${TABS.packages.name} Package ID`]: 'names each package: a sale records the package it was sold from by it',
  'Package ID': 'ties the sale to the package it was sold from',
  'Request ID': 'lets a retried sale find its own row instead of selling twice',
  'Invoice No': 'numbers each invoice: payments and reminders name it',
  Setting: 'names each setting: a retyped label is a setting Studio Packages cannot find',
  Kind: 'names the email the words of the row are for',
  [`${TABS.invoices.name} Key`]: 'is how Daily Processes knows a period is billed: changed, the invoice is made again',
  [`${TABS.payments.name} Key`]: 'identifies each payment: a retried payment finds its row by it',
  [`${TABS.adjustments.name} Key`]: 'identifies each ledger row: changed, the row can be written again',
  [`${TABS.emailLog.name} Key`]: 'is how each email is sent once: changed, the email can be sent again',
  [`${SYSTEM_TAB.name} Key`]: "names the add-on's own state (the lock, the nightly run, the archive)",
};

/** Columns guarded besides a tab's key and its `id` columns: the invoice's number, the settings' labels. */
const EXTRA: Record<string, readonly string[]> = {
  [TABS.invoices.name]: ['Invoice No'],
  [TABS.settings.name]: ['Setting'],
};

interface Guard {
  description: string;
  /** The header row (row 1, columns 1…width) or one key column (every row, however many). */
  kind: 'header' | 'column';
  column: number;
  width: number;
}

/** The tabs whose header and keys are guarded: every data tab and the hidden system tab. */
function guardedTabs(): readonly TabSpec[] {
  return [...Object.values(TABS), SYSTEM_TAB];
}

/** The headers of `tab` whose cells are keys: its key, its `id` columns and its extras, in column order. */
export function keyHeaders(tab: TabSpec): string[] {
  const extra = EXTRA[tab.name] ?? [];
  return tab.columns
    .filter((c) => c.header === tab.key || c.kind === 'id' || extra.includes(c.header))
    .map((c) => c.header);
}

/** The description of a key column's protection. */
export function keyDescription(tab: TabSpec, header: string): string {
  const why = WHY[`${tab.name} ${header}`] ?? WHY[header] ?? 'identifies each row';
  return `${MARK}: ${tab.name} › ${header} ${why}. You may go on; fix it back if it was a slip.`;
}

/** The description of a header row's protection. */
export function headerDescription(tab: TabSpec): string {
  if (tab.name === SYSTEM_TAB.name) {
    return `${MARK} keeps its own state in this hidden tab: an edit here can stop the nightly run or the archive.`;
  }
  return (
    `${MARK} reads the ${tab.name} columns by these headings: renaming or deleting one stops ` +
    'the work that needs that column (billing, email, the desk). Moving columns is fine.'
  );
}

/** What should be protected on a sheet whose row 1 is `header` (the template's headers found there). */
function guardsOf(tab: TabSpec, header: string[]): Guard[] {
  const own = new Set(tab.columns.map((c) => c.header));
  const last = header.reduce((at, h, i) => (own.has(h) ? i + 1 : at), 0);
  if (last === 0) return [];
  const guards: Guard[] = [{ description: headerDescription(tab), kind: 'header', column: 1, width: last }];
  for (const h of keyHeaders(tab)) {
    const at = header.indexOf(h);
    if (at >= 0) guards.push({ description: keyDescription(tab, h), kind: 'column', column: at + 1, width: 1 });
  }
  return guards;
}

/** Whether an existing protection is exactly `guard`, on a sheet of `maxRows` rows. */
function matches(p: GoogleAppsScript.Spreadsheet.Protection, guard: Guard, maxRows: number): boolean {
  if (p.getDescription() !== guard.description || !p.isWarningOnly()) return false;
  const r = p.getRange();
  const lastRow = guard.kind === 'header' ? 1 : maxRows;
  return (
    r.getRow() === 1 &&
    r.getColumn() === guard.column &&
    r.getNumColumns() === guard.width &&
    r.getLastRow() === lastRow
  );
}

function protect(sheet: GoogleAppsScript.Spreadsheet.Sheet, guard: Guard): void {
  const letter = columnLetter(guard.column);
  // A key column whole (`B:B`): rows inserted anywhere below the header are inside it.
  const range = guard.kind === 'header' ? sheet.getRange(1, 1, 1, guard.width) : sheet.getRange(`${letter}:${letter}`);
  range.protect().setWarningOnly(true).setDescription(guard.description);
}

/** Brings one sheet's protections to its guards; returns how many it added. */
function guardSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet, tab: TabSpec): number {
  const lastColumn = sheet.getLastColumn();
  if (lastColumn === 0) return 0;
  const header = sheet
    .getRange(1, 1, 1, lastColumn)
    .getValues()[0]
    .map((h) => String(h).trim());
  const wanted = guardsOf(tab, header);
  const maxRows = sheet.getMaxRows();
  const ours = sheet
    .getProtections(SpreadsheetApp.ProtectionType.RANGE)
    .filter((p) => p.getDescription().startsWith(MARK));
  const kept = new Set<Guard>();
  for (const p of ours) {
    const guard = wanted.find((g) => !kept.has(g) && matches(p, g, maxRows));
    if (guard) kept.add(guard);
    else p.remove();
  }
  const missing = wanted.filter((g) => !kept.has(g));
  for (const guard of missing) protect(sheet, guard);
  return missing.length;
}

/**
 * Protects (warning only) the header row and the key columns of every data tab and of the system tab,
 * as Set up workbook's last step; returns how many protections it added (0 on a second run).
 */
export function protectTabs(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): number {
  let added = 0;
  for (const tab of guardedTabs()) {
    const sheet = ss.getSheetByName(tab.name);
    if (sheet) added += guardSheet(sheet, tab);
  }
  return added;
}
