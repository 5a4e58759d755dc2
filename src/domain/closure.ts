/** Pausing many sales at once (a studio closure): each sale checked on its own rows, written together. */
import { type Changes, combine, type Write } from './changes';
import type { IsoDate } from './dates';
import type { PauseManyInput } from './inputs';
import { bySale, ledgersBySale } from './ledger';
import type { State } from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { checkPause, pauseSale } from './sale';
import { shownId } from './validate';

export interface Paused {
  saleId: string;
  note: string;
}

export interface Skipped {
  saleId: string;
  reason: string;
}

/** The most sales one bulk pause takes. */
export const MAX_BULK = 5000;

/**
 * Pauses many sales: `{ saleIds, from, weeks }`. Sales that can't be paused (cancelled, finished, already
 * billed on or after `from`, …) are skipped with their reason; the others' changes are one. Each sale is
 * checked against its own rows only (grouped once), so a closure of every sale stays linear in the rows.
 */
export function pauseSales(
  state: State,
  raw: PauseManyInput,
  today: IsoDate,
): Result<Write<{ paused: Paused[]; skipped: Skipped[] }>> {
  const errors: FieldError[] = [];
  checkPause(errors, raw, today);
  if (errors.length) return fail(errors);
  const sales = new Map(state.sales.map((s) => [s.id, s]));
  const ledgers = ledgersBySale(state.adjustments);
  const invoices = bySale(state.invoices);
  const paused: Paused[] = [];
  const skipped: Skipped[] = [];
  const changes: Changes[] = [];
  for (const saleId of new Set(raw.saleIds)) {
    const sale = sales.get(saleId);
    const own: State = {
      sales: sale ? [sale] : [],
      invoices: invoices.get(saleId) ?? [],
      adjustments: ledgers.get(saleId) ?? [],
      reservedKeys: state.reservedKeys,
    };
    const result = pauseSale(own, { saleId, from: raw.from, weeks: raw.weeks }, today);
    if (result.ok) {
      changes.push(result.value.changes);
      paused.push({ saleId, note: result.value.adjustment.note });
    } else skipped.push({ saleId: shownId(saleId), reason: result.errors.map((e) => e.message).join(' ') });
  }
  return ok({ changes: combine(changes), reply: { paused, skipped } });
}
