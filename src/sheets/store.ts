/**
 * The datastore for one job: each tab is read at most once (on first use) and written at most once
 * (queued changes flushed together, in an order chosen for crash safety).
 */

import { type SettingName, TABS, type TabName } from '../../sheets-template/tabs';
import type { RevenueRow, State } from '../domain';
import { DateCodec, textOf } from './cells';
import * as map from './mappers';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { type Problem, Table, TabUnusableError } from './table';

/** The highest invoice number that moved to the archive (numbering never goes back), and its revenue. */
export interface Archived {
  highestInvoiceNumber: number;
  revenue: readonly RevenueRow[];
}
const NOTHING_ARCHIVED: Archived = { highestInvoiceNumber: 0, revenue: [] };

/**
 * What the nightly billing run leaves unread: free text it never uses (names are taken from the sale; the
 * notes are people's). About a fifth of the ledger's cells.
 */
export const BILLING_SKIPS: Partial<Record<TabName, readonly string[]>> = {
  adjustments: ['Client', 'Note'],
  invoices: ['Client'],
};

type Mapper<T> = { spec: (typeof TABS)[TabName]; parse: (r: import('./table').RowReader) => T; key: (t: T) => string };

export class Store {
  readonly codec: DateCodec;
  private readonly tables = new Map<TabName, Table>();
  private readonly parsed = new Map<TabName, map.Rows<unknown>>();
  private readonly problemList: Problem[] = [];
  private settingsRead: Settings | null = null;
  private settingRows = new Map<SettingName, number>();

  private archivedRead: Archived | null = null;

  constructor(
    readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
    /** What the archive spreadsheet holds that the live tabs must still account for (read when first needed). */
    private readonly readArchived: () => Archived = () => NOTHING_ARCHIVED,
    /** Free-text columns left unread, per tab (for a job that neither uses nor rewrites them). */
    private readonly skip: Partial<Record<TabName, readonly string[]>> = {},
  ) {
    this.codec = new DateCodec(spreadsheet.getSpreadsheetTimeZone());
  }

  /** What the archive spreadsheet holds that the live tabs must still account for. */
  get archived(): Archived {
    this.archivedRead ??= this.readArchived();
    return this.archivedRead;
  }

  /** The tab, read on first use. Throws TabUnusableError when it is missing a required header. */
  table<N extends TabName>(name: N): Table<import('../../sheets-template/tabs').Header<N>> {
    let table = this.tables.get(name);
    if (!table) {
      // The Run Log is only ever appended to: its rows are never read.
      table =
        name === 'runLog'
          ? Table.forAppend(this.spreadsheet, TABS[name], this.codec)
          : Table.read(this.spreadsheet, TABS[name], this.codec, this.skip[name]);
      this.tables.set(name, table);
    }
    return table;
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

  /** The Settings tab's values (defaults, and a reported problem, when the tab is missing or a value is bad). */
  settings(): Settings {
    if (!this.settingsRead) {
      try {
        const read = readSettings(this.table('settings'));
        this.problemList.push(...read.problems);
        this.settingsRead = read.settings;
        this.settingRows = read.rowOf;
      } catch (e) {
        if (!(e instanceof TabUnusableError)) throw e;
        this.problemList.push({ ...e.problem, message: `${e.problem.message} Default settings used.` });
        this.settingsRead = { ...DEFAULT_SETTINGS };
      }
    }
    return this.settingsRead;
  }

  /** The sheet row of a setting, when the Settings tab has it. */
  settingRow(name: SettingName): number | undefined {
    this.settings();
    return this.settingRows.get(name);
  }

  /** What the rules read, plus the keys of rows that could not be read (never to be created twice). */
  state(): State {
    return {
      sales: this.sales().records,
      invoices: this.invoices().records,
      adjustments: this.adjustments().records,
      reservedKeys: new Set([
        ...this.rawKeys('sales', 'Sale ID'),
        ...this.rawKeys('invoices', 'Key'),
        ...this.rawKeys('adjustments', 'Key'),
      ]),
      highestInvoiceNumber: Math.max(this.highestInvoiceNumber(), this.archived.highestInvoiceNumber),
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

  /** Every problem met while reading, in tab order. */
  get problems(): readonly Problem[] {
    return this.problemList;
  }

  /** Writes every queued change: tab by tab in `order`, then any other tab touched. */
  flush(order: readonly TabName[]): void {
    const names = [...order, ...[...this.tables.keys()].filter((n) => !order.includes(n))];
    for (const name of names) this.tables.get(name)?.flush();
  }
}
