/** Recording a payment against an invoice. */
import type { Changes } from './changes';
import { type IsoDate, longDate, monthOfDate } from './dates';
import type { PaymentInput } from './inputs';
import { formatMoney } from './money';
import type { Invoice, InvoiceStatus, Payment } from './records';
import { type Compared, dateCompared, legacySuffix, ORDINAL_OR_UNDO, requestSuffix, reusedRequest } from './requests';
import { type FieldError, fail, ok, type Result } from './result';
import { checkDate, shownId } from './validate';

export function invoiceStatus(amountCents: number, paidCents: number): InvoiceStatus {
  if (paidCents >= amountCents) return 'paid';
  return paidCents > 0 ? 'part-paid' : 'open';
}

export interface PaymentWrite {
  payment: Payment;
  invoice: Invoice;
  duplicate: boolean;
  /** The Payments row (none for a retry), then the invoice's Paid and Status. */
  changes: Changes;
}

/**
 * The key of a new payment: from the caller's request id, in its own namespace (`457:pay:req.<id>`: a retry
 * finds it), or the next unused ordinal of the invoice's payments (a generated key is always a new one).
 */
function paymentKey(
  invoice: Invoice,
  payments: readonly Payment[],
  requestId: string | null,
  reservedKeys: ReadonlySet<string>,
): string {
  if (requestId) return `${invoice.number}:pay:${requestSuffix(requestId)}`;
  const taken = new Set([...payments.map((p) => p.key), ...reservedKeys]);
  let n = payments.filter((p) => p.invoiceNumber === invoice.number).length + 1;
  while (taken.has(`${invoice.number}:pay:${n}`)) n++;
  return `${invoice.number}:pay:${n}`;
}

/** The payment a request id's first call recorded: under its key, or the bare key older versions wrote. */
function firstCall(
  invoice: Invoice,
  payments: readonly Payment[],
  key: string,
  requestId: string,
): Payment | undefined {
  const legacy = legacySuffix(requestId, ORDINAL_OR_UNDO);
  const keys = [key, ...(legacy ? [`${invoice.number}:pay:${legacy}`] : [])];
  return payments.find((p) => p.invoiceNumber === invoice.number && keys.includes(p.key));
}

/** The invoice with `paidCents` paid, its status following (a void invoice stays void). */
function withPaid(invoice: Invoice, paidCents: number): Invoice {
  return {
    ...invoice,
    paidCents,
    status: invoice.status === 'void' ? 'void' : invoiceStatus(invoice.amountCents, paidCents),
  };
}

/**
 * Why a payment's date needs confirming (null when it doesn't): an invoice after a sale's first is made on
 * its due date, never ahead, so a payment dated before then was made before the invoice existed — most
 * likely a date typed wrong, and it would count in that earlier month's revenue, collections and export.
 * A sale's first invoice is made at the sale, which may be long before it falls due (paid upfront): its
 * payments are not questioned.
 */
function beforeItWasMade(invoice: Invoice, date: IsoDate): string | null {
  if (invoice.period === 0 || date >= invoice.dueDate) return null;
  // The month it would count in is said only when it is another month than the invoice's.
  const month =
    date.slice(0, 7) === invoice.dueDate.slice(0, 7)
      ? ''
      : `, and would count in the revenue and collections of ${monthOfDate(date)}`;
  return `Invoice #${invoice.number} was made on ${longDate(invoice.dueDate)}, when it fell due: a payment dated ${longDate(date)} comes before it${month}. Check the date; to record it as it is, confirm.`;
}

export function recordPayment(
  invoices: readonly Invoice[],
  payments: readonly Payment[],
  raw: PaymentInput,
  today: IsoDate,
  /** Keys of Payments rows that could not be read: never generated again. */
  reservedKeys: ReadonlySet<string> = new Set(),
): Result<PaymentWrite> {
  const invoice = invoices.find((i) => i.number === raw.invoiceNo);
  const errors: FieldError[] = [];
  const date = checkDate(errors, 'date', raw.date, 'Payment date', today, {
    maxDaysBack: 366,
    maxDaysAhead: 0,
    fallback: today,
  });
  const { amount: amountCents, method } = raw;
  const requestId = raw.requestId ?? null;
  const confirmed = raw.confirm === true;
  if (!invoice) errors.unshift({ field: 'invoiceNo', message: `No invoice number ${shownId(raw.invoiceNo)}.` });
  if (!invoice || errors.length) return fail(errors);
  const key = paymentKey(invoice, payments, requestId, reservedKeys);
  const already = requestId ? firstCall(invoice, payments, key, requestId) : undefined;
  // The Payments tab is the record; the invoice's Paid cell lags it when a run stopped between the
  // payment row and the invoice update. Whatever was recorded counts as paid, retried or not.
  const recorded = payments
    .filter((p) => p.invoiceNumber === invoice.number)
    .reduce((sum, p) => sum + p.amountCents, 0);
  const paidBefore = Math.max(invoice.paidCents, recorded);
  if (already) {
    const compared: Compared[] = [
      { label: 'amount', first: formatMoney(already.amountCents), now: formatMoney(amountCents) },
      { label: 'method', first: already.method, now: shownId(raw.method) },
      ...dateCompared(already.date, raw.date),
    ];
    const reused = reusedRequest(requestId as string, `the payment ${already.key}`, compared);
    if (reused) return fail([reused]);
    // A retry: the payment is on record; repair the invoice's Paid and Status if they lag.
    const repaired = withPaid(invoice, paidBefore);
    return ok({ payment: already, invoice: repaired, duplicate: true, changes: { updatedInvoices: [repaired] } });
  }
  if (invoice.status === 'void') return fail([{ field: 'invoiceNo', message: `Invoice #${invoice.number} is void.` }]);
  const due = invoice.amountCents - paidBefore;
  if (amountCents > due) {
    // A Paid typed above the amount by hand: nothing is left to pay, and the row is worth a look.
    const over =
      due < 0
        ? ` (its Paid, ${formatMoney(paidBefore)}, is above its amount ${formatMoney(invoice.amountCents)}: check the row)`
        : '';
    const left = formatMoney(Math.max(due, 0));
    return fail([{ field: 'amount', message: `Invoice #${invoice.number} has ${left} left to pay${over}.` }]);
  }
  const early = confirmed ? null : beforeItWasMade(invoice, date);
  if (early) return fail([{ field: 'confirm', message: early }]);
  const { saleId, clientName } = invoice;
  const payment: Payment = { key, date, invoiceNumber: invoice.number, saleId, clientName, amountCents, method };
  const paid = withPaid(invoice, paidBefore + amountCents);
  return ok({ payment, invoice: paid, duplicate: false, changes: { newPayments: [payment], updatedInvoices: [paid] } });
}
