/** The optional filters of the read endpoints (`saleId`, `clientId`, `status`): checked, never trusted. */
import { type FieldError, INVOICE_STATUSES, type InvoiceStatus, shownId } from '../domain';
import type { Store } from '../sheets/store';

export interface Filters {
  saleId?: string;
  clientId?: string;
  status?: InvoiceStatus;
}

const absent = (v: unknown) => v === undefined || v === null || v === '';

/** The filters asked for, or the errors naming each one that is not a known sale, client or status. */
export function readFilters(
  store: Store,
  raw: Record<string, unknown>,
  allowed: readonly (keyof Filters)[],
): { filters: Filters; errors: FieldError[] } {
  const filters: Filters = {};
  const errors: FieldError[] = [];
  if (allowed.includes('saleId') && !absent(raw.saleId)) {
    if (typeof raw.saleId === 'string' && store.rawKeys('sales', 'Sale ID').includes(raw.saleId))
      filters.saleId = raw.saleId;
    else errors.push({ field: 'saleId', message: `No sale with id ${shownId(raw.saleId)}.` });
  }
  if (allowed.includes('clientId') && !absent(raw.clientId)) {
    // Their sales name them; the Clients tab is asked only about a client without sales (a desk call reads
    // a client's Clients row only then).
    const known =
      typeof raw.clientId === 'string' &&
      (store.sales().records.some((s) => s.clientId === raw.clientId) ||
        store.rawKeys('clients', 'Client ID').includes(raw.clientId));
    if (known) filters.clientId = raw.clientId as string;
    else errors.push({ field: 'clientId', message: `No client with id ${shownId(raw.clientId)}.` });
  }
  if (allowed.includes('status') && !absent(raw.status)) {
    if ((INVOICE_STATUSES as readonly unknown[]).includes(raw.status)) filters.status = raw.status as InvoiceStatus;
    else errors.push({ field: 'status', message: `Status must be one of: ${INVOICE_STATUSES.join(', ')}.` });
  }
  return { filters, errors };
}
