/** The records Studio Packages keeps: sales, invoices, adjustments (the sessions ledger) and payments. */

import type { EarlierTerms } from './change';
import type { IsoDate } from './dates';
import type { Cents } from './money';
import type { PackageTerms } from './package';
import type { Pause } from './schedule';
import type { Person } from './shared';
import type { TaxRule } from './tax';

/**
 * One entry of a choice list: the value the records hold and the word an owner sees and types (a dropdown
 * in the sheet, an option in a sidebar). Each list is defined once, as a table of these, next to its type;
 * the template's dropdowns, the mappers' parsing and the sidebars' options derive from it.
 */
export interface Choice<V extends string = string> {
  readonly value: V;
  readonly label: string;
}

export interface Client {
  id: string;
  name: string;
  email: string;
  phone: string;
  /** The client said no to email (the Clients tab's No Email); absent: they get the studio's emails. */
  noEmail?: boolean;
  /** Their customer in the studio's Stripe account (`cus_…`), once a card was asked for (stripe.ts). */
  stripeCustomer?: string;
  /** Their card on file as the Clients tab says it ("Visa •••• 4242, expires 08/28"), or a link awaited. */
  card?: string;
  /** The saved card's PaymentMethod in Stripe (`pm_…`): what the nightly run charges. */
  cardId?: string;
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
  /** Other clients who may check in against it (shared.ts); absent or empty: only its own client. */
  sharedWith?: Person[];
  /** The terms it had before each change of package, in period order (change.ts); `terms` are the latest. */
  earlier?: EarlierTerms[];
}

/**
 * An invoice's status and the words the Invoices tab's Status column shows, in the dropdown's order.
 * Overdue is a label, not a status (`overdue`): it is shown for an open or part-paid invoice past its grace
 * days (see isOverdue) and reads back as open, since the status follows Paid.
 */
export const INVOICE_STATUS_CHOICES = [
  { value: 'open', label: 'Open' },
  { value: 'part-paid', label: 'Part-paid' },
  { value: 'open', label: 'Overdue', overdue: true },
  { value: 'paid', label: 'Paid' },
  { value: 'void', label: 'Void' },
] as const satisfies readonly (Choice & { overdue?: true })[];
export type InvoiceStatus = (typeof INVOICE_STATUS_CHOICES)[number]['value'];
/** The statuses themselves (the choices without the Overdue label). */
export const INVOICE_STATUSES: readonly InvoiceStatus[] = INVOICE_STATUS_CHOICES.filter((c) => !('overdue' in c)).map(
  (c) => c.value,
);
/** The Status label of an open or part-paid invoice past its grace days. */
export const OVERDUE_LABEL = 'Overdue';

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
  /** The net and tax of `amountCents` (the gross), fixed when the invoice was made (tax.ts); absent on older rows. */
  netCents?: Cents;
  taxCents?: Cents;
  /** What automatic collection did with it (the Collection column, stripe.ts): blank when never tried. */
  collection?: string;
  /** Its Stripe Payment Link while it owes (the Pay Link and Stripe Pay Link columns, paylinks.ts). */
  payLink?: string;
  payLinkId?: string;
  /** What its page asks (the Stripe Pay Link cell's "for 120.00"; unknown in a cell an earlier version wrote). */
  payLinkCents?: Cents;
}

/** The kinds of ledger row, and the Adjustments tab's Type words. */
export const ADJUSTMENT_TYPE_CHOICES = [
  { value: 'allocate', label: 'Allocate' },
  { value: 'use', label: 'Use' },
  { value: 'reset', label: 'Reset' },
  { value: 'cap', label: 'Cap' },
  { value: 'expire', label: 'Expire' },
  { value: 'correct', label: 'Correct' },
  { value: 'pause', label: 'Pause' },
  { value: 'carry', label: 'Carry' },
  { value: 'change', label: 'Change' },
] as const satisfies readonly Choice[];
export type AdjustmentType = (typeof ADJUSTMENT_TYPE_CHOICES)[number]['value'];
export const ADJUSTMENT_TYPES: readonly AdjustmentType[] = ADJUSTMENT_TYPE_CHOICES.map((c) => c.value);

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
  /** Who attended, on a check-in by someone the sale is shared with (absent or null: the sale's client). */
  attendee?: Person | null;
  /** Carry rows: the unearned value of the sessions brought forward (recognition.ts `formatCarried`). */
  carriedValue?: string;
}

/** How a payment was made, and the Payments tab's Method words (the payment sidebar's options too). */
export const PAYMENT_METHOD_CHOICES = [
  { value: 'cash', label: 'Cash' },
  { value: 'card', label: 'Card' },
  { value: 'transfer', label: 'Transfer' },
  { value: 'other', label: 'Other' },
  /** A card on file charged through the studio's Stripe account (stripe.ts). */
  { value: 'stripe', label: 'Stripe' },
] as const satisfies readonly Choice[];
export type PaymentMethod = (typeof PAYMENT_METHOD_CHOICES)[number]['value'];
export const PAYMENT_METHODS: readonly PaymentMethod[] = PAYMENT_METHOD_CHOICES.map((c) => c.value);

export interface Payment {
  key: string;
  date: IsoDate;
  invoiceNumber: number;
  saleId: string;
  clientName: string;
  amountCents: Cents;
  method: PaymentMethod;
  /** What the payment is in the processor's records (a Stripe PaymentIntent, `pi_…`): the Reference column. */
  reference?: string;
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
  /** The tax new invoices carry (Settings); none when absent. */
  tax?: TaxRule;
  /**
   * The Payments rows, when the run reads them: a payment whose invoice is gone is reported, and no new
   * invoice takes the number a payment names (integrity.ts).
   */
  payments?: readonly Payment[];
  /** Every Invoice No in the Invoices tab, rows that can't be read included (absent: the invoices read). */
  invoiceNumbers?: ReadonlySet<number>;
  /** The Email Log's keys, when the run reads them: an invoice emailed was issued (integrity.ts). */
  emailLogKeys?: ReadonlySet<string>;
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
