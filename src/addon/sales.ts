/** Endpoints for selling a package and cancelling a sale. */
import {
  CANCEL_SALE,
  CHANGE_PACKAGE,
  cancelMoved,
  cancelSale as cancelRule,
  changePackage as changeRule,
  dueDate,
  lastChange,
  mapOk,
  PREVIEW_SALE,
  type PreviewSaleInput,
  previewSale as previewRule,
  type Result,
  type SaleCatalog,
  type SalePreview,
  type SaleReceipt,
  SELL_PACKAGE,
  type SellInput,
  SHARE_SALE,
  sellOrResume,
  shareSale as shareRule,
  type Write,
} from '../domain';
import { focusHistory, focusSales, idsOf } from '../sheets/focus';
import { highestInUse, type IssuedIds, idsFree, noteIssued, readIssued } from '../sheets/ids';
import type { FocusedStore } from '../sheets/store';
import { openDeskStore, systemTab } from './context';
import { endpoint, failure, type Reply } from './reply';
import { writeEndpoint } from './write';

/** What a sale would create, before confirming it (reads only). */
export function previewSale(input: PreviewSaleInput): Reply<{ preview: SalePreview }> {
  return endpoint(() => {
    const parsed = PREVIEW_SALE.parse(input);
    if (!parsed.ok) return failure(parsed.errors);
    // The desk's store: the packages come with its first request (one round trip in all).
    const store = openDeskStore();
    const result = previewRule(store.packages().records, parsed.value, store.codec.today(), store.taxRule());
    return result.ok ? { ok: true, preview: result.value } : failure(result.errors);
  });
}

/** The clients and packages a sale may name, and the highest sale id in use. */
function saleCatalog(store: FocusedStore, highestSale: number): SaleCatalog {
  return {
    clients: store.clients().records,
    packages: store.packages().records,
    saleIds: () => [`S-${highestSale}`],
  };
}

/**
 * The sale form's rule on the rows it needs: the retried sale (found by its request id) with its invoices
 * and ledger rows, the client, the packages. New ids come from the system tab's hint of the last ones
 * issued, checked before use; when they turn out to be in use, from a full read of the id columns
 * (src/sheets/ids.ts).
 */
function sellFocused(store: FocusedStore, input: SellInput, today: string): Result<Write<{ receipt: SaleReceipt }>> {
  const raw = input;
  // The retried sale (by request id) and the client; Invoices and Adjustments, which a new sale appends to,
  // are opened in the same request (their last rows checked), and given the retried sale's rows after.
  store.focus(
    { tab: 'sales', by: 'Request ID', values: idsOf(raw.requestId) },
    { tab: 'clients', by: 'Client ID', values: idsOf(raw.clientId) },
    { tab: 'invoices', by: 'Sale ID', values: [] },
    { tab: 'adjustments', by: 'Sale ID', values: [] },
  );
  const retried = store.sales().records.map((s) => s.id);
  if (retried.length) focusHistory(store, retried, ['invoices', 'adjustments']);
  const system = systemTab();
  const sell = (ids: IssuedIds) => {
    store.useHighestInvoiceNumber(Math.max(ids.invoice, store.archived.highestInvoiceNumber));
    return sellOrResume(store.state(), saleCatalog(store, ids.sale), input, today);
  };
  const hint = readIssued(system);
  let ids = hint ?? highestInUse(store);
  let result = sell(ids);
  if (hint && result.ok && !idsFree(store, result.value.changes)) {
    ids = highestInUse(store);
    result = sell(ids);
  }
  if (result.ok) noteIssued(system, ids, result.value.changes);
  return result;
}

/**
 * Sells a package: `{ clientId, packageId, startDate, requestId? }`. Writes the sale row first, then its
 * invoices, then its ledger rows. A retry with the same `requestId` finds the sale and writes only what
 * is missing (a crash between writes heals).
 */
export const sellPackage = writeEndpoint('sell', SELL_PACKAGE, sellFocused);

/**
 * Shares a sale with other clients (a family, a couple), who then check in against its balance:
 * `{ saleId, clientIds }` (all of them; an empty list stops sharing). Writes the sale's Shared With cell.
 */
export const shareSale = writeEndpoint('share', SHARE_SALE, (store, input, today) => {
  if (!store.hasColumn('sales', 'Shared With')) {
    const message = 'The Sales tab has no "Shared With" column: add it (Set up workbook adds missing columns).';
    return { ok: false, errors: [{ field: 'clientIds', message }] };
  }
  focusSales(store, [input.saleId], []);
  store.focus({ tab: 'clients', by: 'Client ID', values: input.clientIds });
  const state = store.state();
  return mapOk(shareRule(state, store.clients().records, input, today), (sale) => ({
    changes: { updatedSales: [sale] },
    reply: { sale: { id: sale.id, sharedWith: sale.sharedWith ?? [] } },
  }));
});

/**
 * Changes a sale's package from a period on: `{ saleId, packageId, fromDate, carry? }` (fromDate: the due
 * date of a period not billed yet; carry: "all", "none" or a number, what an Add balance keeps). Rewrites
 * the sale's row in one range; the nightly run writes the change's ledger row on that date.
 */
export const changePackage = writeEndpoint('change', CHANGE_PACKAGE, (store, input, today) => {
  focusSales(store, [input.saleId], ['invoices']);
  if (!store.hasColumn('sales', 'Package Changes')) {
    const message = 'The Sales tab has no "Package Changes" column: add it (Set up workbook adds missing columns).';
    return { ok: false, errors: [{ field: 'packageId', message }] };
  }
  return mapOk(changeRule(store.state(), store.packages().records, input, today), (sale) => ({
    changes: { rewrittenSales: [sale] },
    reply: { sale: { id: sale.id, packageName: sale.terms.name, from: dueDate(sale, lastChange(sale)) } },
  }));
});

/** Cancels a sale from a date: `{ saleId, date }`. No invoice due on or after it is created. */
export const cancelSale = writeEndpoint('cancel', CANCEL_SALE, (store, input, today) => {
  focusSales(store, [input.saleId], ['invoices', 'adjustments']);
  const state = store.state();
  return mapOk(cancelRule(state, input, today), (sale) => {
    const before = state.sales.find((s) => s.id === sale.id);
    // Said when the commitment moved the end (a retry of that cancellation says it again).
    const moved = before ? cancelMoved(before, input.date, today) : null;
    return { changes: { updatedSales: [sale] }, reply: { sale, moved } };
  });
});
