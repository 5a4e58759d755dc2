/** Endpoint for recording a payment against an invoice. */
import {
  type Invoice,
  type InvoiceFilters,
  LIST_INVOICES,
  mapOk,
  recordPayment as paymentRule,
  RECORD_PAYMENT,
} from '../domain';
import { wholeNumber } from '../sheets/grid';
import type { Store } from '../sheets/store';
import { readFilters, storeFor } from './filters';
import { endpoint, failure, problemLines, type Reply } from './reply';
import { writeEndpoint } from './write';

/**
 * `{ invoiceNo, date?, amount (cents), method, requestId? }`. The payment row is written before the
 * invoice's Paid cell, so a crash between the two leaves the payment on record.
 */
export const recordPayment = writeEndpoint('payment', RECORD_PAYMENT, (store, input, today) => {
  // The invoice's row and its payments, found by number (in whatever number format the column shows).
  const patterns = [wholeNumber(input.invoiceNo)];
  store.focus({ tab: 'invoices', by: 'Invoice No', patterns }, { tab: 'payments', by: 'Invoice No', patterns });
  return mapOk(
    paymentRule(store.invoices().records, store.payments().records, input, today, paymentKeys(store)),
    ({ changes, payment, invoice, duplicate }) => ({ changes, reply: { payment, invoice, duplicate } }),
  );
});

/** Every key the Payments tab holds, rows that did not parse included (never reused). */
function paymentKeys(store: Store): Set<string> {
  return new Set(store.rawKeys('payments', 'Key'));
}

/** Invoices, newest first: `{ saleId?, clientId?, status? }`. */
export function listInvoices(input: InvoiceFilters): Reply<{ invoices: Invoice[]; problems: string[] }> {
  return endpoint(() => {
    const parsed = LIST_INVOICES.parse(input);
    if (!parsed.ok) return failure(parsed.errors);
    const store = storeFor(parsed.value, ['invoices']);
    const { filters, errors } = readFilters(store, parsed.value);
    if (errors.length) return failure(errors);
    const sales = new Map(store.sales().records.map((s) => [s.id, s]));
    const invoices = store
      .invoices()
      .records.filter(
        (i) =>
          (filters.saleId === undefined || i.saleId === filters.saleId) &&
          (filters.clientId === undefined || sales.get(i.saleId)?.clientId === filters.clientId) &&
          (filters.status === undefined || i.status === filters.status),
      )
      .sort((a, b) => b.number - a.number);
    return { ok: true, invoices, problems: problemLines(store.problems) };
  });
}
