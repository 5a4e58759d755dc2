/**
 * The datastore for one job: each tab is read at most once (on first use) and written at most once
 * (queued changes flushed together, in an order chosen for crash safety).
 */

import { type SettingName, TABS, type TabName } from '../../sheets-template/tabs';
import type { RecognitionMonth, RevenueRow, State, TaxRule } from '../domain';
import { type Ahead, foundAhead, patternsOf, type Sought } from './ahead';
import { type Cell, DateCodec, textOf } from './cells';
import { findRows, type RowsRead, readScattered } from './grid';
import * as map from './mappers';
import { NO_SCHEMA, type Schema } from './schema';
import { DEFAULT_SETTINGS, guardSettings, readSettings, type Settings, taxRuleOf } from './settings';
import { type Problem, Table, TabUnusableError } from './table';

/** The highest invoice number that moved to the archive (numbering never goes back), and its revenue. */
export interface Archived {
  highestInvoiceNumber: number;
  revenue: readonly RevenueRow[];
  /** What the archived history adds to Revenue Recognition (absent: nothing). */
  recognition?: readonly RecognitionMonth[];
}
const NOTHING_ARCHIVED: Archived = { highestInvoiceNumber: 0, revenue: [], recognition: [] };

/**
 * What the nightly billing run leaves unread: free text it never uses (names are taken from the sale; the
 * notes are people's). About a fifth of the ledger's cells.
 */
export const BILLING_SKIPS: Partial<Record<TabName, readonly string[]>> = {
  adjustments: ['Client', 'Note', 'Carried Value'],
  invoices: ['Client'],
};

/**
 * What a desk call reads of one tab: the rows whose `by` column shows one of `values` (sale ids, a client
 * id, a request id), or, with `patterns`, matches one of those regular expressions (invoice numbers, which
 * a number format may show as "0457" or "1,234"); `limit`: read at most this many of the rows found.
 */
export type Focus = Sought;

/** What a desk call reads first: the time zone, the history tabs' header rows, the small tabs whole. */
export interface Prefetched {
  timeZone: string;
  headers: ReadonlyMap<TabName, Cell[]>;
  whole: ReadonlyMap<TabName, RowsRead>;
}

/**
 * The small tabs a desk call reads whole (a few rows each, whatever the studio's size), up to this many
 * rows: a tab that fills the last of them is read again the usual way.
 */
const SMALL_TABS: readonly TabName[] = ['packages', 'settings'];
const SMALL_ROWS = 120;

/**
 * One Sheets API request for what a desk call needs before it looks for rows: the time zone, every
 * history tab's header row, Packages and Settings whole, and (`also`) any other sheet whole — the desk's
 * lock reads the system tab with it — and (`found`) the rows a read-only call found ahead of it.
 */
export function prefetch(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  also: readonly string[] = [],
  found: ReadonlyMap<TabName, readonly number[]> = new Map(),
): { prefetched: Prefetched; others: Map<string, RowsRead>; rows: Map<TabName, ReadonlyMap<number, Cell[]>> } {
  const exists = (name: string) => spreadsheet.getSheetByName(name) !== null;
  const history = HISTORY_TABS.filter((t) => exists(TABS[t].name));
  const small = SMALL_TABS.filter((t) => exists(TABS[t].name));
  const others = also.filter(exists);
  const read = readScattered(
    spreadsheet,
    [
      // Width 0: the header rows, and any rows found ahead (src/sheets/ahead.ts), as wide as they go.
      ...history.map((t) => ({ sheet: TABS[t].name, rows: [...(found.get(t) ?? [])], width: 0 })),
      ...[...small.map((t) => TABS[t].name), ...others].map((sheet) => ({
        sheet,
        rows: [],
        width: 0,
        upTo: SMALL_ROWS,
      })),
    ],
    null,
  );
  const got = (name: string): RowsRead => read.tabs.get(name) ?? { header: [], rows: new Map() };
  // Complete when the bound's last row is blank (else the tab is read the usual way when needed).
  const complete = (name: string) => !(got(name).rows.get(SMALL_ROWS) ?? []).some((c) => c !== '' && c !== null);
  return {
    prefetched: {
      timeZone: read.timeZone,
      headers: new Map(history.map((t) => [t, got(TABS[t].name).header] as const)),
      whole: new Map(small.filter((t) => complete(TABS[t].name)).map((t) => [t, got(TABS[t].name)] as const)),
    },
    others: new Map(others.filter(complete).map((name) => [name, got(name)] as const)),
    rows: new Map(history.filter((t) => found.has(t)).map((t) => [t, got(TABS[t].name).rows] as const)),
  };
}

