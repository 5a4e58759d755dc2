/**
 * Calendar dates as `YYYY-MM-DD` strings. The domain never handles instants: the sheet layer converts
 * cells to and from these strings in the spreadsheet's time zone.
 */
import { addDays, addMonths, differenceInCalendarDays } from 'date-fns';

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A calendar date as a local-time Date at noon. date-fns works on local calendar fields, and noon keeps
 * clear of any daylight-saving jump, so the round trip is exact in every time zone.
 */
function toCalendar(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 12);
}

function fromCalendar(date: Date): IsoDate {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function plusDays(date: IsoDate, days: number): IsoDate {
  return fromCalendar(addDays(toCalendar(date), days));
}

/** Adds whole months; the day is clamped to the month's end (Jan 31 + 1 month = Feb 28 or 29). */
export function plusMonths(date: IsoDate, months: number): IsoDate {
  return fromCalendar(addMonths(toCalendar(date), months));
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toCalendar(to), toCalendar(from));
}

/** `YYYY-MM-DD` strings order as their dates do. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Wed 25 Nov 2026": the one way the sidebars and the menu's alerts show a date to the owner (cells
 * follow the spreadsheet's locale). Anything that is not a calendar date is shown as it is.
 */
export function longDate(date: IsoDate | null | undefined): string {
  if (!date) return '—';
  if (!isIsoDate(date)) return date;
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${DAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Jan 2026": a date's month, as the owner reads it. */
export function monthOfDate(date: IsoDate): string {
  const [y, m] = date.split('-').map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

/** The calendar month before `today`'s: its first and last days (the export's default range). */
export function lastMonth(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const first = `${today.slice(0, 8)}01`;
  return { from: plusMonths(first, -1), to: plusDays(first, -1) };
}
