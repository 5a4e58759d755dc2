/**
 * Converting cells at the sheet boundary. Date cells become `YYYY-MM-DD` in the spreadsheet's time
 * zone (never the script's or the machine's); currency cells become integer cents. Text typed by people
 * is written raw into cells formatted as Plain text (`@`, see Table), which Sheets never parses: it can
 * never become a formula, a number or a date.
 */
import { type Cents, centsFromNumber, type IsoDate, isIsoDate } from '../domain';

export type Cell = string | number | boolean | Date | DayCell;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Sheets counts date serials in days from 1899-12-30. */
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

export function isDate(value: unknown): value is Date {
  // The values come from another realm under the local runtime: no `instanceof`.
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) === '[object Date]' &&
    !Number.isNaN((value as Date).getTime())
  );
}

/** 9999-12-31: the last day a date serial names as YYYY-MM-DD. */
export const LAST_DAY_SERIAL = 2958465;

/** The calendar date a whole-day serial names (days since 1899-12-30): no time zone involved. */
function serialDay(serial: number): IsoDate {
  return new Date(SERIAL_EPOCH + serial * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A whole-day date cell read through the Sheets API, which gives its serial number (days since
 * 1899-12-30). Its calendar date needs no time zone (`day`). The Date `Range.getValues` would have given,
 * local midnight in the spreadsheet's zone, takes Utilities calls to find (DateCodec.fromSerial), so it is
 * made only when something asks for it (`date`): a cell written back, compared with a new value, or
 * shown as text. A call that reads a client's year of rows needs none of them.
 */
export class DayCell {
  private made: Date | null = null;

  constructor(
    readonly serial: number,
    private readonly codec: DateCodec,
  ) {}

  get day(): IsoDate {
    return serialDay(this.serial);
  }

  /** The Date `Range.getValues` gives for this cell. */
  get date(): Date {
    this.made ??= this.codec.fromSerial(this.serial);
    return this.made;
  }
}

/**
 * A cell as SpreadsheetApp takes it (`setValues`): a day cell read through the API as the serial it was
 * read as. The cell keeps its date format, so it holds exactly what it held: on a day whose midnight the
 * zone skips, its Date would be the instant the clocks jump (01:00), and writing that back would give the
 * owner's whole day a time.
 */
export function writable(value: Cell): Exclude<Cell, DayCell> {
  return value instanceof DayCell ? value.serial : value;
}

/** Whether a cell read (`a`) holds what a cell about to be written (`b`) would. */
export function sameCell(a: Cell | undefined, b: Cell): boolean {
  if (a === b) return true;
  if (b instanceof DayCell) return sameCell(a, b.serial);
  if (a instanceof DayCell) {
    // A new date is a Date (local midnight), or the serial on a day whose midnight is skipped (codec.write).
    if (typeof b === 'number') return a.serial === b;
    return isDate(b) && a.date.getTime() === b.getTime();
  }
  if (isDate(a) && isDate(b)) return a.getTime() === b.getTime();
  return false;
}

/** Converts between Date cells and calendar dates in one time zone, caching both directions. */
export class DateCodec {
  private readonly toIso = new Map<number, IsoDate>();
  private readonly toCell = new Map<IsoDate, Date>();
  private readonly offsets = new Map<number, number>();
  /** Days whose midnight the zone skips (found by startOfDay). */
  private readonly skipped = new Set<IsoDate>();

  constructor(readonly timeZone: string) {}

  /** A date cell's calendar date in the spreadsheet's time zone. */
  read(value: Date): IsoDate {
    const t = value.getTime();
    let iso = this.toIso.get(t);
    if (iso === undefined) {
      iso = Utilities.formatDate(value, this.timeZone, 'yyyy-MM-dd');
      this.toIso.set(t, iso);
    }
    return iso;
  }

  /**
   * The first instant of `date` in the spreadsheet's time zone: local midnight, or where a DST change
   * skips midnight (America/Santiago, America/Havana…) the instant the clocks jump, e.g. 01:00. Reading
   * it back with `read` gives `date` again.
   */
  startOf(date: IsoDate): Date {
    let cell = this.toCell.get(date);
    if (!cell) {
      cell = new Date(this.startOfDay(date));
      this.toCell.set(date, cell);
    }
    return new Date(cell.getTime());
  }

  /**
   * What a date cell is written as: a whole day. Local midnight as a Date; on a day whose midnight the zone
   * skips, that day's serial number (days since 1899-12-30), which a date-formatted cell shows as the date —
   * a Date there would be 01:00, a date with a time that a filter or a formula comparing with DATE(…)
   * misses. Either reads back (`read`, or `fromSerial` from the API) as `date`.
   */
  write(date: IsoDate): Date | number {
    const start = this.startOf(date);
    if (!this.skipped.has(date)) return start;
    const [y, m, d] = date.split('-').map(Number);
    return (Date.UTC(y, m - 1, d) - SERIAL_EPOCH) / DAY_MS;
  }

  /**
   * A Date read from a cell (`getValues`), as a row rewritten around it writes it back. On a day whose
   * midnight the zone skips, a whole day reads as the instant the clocks jump (01:00): written back as
   * that Date it would gain a time, so it goes back as the day's serial, what the cell held. Any other
   * Date goes back as it is.
   */
  keep(value: Date): Date | number {
    const day = this.read(value);
    // startOf learns whether the day's midnight is skipped (and remembers it).
    const start = this.startOf(day).getTime();
    return this.skipped.has(day) && start === value.getTime() ? this.write(day) : value;
  }

  private startOfDay(date: IsoDate): number {
    const [y, m, d] = date.split('-').map(Number);
    const wall = Date.UTC(y, m - 1, d); // local midnight as if the zone were UTC
    // Local midnight is `wall - offset` for the offset in force at that instant, which is the offset a day
    // before or a day after (zones change offset at most once in two days).
    const before = this.offsetMs(wall - DAY_MS);
    const after = this.offsetMs(wall + DAY_MS);
    if (before === after) return wall - before; // no DST change near this day: the usual case
    const candidates = [wall - before, wall - after].sort((a, b) => a - b);
    // The earlier candidate whose own offset confirms it (where midnight happens twice, the first one).
    for (const t of candidates) if (this.offsetMs(t) === wall - t) return t;
    this.skipped.add(date);
    // Midnight is skipped: the day starts when the clocks jump, which lies between the two candidates
    // (the offset is `before` at the earlier one, `after` at the later one). Find it to the minute.
    let [lo, hi] = candidates;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / (2 * MINUTE_MS)) * MINUTE_MS;
      if (this.offsetMs(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /**
   * The zone's offset from UTC at an instant, in ms ("+1100" → 11 h). Asked of Utilities at the start of
   * the UTC week the instant falls in (t = k × 7 days) and of the next: when they agree, the week has that
   * offset throughout (no zone changes its offset twice within seven days), and every date read in it
   * costs no call; a week with a change asks for the instant itself. Each answer is kept.
   */
  private offsetMs(at: number): number {
    const week = Math.floor(at / WEEK_MS) * WEEK_MS;
    const from = this.offsetAt(week);
    return from === this.offsetAt(week + WEEK_MS) ? from : this.offsetAt(at);
  }

  private offsetAt(at: number): number {
    const known = this.offsets.get(at);
    if (known !== undefined) return known;
    const z = Utilities.formatDate(new Date(at), this.timeZone, 'Z');
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
    const ms = m ? (Number(m[2]) * 60 + Number(m[3])) * MINUTE_MS : 0;
    const offset = m?.[1] === '-' ? -ms : ms;
    this.offsets.set(at, offset);
    return offset;
  }

  /**
   * The Date `Range.getValues` gives for a date cell holding `serial` (days since 1899-12-30, wall clock
   * in the spreadsheet's zone), as the Sheets API returns it.
   */
  fromSerial(serial: number): Date {
    const days = Math.floor(serial);
    const date = serialDay(days);
    const at = this.startOf(date).getTime() + Math.round((serial - days) * DAY_MS);
    // A whole day reads back as the day its serial names (startOf's promise): no formatDate call for it.
    if (serial === days) this.toIso.set(at, date);
    return new Date(at);
  }

  /** A time stamp cell for the Run Log (an instant). */
  now(): Date {
    return new Date();
  }

  today(): IsoDate {
    return Utilities.formatDate(new Date(), this.timeZone, 'yyyy-MM-dd');
  }
}

/** Reading one typed value from a cell; a string result is a problem message. */
export type Parsed<T> = { value: T } | { problem: string };

export function parseDateCell(value: unknown, codec: DateCodec): Parsed<IsoDate> {
  // The day its serial names: what `codec.read(value.date)` gives (fromSerial's promise), without the zone.
  if (value instanceof DayCell) return { value: value.day };
  if (isDate(value)) return { value: codec.read(value) };
  // A date cell whose format an owner changed to a number reads as its serial (e.g. 46027).
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= LAST_DAY_SERIAL) {
    return { value: serialDay(value) };
  }
  if (typeof value === 'string' && isIsoDate(value.trim())) return { value: value.trim() };
  return { problem: `is not a date (${describe(value)})` };
}

export function parseMoneyCell(value: unknown): Parsed<Cents> {
  if (typeof value === 'number') {
    const cents = centsFromNumber(value);
    if (cents !== null) return { value: cents };
  }
  return { problem: `is not an amount in whole cents (${describe(value)})` };
}

export function parseIntCell(value: unknown): Parsed<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { value };
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())) return { value: Number(value.trim()) };
  return { problem: `is not a whole number (${describe(value)})` };
}

export function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (value === null || value === undefined) return '';
  if (value instanceof DayCell) return value.date.toISOString();
  if (isDate(value)) return value.toISOString();
  return String(value).trim();
}

function describe(value: unknown): string {
  if (value === '' || value === null || value === undefined) return 'empty';
  const text = textOf(value);
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}
