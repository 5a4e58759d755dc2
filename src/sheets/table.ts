/**
 * One tab, read once and written once per job. Rows map by header name, not by position, so owners
 * may reorder columns and add their own: the add-on reads the headers it knows and leaves the rest alone.
 */
import { type ColumnSpec, FORMATS, type HeaderOf, type TabSpec, whenMissing } from '../../sheets-template/tabs';
import type { Choice } from '../domain';
import {
  type Cell,
  type DateCodec,
  isDate,
  type Parsed,
  parseDateCell,
  parseIntCell,
  parseMoneyCell,
  sameCell,
  textOf,
  writable,
} from './cells';

/** A row that could not be read, or a tab that could not be used, in words an owner can act on. */
export interface Problem {
  tab: string;
  /** The sheet row number (1 = header row), or 0 for the whole tab. */
  row: number;
  message: string;
}

export function describeProblem(p: Problem): string {
  return p.row > 0 ? `${p.tab} row ${p.row}: ${p.message}` : `${p.tab}: ${p.message}`;
}

/** A tab the job needs but cannot use: missing, or without a required header. */
export class TabUnusableError extends Error {
  constructor(readonly problem: Problem) {
    super(describeProblem(problem));
  }
}

/**
 * A header found only at run time (a string, not a literal): an owner's own column, or a header taken from
 * `Object.entries` of a record. It is looked up by name like any other; an unknown one is ignored. A
 * literal that is not one of the tab's headers matches neither this nor the tab's header union, so a
 * misspelt header does not compile.
 */
type RuntimeHeader<K extends string> = string extends K ? K : never;

const NONE: ReadonlySet<string> = new Set();

