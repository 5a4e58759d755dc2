/** The records Studio Packages keeps: sales, invoices, adjustments (the sessions ledger) and payments. */
import type { IsoDate } from './dates';
import type { Cents } from './money';
import type { PackageTerms } from './package';
import type { Pause } from './schedule';

export interface Client {
  id: string;
  name: string;
  email: string;
  phone: string;
}

export interface Sale {
  id: string;
  clientId: string;
  clientName: string;
  packageId: string;
  /** Copied from the package when sold. */
  terms: PackageTerms;
  soldOn: IsoDate;
  /** The Package Start Date: the first invoice falls due on it; later ones one period apart. */
  startDate: IsoDate;
  /** Cancelled from this date: no invoice due on or after it is created. */
  endDate: IsoDate | null;
  /** Pauses, in calendar order (see schedule.dueOf). */
  pauses?: Pause[];
  /** The sale form's idempotency key: a retried sale finds this sale instead of selling twice. */
  requestId?: string | null;
}

export const INVOICE_STATUSES = ['open', 'part-paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface Invoice {
  /** Sequential and gap-free, assigned when the invoice is created. */
  number: number;
  /** `<saleId>:<k>`: one invoice per sale and period, ever. */
  key: string;
  saleId: string;
  clientName: string;
  period: number;
  dueDate: IsoDate;
  amountCents: Cents;
  paidCents: Cents;
  status: InvoiceStatus;
}

export const ADJUSTMENT_TYPES = ['allocate', 'use', 'reset', 'cap', 'expire', 'correct', 'pause', 'carry'] as const;
export type AdjustmentType = (typeof ADJUSTMENT_TYPES)[number];

export interface Adjustment {
  /**
   * Deterministic: `<saleId>:<type>:<k>` for the nightly rows, `<saleId>:<type>:<id>` for people's,
   * `<saleId>:carry:<date>` for the balance brought forward when older rows were archived.
   */
  key: string;
  date: IsoDate;
  saleId: string;
  clientName: string;
  type: AdjustmentType;
  /** Signed change in the sale's session balance. */
  sessions: number;
  /** The sale's balance after this row, in ledger order (derived; rewritten when rows are inserted before). */
  balance: number;
  note: string;
}

export const PAYMENT_METHODS = ['cash', 'card', 'transfer', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface Payment {
  key: string;
  date: IsoDate;
  invoiceNumber: number;
  saleId: string;
  clientName: string;
  amountCents: Cents;
  method: PaymentMethod;
}

/** Everything the rules read. Order of each array = row order in the sheet. */
export interface State {
  sales: Sale[];
  invoices: Invoice[];
  adjustments: Adjustment[];
  /**
   * Keys of rows that exist but could not be read (hand-edited garbage): invoice and adjustment keys are
   * never created again, and sale ids are known to exist.
   */
  reservedKeys?: ReadonlySet<string>;
  /** The highest invoice number in the tab, counting rows that could not be read. */
  highestInvoiceNumber?: number;
}

export function invoiceKey(saleId: string, period: number): string {
  return `${saleId}:${period}`;
}

export function adjustmentKey(saleId: string, type: AdjustmentType, id: number | string): string {
  return `${saleId}:${type}:${id}`;
}

/** The sale an invoice or ledger key belongs to: those keys start with `<saleId>:`. */
export function saleIdOfKey(key: string): string {
  return key.split(':')[0];
}

/** Orders ids like S-2 before S-10. */
export function compareIds(a: string, b: string): number {
  const na = /(\d+)$/.exec(a);
  const nb = /(\d+)$/.exec(b);
  if (na && nb && a.slice(0, na.index) === b.slice(0, nb.index)) return Number(na[1]) - Number(nb[1]);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The next id in a series: S-1, S-2 … (one past the highest number in use). */
export function nextId(prefix: string, ids: Iterable<string>): string {
  let max = 0;
  for (const id of ids) {
    const m = new RegExp(`^${prefix}-(\\d+)$`).exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}-${max + 1}`;
}
