/** Endpoint for recording a payment against an invoice. */
import { asRecord, type Invoice, type Payment, recordPayment as paymentRule } from '../domain';
import { WRITE_ORDER } from '../sheets/write-order';
import { addPayment, updateInvoicePayment } from '../sheets/writes';
import { openStore } from './context';
import { readFilters } from './filters';
import { withDocumentLock } from './lock';
import { endpoint, failure, problemLines, type Reply } from './reply';

/**
 * `{ invoiceNo, date?, amount (cents), method, requestId? }`. The payment row is written before the
 * invoice's Paid cell, so a crash between the two leaves the payment on record.
 */
export function recordPayment(input: unknown): Reply<{ payment: Payment; invoice: Invoice; duplicate: boolean }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const store = openStore();
      const today = store.codec.today();
      const result = paymentRule(
        store.invoices().records,
        store.payments().records,
        input,
        today,
        new Set(store.rawKeys('payments', 'Key')),
      );
      if (!result.ok) return failure(result.errors);
      const { payment, invoice, duplicate } = result.value;
      if (!duplicate) addPayment(store, payment);
      updateInvoicePayment(store, invoice, today); // writes only when Paid or Status changed
      store.flush(WRITE_ORDER.payment);
      return { ok: true, payment, invoice, duplicate };
    }),
  );
}

/** Invoices, newest first: `{ saleId?, clientId?, status? }`. */
export function listInvoices(input: unknown): Reply<{ invoices: Invoice[]; problems: string[] }> {
  return endpoint(() => {
    const store = openStore();
    const { filters, errors } = readFilters(store, asRecord(input), ['saleId', 'clientId', 'status']);
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
