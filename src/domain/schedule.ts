/**
 * When each billing period of a sale starts. Period k starts at `start + k × interval`, computed from the
 * start date every time (never by adding one interval to the previous period), so monthly periods from
 * Jan 31 fall on Feb 28/29, Mar 31, Apr 30 … and never drift to the 28th.
 */

import { daysBetween, type IsoDate, minDate, plusDays, plusMonths } from './dates';
import type { Choice } from './records';
import type { Noun } from './words';

/**
 * How often a package bills: the one list of frequencies and the words owners see for them (the Frequency
 * dropdown of the Packages and Sales tabs, the package wizard's options, the mappers' parsing).
 */
export const FREQUENCY_CHOICES = [
  { value: 'weekly', label: 'Weekly' },
  { value: 'fortnightly', label: 'Fortnightly' },
  { value: 'every 3 weeks', label: 'Every 3 weeks' },
  { value: 'every 4 weeks', label: 'Every 4 weeks' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'quarterly', label: 'Quarterly' },
] as const satisfies readonly Choice[];
export type Frequency = (typeof FREQUENCY_CHOICES)[number]['value'];
export const FREQUENCIES: readonly Frequency[] = FREQUENCY_CHOICES.map((c) => c.value);

const INTERVALS: Record<Frequency, { days?: number; months?: number }> = {
  weekly: { days: 7 },
  fortnightly: { days: 14 },
  'every 3 weeks': { days: 21 },
  'every 4 weeks': { days: 28 },
  monthly: { months: 1 },
  quarterly: { months: 3 },
};

/** Whether a frequency is counted in days (so in whole weeks), not in calendar months. */
export function inWholeWeeks(frequency: Frequency): boolean {
  return INTERVALS[frequency].months === undefined;
}

/** Weeks in one billing period: exact for those counted in days, on average for months (52 ÷ 12 a month). */
export function periodWeeks(frequency: Frequency): number {
  const { days, months } = INTERVALS[frequency];
  return months ? (months * 52) / 12 : (days ?? 0) / 7;
}

/**
 * A billing period in words, for each frequency: its noun in both numbers ("each 3-week period's sessions
 * usable for 2 3-week periods") and how often it bills ("every 3 weeks"). Never a plural made with "s".
 */
export const PERIOD_WORDS: Record<Frequency, Noun & { every: string }> = {
  weekly: { one: 'week', many: 'weeks', every: 'every week' },
  fortnightly: { one: 'fortnight', many: 'fortnights', every: 'every fortnight' },
  'every 3 weeks': { one: '3-week period', many: '3-week periods', every: 'every 3 weeks' },
  'every 4 weeks': { one: '4-week period', many: '4-week periods', every: 'every 4 weeks' },
  monthly: { one: 'month', many: 'months', every: 'every month' },
  quarterly: { one: 'quarter', many: 'quarters', every: 'every quarter' },
};

export function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);
}

export function periodStart(start: IsoDate, frequency: Frequency, k: number): IsoDate {
  const { days, months } = INTERVALS[frequency];
  return months ? plusMonths(start, months * k) : plusDays(start, (days ?? 0) * k);
}

/** A pause (holidays, injury, studio closure): no period falls due inside it; later ones move by its length. */
export interface Pause {
  from: IsoDate;
  weeks: number;
  /** A pause until this invoice is paid (holds.ts): lengthened each night while it owes. */
  untilPaid?: number;
}

/** A change of package (see change.ts): from period `fromPeriod` on, the sale bills at this frequency. */
export interface Segment {
  fromPeriod: number;
  frequency: Frequency;
  /** Counted from the segment's first period (0 = open-ended). */
  recurWeeks: number;
}

/** The terms that decide how many periods a sale has. */
export interface Term {
  startDate: IsoDate;
  /** The frequency and W of period 0 on (until the first change, when there are changes). */
  frequency: Frequency;
  /** 0 = open-ended; otherwise the sale covers the periods that start before start + W weeks. */
  recurWeeks: number;
  /** Changes of package, in period order: each starts one period after the last of the previous terms. */
  changes?: readonly Segment[];
  /** Cancel date: no period starting on or after it is billed. */
  endDate?: IsoDate | null;
  /** In calendar order. */
  pauses?: readonly Pause[];
}

export function pauseEnd(p: Pause): IsoDate {
  return plusDays(p.from, p.weeks * 7);
}

/** The terms in force for period k: its segment's first period, unpaused start (anchor), frequency and W. */
export function segmentOf(term: Term, k: number): Segment & { anchor: IsoDate } {
  let seg = { fromPeriod: 0, frequency: term.frequency, recurWeeks: term.recurWeeks, anchor: term.startDate };
  for (const next of term.changes ?? []) {
    if (k < next.fromPeriod) break;
    // Each segment starts where the previous one's schedule puts its first period: start + k × interval
    // of the previous terms (from their own anchor, never by repeated addition).
    seg = { ...next, anchor: periodStart(seg.anchor, seg.frequency, next.fromPeriod - seg.fromPeriod) };
  }
  return seg;
}

