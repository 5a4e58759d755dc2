/** The optional filters of the read endpoints (`saleId`, `clientId`, `status`): each one a known record. */
import { type FieldError, type InvoiceStatus, shownId } from '../domain';
import { firstFocus, focusRequest, type SaleHistoryTab } from '../sheets/focus';
import type { Store } from '../sheets/store';
import { openCallStore, openDeskStore } from './context';

export interface Filters {
  saleId?: string;
  clientId?: string;
  status?: InvoiceStatus;
}

/**
 * The store a read endpoint's request needs: focused on the sale or client it names (their rows only,
 * with their rows in `history`; its first searches made before its first request), or, when it names
 * neither, every row.
 */
export function storeFor(request: Filters, history: readonly SaleHistoryTab[]): Store {
  if (request.saleId === undefined && request.clientId === undefined) return openCallStore();
  const store = openDeskStore(firstFocus(request, history));
  focusRequest(store, request, history);
  return store;
}

/** The filters asked for (parsed), or the errors naming each one that is not a known sale or client. */
export function readFilters(store: Store, asked: Filters): { filters: Filters; errors: FieldError[] } {
  const filters: Filters = {};
  const errors: FieldError[] = [];
  const { saleId, clientId, status } = asked;
  if (saleId !== undefined) {
    if (store.rawKeys('sales', 'Sale ID').includes(saleId)) filters.saleId = saleId;
    else errors.push({ field: 'saleId', message: `No sale with id ${shownId(saleId)}.` });
  }
  if (clientId !== undefined) {
    // Their sales name them; the Clients tab is asked only about a client without sales (a desk call reads
    // a client's Clients row only then).
    const known =
      store.sales().records.some((s) => s.clientId === clientId) ||
      store.rawKeys('clients', 'Client ID').includes(clientId);
    if (known) filters.clientId = clientId;
    else errors.push({ field: 'clientId', message: `No client with id ${shownId(clientId)}.` });
  }
  if (status !== undefined) filters.status = status;
  return { filters, errors };
}