/** A column's letter (0 → A, 26 → AA). */
export function columnLetter(col: number): string {
  let n = col + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Above this many separate blocks, removeRows rewrites the rows below instead of deleting each block. */
const MAX_DELETED_BLOCKS = 4;

/**
 * `H`: the tab's headers ('Sale ID' | 'Client ID' | …), from its spec (Table.read / forAppend infer it),
 * so a header passed as a literal must be one of them. Plain `Table` takes any header.
 */
export class Table<H extends string = string> {
  readonly problems: Problem[] = [];
  /** Headers of columns that client email needs, gone from a workbook that had them: email stops. */
  readonly emailStops: Problem[] = [];
  private readonly index = new Map<string, number>();
  private readonly appended: Cell[][] = [];
  private readonly updates = new Map<number, Map<number, Cell>>();
  /** Whole rows to rewrite in one range each (an edit that must land whole, see setRow). */
  private readonly rowUpdates = new Map<number, Cell[]>();
  /** The sheet row the next appended row goes to (after the last row read). */
  private appendAt: number;
  /** Columns not read (Table.read's `skip`): never written over. */
  private readonly unread = new Set<number>();
  /**
   * Only some rows were read (Table.scattered): the others are holes in `data`, never written over; rows
   * are appended below the sheet's last row, found when the first row is appended.
   */
  private scatteredRows = false;
  private lastRowKnown = false;

  private constructor(
    readonly spec: TabSpec,
    private readonly sheet: GoogleAppsScript.Spreadsheet.Sheet,
    private readonly header: string[],
    /** Data rows (sheet row n is data[n - 2]); a hole where a scattered table did not read the row. */
    private readonly data: Cell[][],
    readonly codec: DateCodec,
  ) {
    header.forEach((h, i) => {
      if (h !== '' && !this.index.has(h)) this.index.set(h, i);
    });
    this.appendAt = data.length + 2;
  }

  /**
   * Reads the whole tab with one range read. Throws TabUnusableError when a required header is missing.
   * With `skip`, the columns with those (optional) headers are not read: their cells read as blank, and
   * the table refuses to write them (set) or to rewrite whole rows (removeRows). For a job that never uses
   * them (the nightly billing run skips free-text columns): fewer cells read, a few more calls.
   */
  static read<S extends TabSpec>(
    ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    spec: S,
    codec: DateCodec,
    skip: readonly string[] = [],
    /** The optional headers this workbook has had (src/sheets/schema.ts): their absence stops, not blanks. */
    had: ReadonlySet<string> = NONE,
  ): Table<HeaderOf<S>> {
    const sheet = Table.sheet(ss, spec);
    if (skip.length === 0) {
      const values = sheet.getDataRange().getValues() as Cell[][];
      return Table.checked<HeaderOf<S>>(spec, sheet, values[0] ?? [], values.slice(1), codec, had);
    }
    const lastRow = sheet.getLastRow();
    const lastColumn = sheet.getLastColumn();
    if (lastRow < 1 || lastColumn < 1) return Table.checked<HeaderOf<S>>(spec, sheet, [], [], codec, had);
    const header = sheet.getRange(1, 1, 1, lastColumn).getValues()[0] as Cell[];
    const runs: [first: number, count: number][] = [];
    const unread = new Set<number>();
    header.forEach((h, col) => {
      if (skip.includes(textOf(h))) {
        unread.add(col);
        return;
      }
      const run = runs[runs.length - 1];
      if (run && run[0] + run[1] === col) run[1]++;
      else runs.push([col, 1]);
    });
    const data: Cell[][] = [];
    for (let r = 0; r < lastRow - 1; r++) data.push(new Array<Cell>(lastColumn).fill(''));
    if (lastRow > 1) {
      for (const [first, count] of runs) {
        const values = sheet.getRange(2, first + 1, lastRow - 1, count).getValues() as Cell[][];
        for (let r = 0; r < values.length; r++) for (let c = 0; c < count; c++) data[r][first + c] = values[r][c];
      }
    }
    const table = Table.checked<HeaderOf<S>>(spec, sheet, header, data, codec, had);
    for (const col of unread) table.unread.add(col);
    return table;
  }

  /**
   * A tab of which only some rows were read (`rows`, by sheet row number; src/sheets/grid.ts reads them),
   * with its header row. The rows it holds are written back like any table's; the rows it did not read are
   * never written over. Throws TabUnusableError when a required header is missing.
   */
  static scattered<S extends TabSpec>(
    ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    spec: S,
    header: Cell[],
    rows: ReadonlyMap<number, Cell[]>,
    codec: DateCodec,
    /** The sheet's last row, when known (else it is asked for when the first row is appended). */
    lastRow: number | null = null,
    had: ReadonlySet<string> = NONE,
  ): Table<HeaderOf<S>> {
    const data: Cell[][] = [];
    for (const [row, cells] of rows) if (row >= 2) data[row - 2] = cells;
    const table = Table.checked<HeaderOf<S>>(spec, Table.sheet(ss, spec), header, data, codec, had, true);
    table.lastRowKnown = lastRow !== null;
    if (lastRow !== null) table.appendAt = lastRow + 1;
    return table;
  }

  /**
   * Opens a tab only to append to it (the Run Log): reads the header row, not the rows, so appending
   * costs the same however long the tab grows.
   */
  static forAppend<S extends TabSpec>(
    ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    spec: S,
    codec: DateCodec,
    had: ReadonlySet<string> = NONE,
  ): Table<HeaderOf<S>> {
    const sheet = Table.sheet(ss, spec);
    const last = sheet.getLastRow();
    const header = (sheet.getRange(1, 1, 1, Math.max(sheet.getLastColumn(), 1)).getValues()[0] ?? []) as Cell[];
    const table = Table.checked<HeaderOf<S>>(spec, sheet, header, [], codec, had);
    table.appendAt = Math.max(last, 1) + 1;
    return table;
  }

  private static sheet(
    ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    spec: TabSpec,
  ): GoogleAppsScript.Spreadsheet.Sheet {
    const sheet = ss.getSheetByName(spec.name);
    if (!sheet) {
      throw new TabUnusableError({ tab: spec.name, row: 0, message: 'the tab is missing: run "Set up workbook".' });
    }
    return sheet;
  }

  private static checked<H extends string>(
    spec: TabSpec,
    sheet: GoogleAppsScript.Spreadsheet.Sheet,
    headerRow: Cell[],
    data: Cell[][],
    codec: DateCodec,
    had: ReadonlySet<string>,
    /** Rows at their sheet row numbers with holes between (`scattered`): its checks walk only those read. */
    scattered = false,
  ): Table<H> {
    const table = new Table<H>(
      spec,
      sheet,
      headerRow.map((h) => textOf(h)),
      data,
      codec,
    );
    table.scatteredRows = scattered;
    const missing = spec.columns.filter((c) => !table.index.has(c.header));
    const required = missing.filter((c) => c.required);
    if (required.length) {
      throw new TabUnusableError({
        tab: spec.name,
        row: 1,
        message: `missing ${required.length > 1 ? 'headers' : 'header'} ${required.map((c) => `"${c.header}"`).join(', ')}: restore ${required.length > 1 ? 'them' : 'it'} in row 1.`,
      });
    }
    const unnamed = table.unnamedColumnsWithData();
    const stopped: string[] = [];
    for (const c of missing) {
      const rule = whenMissing(c);
      // A column the workbook had, or one whose header was cleared over its data, is never read as empty.
      const wasHere = had.has(c.header) || (unnamed.length > 0 && rule !== 'derived' && rule !== 'blank');
      if (wasHere && rule === 'stops') stopped.push(c.header);
      else if (wasHere && rule === 'stopsEmail')
        table.emailStops.push({ tab: spec.name, row: 1, message: table.goneMessage([c.header], 'client email') });
      else
        table.problems.push({
          tab: spec.name,
          row: 1,
          message: `header "${c.header}" is missing; that column is left empty.`,
        });
    }
    if (stopped.length)
      throw new TabUnusableError({
        tab: spec.name,
        row: 1,
        message: table.goneMessage(stopped, `nothing that reads ${spec.name}`),
      });
    return table;
  }

  /** Letters of the columns with no header but data under it (a header cleared by hand). */
  private unnamedColumnsWithData(): string[] {
    const out: string[] = [];
    this.header.forEach((h, col) => {
      if (h === '' && this.hasData(col)) out.push(columnLetter(col));
    });
    return out;
  }

  /**
   * Why a tab (or its email) stops: the headers gone, that the workbook had them, what the row holds
   * instead (a renamed header is among them), and what to do.
   */
  private goneMessage(headers: readonly string[], stops: string): string {
    const known = new Set(this.spec.columns.map((c) => c.header));
    const strangers = this.header.filter((h) => h !== '' && !known.has(h));
    const unnamed = this.unnamedColumnsWithData();
    const names = headers.map((h) => `"${h}"`).join(', ');
    const hints = [
      ...(strangers.length ? [`row 1 now has ${strangers.map((h) => `"${h}"`).join(', ')}`] : []),
      ...(unnamed.length
        ? [
            `${unnamed.length > 1 ? 'columns' : 'column'} ${unnamed.join(', ')} ${unnamed.length > 1 ? 'have' : 'has'} data but no header`,
          ]
        : []),
    ];
    return (
      `${headers.length > 1 ? 'headers' : 'header'} ${names} ${headers.length > 1 ? 'are' : 'is'} missing, and this workbook had ${headers.length > 1 ? 'them' : 'it'}` +
      `${hints.length ? ` (${hints.join('; ')})` : ''}: type ${headers.length > 1 ? 'them' : 'it'} back in row 1 over ${headers.length > 1 ? 'their' : 'its'} column` +
      ` (not "Set up workbook", which would add an empty one). Until then, ${stops === 'client email' ? 'client email stops' : `${stops} runs`}.`
    );
  }

  /** The guarded optional headers this tab has (what the workbook is recorded as having had). */
  presentOptional(): string[] {
    return this.spec.columns
      .filter((c) => !c.required && whenMissing(c) !== 'derived' && this.index.has(c.header))
      .map((c) => c.header);
  }

  /**
   * Refuses a value for a column the tab lacks, unless it is a derived copy (dropped): a write the
   * add-on can't make is never answered as made.
   */
  private refuseLost(header: string, value: Cell): void {
    if (value === '' || value === null || value === undefined) return;
    const spec = this.spec.columns.find((c) => c.header === header);
    if (!spec || whenMissing(spec) === 'derived') return;
    throw new TabUnusableError({
      tab: this.spec.name,
      row: 1,
      message: `header "${header}" is missing, so this can't be saved: type the header back in row 1 (or run "Set up workbook" if this workbook never had it), then try again.`,
    });
  }

  has(header: H): boolean;
  has<K extends string>(header: RuntimeHeader<K>): boolean;
  has(header: string): boolean {
    return this.index.has(header);
  }

  /** Every non-blank data row, with its sheet row number. Blank rows (anywhere) are skipped. */
  *rows(): Generator<RowReader<H>> {
    for (const i of this.held()) {
      const cells = this.data[i];
      if (!cells || cells.every((c) => c === '' || c === null)) continue;
      yield new RowReader(this, cells, i + 2);
    }
  }

  /**
   * The indexes of `data` that hold a row, in order. A scattered table's array has a hole for every row it
   * did not read, up to the sheet's last: it visits the rows it read, so its work follows them, not where
   * they are in the sheet.
   */
  private held(): Iterable<number> {
    // Integer keys come in ascending order; a sparse array lists only the ones it holds.
    return this.scatteredRows ? Object.keys(this.data).map(Number) : indexesBelow(this.data.length);
  }

  /** Whether any row holds something in column `col` (0-based). */
  private hasData(col: number): boolean {
    for (const n of this.held()) {
      const row = this.data[n];
      if (row && row[col] !== '' && row[col] !== null) return true;
    }
    return false;
  }

  /** The current value of one cell of a data row (sheet row number), or undefined. */
  raw(rowNumber: number, header: H): Cell | undefined;
  raw<K extends string>(rowNumber: number, header: RuntimeHeader<K>): Cell | undefined;
  raw(rowNumber: number, header: string): Cell | undefined {
    const i = this.index.get(header);
    return i === undefined ? undefined : this.data[rowNumber - 2]?.[i];
  }

  /** Every non-empty value of a column, parsed or not (ids and keys in use, even on broken rows). */
  values(header: H): Cell[];
  values<K extends string>(header: RuntimeHeader<K>): Cell[];
  values(header: string): Cell[] {
    const i = this.index.get(header);
    if (i === undefined) return [];
    const out: Cell[] = [];
    for (const n of this.held()) {
      const row = this.data[n];
      if (row && row[i] !== '' && row[i] !== null) out.push(row[i]);
    }
    for (const row of this.appended) if (row[i] !== '') out.push(row[i]);
    return out;
  }

  /**
   * The sheet row of each value of a column (the first row holding it), the rows queued to be appended
   * included, at the rows they will take. Blank rows between keep every number right.
   */
  rowsOf(header: H): Map<string, number>;
  rowsOf<K extends string>(header: RuntimeHeader<K>): Map<string, number>;
  rowsOf(header: string): Map<string, number> {
    const out = new Map<string, number>();
    const i = this.index.get(header);
    if (i === undefined) return out;
    const add = (value: Cell | undefined, row: number) => {
      const text = textOf(value);
      if (text !== '' && !out.has(text)) out.set(text, row);
    };
    for (const n of this.held()) add(this.data[n]?.[i], n + 2);
    for (let n = 0; n < this.appended.length; n++) add(this.appended[n][i], this.appendAt + n);
    return out;
  }

  column(header: H): number | undefined;
  column<K extends string>(header: RuntimeHeader<K>): number | undefined;
  column(header: string): number | undefined {
    return this.index.get(header);
  }

  /**
   * Queues a new row (by header); owner columns stay empty. Written by `flush`. A record literal may name
   * only the tab's headers; a record built at run time (an archived row with owners' columns) may name
   * any, and the ones the tab doesn't have are ignored.
   */
  append(record: Readonly<Partial<Record<H, Cell>>>): number {
    if (this.scatteredRows && !this.lastRowKnown) {
      this.appendAt = Math.max(this.sheet.getLastRow(), 1) + 1;
      this.lastRowKnown = true;
    }
    const width = this.header.length;
    const row: Cell[] = new Array(width).fill('');
    for (const [header, value] of Object.entries(record) as [string, Cell][]) {
      const i = this.index.get(header);
      if (i !== undefined) row[i] = value;
      else this.refuseLost(header, value);
    }
    this.appended.push(row);
    return this.appendAt + this.appended.length - 1;
  }

  /** Queues a change of one cell of an existing row. Written by `flush`, one range per changed column. */
  set(rowNumber: number, header: H, value: Cell): void;
  set<K extends string>(rowNumber: number, header: RuntimeHeader<K>, value: Cell): void;
  set(rowNumber: number, header: string, value: Cell): void {
    const col = this.index.get(header);
    if (col === undefined) {
      this.refuseLost(header, value);
      return;
    }
    if (this.unread.has(col)) throw new Error(`${this.spec.name}: column "${header}" was not read; it cannot be set.`);
    const current = this.data[rowNumber - 2]?.[col];
    if (sameCell(current, value)) return;
    let column = this.updates.get(col);
    if (!column) {
      column = new Map();
      this.updates.set(col, column);
    }
    column.set(rowNumber, value);
  }

  /**
   * Queues every given cell of one row, to be written as one range: an edited package or client lands
   * whole or not at all (cells written column by column could be cut between two that must agree, such
   * as Intro Periods and Intro Price). Columns not given keep their value.
   */
  setRow(rowNumber: number, cells: Readonly<Record<string, Cell>>): void {
    const row = this.data[rowNumber - 2];
    if (!row) throw new Error(`${this.spec.name}: row ${rowNumber} was not read; it cannot be rewritten.`);
    const given = new Map<number, Cell>();
    for (const [header, value] of Object.entries(cells)) {
      const col = this.index.get(header);
      if (col !== undefined) given.set(col, value);
      else this.refuseLost(header, value);
    }
    // The cells not given go back as they are: a whole day as the day (DateCodec.keep), never with a time.
    const next = this.header.map((_, col): Cell => {
      if (given.has(col)) return given.get(col) as Cell;
      const cell = row[col] ?? '';
      return isDate(cell) ? this.codec.keep(cell) : cell;
    });
    if (next.some((value, col) => !sameCell(row[col], value))) this.rowUpdates.set(rowNumber, next);
  }

  get pendingAppends(): number {
    return this.appended.length;
  }

  /** Writes queued changes: one range per changed column, then the appended rows in one range. */
  flushUpdates(): void {
    for (const [col, changes] of this.updates) {
      // Loops, not Math.min(...rows): spreading 100 000+ arguments overflows the stack.
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      for (const r of changes.keys()) {
        if (r < first) first = r;
        if (r > last) last = r;
      }
      // One range from the first changed row to the last; a scattered table breaks it at rows it did not read.
      let start = first;
      let values: Cell[][] = [];
      for (let r = first; r <= last + 1; r++) {
        const row = this.data[r - 2];
        if (r > last || (!row && this.scatteredRows)) {
          if (values.length) this.writeColumn(start, col, values);
          values = [];
          start = r + 1;
          continue;
        }
        const value = changes.has(r) ? (changes.get(r) as Cell) : (row?.[col] ?? '');
        values.push([value]);
        if (row) row[col] = value;
      }
    }
    this.updates.clear();
    for (const [r, cells] of this.rowUpdates) {
      for (const [first, count] of this.textRuns()) this.sheet.getRange(r, first + 1, 1, count).setNumberFormat('@');
      this.sheet.getRange(r, 1, 1, cells.length).setValues([cells.map(writable)]);
      this.data[r - 2] = cells;
    }
    this.rowUpdates.clear();
  }

  private writeColumn(first: number, col: number, values: Cell[][]): void {
    const range = this.sheet.getRange(first, col + 1, values.length, 1);
    if (this.isText(col)) range.setNumberFormat('@');
    range.setValues(values.map((row) => row.map(writable)));
  }

  /**
   * Writes the queued rows below the last row, in one range. First it inserts as many rows at the end of
   * the sheet as it appends, so the blank rows below the data never run out (and the call count never
   * depends on how full the sheet is).
   */
  flushAppends(): void {
    const n = this.appended.length;
    if (n === 0) return;
    // A scattered table inserts the rows right below the last row (no read of the sheet's size needed).
    this.sheet.insertRowsAfter(this.scatteredRows ? this.appendAt - 1 : this.sheet.getMaxRows(), n);
    this.styleRows(this.appendAt, n);
    this.sheet
      .getRange(this.appendAt, 1, n, this.header.length)
      .setValues(this.appended.map((row) => row.map(writable)));
    // Indexed, not push(...): spreading 100 000+ rows overflows the stack, and a scattered table has holes.
    for (let i = 0; i < n; i++) this.data[this.appendAt - 2 + i] = this.appended[i];
    this.appendAt += n;
    this.appended.length = 0;
  }

  /**
   * New rows in their columns' template style, before their values go in. Sheets gives an inserted row the
   * formats of the row above it — the header's (bold, filled, General) below an empty tab's header row, an
   * owner's hand-formatted row's below that — so every appended row gets, for each of the add-on's columns:
   * its number format (Plain text for text, so typed text is never a formula), plain weight, no fill, and
   * its dropdown. Owners' own columns keep what they inherited. Queued writes: one round trip.
   */
  private styleRows(first: number, n: number): void {
    const width = this.header.length;
    if (width === 0) return;
    this.sheet.getRange(first, 1, n, width).setFontWeight('normal').setBackground(null);
    for (const [start, formats] of this.formatRuns())
      this.sheet
        .getRange(first, start + 1, n, formats.length)
        .setNumberFormats(Array.from({ length: n }, () => formats));
    this.header.forEach((h, col) => {
      const choices = this.spec.columns.find((c) => c.header === h)?.choices;
      if (!choices) return;
      const rule = SpreadsheetApp.newDataValidation()
        .requireValueInList([...choices], true)
        .setAllowInvalid(false)
        .build();
      this.sheet.getRange(first, col + 1, n, 1).setDataValidation(rule);
    });
  }

  /** The template number formats of the add-on's columns, as runs of consecutive columns: [first, formats]. */
  private formatRuns(): [number, string[]][] {
    const runs: [number, string[]][] = [];
    this.header.forEach((h, col) => {
      const spec = this.spec.columns.find((c) => c.header === h);
      if (!spec || this.unread.has(col)) return;
      const run = runs[runs.length - 1];
      if (run && run[0] + run[1].length === col) run[1].push(FORMATS[spec.kind]);
      else runs.push([col, [FORMATS[spec.kind]]]);
    });
    return runs;
  }

  /** Whether column `col` holds text typed by people (written as Plain text, so never a formula). */
  private isText(col: number): boolean {
    return this.spec.columns.some((c) => c.kind === 'text' && c.header === this.header[col]);
  }

  /** Runs of adjacent text columns as [first column index, count]. */
  private textRuns(): [number, number][] {
    const runs: [number, number][] = [];
    for (let col = 0; col < this.header.length; col++) {
      if (!this.isText(col)) continue;
      const last = runs[runs.length - 1];
      if (last && last[0] + last[1] === col) last[1]++;
      else runs.push([col, 1]);
    }
    return runs;
  }

  flush(): void {
    this.flushUpdates();
    this.flushAppends();
  }

  /** A scattered table with nothing queued: `takeRows` may add rows read later. */
  get canTakeRows(): boolean {
    return this.scatteredRows && this.appended.length === 0 && this.updates.size === 0 && this.rowUpdates.size === 0;
  }

  /** Adds rows read after the table was made (a scattered table, nothing queued yet). */
  takeRows(rows: ReadonlyMap<number, Cell[]>): void {
    if (!this.canTakeRows)
      throw new Error(`${this.spec.name}: rows can be added only to a scattered table with nothing queued.`);
    for (const [row, cells] of rows) if (row >= 2 && !this.data[row - 2]) this.data[row - 2] = cells;
  }

  /** The sheet's last row as far as this table knows it (null: a scattered table that has not asked). */
  get knownLastRow(): number | null {
    return this.scatteredRows && !this.lastRowKnown ? null : this.appendAt - 1 + this.appended.length;
  }

  /** The last row of the tab as read, header included (before any append). */
  get lastRow(): number {
    return this.appendAt - 1;
  }

  /** The header row as read (owners' own columns included). */
  headers(): readonly string[] {
    return this.header;
  }

  /** One data row's cells as read (sheet row number), in header order. */
  rowCells(rowNumber: number): readonly Cell[] {
    return this.data[rowNumber - 2] ?? [];
  }

  /**
   * Removes data rows (sheet row numbers) now, in a constant number of calls. Rows that form at most
   * MAX_DELETED_BLOCKS blocks go with one deleteRows each (the oldest rows, and the Carry rows of the last
   * archive run, are two blocks). Otherwise the rows below the first removed one are written again, shifted up
   * over the removed ones, in one setValues (all or nothing: a crash after it leaves only blank rows at
   * the end), and the blank rows left at the end are deleted. Queued changes are written first.
   */
  removeRows(rowNumbers: ReadonlySet<number>): void {
    if (this.unread.size || this.scatteredRows)
      throw new Error(`${this.spec.name}: not every row and column was read; rows cannot be removed.`);
    this.flush();
    const gone = [...rowNumbers].filter((r) => r >= 2 && r < this.data.length + 2).sort((a, b) => a - b);
    if (gone.length === 0) return;
    const first = gone[0];
    const width = Math.max(this.header.length, 1);
    const blocks: [start: number, count: number][] = [];
    for (const r of gone) {
      const block = blocks[blocks.length - 1];
      if (block && block[0] + block[1] === r) block[1]++;
      else blocks.push([r, 1]);
    }
    if (blocks.length > MAX_DELETED_BLOCKS) {
      const below = this.data.slice(first - 2);
      const kept = below.filter((_, i) => !rowNumbers.has(first + i));
      const blank = (): Cell[] => new Array(width).fill('');
      const shifted = [...kept, ...Array.from({ length: gone.length }, blank)];
      for (const [col, count] of this.textRuns())
        this.sheet.getRange(first, col + 1, shifted.length, count).setNumberFormat('@');
      this.sheet.getRange(first, 1, shifted.length, width).setValues(shifted.map((row) => row.map(writable)));
      // A loop, not splice(...kept): spreading 100 000+ rows overflows the stack.
      this.data.length = first - 2;
      for (const row of kept) this.data.push(row);
      this.deleteBlock(first + kept.length, gone.length);
    } else {
      // Bottom block first, so the row numbers of the blocks above stay right.
      for (const [start, count] of blocks.reverse()) {
        this.data.splice(start - 2, count);
        this.deleteBlock(start, count);
      }
    }
    this.appendAt = this.data.length + 2;
  }

  /** deleteRows, keeping at least one row below the header (Sheets refuses to delete every unfrozen row). */
  private deleteBlock(first: number, count: number): void {
    if (first + count - 1 >= this.sheet.getMaxRows()) this.sheet.insertRowsAfter(this.sheet.getMaxRows(), 1);
    this.sheet.deleteRows(first, count);
  }
}

/** 0, 1, … n − 1. */
function* indexesBelow(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const LOWER_CASED = new WeakMap<object, Map<string, string>>();

/** A choice table keyed by lower-cased label, built once per table (choice() runs for every row). */
function lowerCased<V extends string>(choices: readonly Choice<V>[]): Map<string, V> {
  let index = LOWER_CASED.get(choices);
  if (!index) {
    index = new Map();
    for (const { label, value } of choices) if (!index.has(label.toLowerCase())) index.set(label.toLowerCase(), value);
    LOWER_CASED.set(choices, index);
  }
  return index as Map<string, V>;
}

/**
 * Typed access to one row's cells by header; collects the row's problems instead of throwing. `H`: the
 * tab's headers, so `r.text('Nmae')` does not compile.
 */
export class RowReader<H extends string = string> {
  readonly problems: string[] = [];

  constructor(
    private readonly table: Table<H>,
    private readonly cells: Cell[],
    readonly rowNumber: number,
  ) {}

  has(header: H): boolean {
    return this.table.has(header);
  }

  raw(header: H): Cell | undefined {
    const i = this.table.column(header);
    return i === undefined ? undefined : this.cells[i];
  }

  private spec(header: H): ColumnSpec | undefined {
    return this.table.spec.columns.find((c) => c.header === header);
  }

  private isBlank(header: H): boolean {
    const v = this.raw(header);
    return v === undefined || v === '' || v === null;
  }

  private take<T>(header: H, parsed: Parsed<T>, fallback: T): T {
    if ('value' in parsed) return parsed.value;
    this.problems.push(`${header} ${parsed.problem}`);
    return fallback;
  }

  private required(header: H): boolean {
    if (!this.isBlank(header)) return true;
    if (this.spec(header)?.required) this.problems.push(`${header} is empty`);
    return false;
  }

  text(header: H): string {
    this.required(header);
    return textOf(this.raw(header));
  }

  int(header: H): number {
    return this.required(header) ? this.take(header, parseIntCell(this.raw(header)), 0) : 0;
  }

  optionalInt(header: H): number | null {
    return this.isBlank(header) ? null : this.take(header, parseIntCell(this.raw(header)), null);
  }

  money(header: H): number {
    return this.required(header) ? this.take(header, parseMoneyCell(this.raw(header)), 0) : 0;
  }

  optionalMoney(header: H): number | null {
    return this.isBlank(header) ? null : this.take(header, parseMoneyCell(this.raw(header)), null);
  }

  date(header: H): string {
    return this.required(header) ? this.take(header, parseDateCell(this.raw(header), this.table.codec), '') : '';
  }

  optionalDate(header: H): string | null {
    return this.isBlank(header) ? null : this.take(header, parseDateCell(this.raw(header), this.table.codec), null);
  }

  /** A dropdown label, matched case-insensitively; returns its value in the choice table. */
  choice<V extends string>(header: H, choices: readonly Choice<V>[]): V | null {
    if (!this.required(header)) return null;
    const found = lowerCased(choices).get(textOf(this.raw(header)).toLowerCase());
    if (found !== undefined) return found;
    this.problems.push(
      `${header} "${textOf(this.raw(header))}" is not one of ${choices.map((c) => c.label).join(', ')}`,
    );
    return null;
  }
}
