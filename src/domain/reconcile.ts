/**
 * Reconciliation with the studio's Stripe account, as rules (the calls are src/addon/reconcile.ts's): what
 * Stripe shows since the last reconciliation — payments (PaymentIntents), refunds and payouts — read
 * against the studio's rows. A refund of a payment that is a Payments row becomes a negative Payments row
 * (method Stripe, Reference the refund, key `<Invoice No>:refund:stripe.<refund id>`: a refund read again
 * is the same row), the invoice's Paid its payments' sum; a payment or refund that matches no invoice is
 * listed for the owner; a payout is a line. The cursor (per kind: the newest `created` read, and the ids
 * read at that second) advances only after the rows are written (docs/exactly-once.md, "Reconciliation").
 */
import type { Changes } from './changes';
import { type IsoDate, longDate } from './dates';
import { formatMoney } from './money';
import { invoiceStatus } from './payments';
import type { Invoice, Payment } from './records';

/** The kinds of object reconciliation reads, each with its own cursor. */
export const RECONCILE_KINDS = ['payments', 'refunds', 'payouts'] as const;
export type ReconcileKind = (typeof RECONCILE_KINDS)[number];

/** Where a kind's reading stopped: the newest `created` read (Unix seconds) and the ids read at that second. */
export interface ReconcileCursor {
  since: number;
  seen: string[];
}
export type ReconcileCursors = Record<ReconcileKind, ReconcileCursor>;

/** What is read of each object (Stripe's fields, as its API names them). */
export interface StripeListed {
  id: string;
  created: number;
}
export interface IntentListed extends StripeListed {
  status: string;
  amount_received?: number;
  customer?: string | null;
  metadata?: Record<string, string>;
}
export interface RefundListed extends StripeListed {
  amount: number;
  status?: string | null;
  payment_intent?: string | null;
  charge?: string | null;
}
export interface PayoutListed extends StripeListed {
  amount: number;
  arrival_date: number;
  status: string;
}

/** The first reading: from the day before Stripe was connected (nothing the add-on made is older). */
export function firstCursors(connectedOn: IsoDate): ReconcileCursors {
  const since = Math.floor(Date.parse(`${connectedOn}T00:00:00Z`) / 1000) - 86_400;
  return { payments: { since, seen: [] }, refunds: { since, seen: [] }, payouts: { since, seen: [] } };
}

/** The objects not read before: created after the cursor, or at its second and not among those read. */
export function unread<T extends StripeListed>(objects: readonly T[], cursor: ReconcileCursor): T[] {
  return objects.filter((o) => o.created > cursor.since || (o.created === cursor.since && !cursor.seen.includes(o.id)));
}

/** The cursor once `objects` (read now) are written. */
export function advanced(cursor: ReconcileCursor, objects: readonly StripeListed[]): ReconcileCursor {
  const since = Math.max(cursor.since, ...objects.map((o) => o.created));
  const atSince = objects.filter((o) => o.created === since).map((o) => o.id);
  const seen = since === cursor.since ? [...new Set([...cursor.seen, ...atSince])] : atSince;
  return { since, seen };
}

/** The key of a refund's Payments row. */
export function refundKey(invoiceNumber: number, refundId: string): string {
  return `${invoiceNumber}:refund:stripe.${refundId}`;
}

export function isRefundKey(key: string): boolean {
  return /:refund:stripe\./.test(key);
}

/** The studio's day a Unix time (Stripe's `created`) falls on, in the spreadsheet's time zone (the caller's). */
export type DayOf = (seconds: number) => IsoDate;

/** What reconciliation writes and says. */
export interface Reconciled {
  changes: Changes;
  /** The refund rows added (a refund read again adds none). */
  refunds: Payment[];
  /** Payments and refunds that match no invoice: for the owner. */
  unmatched: string[];
  /** One line per payout. */
  payouts: string[];
}

/**
 * The refunds' rows: each refund (succeeded or pending) of a payment recorded with its PaymentIntent as
 * Reference is a negative row; each invoice touched gets its Paid from all its rows, its status following
 * (void stays void), and its Collection says so. A refund of no recorded payment is listed.
 */
