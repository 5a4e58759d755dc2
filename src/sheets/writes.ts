/** Queuing records for a job's single write per tab (see Store.flush). */
import {
  type Adjustment,
  type BalanceUpdate,
  type Client,
  type ClientCard,
  type CollectionMark,
  type EmailLogEntry,
  type EmailStatus,
  type Invoice,
  isOverdue,
  type Package,
  type PayLinkMark,
  type Payment,
  SALE_STATUS_CHOICES,
  type Sale,
  saleStatus,
} from '../domain';
import { payLinkCellText } from '../domain/paylinks';
import * as map from './mappers';
import { labelFor } from './mappers';
import type { Store } from './store';

export function saleStatusLabel(sale: Sale, today: string): string {
  return labelFor(SALE_STATUS_CHOICES, saleStatus(sale, today));
}

/** Rewrites a sale's whole row in one range (a change of package: its terms, package and history agree). */
export function rewriteSale(store: Store, sale: Sale, today: string): void {
  const row = store.sales().rowOf.get(sale.id);
  if (row !== undefined)
    store.table('sales').setRow(row, map.sales.cells(sale, store.codec, saleStatusLabel(sale, today)));
}

export function addSale(store: Store, sale: Sale, today: string): void {
  store.table('sales').append(map.sales.cells(sale, store.codec, saleStatusLabel(sale, today)));
}

/** Rewrites the cells of an existing sale that changed (cancel date, pauses, sharing, status). */
export function updateSale(store: Store, sale: Sale, today: string): void {
  const row = store.sales().rowOf.get(sale.id);
  if (row === undefined) return;
  const table = store.table('sales');
  const cells = map.sales.cells(sale, store.codec, saleStatusLabel(sale, today));
  for (const header of ['Cancel Date', 'Pauses', 'Shared With', 'Status'] as const)
    table.set(row, header, cells[header]);
}

/** Appends invoices; one created after its grace has passed (a catch-up) is labelled Overdue at once. */
export function addInvoices(store: Store, invoices: readonly Invoice[], today: string): void {
  const table = store.table('invoices');
  const grace = store.settings().graceDays;
  for (const inv of invoices) table.append(map.invoices.cells(inv, store.codec, isOverdue(inv, today, grace)));
}

/** The row of an invoice: as read, or appended by this execution (automatic collection pays new ones). */
function invoiceRow(store: Store, key: string): number | undefined {
  return store.invoices().rowOf.get(key) ?? store.table('invoices').rowsOf('Key').get(key);
}

export function updateInvoicePayment(store: Store, invoice: Invoice, today: string): void {
  const row = invoiceRow(store, invoice.key);
  if (row === undefined) return;
  const cells = map.invoices.cells(invoice, store.codec, isOverdue(invoice, today, store.settings().graceDays));
  const table = store.table('invoices');
  table.set(row, 'Paid', cells.Paid);
  table.set(row, 'Status', cells.Status);
}

/**
 * Brings every invoice's Status in line with its Paid amount (typed by hand or recorded) and the grace
 * days: Open, Part-paid, Overdue or Paid; Void stays. Returns how many changed.
 */
export function refreshInvoiceStatuses(store: Store, today: string): number {
  const { records, rowOf } = store.invoices();
  const table = store.table('invoices');
  if (!table.has('Status')) return 0;
  const grace = store.settings().graceDays;
  let changed = 0;
  for (const inv of records) {
    const row = rowOf.get(inv.key);
    const label = map.invoices.cells(inv, store.codec, isOverdue(inv, today, grace)).Status;
    if (row !== undefined && table.raw(row, 'Status') !== label) {
      table.set(row, 'Status', label);
      changed++;
    }
  }
  return changed;
}

/** Brings every sale's Status (Active, Cancelled, Finished) up to date. Returns how many changed. */
export function refreshSaleStatuses(store: Store, today: string): number {
  const { records, rowOf } = store.sales();
  const table = store.table('sales');
  if (!table.has('Status')) return 0;
  let changed = 0;
  for (const sale of records) {
    const row = rowOf.get(sale.id);
    const label = saleStatusLabel(sale, today);
    if (row !== undefined && table.raw(row, 'Status') !== label) {
      table.set(row, 'Status', label);
      changed++;
    }
  }
  return changed;
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

export function addPackage(store: Store, pkg: Package): void {
  store.table('packages').append(map.packages.cells(pkg));
}

/** Rewrites every cell of an edited package's row, in one range (its terms must agree with each other). */
export function updatePackage(store: Store, pkg: Package): void {
  const row = store.packages().rowOf.get(pkg.id);
  if (row !== undefined) store.table('packages').setRow(row, map.packages.cells(pkg));
}

export function addClient(store: Store, client: Client): void {
  store.table('clients').append(map.clients.cells(client));
}

/** Rewrites every cell of an edited client's row, in one range. */
export function updateClient(store: Store, client: Client): void {
  const row = store.clients().rowOf.get(client.id);
  if (row !== undefined) store.table('clients').setRow(row, map.clients.cells(client));
}

/** Appends Email Log rows (one range). */
export function addEmailLog(store: Store, entries: readonly EmailLogEntry[]): void {
  const table = store.table('emailLog');
  for (const e of entries) table.append(map.emailLog.cells(e, store.codec));
}

/** Sets logged messages' Status and Date (rows appended earlier by this call are found too). */
export function setEmailStatuses(store: Store, statuses: readonly EmailStatus[]): void {
  const rows = store.emailLogRows();
  const table = store.table('emailLog');
  for (const s of statuses) {
    const row = rows.get(s.key);
    if (row === undefined) continue;
    table.set(row, 'Status', s.status);
    table.set(row, 'Date', store.codec.write(s.date));
  }
}

/** Sets invoices' Collection cells (automatic collection: Charging, paid by card, declined). */
export function setCollections(store: Store, marks: readonly CollectionMark[]): void {
  const table = store.table('invoices');
  for (const m of marks) {
    const row = invoiceRow(store, m.key);
    if (row !== undefined) table.set(row, 'Collection', m.collection);
  }
}

/** Sets invoices' Pay Link and Stripe Pay Link cells. */
export function setPayLinks(store: Store, marks: readonly PayLinkMark[]): void {
  const table = store.table('invoices');
  for (const m of marks) {
    const row = invoiceRow(store, m.key);
    if (row === undefined) continue;
    table.set(row, 'Pay Link', m.url);
    table.set(row, 'Stripe Pay Link', payLinkCellText(m.id, m.cents));
  }
}

/** Sets the Stripe cells each card update gives (Stripe Customer, Card, Stripe Card); the others stay. */
export function setClientCard(store: Store, card: ClientCard): void {
  const row = store.clients().rowOf.get(card.clientId);
  if (row === undefined) return;
  const table = store.table('clients');
  if (card.stripeCustomer !== undefined) table.set(row, 'Stripe Customer', card.stripeCustomer);
  if (card.card !== undefined) table.set(row, 'Card', card.card);
  if (card.cardId !== undefined) table.set(row, 'Stripe Card', card.cardId);
}
