/**
 * Which rows each desk call reads: a sale's own rows, or a client's sales and their rows, found by id
 * (Store.focus), never the whole history.
 */
import type { TabName } from '../../sheets-template/tabs';
import { namingId } from './grid';
import type { FocusedStore } from './store';

/** The history tabs that name a sale in their `Sale ID` column. */
export type SaleHistoryTab = 'invoices' | 'payments' | 'adjustments';

/** The ids in a request field: a string, or a list of strings (anything else names no sale). */
export function idsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Reads the sales' Sales rows and their rows in `history`. */
export function focusSales(store: FocusedStore, saleIds: readonly string[], history: readonly SaleHistoryTab[]): void {
  store.focus(
    { tab: 'sales', by: 'Sale ID', values: saleIds },
    ...history.map((tab) => ({ tab, by: 'Sale ID', values: saleIds })),
  );
}

/** Reads the rows of these sales in `history` (none: the tabs are ready to append to, nothing read). */
export function focusHistory(
  store: FocusedStore,
  saleIds: readonly string[],
  history: readonly SaleHistoryTab[],
): void {
  store.focus(...history.map((tab: TabName) => ({ tab, by: 'Sale ID', values: saleIds })));
}

/**
 * What a history or invoice list asks for: a sale (its rows), or a client (their sales and those sales'
 * rows, and their Clients row when they have no sale), or both. Neither: nothing is focused (the whole
 * studio is read).
 */
export function focusRequest(
  store: FocusedStore,
  request: { saleId?: unknown; clientId?: unknown },
  history: readonly SaleHistoryTab[],
): void {
  const [saleIds, clientIds] = [idsOf(request.saleId), idsOf(request.clientId)];
  if (clientIds.length === 0) {
    if (saleIds.length) focusSales(store, saleIds, history);
    return;
  }
  // Their own sales, and those shared with them (Shared With names them: "Sam Lee (C-2)").
  const shared = store.hasColumn('sales', 'Shared With')
    ? [{ tab: 'sales' as const, by: 'Shared With', patterns: clientIds.map(namingId) }]
    : [];
  store.focus({ tab: 'sales', by: 'Client ID', values: clientIds }, ...shared, {
    tab: 'sales',
    by: 'Sale ID',
    values: saleIds,
  });
  // A client's Clients row is needed only to know a client without sales (their sales name them).
  const named = new Set(store.sales().records.map((sale) => sale.clientId));
  const clients = clientIds.every((id) => named.has(id))
    ? []
    : [{ tab: 'clients' as const, by: 'Client ID', values: clientIds }];
  const sales = store.rawKeys('sales', 'Sale ID');
  store.focus(...clients, ...history.map((tab) => ({ tab, by: 'Sale ID', values: sales })));
}
