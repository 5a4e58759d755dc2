/**
 * Reading a few rows of several tabs in one round trip, and finding the rows that name an id.
 *
 * SpreadsheetApp reads one rectangle per call, so the rows of one sale (scattered through a ledger sorted
 * by date) would cost a call each. The Sheets advanced service reads any number of ranges, over several
 * tabs, in one request (`spreadsheets.getByDataFilter`, a POST: the ranges travel in the body, so a long
 * history never makes the URL too long). Each cell comes with its number format's type, so a date cell
 * becomes a Date exactly as `Range.getValues` would give it, and a date typed into a number column is
 * still seen as a date (and reported). K. Tanaike, "Best Practices for Discontinuous Cells on Google
 * Spreadsheet by Google Apps Script" (2023), measures this against a getValues per range.
 *
 * Rows are found with `TextFinder` on one column: the search runs on Google's side and returns only the
 * matching cells. It matches the text a cell shows, so the pattern allows spaces around the id; every
 * row found is read and checked by the mappers, so a false match is dropped, never trusted.
 */
import { GOOGLE_BUSY } from '../domain/result';
import { type Cell, DateCodec, DayCell, LAST_DAY_SERIAL } from './cells';

/** A1 column letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A sheet name as A1 notation quotes it ('Run Log', 'O''Brien'). */
export function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * What to read of one tab: its header row (row 1) and these sheet rows, `width` columns from A (0: the
 * header row only, as wide as it goes).
 */
export interface RowRequest {
  sheet: string;
  rows: readonly number[];
  width: number;
  /**
   * Rows 1 to `upTo` whole (a small tab: Packages, Settings, the system tab), `rows` ignored. The API
   * sends formatted blank cells too, so a bound, not the whole sheet; the caller checks the last row.
   */
  upTo?: number;
}

/** What was read of one tab: its header row, and each requested row's cells (blank rows as ''). */
export interface RowsRead {
  header: Cell[];
  rows: Map<number, Cell[]>;
}

/** Sorted distinct rows as [first, last] runs of consecutive rows. */
export function runsOf(rows: readonly number[]): [number, number][] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const r of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[1] + 1 === r) run[1] = r;
    else runs.push([r, r]);
  }
  return runs;
}

const FIELDS =
  'properties(timeZone),sheets(properties(title),data(startRow,startColumn,rowData(values(effectiveValue,effectiveFormat(numberFormat(type))))))';

const DATE_TYPES = new Set(['DATE', 'DATE_TIME', 'TIME']);

/**
 * One cell as `Range.getValues` gives it: a date-formatted number is a Date in the spreadsheet's zone
 * (without a codec, before the zone is known, its serial number).
 */
function cellOf(data: GoogleAppsScript.Sheets.Schema.CellData | undefined, codec: DateCodec | null): Cell {
  const value = data?.effectiveValue;
  if (!value) return '';
  if (value.numberValue !== undefined) {
    const type = data?.effectiveFormat?.numberFormat?.type;
    if (!codec || !type || !DATE_TYPES.has(type)) return value.numberValue;
    // A whole day up to 9999-12-31 (most date cells): its Date is made only if asked for (DayCell); a
    // later one is made a Date, as before.
    return Number.isInteger(value.numberValue) && value.numberValue <= LAST_DAY_SERIAL
      ? new DayCell(value.numberValue, codec)
      : codec.fromSerial(value.numberValue);
  }
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.errorValue) return `#${value.errorValue.type ?? 'ERROR'}`;
  return '';
}

/** One block of a reply: the sheet row it starts at (1-based) and its rows. */
interface Block {
  first: number;
  rows: GoogleAppsScript.Sheets.Schema.RowData[];
}

/** A sheet's blocks, by start row (the API omits a startRow of 0). */
function blocksOf(data: readonly GoogleAppsScript.Sheets.Schema.GridData[]): Block[] {
  return data.map((g) => ({ first: (g.startRow ?? 0) + 1, rows: g.rowData ?? [] })).sort((a, b) => a.first - b.first);
}

/**
 * The cells of sheet row `row`: from the last block starting at or above it (blocks never overlap; the
 * trailing blank rows of a block are left out, so a row past a block's end is blank).
 */
function rowIn(blocks: readonly Block[], row: number): GoogleAppsScript.Sheets.Schema.CellData[] {
  let block: Block | undefined;
  for (const b of blocks) if (b.first <= row) block = b;
  return block?.rows[row - block.first]?.values ?? [];
}

/** What one request read: the spreadsheet's time zone, and each tab's rows. */
export interface Scattered {
  timeZone: string;
  tabs: Map<string, RowsRead>;
}

/**
 * Reads, in one request, the spreadsheet's time zone and the header row and requested rows of each tab.
 * Rows past the end of a sheet read as blank. Throws when the Sheets advanced service is not enabled
 * (appsscript.json).
 */
