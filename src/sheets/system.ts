/**
 * The hidden system tab (sheets-template SYSTEM_TAB): the add-on's state, readable from every execution
 * that can open the spreadsheet — a menu item, a sidebar call, and the published add-on's nightly trigger,
 * which has no active document and so no document properties.
 *
 * Rows 2–6 are fixed, each written by one single-range write (`writeFixed`), never as part of a block:
 * a writer that rewrote them from an earlier read could erase another execution's lease or flag. Rows
 * from 7 are key/value rows, queued with `put` and written by `flush` in one call (all or nothing).
 * Every value is JSON text in a text-formatted column, so it can never become a formula.
 *
 * The lease (row 2) is held in its Key cell: `lease` when free, `lease <holder> <until>` when held. It is
 * written with a plain single-cell write (`writeLease`), and only under LockService's script lock
 * (src/addon/lock.ts): Google documents no atomicity for a find-and-replace across executions, so the
 * cell is a register, and the lock is what makes its read-then-write one step (docs/exactly-once.md).
 *
 * The tab names the spreadsheet it belongs to (its `home` row, src/sheets/home.ts). File › Make a copy
 * copies the tab as it is: a tab whose home is another spreadsheet is a copy's, and its rows that
 * describe the original's installation (its trigger, hints, archive) are seen through `CopyRules` until
 * the copy's first write replaces them (`flush`).
 */
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { type Cell, textOf } from './cells';

export type FixedKey = (typeof SYSTEM_TAB.fixedRows)[number];
const FIRST_FREE_ROW = SYSTEM_TAB.fixedRows.length + 2;

function rowOfFixed(key: FixedKey): number {
  return SYSTEM_TAB.fixedRows.indexOf(key) + 2;
}

/** The lease row's Key cell when no one holds the lease. */
export const FREE_LEASE = 'lease';

/** Who holds the lease, until when (an execution Apps Script stopped holds it only until then). */
export interface Lease {
  holder: string;
  until: string;
}

/** The Key cell of a held lease. */
export function leaseText(lease: Lease): string {
  return `${FREE_LEASE} ${lease.holder} ${lease.until}`;
}

/** The lease a Key cell names (null: free, or text no execution wrote). */
function parseLease(text: string): Lease | null {
  const [word, holder, until, ...rest] = text.split(' ');
  if (word !== FREE_LEASE || !holder || !until || rest.length || Number.isNaN(Date.parse(until))) return null;
  return { holder, until };
}

/**
 * Writes `held` (a held lease's text) in the lease cell if that cell is free, in one request: a
 * find-and-replace of the cell's exact free text, whose reply (the count replaced) says whether it was.
 * Only under LockService's script lock (src/addon/lock.ts): the lock makes it one step against other
 * takers, as it does a read and then a write, and this costs one round trip where those cost two. False:
 * no system tab, or the cell holds anything but the free text (a lease, expired or not): read it.
 */
export function claimFreeLease(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, held: string): boolean {
  const sheet = ss.getSheetByName(SYSTEM_TAB.name);
  if (!sheet) return false;
  const cell = sheet.getRange(rowOfFixed('lease'), 1);
  return cell.createTextFinder(FREE_LEASE).matchCase(true).matchEntireCell(true).replaceAllWith(held) === 1;
}

/**
 * How a copy sees a key/value or fixed row written in the spreadsheet it was copied from: the value the
 * copy starts with (null: none). Rows without a rule are the studio's data and are kept as they are.
 */
export type CopyRules = Readonly<Record<string, (value: unknown, home: Home) => unknown>>;

/** The spreadsheet the tab belongs to, and the one it was copied from (once the copy has written). */
export interface Home {
  id: string;
  copiedFrom?: string;
  copiedAt?: string;
  /** A copy's automatic client email waits until someone installs the nightly run in it. */
  holdEmail?: boolean;
}

export const HOME = 'home';