export function refundRows(
  refunds: readonly RefundListed[],
  payments: readonly Payment[],
  invoices: readonly Invoice[],
  today: IsoDate,
  dayOf: DayOf,
): Pick<Reconciled, 'changes' | 'refunds' | 'unmatched'> {
  const rows = [...payments];
  const added: Payment[] = [];
  const unmatched: string[] = [];
  const touched = new Set<number>();
  for (const r of refunds) {
    if (r.status === 'failed' || r.status === 'canceled') continue;
    const paid = payments.find((p) => p.method === 'stripe' && p.reference && p.reference === r.payment_intent);
    // Its invoice must be here (not archived) for Paid to follow: else it is the owner's to record.
    if (!paid || !invoices.some((i) => i.number === paid.invoiceNumber)) {
      unmatched.push(
        `Stripe: a refund of ${formatMoney(r.amount)} on ${longDate(dayOf(r.created))} (${r.id}, of ${r.payment_intent ?? r.charge ?? 'no payment'}) matches no payment in the Payments tab: check it in Stripe.`,
      );
      continue;
    }
    touched.add(paid.invoiceNumber);
    const key = refundKey(paid.invoiceNumber, r.id);
    if (rows.some((p) => p.key === key)) continue;
    // Dated the day Stripe made it (a refund read a night later is still that day's), never after today.
    const day = dayOf(r.created) < today ? dayOf(r.created) : today;
    const row: Payment = { ...paid, key, date: day, amountCents: -r.amount, reference: r.id };
    rows.push(row);
    added.push(row);
  }
  const updated = invoices.filter((i) => touched.has(i.number)).map((i) => withRefunds(i, rows));
  const lastRefund = (i: Invoice) =>
    added
      .filter((p) => p.invoiceNumber === i.number)
      .map((p) => p.date)
      .sort()
      .pop();
  const collections = updated
    .filter((i) => lastRefund(i))
    .map((i) => ({
      key: i.key,
      collection: `Refunded in Stripe ${longDate(lastRefund(i) as IsoDate)}: ${formatMoney(i.paidCents)} paid now`,
    }));
  const changes: Changes = {
    ...(added.length ? { newPayments: added } : {}),
    ...(updated.length ? { updatedInvoices: updated } : {}),
    ...(collections.length ? { collections } : {}),
  };
  return { changes, refunds: added, unmatched };
}

/** The invoice with Paid the sum of its rows (refunds included), never below 0. */
function withRefunds(invoice: Invoice, rows: readonly Payment[]): Invoice {
  const sum = rows.filter((p) => p.invoiceNumber === invoice.number).reduce((t, p) => t + p.amountCents, 0);
  const paidCents = Math.max(0, sum);
  const status = invoice.status === 'void' ? 'void' : invoiceStatus(invoice.amountCents, paidCents);
  return { ...invoice, paidCents, status };
}

/**
 * The payments Stripe took that match no invoice of this studio: succeeded, and neither recorded (a
 * Payments row with its PaymentIntent as Reference) nor naming this studio and one of its invoices.
 */
export function unmatchedPayments(
  intents: readonly IntentListed[],
  payments: readonly Payment[],
  invoices: readonly Invoice[],
  studio: string,
  dayOf: DayOf,
): string[] {
  const keys = new Set(invoices.map((i) => i.key));
  const references = new Set(payments.map((p) => p.reference).filter(Boolean));
  return intents
    .filter((pi) => pi.status === 'succeeded' && !references.has(pi.id))
    .filter((pi) => pi.metadata?.studio !== studio || !keys.has(pi.metadata?.invoice ?? ''))
    .map((pi) => {
      const named = pi.metadata?.invoice
        ? `names invoice ${pi.metadata.invoice}, which is not here`
        : 'names no invoice';
      return `Stripe: a payment of ${formatMoney(pi.amount_received ?? 0)} on ${longDate(dayOf(pi.created))} (${pi.id}${pi.customer ? `, customer ${pi.customer}` : ''}) ${named}: record it by hand (Record a payment) or refund it in Stripe.`;
    });
}

/** A payout's line: "Stripe payout po_… of $1,234.00, arriving Tue 10 Mar 2026 (in transit)". */
export function payoutLine(p: PayoutListed): string {
  // A payout's arrival_date is a calendar date, which Stripe gives as that day's midnight UTC.
  const arrives = new Date(p.arrival_date * 1000).toISOString().slice(0, 10) as IsoDate;
  const when = p.status === 'paid' ? 'arrived' : 'arriving';
  return `Stripe payout ${p.id} of ${formatMoney(p.amount)}, ${when} ${longDate(arrives)} (${p.status.replace(/_/g, ' ')})`;
}