/** Each history tab's last row (sheet row number), where known. */
export type LastRows = Partial<Record<TabName, number>>;

/** The tabs that grow with the studio's history: a focused store reads only the rows it is asked for. */
const HISTORY_TABS: readonly TabName[] = ['clients', 'sales', 'invoices', 'payments', 'adjustments'];

type Mapper<T> = { spec: (typeof TABS)[TabName]; parse: (r: import('./table').RowReader) => T; key: (t: T) => string };

/**
 * What every store does: the tabs read once each, the rows mapped to records, the settings, the writes
 * flushed in one order. How a tab it was not asked about is read is its kind's:
 *
 * - `WholeStore` (the nightly jobs, exports, reports, and the calls that need a whole tab, like a new
 *   client's id): a tab is read whole on first use.
 * - `FocusedStore` (a desk call, and a sidebar's call about one client or sale): a history tab holds only
 *   the rows `focus` found; reading one it did not focus is an error, never a silent full read.
 *
 * What a call may read is its store's type, not a flag set along the way.
 */
export abstract class Store {
  readonly codec: DateCodec;
  protected readonly tables = new Map<TabName, Table>();
  protected readonly parsed = new Map<TabName, map.Rows<unknown>>();
  protected readonly problemList: Problem[] = [];
  private settingsRead: Settings | null = null;
  private settingRows = new Map<SettingName, number>();

  private archivedRead: Archived | null = null;
  /** Header rows (one request for every history tab: `prefetch`). */
  protected readonly headerRows = new Map<TabName, Cell[]>();

  constructor(
    readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
    /** What the archive spreadsheet holds that the live tabs must still account for (read when first needed). */
    private readonly readArchived: () => Archived = () => NOTHING_ARCHIVED,
    /** Free-text columns left unread, per tab (for a job that neither uses nor rewrites them). */
    private readonly skip: Partial<Record<TabName, readonly string[]>> = {},
    /** The time zone, header rows and small tabs already read (`prefetch`), else the zone is asked for now. */
    prefetched?: Prefetched,
    /**
     * Each history tab's last row as the last writer left it (the system tab's `rows`): a hint, checked
     * by `focus` when it reads the rows, which saves asking the sheet before appending.
     */
    protected readonly lastRowHints: LastRows = {},
    /** What the workbook has had (the system tab's `schema`): a header of it that is gone stops, not blanks. */
    private readonly schema: Schema = NO_SCHEMA,
  ) {
    this.codec = new DateCodec(prefetched?.timeZone || spreadsheet.getSpreadsheetTimeZone());
    for (const [tab, header] of prefetched?.headers ?? []) this.headerRows.set(tab, header);
    for (const [tab, read] of prefetched?.whole ?? []) {
      // The last filled row (the API also sends rows of formatted blank cells).
      let last = 1;
      for (const [row, cells] of read.rows) if (row > last && cells.some((c) => c !== '' && c !== null)) last = row;
      this.tables.set(tab, this.scatteredTable(tab, read.header, read.rows, last));
    }
  }

  /** The optional headers of a tab that this workbook has had. */
  protected had(tab: TabName): ReadonlySet<string> {
    return new Set(this.schema.columns[TABS[tab].name] ?? []);
  }

  /** What this job saw of the workbook's optional columns and settings (to add to its record). */
  seenSchema(): Schema {
    const columns: Record<string, string[]> = {};
    for (const [tab, table] of this.tables) {
      const present = table.presentOptional();
      if (present.length) columns[TABS[tab].name] = present;
    }
    return { columns, settings: [...this.settingRows.keys()] };
  }

  /** Columns client email needs that are gone from a workbook that had them (Clients, Messages). */
  emailStops(): Problem[] {
    return [...this.tables.values()].flatMap((t) => t.emailStops);
  }

  /** What the archive spreadsheet holds that the live tabs must still account for. */
  get archived(): Archived {
    this.archivedRead ??= this.readArchived();
    return this.archivedRead;
  }