function encode(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

export class SystemTab {
  private readonly queued = new Map<string, string>();
  /** The lease row's Key cell as read (or written since). */
  private leaseKey: string = FREE_LEASE;

  private constructor(
    private readonly ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    private sheet: GoogleAppsScript.Spreadsheet.Sheet | null,
    private readonly values: Map<string, string>,
    private readonly rowOf: Map<string, number>,
    private lastRow: number,
    private readonly seed: Seed,
  ) {}

  /** How a copy sees the original's rows (set by whoever reads the tab: src/addon/context.ts). */
  copyRules: CopyRules = {};

  /** The spreadsheet's id (a local call). */
  spreadsheetId(): string {
    return this.ss.getId();
  }

  /** The home row as stored (null: written before homes were kept, or never written). */
  home(): Home | null {
    const home = this.raw<Home>(HOME);
    return home && typeof home.id === 'string' ? home : null;
  }

  /** The id of the spreadsheet this tab was copied from, while the copy has not written it yet. */
  copiedFrom(): string | null {
    const home = this.home();
    return home && home.id !== this.spreadsheetId() ? home.id : null;
  }

  /**
   * Reads the whole tab in one call (an empty state when the tab is missing: it is created on first
   * write, starting with the rows `seed` gives).
   */
  static read(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, seed: Seed = noSeed): SystemTab {
    const sheet = ss.getSheetByName(SYSTEM_TAB.name);
    const values = new Map<string, string>();
    const rowOf = new Map<string, number>();
    if (!sheet) return new SystemTab(ss, null, values, rowOf, 1, seed);
    // Columns A:B whole, in one read (getDataRange would cost a round trip more to size it first); the
    // tab's few hundred blank rows are cheaper than that round trip.
    return SystemTab.fromRows(ss, sheet, sheet.getRange('A:B').getValues() as Cell[][], seed);
  }

  /** The tab as read by another request (a desk call reads it with the Sheets API, src/addon/context.ts). */
  static fromRows(
    ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    sheet: GoogleAppsScript.Spreadsheet.Sheet,
    read: readonly (readonly Cell[])[],
    seed: Seed = noSeed,
  ): SystemTab {
    const values = new Map<string, string>();
    const rowOf = new Map<string, number>();
    const rows = [...read];
    while (rows.length > 1 && rows[rows.length - 1].every((c) => c === '' || c === null)) rows.pop();
    const lease = rowOfFixed('lease') - 1;
    const leaseKey = rows[lease] ? textOf(rows[lease][0]) : FREE_LEASE;
    rows.forEach((r, i) => {
      const key = i === lease && parseLease(textOf(r[0])) ? FREE_LEASE : textOf(r[0]);
      if (i === 0 || key === '') return;
      // A fixed key counts only in its own row: a hand-sorted tab never hands a flag to the wrong writer.
      const fixed = (SYSTEM_TAB.fixedRows as readonly string[]).indexOf(key);
      if (fixed >= 0 && fixed + 2 !== i + 1) return;
      if (fixed < 0 && i + 1 < FIRST_FREE_ROW) return;
      values.set(key, textOf(r[1]));
      rowOf.set(key, i + 1);
    });
    const tab = new SystemTab(ss, sheet, values, rowOf, Math.max(rows.length, 1), seed);
    tab.leaseKey = leaseKey;
    return tab;
  }

  /**
   * The lease as read: from its Key cell, or (written by an earlier version of the add-on, which kept it
   * in the Value cell) from the Value cell.
   */
  lease(): Lease | null {
    return parseLease(this.leaseKey) ?? this.legacyLease();
  }

  /** A lease an earlier version of the add-on wrote in the Value cell (where it kept it), if any. */
  legacyLease(): Lease | null {
    return this.json<Lease>('lease');
  }

  /** Writes the lease cell (a held lease's text, or FREE_LEASE): under the script lock, or by its holder. */
  writeLease(text: string): void {
    this.ensureSheet()
      .getRange(rowOfFixed('lease'), 1)
      .setValues([[text]]);
    this.leaseKey = text;
  }

  /**
   * A value as it was read (or queued since), parsed; null when absent or not readable JSON. In a copy
   * not written yet, a row the copy rules name is seen as the copy will start with it.
   */
  json<T>(key: string): T | null {
    const value = this.raw<T>(key);
    const rule = this.copyRules[key];
    const home = this.home();
    if (!rule || this.queued.has(key) || !home || home.id === this.spreadsheetId()) return value;
    return (rule(value, home) as T) ?? null;
  }

  private raw<T>(key: string): T | null {
    const text = this.queued.get(key) ?? this.values.get(key);
    if (!text) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  /**
   * Makes the tab this spreadsheet's (part of `flush`, under the caller's lock): a tab with no home gets
   * one; a copy's gets the rows its rules give (fixed rows first, each in its own write, then the rest
   * with the home row in the one block write), so nothing of the original's installation is used again.
   */
  private settle(): void {
    const home = this.home();
    const id = this.spreadsheetId();
    if (home?.id === id) return;
    if (home) {
      for (const key of Object.keys(this.copyRules)) {
        if (this.queued.has(key) || !this.values.get(key)) continue;
        const value = this.json<unknown>(key);
        if ((SYSTEM_TAB.fixedRows as readonly string[]).includes(key)) this.writeFixed(key as FixedKey, value);
        else this.queued.set(key, encode(value));
      }
    }
    const copied = home ? { copiedFrom: home.id, copiedAt: new Date().toISOString(), holdEmail: true } : {};
    this.queued.set(HOME, encode({ id, ...copied }));
  }

  /** Queues the home row changed by `patch` (a copy settled first): written by the next `flush`. */
  updateHome(patch: Partial<Home>): void {
    this.settle();
    const home = this.home() as Home;
    this.queued.set(HOME, encode({ ...home, ...patch, id: home.id }));
  }

  /** Keys present from row 7 on, in row order. */
  keys(): string[] {
    return [...this.rowOf.entries()]
      .filter(([, row]) => row >= FIRST_FREE_ROW)
      .sort((a, b) => a[1] - b[1])
      .map(([key]) => key);
  }

  /** Queues a key/value row (null clears it) for `flush`. */
  put(key: string, value: unknown): void {
    if ((SYSTEM_TAB.fixedRows as readonly string[]).includes(key) || key === HOME)
      throw new Error(`${key} is written by the tab itself`);
    this.queued.set(key, encode(value));
  }

  /** Writes every queued row, in one call: the rows from row 7 to the last one written. */
  flush(): void {
    this.settle();
    for (const [key, text] of this.queued) if (this.values.get(key) === text) this.queued.delete(key);
    if (this.queued.size === 0) return;
    const sheet = this.ensureSheet();
    for (const [key, text] of this.queued) {
      this.values.set(key, text);
      if (!this.rowOf.has(key)) this.rowOf.set(key, Math.max(this.lastRow, FIRST_FREE_ROW - 1) + 1);
      this.lastRow = Math.max(this.lastRow, this.rowOf.get(key) as number);
    }
    const rows = new Map([...this.rowOf].map(([key, row]) => [row, key]));
    const out: string[][] = [];
    for (let row = FIRST_FREE_ROW; row <= this.lastRow; row++) {
      const key = rows.get(row);
      out.push(key === undefined ? ['', ''] : [key, this.values.get(key) ?? '']);
    }
    this.queued.clear();
    if (out.length) sheet.getRange(FIRST_FREE_ROW, 1, out.length, 2).setValues(out);
  }

  /** Writes one fixed row without reading the tab first (a flag that must be written before any read). */
  static writeFixed(
    ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    key: FixedKey,
    value: unknown,
    seed: Seed = noSeed,
  ): void {
    const sheet = ss.getSheetByName(SYSTEM_TAB.name) ?? createSystemSheet(ss, seed);
    sheet.getRange(rowOfFixed(key), 1, 1, 2).setValues([[key, encode(value)]]);
  }

  /** Writes one fixed row at once (it goes out at the next read or flush). */
  writeFixed(key: FixedKey, value: unknown): void {
    const text = encode(value);
    this.ensureSheet()
      .getRange(rowOfFixed(key), 1, 1, 2)
      .setValues([[key, text]]);
    this.values.set(key, text);
    this.rowOf.set(key, rowOfFixed(key));
    this.lastRow = Math.max(this.lastRow, rowOfFixed(key));
  }

  /** The tab, created (hidden, text-formatted, with its fixed rows) when it is missing. */
  private ensureSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    if (this.sheet) return this.sheet;
    const sheet = createSystemSheet(this.ss, this.seed);
    this.sheet = sheet;
    this.lastRow = FIRST_FREE_ROW - 1;
    return sheet;
  }
}

/** Rows a new system tab starts with from row 7 (a studio's state from before the tab existed). */
export type Seed = () => [key: string, value: string][];
const noSeed: Seed = () => [];

/**
 * Creates the hidden system tab with its header, fixed rows and `seed` rows, leaving the person's active
 * sheet as it was (insertSheet activates the new sheet).
 */
export function createSystemSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  seed: Seed = noSeed,
): GoogleAppsScript.Spreadsheet.Sheet {
  const active = ss.getActiveSheet();
  const sheet = ss.insertSheet(SYSTEM_TAB.name, ss.getSheets().length);
  const rows = [SYSTEM_TAB.columns.map((c) => c.header), ...SYSTEM_TAB.fixedRows.map((key) => [key, '']), ...seed()];
  sheet.getRange(1, 1, sheet.getMaxRows(), 2).setNumberFormat('@');
  sheet.getRange(1, 1, rows.length, 2).setValues(rows as string[][]);
  sheet.hideSheet();
  if (active) ss.setActiveSheet(active);
  return sheet;
}
