/** Endpoints for pausing sales: one from the history sidebar, many from a selection of Sales rows. */
import { mapOk, PAUSE_SALE, PAUSE_SALES, pauseSales as pauseManyRule, pauseSale as pauseRule } from '../domain';
import { focusSales } from '../sheets/focus';
import { selectedKeys } from '../sheets/selection';
import { activeSpreadsheet } from './context';
import { endpoint, failure, type Reply } from './reply';
import { wholeWriteEndpoint, writeEndpoint } from './write';

/**
 * Pauses one sale: `{ saleId, from, weeks }`. No invoice and no allocation falls due inside the pause;
 * every later due date moves by its length. Writes the sale's Pauses cell, then a ledger row.
 */
export const pauseSale = writeEndpoint('pause', PAUSE_SALE, (store, input, today) => {
  focusSales(store, [input.saleId], ['invoices', 'adjustments']);
  return mapOk(pauseRule(store.state(), input, today), ({ sale, adjustment, changes }) => ({
    changes,
    reply: { paused: { saleId: sale.id, note: adjustment.note } },
  }));
});

/**
 * Pauses many sales at once (a studio closure): `{ saleIds, from, weeks }`. Sales that can't be paused
 * are skipped with their reason; the others are written together: one Sales write and one Adjustments
 * write, however many sales.
 */
export const pauseSales = wholeWriteEndpoint(
  'pause',
  PAUSE_SALES,
  // A closure touches most sales: it reads the tabs whole, so its writes are one range per column (a
  // focused read would write each sale's scattered rows apart).
  (store, input, today) => pauseManyRule(store.state(), input, today),
);

/** The sale ids in the rows selected in the Sales tab (for "Pause selected sales…"). */
export function getSelectedSales(): Reply<{ saleIds: string[] }> {
  return endpoint(() => {
    const saleIds = selectedKeys(activeSpreadsheet(), 'sales', 'Sale ID');
    if (saleIds === null)
      return failure([{ field: '', message: 'Select the rows of the sales to pause in the Sales tab first.' }]);
    if (saleIds.length === 0) return failure([{ field: '', message: 'The selection holds no sale rows.' }]);
    return { ok: true, saleIds };
  });
}
