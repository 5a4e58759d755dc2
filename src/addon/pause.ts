/** Endpoints for pausing sales: one from the history sidebar, many from a selection of Sales rows. */

import { TABS } from '../../sheets-template/tabs';
import {
  type Adjustment,
  asRecord,
  bySale,
  checkPause,
  type FieldError,
  ledgersBySale,
  pauseSale as pauseRule,
  type Sale,
  type State,
  shownId,
  staleBalances,
} from '../domain';
import { textOf } from '../sheets/cells';
import type { Store } from '../sheets/store';
import { WRITE_ORDER } from '../sheets/write-order';
import { addAdjustments, updateBalances, updateSale } from '../sheets/writes';
import { openStore } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

export interface Paused {
  saleId: string;
  note: string;
}

export interface Skipped {
  saleId: string;
  reason: string;
}

/** Queues one pause's writes (Sales row, ledger row, balances after it) on the store. */
function queuePause(
  store: Store,
  ledger: readonly Adjustment[],
  sale: Sale,
  adjustment: Adjustment,
  today: string,
): void {
  const rows = [...ledger, adjustment];
  const updates = staleBalances(rows);
  const own = updates.find((u) => u.key === adjustment.key);
  addAdjustments(store, [{ ...adjustment, balance: own ? own.balance : adjustment.balance }]);
  updateBalances(
    store,
    updates.filter((u) => u.key !== adjustment.key),
  );
  updateSale(store, sale, today);
}

/**
 * Pauses one sale: `{ saleId, from, weeks }`. No invoice and no allocation falls due inside the pause;
 * every later due date moves by its length. Writes the sale's Pauses cell, then a ledger row.
 */
export function pauseSale(input: unknown): Reply<{ paused: Paused }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const store = openStore();
      const today = store.codec.today();
      const state = store.state();
      const result = pauseRule(state, input, today);
      if (!result.ok) return failure(result.errors);
      const { sale, adjustment } = result.value;
      queuePause(store, ledgersBySale(state.adjustments).get(sale.id) ?? [], sale, adjustment, today);
      store.flush(WRITE_ORDER.pause);
      return { ok: true, paused: { saleId: sale.id, note: adjustment.note } };
    }),
  );
}

const MAX_BULK = 5000;

/**
 * Pauses many sales at once (a studio closure): `{ saleIds, from, weeks }`. Sales that can't be paused
 * (cancelled, finished, already billed on or after `from`, …) are skipped with their reason; the others
 * are written together: one Sales write and one Adjustments write, however many sales.
 */
export function pauseSales(input: unknown): Reply<{ paused: Paused[]; skipped: Skipped[] }> {
  return endpoint(() => {
    const raw = asRecord(input);
    const ids = raw.saleIds;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > MAX_BULK ||
      !ids.every((id) => typeof id === 'string')
    ) {
      return failure([{ field: 'saleIds', message: `Sale ids must be a list of 1 to ${MAX_BULK} sale ids.` }]);
    }
    return withDocumentLock(() => {
      const store = openStore();
      const today = store.codec.today();
      const errors: FieldError[] = [];
      checkPause(errors, raw, today);
      if (errors.length) return failure(errors);
      const state = store.state();
      // Each sale is checked against its own rows only (grouped once), so a closure of every sale stays
      // linear in the rows.
      const sales = new Map(state.sales.map((s) => [s.id, s]));
      const ledgers = ledgersBySale(state.adjustments);
      const invoices = bySale(state.invoices);
      const paused: Paused[] = [];
      const skipped: Skipped[] = [];
      for (const saleId of new Set(ids as string[])) {
        const sale = sales.get(saleId);
        const own: State = {
          sales: sale ? [sale] : [],
          invoices: invoices.get(saleId) ?? [],
          adjustments: ledgers.get(saleId) ?? [],
          reservedKeys: state.reservedKeys,
        };
        const result = pauseRule(own, { saleId, from: raw.from, weeks: raw.weeks }, today);
        if (result.ok) {
          queuePause(store, own.adjustments, result.value.sale, result.value.adjustment, today);
          paused.push({ saleId, note: result.value.adjustment.note });
          continue;
        }
        skipped.push({ saleId: shownId(saleId), reason: result.errors.map((e) => e.message).join(' ') });
      }
      store.flush(WRITE_ORDER.pause);
      return { ok: true, paused, skipped };
    });
  });
}

/**
 * The sale ids in the rows selected in the Sales tab (for "Pause selected sales…"): every block of a
 * Ctrl/Cmd-click selection (getActiveRange() returns only the last one; getActiveRangeList() all).
 * Reads the selection and the Sale ID column of those rows only: one read per block.
 */
export function getSelectedSales(): Reply<{ saleIds: string[] }> {
  return endpoint(() => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const blocks = ss.getActiveRangeList()?.getRanges() ?? [];
    const sheet = blocks[0]?.getSheet();
    if (
      !sheet ||
      sheet.getName() !== TABS.sales.name ||
      blocks.some((b) => b.getSheet().getName() !== sheet.getName())
    ) {
      return failure([{ field: '', message: 'Select the rows of the sales to pause in the Sales tab first.' }]);
    }
    const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(textOf);
    const col = header.indexOf('Sale ID');
    const rows = blocks
      .map((b) => ({ first: Math.max(b.getRow(), 2), last: b.getLastRow() }))
      .filter((b) => b.last >= b.first);
    if (col < 0 || rows.length === 0) return failure([{ field: '', message: 'The selection holds no sale rows.' }]);
    const saleIds: string[] = [];
    const seen = new Set<string>();
    for (const { first, last } of rows) {
      const values = sheet.getRange(first, col + 1, last - first + 1, 1).getValues();
      for (const r of values) {
        const id = textOf(r[0]);
        if (id !== '' && !seen.has(id)) {
          seen.add(id);
          saleIds.push(id);
        }
      }
    }
    return { ok: true, saleIds };
  });
}