export function readScattered(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  requests: readonly RowRequest[],
  codec: DateCodec | null,
): Scattered {
  if (typeof Sheets === 'undefined')
    throw new Error('The Sheets advanced service is not enabled (appsscript.json dependencies).');
  // Width 0: the header row as far as it goes (the first request of a call, before the width is known).
  // Width 0: whole rows, as far as they go.
  const ranges: { sheet: string; first: number; last: number; width: number }[] = [];
  for (const { sheet, rows, width, upTo } of requests) {
    if (upTo) {
      ranges.push({ sheet, first: 1, last: upTo, width: 0 });
      continue;
    }
    ranges.push({ sheet, first: 1, last: 1, width });
    for (const [first, last] of runsOf(rows.filter((r) => r >= 2))) ranges.push({ sheet, first, last, width });
  }
  const a1 = (r: (typeof ranges)[number]) =>
    r.width > 0
      ? `${quotedSheet(r.sheet)}!A${r.first}:${columnLetter(r.width)}${r.last}`
      : `${quotedSheet(r.sheet)}!${r.first}:${r.last}`;
  const api = Sheets;
  const response = withBackoff(() =>
    api.Spreadsheets.getByDataFilter({ dataFilters: ranges.map((r) => ({ a1Range: a1(r) })) }, ss.getId(), {
      fields: FIELDS,
    }),
  );
  // The response groups the blocks by sheet; a block is "the portion of the spreadsheet" the ranges
  // intersect (getByDataFilter's reference page): touching ranges may come back as one block, in any
  // order. So each row is found by where the blocks start, never by their place in the reply.
  const bySheet = new Map<string, Block[]>();
  for (const s of response.sheets ?? []) bySheet.set(s.properties?.title ?? '', blocksOf(s.data ?? []));
  // Without a codec, dates are read in the zone this same response gives.
  const zone = response.properties?.timeZone ?? '';
  const dates = codec ?? (zone ? new DateCodec(zone) : null);
  const out = new Map<string, RowsRead>();
  for (const range of ranges) {
    let read = out.get(range.sheet);
    if (!read) {
      read = { header: [], rows: new Map() };
      out.set(range.sheet, read);
    }
    const blocks = bySheet.get(range.sheet) ?? [];
    const rows: GoogleAppsScript.Sheets.Schema.CellData[][] = [];
    for (let r = range.first; r <= range.last; r++) rows.push(rowIn(blocks, r));
    // Whole rows: as wide as the widest row sent, so every row has every column.
    const width = range.width > 0 ? range.width : Math.max(0, ...rows.map((values) => values.length));
    rows.forEach((values, i) => {
      const cells: Cell[] = [];
      for (let c = 0; c < width; c++) cells.push(cellOf(values[c], dates));
      if (range.first + i === 1) read.header = cells;
      else read.rows.set(range.first + i, cells);
    });
  }
  return { timeZone: zone, tabs: out };
}

/**
 * Google still refuses a Sheets API request after the backoff: the project's (or this person's) requests
 * per minute are spent. Endpoints answer it as busy, with this message, never a stack trace.
 */
export class GoogleBusyError extends Error {
  constructor() {
    super(GOOGLE_BUSY);
  }
}

/** Longest an execution waits in all, between tries, for Google's per-minute quota to allow a request. */
export const BACKOFF_BUDGET_MS = 12_000;

/**
 * What this execution has waited so far (module state lasts one execution: Apps Script loads the script
 * afresh for each), so a call of two requests waits 12 s in all, not 12 s each.
 */
let waited = 0;

/** Whether an advanced-service error is Google's 429 (a per-minute quota spent). */
function isRateLimited(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e);
  return /Quota exceeded|Too many requests|Rate Limit Exceeded|\b429\b/i.test(message);
}

/**
 * A Sheets API request, tried again on 429 with truncated exponential backoff and jitter as Google asks
 * (https://developers.google.com/workspace/sheets/api/limits#exponential-backoff: wait 2^n seconds plus up
 * to a second at random, n = 0, 1, 2…), while the execution's waits fit BACKOFF_BUDGET_MS; then
 * GoogleBusyError.
 * Any other failure is thrown as it is.
 */
export function withBackoff<T>(request: () => T): T {
  for (let n = 0; ; n++) {
    try {
      return request();
    } catch (e) {
      if (!isRateLimited(e)) throw e;
      const wait = 2 ** n * 1000 + Math.floor(Math.random() * 1000);
      if (waited + wait > BACKOFF_BUDGET_MS) throw new GoogleBusyError();
      Utilities.sleep(wait);
      waited += wait;
    }
  }
}

/** A TextFinder pattern for a cell that shows exactly `text` (spaces around it allowed). */
export function exactly(text: string): string {
  return `^\\s*${escaped(text)}\\s*$`;
}

/** A TextFinder pattern for a cell that names the id `id` in parentheses ("Sam Lee (C-2); Jo Lee (C-3)"). */
export function namingId(id: string): string {
  return `.*\\(\\s*${escaped(id)}\\s*\\).*`;
}

function escaped(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * A TextFinder pattern for a cell that shows the whole number `n` in any number format a person might
 * give the column ("457", "0457", "457.00", "1,234", "1.234", "#457"): a looser match is harmless, as the
 * rows found are read and checked.
 */
export function wholeNumber(n: number): string {
  return `^[^0-9]*0*${String(n).split('').join('[^0-9]?')}([.,]0+)?[^0-9]*$`;
}

/**
 * The sheet rows (2 and below) whose cell in `column` (1-based) matches one of `patterns` (regular
 * expressions over the text the cell shows, see `exactly` and `wholeNumber`): one TextFinder search of
 * that column, done by Google. No pattern finds nothing (and makes no call).
 */
export function findRows(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  column: number,
  patterns: readonly string[],
): number[] {
  const wanted = [...new Set(patterns)];
  if (wanted.length === 0) return [];
  const letter = columnLetter(column);
  return sheet
    .getRange(`${letter}2:${letter}`)
    .createTextFinder(wanted.map((p) => `(?:${p})`).join('|'))
    .useRegularExpression(true)
    .matchCase(true)
    .matchEntireCell(true)
    .findAll()
    .map((cell) => cell.getRow());
}