  /** A history tab of which `rows` were read, with what the workbook has had of its columns. */
  protected scatteredTable(tab: TabName, header: Cell[], rows: ReadonlyMap<number, Cell[]>, lastRow: number | null) {
    return Table.scattered(this.spreadsheet, TABS[tab], header, rows, this.codec, lastRow, this.had(tab));
  }

  /** Each tab's last row as this job leaves it, where it knows it (for the next job's hint). */
  lastRows(): LastRows {
    const out: LastRows = {};
    for (const [name, table] of this.tables) {
      const last = HISTORY_TABS.includes(name) ? table.knownLastRow : null;
      if (last !== null) out[name] = last;
    }
    return out;
  }

  /**
   * Every history tab's header row, once per store (a desk store has them from its first request; any
   * other asks with the same one, `prefetch`).
   */
  protected readHeaders(): void {
    if (this.headerRows.size > 0) return;
    for (const [tab, header] of prefetch(this.spreadsheet).prefetched.headers) this.headerRows.set(tab, header);
  }

  /**
   * Every value of one column of a history tab, read now (one range): the fallback when a hint of the
   * highest id in use turned out stale (src/sheets/ids.ts).
   */
  abstract columnValues(tab: TabName, by: string): Cell[];

  /** One column of a history tab, read from the sheet (one range). */
  protected readColumn(tab: TabName, by: string): Cell[] {
    const sheet = this.sheetOf(tab);
    const last = sheet.getLastRow();
    if (last < 2) return [];
    return sheet
      .getRange(2, this.focusColumn(tab, by), last - 1, 1)
      .getValues()
      .map((r) => r[0] as Cell)
      .filter((v) => v !== '' && v !== null);
  }

  /** Whether the tab's header row has this column (an optional column an older workbook may lack). */
  hasColumn(tab: TabName, header: string): boolean {
    this.readHeaders();
    return (this.headerRows.get(tab) ?? []).some((h) => textOf(h) === header);
  }

  /** The column (1-based) of a header in a history tab, from the header rows read first. */
  protected focusColumn(tab: TabName, by: string): number {
    this.readHeaders();
    const column = (this.headerRows.get(tab) ?? []).map((h) => textOf(h)).indexOf(by) + 1;
    if (column === 0) {
      throw new TabUnusableError({
        tab: TABS[tab].name,
        row: 1,
        message: `missing header "${by}": restore it in row 1.`,
      });
    }
    return column;
  }

  /** Whether `focus` has read this tab (or the whole tab was read). */
  hasRead(name: TabName): boolean {
    return this.tables.has(name);
  }

  /** Whether the spreadsheet has a tab of this name (an optional tab: Messages, Email Log). */
  hasTab(name: TabName): boolean {
    return this.tables.has(name) || this.spreadsheet.getSheetByName(TABS[name].name) !== null;
  }

  protected sheetOf(name: TabName): GoogleAppsScript.Spreadsheet.Sheet {
    const sheet = this.spreadsheet.getSheetByName(TABS[name].name);
    if (!sheet) {
      throw new TabUnusableError({
        tab: TABS[name].name,
        row: 0,
        message: 'the tab is missing: run "Set up workbook".',
      });
    }
    return sheet;
  }

  /** The tab, read on first use. Throws TabUnusableError when it is missing a required header. */
  table<N extends TabName>(name: N): Table<import('../../sheets-template/tabs').Header<N>> {
    let table = this.tables.get(name);
    if (!table) {
      table = this.open(name);
      this.tables.set(name, table);
    }
    return table;
  }

  /** A tab asked for before anything of it was read: the store's kind says how (or whether) it is read. */
  protected abstract open(name: TabName): Table;

  /** The tab read whole (the Run Log, only ever appended to, not read at all). */
  protected readWhole(name: TabName): Table {
    return name === 'runLog'
      ? Table.forAppend(this.spreadsheet, TABS[name], this.codec, this.had(name))
      : Table.read(this.spreadsheet, TABS[name], this.codec, this.skip[name], this.had(name));
  }

  private rows<T>(name: TabName, mapper: Mapper<T>): map.Rows<T> {
    let rows = this.parsed.get(name) as map.Rows<T> | undefined;
    if (!rows) {
      const read = map.readRows(this.table(name), mapper.parse, mapper.key);
      this.problemList.push(...read.problems);
      rows = { records: read.records, rowOf: read.rowOf };
      this.parsed.set(name, rows);
    }
    return rows;
  }

