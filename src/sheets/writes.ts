/** Queuing records for a job's single write per tab (see Store.flush). */
import { type Adjustment, type BalanceUpdate, type Invoice, type Payment, type Sale, saleStatus } from '../domain';
import * as map from './mappers';
import { labelOf } from './mappers';
import type { Store } from './store';

const SALE_STATUS = { Active: 'active', Cancelled: 'cancelled', Finished: 'finished' } as const;

export function saleStatusLabel(sale: Sale, today: string): string {
  return labelOf(SALE_STATUS, saleStatus(sale, today));
}

export function addSale(store: Store, sale: Sale, today: string): void {
  store.table('sales').append(map.sales.cells(sale, store.codec, saleStatusLabel(sale, today)));
}

/** Rewrites the cells of an existing sale that changed (cancel date, status). */
export function updateSale(store: Store, sale: Sale, today: string): void {
  const row = store.sales().rowOf.get(sale.id);
  if (row === undefined) return;
  const table = store.table('sales');
  table.set(row, 'Cancel Date', sale.endDate ? store.codec.write(sale.endDate) : '');
  table.set(row, 'Status', saleStatusLabel(sale, today));
}

export function addInvoices(store: Store, invoices: readonly Invoice[]): void {
  const table = store.table('invoices');
  for (const inv of invoices) table.append(map.invoices.cells(inv, store.codec));
}

export function updateInvoicePayment(store: Store, invoice: Invoice): void {
  const row = store.invoices().rowOf.get(invoice.key);
  if (row === undefined) return;
  const cells = map.invoices.cells(invoice, store.codec);
  const table = store.table('invoices');
  table.set(row, 'Paid', cells.Paid);
  table.set(row, 'Status', cells.Status);
}

export function addAdjustments(store: Store, rows: readonly Adjustment[]): void {
  const table = store.table('adjustments');
  for (const row of rows) table.append(map.adjustments.cells(row, store.codec));
}

export function updateBalances(store: Store, updates: readonly BalanceUpdate[]): void {
  const rowOf = store.adjustments().rowOf;
  const table = store.table('adjustments');
  for (const u of updates) {
    const row = rowOf.get(u.key);
    if (row !== undefined) table.set(row, 'Balance', u.balance);
  }
}

export function addPayment(store: Store, payment: Payment): void {
  store.table('payments').append(map.payments.cells(payment, store.codec));
}

export function addRunLog(store: Store, entry: map.RunLogEntry): void {
  store.table('runLog').append(map.runLog.cells(entry, store.codec));
}
