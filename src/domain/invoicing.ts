/** What an invoice still asks for, and when that is overdue. */
import { daysBetween, type IsoDate } from './dates';
import type { Cents } from './money';
import type { Invoice } from './records';

/** What is left to pay on an invoice (nothing on a void one). */
export function outstanding(invoice: Invoice): Cents {
  return invoice.status === 'void' ? 0 : Math.max(invoice.amountCents - invoice.paidCents, 0);
}

/** Overdue: not fully paid (and not void) more than `graceDays` days after its due date. */
export function isOverdue(invoice: Invoice, today: IsoDate, graceDays: number): boolean {
  return outstanding(invoice) > 0 && daysBetween(invoice.dueDate, today) > graceDays;
}