  packages() {
    return this.rows('packages', map.packages);
  }
  clients() {
    return this.rows('clients', map.clients);
  }
  sales() {
    return this.rows('sales', map.sales);
  }
  invoices() {
    return this.rows('invoices', map.invoices);
  }
  payments() {
    return this.rows('payments', map.payments);
  }
  adjustments() {
    return this.rows('adjustments', map.adjustments);
  }
  messages() {
    return this.rows('messages', map.messages);
  }
  emailLog() {
    return this.rows('emailLog', map.emailLog);
  }

  /** The Email Log's row of each key as the tab is now (rows this call appended included, once written). */
  emailLogRows(): Map<string, number> {
    return this.table('emailLog').rowsOf('Key');
  }

  /**
   * The Settings tab's values. A setting the workbook had that can't be read now (its row gone, its Value
   * garbled, the tab's Value header renamed) throws when a rule reads it (src/sheets/settings.ts
   * guardSettings); a workbook that never had a setting (or the tab) gets its default.
   */
  settings(): Settings {
    if (!this.settingsRead) {
      try {
        const read = readSettings(this.table('settings'), this.schema.settings);
        this.problemList.push(...read.problems);
        this.settingsRead = guardSettings(read.settings, read.broken);
        this.settingRows = read.rowOf;
      } catch (e) {
        if (!(e instanceof TabUnusableError)) throw e;
        if (this.schema.settings.length === 0) {
          this.problemList.push({ ...e.problem, message: `${e.problem.message} Default settings used.` });
          this.settingsRead = { ...DEFAULT_SETTINGS };
        } else {
          this.problemList.push(e.problem);
          const broken = new Map(this.schema.settings.map((name) => [name, e.problem] as const));
          this.settingsRead = guardSettings(DEFAULT_SETTINGS, broken);
        }
      }
    }
    return this.settingsRead;
  }

  /** The tax new invoices carry, from the Settings. */
  taxRule(): TaxRule {
    return taxRuleOf(this.settings());
  }

  /** The sheet row of a setting, when the Settings tab has it. */
  settingRow(name: SettingName): number | undefined {
    this.settings();
    return this.settingRows.get(name);
  }

  /** Whether the records `state` gives include this history tab's (a focused store: the tabs it read). */
  protected abstract holds(name: TabName): boolean;

  /** The highest invoice number in use, archive included, as far as this store can tell. */
  protected abstract highestInUse(): number;

  /**
   * What the rules read, plus the keys of rows that could not be read (never to be created twice). A
   * focused store gives the rows it read (a tab it did not read is empty), and the highest invoice number
   * only when one was established for it (`useHighestInvoiceNumber`).
   */
  state(): State {
    const read = (name: TabName) => this.holds(name);
    return {
      sales: read('sales') ? this.sales().records : [],
      invoices: read('invoices') ? this.invoices().records : [],
      adjustments: read('adjustments') ? this.adjustments().records : [],
      reservedKeys: new Set([
        ...(read('sales') ? this.rawKeys('sales', 'Sale ID') : []),
        ...(read('invoices') ? this.rawKeys('invoices', 'Key') : []),
        ...(read('adjustments') ? this.rawKeys('adjustments', 'Key') : []),
      ]),
      highestInvoiceNumber: this.highestInUse(),
      tax: this.taxRule(),
    };
  }

  highestInvoiceNumber(): number {
    let max = 0;
    for (const v of this.table('invoices').values('Invoice No')) {
      const n = typeof v === 'number' ? v : Number(textOf(v));
      if (Number.isFinite(n)) max = Math.max(max, n);
    }
    return max;
  }

  /** Every value in a key column, including rows that did not parse. */
  rawKeys(name: TabName, header: string): string[] {
    return this.table(name)
      .values(header)
      .map((v) => textOf(v));
  }

  /** The rows of the client or sale a call is about that can't be read (a focused store's; none here). */
  unreadableRows(): string[] {
    return [];
  }

  /** Every problem met while reading, in tab order. */
  get problems(): readonly Problem[] {
    // Email's stops are reported by every job, whether or not it sends: the owner learns before it matters.
    return [...this.problemList, ...this.emailStops()];
  }