/** Period k's start before pauses: its segment's anchor plus (k − the segment's first period) intervals. */
export function unpausedStart(term: Term, k: number): IsoDate {
  const seg = segmentOf(term, k);
  return periodStart(seg.anchor, seg.frequency, k - seg.fromPeriod);
}

/**
 * When period k of the sale falls due: its unpaused start, moved later by every pause that began on or
 * before it (each pause in calendar order, against the date moved so far). So no period starts inside a
 * pause, and the whole schedule after a pause moves by the pause's length.
 */
export function dueOf(term: Term, k: number): IsoDate {
  let date = unpausedStart(term, k);
  for (const p of term.pauses ?? []) if (p.from <= date) date = pauseEnd({ from: date, weeks: p.weeks });
  return date;
}

/**
 * The first period k whose due date is on or after `date` (0 when the start is), found from an estimate
 * on the unpaused schedule instead of walking from period 0: the nightly run asks this of every sale, and
 * a sale two years old has a hundred weekly periods behind it. Pauses only move dates later, so the answer
 * is at most the unpaused estimate; the walk from there is a step or two (more only across long pauses).
 */
export function firstPeriodFrom(term: Term, date: IsoDate): number {
  if (date <= term.startDate) return 0;
  // The estimate is made in the segment (change of package) whose unpaused start comes last before `date`.
  let seg = segmentOf(term, 0);
  for (const next of term.changes ?? []) {
    const later = segmentOf(term, next.fromPeriod);
    if (later.anchor > date) break;
    seg = later;
  }
  const { days, months } = INTERVALS[seg.frequency];
  let k: number;
  if (months) {
    const [y1, m1] = seg.anchor.split('-').map(Number);
    const [y2, m2] = date.split('-').map(Number);
    k = seg.fromPeriod + Math.max(0, Math.floor(((y2 - y1) * 12 + (m2 - m1)) / months));
  } else {
    k = seg.fromPeriod + Math.max(0, Math.ceil(daysBetween(seg.anchor, date) / (days as number)));
  }
  while (dueOf(term, k) < date) k++;
  while (k > 0 && dueOf(term, k - 1) >= date) k--;
  return k;
}

/** The first date no period may start on, or null when the sale never ends. */
export function termLimit(term: Term): IsoDate | null {
  const changes = term.changes ?? [];
  const last = segmentOf(term, changes.length ? changes[changes.length - 1].fromPeriod : 0);
  const finite = last.recurWeeks > 0 ? plusDays(last.anchor, last.recurWeeks * 7) : null;
  const cancel = term.endDate ?? null;
  if (finite && cancel) return minDate(finite, cancel);
  return finite ?? cancel;
}

/** Whether period k belongs to the sale at all (ignoring today). */
export function periodInTerm(term: Term, k: number): boolean {
  if (k === 0) return true;
  // W weeks count on the unpaused schedule (a pause extends the term), from the start of the terms in
  // force (a change of package starts its own W); a cancel date on the real one.
  const seg = segmentOf(term, k);
  if (seg.recurWeeks > 0 && unpausedStart(term, k) >= plusDays(seg.anchor, seg.recurWeeks * 7)) return false;
  return !term.endDate || dueOf(term, k) < term.endDate;
}

/**
 * Every period k (in order) that is in the term and starts on or before `until`. Period 0 always
 * belongs: it is billed when the package is sold, whatever its due date.
 */
export function periodsUntil(term: Term, until: IsoDate, from: IsoDate | null = null): number[] {
  // With `from`: only the periods due on or after it (period 0 too when it is).
  const first = from === null ? 0 : firstPeriodFrom(term, from);
  const ks: number[] = first === 0 ? [0] : [];
  for (let k = Math.max(first, 1); periodInTerm(term, k); k++) {
    if (dueOf(term, k) > until) break;
    ks.push(k);
  }
  return ks;
}

/** The index of the last period, or null for an open-ended sale that has not been cancelled. */
export function lastPeriod(term: Term): number | null {
  if (termLimit(term) === null) return null;
  let k = 0;
  while (periodInTerm(term, k + 1)) k++;
  return k;
}

/** The day the sale's sessions run out: the day after its last period ends (null when open-ended). */
export function termEnd(term: Term): IsoDate | null {
  const last = lastPeriod(term);
  return last === null ? null : dueOf(term, last + 1);
}

/** The next `count` due dates after `today` (for previews). */
export function nextDueDates(term: Term, after: IsoDate, count: number): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let k = firstPeriodFrom(term, plusDays(after, 1)); dates.length < count && periodInTerm(term, k); k++) {
    const due = dueOf(term, k);
    if (due > after) dates.push(due);
  }
  return dates;
}
