/**
 * New sale ids and invoice numbers without reading whole tabs.
 *
 * Today's rule stays the truth: a new id is one past the highest any tab names (sale ids in Sales,
 * Invoices and Adjustments; invoice numbers in Invoices and the archive). Reading those columns grows with
 * the history, so the system tab keeps the last ones issued (`ids`), as a hint that is never trusted: the
 * sale form uses it, then checks with one TextFinder search per tab that none of the ids it is about to
 * write is in use. A hint that is behind (a row typed by hand, a crash between the rows and the hint, an
 * older version, an edited hint) is caught by that search, and the ids are then taken from a full read of
 * the columns, as before. Sorting or deleting rows cannot make it stale: a deleted id is never issued again.
 */
import type { Changes } from '../domain';
import { type Cell, textOf } from './cells';
import { exactly, wholeNumber } from './grid';
import type { FocusedStore, Store } from './store';
import type { SystemTab } from './system';

/** The numbers of the last sale id (S-n) and the last invoice number issued. */
export interface IssuedIds {
  sale: number;
  invoice: number;
}

const KEY = 'ids';

/** The hint in the system tab, or null when it is missing or unreadable. */
export function readIssued(system: SystemTab): IssuedIds | null {
  const ids = system.json<Partial<IssuedIds>>(KEY);
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  return ids && whole(ids.sale) && whole(ids.invoice) ? { sale: ids.sale, invoice: ids.invoice } : null;
}

/** Queues the hint after `changes` (written with the system tab's next flush, after the records). */
export function noteIssued(system: SystemTab, before: IssuedIds, changes: Changes): void {
  const after = issuedAfter(before, changes);
  const stored = readIssued(system);
  if (after.sale !== stored?.sale || after.invoice !== stored?.invoice) system.put(KEY, after);
}

/** The ids issued once `changes` are written. */
export function issuedAfter(before: IssuedIds, changes: Changes): IssuedIds {
  let { sale, invoice } = before;
  for (const s of changes.newSales ?? []) sale = Math.max(sale, saleNumber(s.id) ?? 0);
  for (const i of changes.newInvoices ?? []) invoice = Math.max(invoice, i.number);
  return { sale, invoice };
}

function saleNumber(id: unknown): number | null {
  const m = /^S-(\d+)$/.exec(textOf(id));
  return m ? Number(m[1]) : null;
}

/** Whether none of the sale ids and invoice numbers `changes` creates is in use (two TextFinder searches). */
export function idsFree(store: FocusedStore, changes: Changes): boolean {
  const sales = (changes.newSales ?? []).map((s) => exactly(s.id));
  const invoices = (changes.newInvoices ?? []).map((i) => wholeNumber(i.number));
  return (
    (sales.length === 0 || store.find('sales', 'Sale ID', sales).length === 0) &&
    (invoices.length === 0 || store.find('invoices', 'Invoice No', invoices).length === 0)
  );
}

/** The highest ids in use, from a full read of the columns that name them (the fallback). */
export function highestInUse(store: Store): IssuedIds {
  const max = (values: Cell[], of: (v: Cell) => number | null) =>
    values.reduce<number>((m, v) => Math.max(m, of(v) ?? 0), 0);
  const invoiceNo = (v: Cell) => {
    const n = typeof v === 'number' ? v : Number(textOf(v));
    return Number.isSafeInteger(n) ? n : null;
  };
  return {
    sale: Math.max(
      ...(['sales', 'invoices', 'adjustments'] as const).map((tab) =>
        max(store.columnValues(tab, 'Sale ID'), saleNumber),
      ),
    ),
    invoice: Math.max(
      max(store.columnValues('invoices', 'Invoice No'), invoiceNo),
      store.archived.highestInvoiceNumber,
    ),
  };
}