  /** Writes every queued change: tab by tab in `order`, then any other tab touched. */
  flush(order: readonly TabName[]): void {
    const names = [...order, ...[...this.tables.keys()].filter((n) => !order.includes(n))];
    for (const name of names) this.tables.get(name)?.flush();
  }
}

/** A store that reads a tab whole on first use. */
export class WholeStore extends Store {
  protected open(name: TabName): Table {
    return this.readWhole(name);
  }

  protected holds(): boolean {
    return true;
  }

  protected highestInUse(): number {
    return Math.max(this.highestInvoiceNumber(), this.archived.highestInvoiceNumber);
  }

  columnValues(tab: TabName, by: string): Cell[] {
    // A job that read the whole tab already has it.
    return this.tables.has(tab) ? this.table(tab).values(by) : this.readColumn(tab, by);
  }
}

/**
 * A store that reads of each history tab only the rows `focus` finds (a desk call, a sidebar's call about
 * one client or sale): its reads do not grow with the studio. The small tabs (Packages, Settings, the
 * Messages) are read whole.
 */
export class FocusedStore extends Store {
  private knownHighestInvoice: number | null = null;
  /** The searches made before the first request, and the rows it read for them (src/sheets/ahead.ts). */
  private ahead: Ahead | null = null;

  /** Takes the searches a read-only call made before its first request: its first `focus` may use them. */
  useAhead(ahead: Ahead): void {
    this.ahead = ahead;
  }

  /**
   * Reads only some rows of the history tabs, whatever their length: for each focus, one TextFinder
   * search of its column finds the rows (Google scans the column, nothing is sent back but the matches),
   * then one Sheets API request reads every row found, with each tab's header row (src/sheets/grid.ts).
   * A tab's header row is read first (one request for all the tabs), to know which column to search; a
   * read-only call's first focus may have been searched ahead and read with the header rows (ahead.ts).
   * From then on the store is focused: a history tab it was not asked about is an error, never a silent
   * full read. Each tab is focused once per store; a row found by two focuses (a client's own sale, and one
   * shared with them) is read once.
   */
  focus(...focuses: readonly Focus[]): void {
    this.readHeaders();
    for (const f of focuses) {
      const earlier = this.tables.get(f.tab);
      if (earlier && !earlier.canTakeRows)
        throw new Error(`${TABS[f.tab].name} was read whole, or written, by this call: it cannot be focused.`);
    }
    const ahead = this.ahead;
    this.ahead = null;
    const early = ahead ? foundAhead(ahead, focuses, this.headerRows) : null;
    const rows = new Map<TabName, number[]>();
    for (const [i, f] of focuses.entries()) {
      if (early?.matched[i]) continue;
      const found = this.find(f.tab, f.by, patternsOf(f));
      rows.set(f.tab, [...(rows.get(f.tab) ?? []), ...(f.limit === undefined ? found : found.slice(0, f.limit))]);
    }
    // A tab whose every search was made ahead: its rows were read with the header rows.
    for (const [t, got] of early?.rows ?? [])
      if (!rows.has(t)) this.keepRows(t, this.headerRows.get(t) ?? [], got, null);
    if (rows.size === 0) return;
    this.readFound(rows, early?.rows);
  }

  /**
   * The rows found, with their header rows again (what the rows are mapped by), in one request; with them
   * the two rows around each tab's last-row hint, which it holds if its row is filled and the next one blank
   * (else the tab is asked for its last row when a row is appended). `before`: rows of the same tabs found
   * ahead for other searches, read under the same header row.
   */
  private readFound(rows: ReadonlyMap<TabName, number[]>, before?: ReadonlyMap<TabName, Map<number, Cell[]>>): void {
    const probes = new Map<TabName, number>();
    for (const [t] of rows) {
      const hint = this.tables.has(t) ? undefined : this.lastRowHints[t];
      if (typeof hint === 'number' && Number.isSafeInteger(hint) && hint >= 1) probes.set(t, hint);
    }
    const request = () => {
      const wanted = [...rows].filter(([t, r]) => r.length > 0 || probes.has(t));
      if (wanted.length === 0) return null;
      return readScattered(
        this.spreadsheet,
        wanted.map(([t, r]) => {
          const probe = probes.get(t);
          const all = new Set(probe === undefined ? r : [...r, probe, probe + 1]);
          return { sheet: TABS[t].name, rows: [...all], width: this.headerRows.get(t)?.length ?? 0 };
        }),
        this.codec,
      );
    };
    let read: ReturnType<typeof request>;
    try {
      read = request();
    } catch (e) {
      // A hint past the sheet's end (rows deleted since) makes the API refuse the range: read without.
      if (probes.size === 0) throw e;
      probes.clear();
      read = request();
    }
    for (const [t, found] of rows) {
      const got = read?.tabs.get(TABS[t].name) ?? { header: this.headerRows.get(t) ?? [], rows: new Map() };
      const ours = new Set(found);
      const kept = new Map([...got.rows].filter(([r]) => ours.has(r)));
      for (const [r, cells] of this.sameHeader(t, got.header, before?.get(t))) if (!kept.has(r)) kept.set(r, cells);
      const probe = probes.get(t);
      const filled = (r: number) =>
        (r === 1 ? got.header : (got.rows.get(r) ?? [])).some((c: Cell) => c !== '' && c !== null);
      const lastRow = probe !== undefined && filled(probe) && !filled(probe + 1) ? probe : null;
      this.keepRows(t, got.header, kept, lastRow);
    }
  }

