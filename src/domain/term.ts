/** A sale's schedule: its term as the schedule rules take it, its due dates, its first allocation. */
import { type IsoDate, minDate } from './dates';
import type { Sale } from './records';
import { dueOf, type Term } from './schedule';

export function saleTerm(sale: Sale): Term {
  return {
    startDate: sale.startDate,
    frequency: sale.terms.frequency,
    recurWeeks: sale.terms.recurWeeks,
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
