/**
 * Which rows each desk call reads: a sale's own rows, or a client's sales and their rows, found by id
 * (Store.focus), never the whole history.
 */
import type { TabName } from '../../sheets-template/tabs';
import { namingId } from './grid';
import type { Focus, FocusedStore } from './store';

/** The history tabs that name a sale in their `Sale ID` column. */
export type SaleHistoryTab = 'invoices' | 'payments' | 'adjustments';

/** The ids in a request field: a string, or a list of strings (anything else names no sale). */
export function idsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The searches for the sales' Sales rows and their rows in `history`. */
function salesFocus(saleIds: readonly string[], history: readonly SaleHistoryTab[]): Focus[] {
  return [
    { tab: 'sales', by: 'Sale ID', values: saleIds },
    ...history.map((tab) => ({ tab, by: 'Sale ID', values: saleIds })),
  ];
}

/** Reads the sales' Sales rows and their rows in `history`. */
export function focusSales(store: FocusedStore, saleIds: readonly string[], history: readonly SaleHistoryTab[]): void {
  store.focus(...salesFocus(saleIds, history));
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
 * The first searches `focusRequest` makes: a sale's rows; or a client's Sales rows (their own sales, and
 * those shared with them, when the tab has Shared With), which name the sales whose rows come next. Known
 * before anything is read, so a read-only call can make them ahead of its first request (ahead.ts).
 */
export function firstFocus(
  request: { saleId?: unknown; clientId?: unknown },
  history: readonly SaleHistoryTab[],
  sharedWith = true,
): Focus[] {
  const [saleIds, clientIds] = [idsOf(request.saleId), idsOf(request.clientId)];
  if (clientIds.length === 0) return saleIds.length ? salesFocus(saleIds, history) : [];
  // Their own sales, and those shared with them (Shared With names them: "Sam Lee (C-2)").
  const shared = sharedWith ? [{ tab: 'sales' as const, by: 'Shared With', patterns: clientIds.map(namingId) }] : [];
  return [
    { tab: 'sales', by: 'Client ID', values: clientIds },
    ...shared,
    { tab: 'sales', by: 'Sale ID', values: saleIds },
  ];
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
  const first = firstFocus(request, history, store.hasColumn('sales', 'Shared With'));
  if (first.length) store.focus(...first);
  const clientIds = idsOf(request.clientId);
  if (clientIds.length === 0) return;
  // A client's Clients row is needed only to know a client without sales (their sales name them).
  const named = new Set(store.sales().records.map((sale) => sale.clientId));
  const clients = clientIds.every((id) => named.has(id))
    ? []
    : [{ tab: 'clients' as const, by: 'Client ID', values: clientIds }];
  const sales = store.rawKeys('sales', 'Sale ID');
  store.focus(...clients, ...history.map((tab) => ({ tab, by: 'Sale ID', values: sales })));
}