  /** Rows found ahead, when the header row read again is the one they were read under (else: try again). */
  private sameHeader(t: TabName, header: Cell[], rows?: Map<number, Cell[]>): Map<number, Cell[]> {
    if (!rows) return new Map();
    const text = (cells: Cell[]) => cells.map((h) => textOf(h)).join('\u0000');
    if (text(header) !== text(this.headerRows.get(t) ?? [])) {
      const message = 'its header row changed while this call read it: try again.';
      throw new TabUnusableError({ tab: TABS[t].name, row: 1, message });
    }
    return rows;
  }

  /** The rows a focus read, as its tab's table (a tab focused again takes them: the sale form's retry). */
  private keepRows(t: TabName, header: Cell[], rows: ReadonlyMap<number, Cell[]>, lastRow: number | null): void {
    const earlier = this.tables.get(t);
    if (earlier) {
      earlier.takeRows(rows);
      this.parsed.delete(t);
      return;
    }
    this.tables.set(t, this.scatteredTable(t, header, rows, lastRow));
  }

  /** The rows of a history tab whose `by` column matches one of `patterns` (one TextFinder search). */
  find(tab: TabName, by: string, patterns: readonly string[]): number[] {
    const column = this.focusColumn(tab, by);
    return patterns.length === 0 ? [] : findRows(this.sheetOf(tab), column, patterns);
  }

  protected open(name: TabName): Table {
    if (HISTORY_TABS.includes(name)) {
      throw new Error(
        `${TABS[name].name} was not read for this call: focus it first (a desk call reads no whole history tab).`,
      );
    }
    return this.readWhole(name);
  }

  protected holds(name: TabName): boolean {
    return this.tables.has(name);
  }

  protected highestInUse(): number {
    return this.knownHighestInvoice ?? 0;
  }

  /** The highest invoice number in use, established by the caller (the sale form's: src/sheets/ids.ts checks it). */
  useHighestInvoiceNumber(n: number): void {
    this.knownHighestInvoice = n;
  }

  columnValues(tab: TabName, by: string): Cell[] {
    return this.readColumn(tab, by);
  }

  /**
   * A focused store's rows that were found and can't be read (a desk call's client or sale), as the owner
   * should read them: "Sale S-4 can't be read: Sales row 5: Price per Period …. Fix the row in the
   * spreadsheet." A desk call never answers as if such a row were not there.
   */
  override unreadableRows(): string[] {
    const names = new Map<string, TabName>(HISTORY_TABS.map((t) => [TABS[t].name, t]));
    return this.problemList
      .filter((p) => p.row >= 2 && names.has(p.tab))
      .map((p) => {
        const tab = names.get(p.tab) as TabName;
        const table = this.tables.get(tab);
        const by = tab === 'clients' ? 'Client ID' : 'Sale ID';
        const id = table ? textOf(table.raw(p.row, by) ?? '') : '';
        const what = id ? `${tab === 'clients' ? 'Client' : 'Sale'} ${id}` : 'A row';
        return `${what} can't be read: ${p.tab} row ${p.row}: ${p.message.replace(/ Row skipped[^.]*\.$/, '')} Fix the row in the spreadsheet, then try again.`;
      });
  }
}
