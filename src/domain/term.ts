/** A sale's schedule: its term as the schedule rules take it, its due dates, its first allocation. */
import { scheduleOf } from './change';
import { type IsoDate, minDate, plusDays } from './dates';
import type { Sale } from './records';
import { dueOf, type Term, termEnd } from './schedule';

export function saleTerm(sale: Sale): Term {
  return {
    startDate: sale.startDate,
    ...scheduleOf(sale),
    endDate: sale.endDate,
    pauses: sale.pauses ?? [],
  };
}

export function dueDate(sale: Sale, k: number): IsoDate {
  return dueOf(saleTerm(sale), k);
}

/** Allocation 0 is given at the time of sale (or on the start date, when the sale was backdated). */
export function firstAllocationDate(sale: Sale): IsoDate {
  return minDate(sale.soldOn, sale.startDate);
}

/**
 * The day a sale's unused sessions lapse (its Expire row), or null when they never do: a Reset sale's
 * the day its term ends (finite, or cancelled); an Add sale's that day plus its `usableDays`, when it
 * sets them (null, from before that term: never).
 */
export function sessionsExpire(sale: Sale): IsoDate | null {
  const end = termEnd(saleTerm(sale));
  if (end === null) return null;
  if (sale.terms.rollover === 'reset') return end;
  const days = sale.terms.usableDays;
  return days === null || days === undefined ? null : plusDays(end, days);
}
