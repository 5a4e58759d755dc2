/** Endpoints for selling a package and cancelling a sale. */
import {
  asRecord,
  cancelSale as cancelRule,
  checkRequestId,
  type FieldError,
  mapOk,
  previewSale as previewRule,
  type SaleCatalog,
  type SalePreview,
  sellOrResume,
} from '../domain';
import type { Store } from '../sheets/store';
import { openStore } from './context';
import { endpoint, failure, type Reply } from './reply';
import { writeEndpoint } from './write';

/** What a sale would create, before confirming it (reads only). */
export function previewSale(input: unknown): Reply<{ preview: SalePreview }> {
  return endpoint(() => {
    const store = openStore();
    const result = previewRule(store.packages().records, input, store.codec.today());
    return result.ok ? { ok: true, preview: result.value } : failure(result.errors);
  });
}

/** The clients and packages a sale may name, and every sale id any tab holds (a deleted sale's too). */
function saleCatalog(store: Store): SaleCatalog {
  return {
    clients: store.clients().records,
    packages: store.packages().records,
    saleIds: () => [
      ...store.rawKeys('sales', 'Sale ID'),
      ...store.rawKeys('invoices', 'Sale ID'),
      ...store.rawKeys('adjustments', 'Sale ID'),
    ],
  };
}

/** A malformed request id is refused before the lock is waited for. */
function requestIdErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  checkRequestId(errors, asRecord(input).requestId);
  return errors;
}

/**
 * Sells a package: `{ clientId, packageId, startDate, requestId? }`. Writes the sale row first, then its
 * invoices, then its ledger rows. A retry with the same `requestId` finds the sale and writes only what
 * is missing (a crash between writes heals).
 */
export const sellPackage = writeEndpoint(
  'sell',
  (store, input, today) => sellOrResume(store.state(), saleCatalog(store), input, today),
  requestIdErrors,
);

/** Cancels a sale from a date: `{ saleId, date }`. No invoice due on or after it is created. */
export const cancelSale = writeEndpoint('cancel', (store, input, today) =>
  mapOk(cancelRule(store.state(), input, today), (sale) => ({ changes: { updatedSales: [sale] }, reply: { sale } })),
);
