/**
 * The unit of work: everything one write rule changes, as one value. A rule computes it from the records
 * and never writes; src/sheets/apply.ts writes it, each operation's tabs in its crash-safe order. Daily
 * Processes' result is one (its fields are these).
 */

import type { EmailLogEntry, EmailStatus } from './email';
import type { BalanceUpdate } from './ledger';
import type { Package } from './package';
import type { PayLinkMark } from './paylinks';
import type { Adjustment, Client, Invoice, Payment, Sale } from './records';
import type { ClientCard, CollectionMark } from './stripe';

export interface Changes {
  readonly newSales?: readonly Sale[];
  /** Sales whose Cancel Date or Pauses changed (their Status is derived again). */
  readonly updatedSales?: readonly Sale[];
  /** Sales whose whole row is rewritten at once (a change of package: its terms must agree). */
  readonly rewrittenSales?: readonly Sale[];
  readonly newInvoices?: readonly Invoice[];
  /** Invoices whose Paid (and so Status) changed. */
  readonly updatedInvoices?: readonly Invoice[];
  readonly newAdjustments?: readonly Adjustment[];
  /** Existing ledger rows whose running balance changed. */
  readonly balanceUpdates?: readonly BalanceUpdate[];
  readonly newPayments?: readonly Payment[];
  readonly newPackages?: readonly Package[];
  readonly updatedPackages?: readonly Package[];
  readonly newClients?: readonly Client[];
  readonly updatedClients?: readonly Client[];
  /** Email Log rows to append, and statuses of logged messages to set (src/addon/email.ts). */
  readonly newEmailLog?: readonly EmailLogEntry[];
  readonly emailStatuses?: readonly EmailStatus[];
  /** Invoices' Collection cells (automatic collection, stripe.ts). */
  readonly collections?: readonly CollectionMark[];
  /** Invoices' Pay Link and Stripe Pay Link cells (paylinks.ts; blank: the link is off). */
  readonly payLinks?: readonly PayLinkMark[];
  /** Clients' Stripe Customer, Card and Stripe Card cells (each given field; stripe.ts). */
  readonly clientCards?: readonly ClientCard[];
  /** Bring every Invoices and Sales Status cell in line with today (the nightly run's derived views). */
  readonly refreshStatuses?: boolean;
}

/** Nothing to write (a retried request already on record). */
export const NO_CHANGES: Changes = {};

/** One rule's outcome: what to write, and what to answer once it is written. */
export interface Write<R> {
  readonly changes: Changes;
  readonly reply: R;
}

type ListField = Exclude<keyof Changes, 'refreshStatuses'>;
const LIST_FIELDS: readonly ListField[] = [
  'newSales',
  'updatedSales',
  'rewrittenSales',
  'newInvoices',
  'updatedInvoices',
  'newAdjustments',
  'balanceUpdates',
  'newPayments',
  'newPackages',
  'updatedPackages',
  'newClients',
  'updatedClients',
  'newEmailLog',
  'emailStatuses',
  'collections',
  'clientCards',
];

/** Several rules' changes as one (a bulk action: one write per tab however many rows). */
export function combine(all: readonly Changes[]): Changes {
  const out: Record<string, unknown[]> = {};
  for (const field of LIST_FIELDS) {
    const rows = all.flatMap((c) => (c[field] ?? []) as readonly unknown[]);
    if (rows.length) out[field] = rows;
  }
  const refresh = all.some((c) => c.refreshStatuses);
  return { ...(out as Changes), ...(refresh ? { refreshStatuses: true } : {}) };
}

/** Whether nothing would be written. */
export function isEmpty(changes: Changes): boolean {
  return !changes.refreshStatuses && LIST_FIELDS.every((f) => (changes[f]?.length ?? 0) === 0);
}
