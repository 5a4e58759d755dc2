/** Endpoint for recording a payment against an invoice. */
import { type Invoice, type Payment, recordPayment as paymentRule } from '../domain';
import { addPayment, updateInvoicePayment } from '../sheets/writes';
import { openStore } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

/**
 * `{ invoiceNo, date?, amount (cents), method, requestId? }`. The payment row is written before the
 * invoice's Paid cell, so a crash between the two leaves the payment on record.
 */
export function recordPayment(input: unknown): Reply<{ payment: Payment; invoice: Invoice; duplicate: boolean }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const store = openStore();
      const result = paymentRule(store.invoices().records, store.payments().records, input, store.codec.today());
      if (!result.ok) return failure(result.errors);
      const { payment, invoice, duplicate } = result.value;
      if (!duplicate) addPayment(store, payment);
      updateInvoicePayment(store, invoice); // writes only when Paid or Status changed
      store.flush(['payments', 'invoices']);
      return { ok: true, payment, invoice, duplicate };
    }),
  );
}
