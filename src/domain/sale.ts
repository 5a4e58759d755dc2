/** Selling a package and cancelling a sale. */
import { dailyProcesses } from './daily';
import { type IsoDate, plusDays } from './dates';
import { carryDate } from './ledger';
import type { Package } from './package';
import {
  type Adjustment,
  adjustmentKey,
  type Choice,
  type Client,
  type Invoice,
  type Sale,
  type State,
} from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { nextDueDates, type Pause, pauseEnd, periodInTerm, termEnd } from './schedule';
import { dueDate, saleTerm } from './term';
import { asRecord, checkDate, checkWhole, shownId } from './validate';

/** How far back a sale may start (a backdated sale catches up) and how far ahead. */
export const SALE_WINDOW = { maxDaysBack: 366, maxDaysAhead: 366 };

export interface SaleRecords {
  sale: Sale;
  invoices: Invoice[];
  adjustments: Adjustment[];
}

/**
 * Sells `pkg` to `client`: the package's terms are copied onto the sale, and the first invoice (due on
 * the start date) and the first allocation are created now. A start date in the past also creates the
 * periods due since, exactly as Daily Processes would have.
 */
export function sell(
  state: Pick<State, 'invoices' | 'highestInvoiceNumber'>,
  args: { id: string; client: Client; pkg: Package; startDate: unknown },
  today: IsoDate,
): Result<SaleRecords> {
  const errors: FieldError[] = [];
  const startDate = checkDate(errors, 'startDate', args.startDate, 'Package Start Date', today, SALE_WINDOW);
  if (errors.length) return fail(errors);
  const { id: packageId, ...terms } = args.pkg;
  const sale: Sale = {
    id: args.id,
    clientId: args.client.id,
    clientName: args.client.name,
    packageId,
    terms,
    soldOn: today,
    startDate,
    endDate: null,
  };
  const run = dailyProcesses(
    { sales: [sale], invoices: state.invoices, adjustments: [], highestInvoiceNumber: state.highestInvoiceNumber },
    today,
  );
  return ok({ sale, invoices: run.newInvoices, adjustments: run.newAdjustments });
}

/** A sale's status and the words the Sales tab's Status column shows for it (derived; see saleStatus). */
export const SALE_STATUS_CHOICES = [
  { value: 'active', label: 'Active' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'finished', label: 'Finished' },
] as const satisfies readonly Choice[];
export type SaleStatus = (typeof SALE_STATUS_CHOICES)[number]['value'];

export function saleStatus(sale: Sale, today: IsoDate): SaleStatus {
  // A sale cancelled from a later date runs (and can be checked in) until its last period ends.
  const end = termEnd(saleTerm(sale));
  if (end === null || end > today) return 'active';
  return sale.endDate ? 'cancelled' : 'finished';
}

/**
 * Cancels a sale from `date`: no invoice due on or after it will be created. Invoices already created
 * stay; to cancel from before one of them, void it first.
 */
export function cancelSale(state: State, input: unknown, today: IsoDate): Result<Sale> {
  const raw = asRecord(input);
  const errors: FieldError[] = [];
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale) return fail([{ field: 'saleId', message: `No sale with id ${shownId(raw.saleId)}.` }]);
  const date = checkDate(errors, 'date', raw.date, 'Cancel date', today, { maxDaysBack: 366, maxDaysAhead: 731 });
  if (errors.length) return fail(errors);
  if (sale.endDate)
    return fail([{ field: 'saleId', message: `Sale ${sale.id} is already cancelled from ${sale.endDate}.` }]);
  if (date <= sale.startDate) {
    return fail([{ field: 'date', message: `Cancel date must be after the start date ${sale.startDate}.` }]);
  }
  const blocked = settledAfter(state, sale, date, today, 'cancel');
  if (blocked) return fail([blocked]);
  return ok({ ...sale, endDate: date });
}

/**
 * Why a sale can't change from `date` on (cancel, pause): an invoice already due on or after it, or a
 * period on or after it that has already begun but was not billed yet (Daily Processes hasn't run: its
 * sessions may be in use). A voided invoice doesn't count.
 */
function settledAfter(
  state: State,
  sale: Sale,
  date: IsoDate,
  today: IsoDate,
  verb: 'cancel' | 'pause',
): FieldError | null {
  const archived = carryDate(state.adjustments.filter((a) => a.saleId === sale.id));
  if (archived !== null && date < archived) {
    return {
      field: 'date',
      message: `Sale ${sale.id}'s history before ${archived} is archived: ${verb} from ${archived} or later.`,
    };
  }
  // A cancel may come before a voided invoice (that period is simply not billed); a pause may not: it
  // would move that period's key, already used by the void invoice, and the period would never be billed.
  const own = state.invoices.filter((i) => i.saleId === sale.id && i.dueDate >= date);
  const lastBilled = own.filter((i) => verb === 'pause' || i.status !== 'void').sort((a, b) => b.number - a.number)[0];
  if (lastBilled) {
    return {
      field: 'date',
      message:
        verb === 'cancel'
          ? `Invoice #${lastBilled.number} is already due on ${lastBilled.dueDate}: cancel from a later date, or void that invoice first.`
          : `Invoice #${lastBilled.number} is already made for ${lastBilled.dueDate}: pause from a later date.`,
    };
  }
  const term = saleTerm(sale);
  const billed = new Set(state.invoices.filter((i) => i.saleId === sale.id).map((i) => i.period));
  for (let k = 0; periodInTerm(term, k) && dueDate(sale, k) <= today; k++) {
    if (dueDate(sale, k) >= date && !billed.has(k)) {
      return {
        field: 'date',
        message: `Period ${k + 1} already began on ${dueDate(sale, k)}: ${verb} from a date after it.`,
      };
    }
  }
  return null;
}

export const MAX_PAUSE_WEEKS = 52;

/** The pause's own fields, the same for every sale it applies to. */
export function checkPause(errors: FieldError[], raw: Record<string, unknown>, today: IsoDate): Pause {
  return {
    from: checkDate(errors, 'from', raw.from, 'Pause start', today, { maxDaysBack: 366, maxDaysAhead: 731 }),
    weeks: checkWhole(errors, 'weeks', raw.weeks, 'Pause weeks', 1, MAX_PAUSE_WEEKS),
  };
}

export interface PauseResult {
  sale: Sale;
  adjustment: Adjustment;
}

/**
 * Pauses a sale from `from` for `weeks` weeks: no invoice and no allocation falls due inside the pause,
 * and every later due date moves by the pause's length. The ledger records it as a 0-session row.
 */
export function pauseSale(state: State, input: unknown, today: IsoDate): Result<PauseResult> {
  const raw = asRecord(input);
  const errors: FieldError[] = [];
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale)
    errors.push({
      field: 'saleId',
      message: `No sale with id ${shownId(raw.saleId)}.`,
    });
  const { from, weeks } = checkPause(errors, raw, today);
  if (!sale || errors.length) return fail(errors);
  const status = saleStatus(sale, today);
  if (status !== 'active')
    return fail([{ field: 'saleId', message: `Sale ${sale.id} is ${status}: there is nothing to pause.` }]);
  if (from <= sale.startDate) {
    return fail([{ field: 'from', message: `A pause must start after the start date ${sale.startDate}.` }]);
  }
  const pauses = sale.pauses ?? [];
  const last = pauses[pauses.length - 1];
  if (last && from < pauseEnd(last)) {
    return fail([
      {
        field: 'from',
        message: `Sale ${sale.id} is already paused until ${pauseEnd(last)}: start this pause then or later.`,
      },
    ]);
  }
  const blocked = settledAfter(state, sale, from, today, 'pause');
  if (blocked) return fail([{ ...blocked, field: 'from' }]);
  const paused: Sale = { ...sale, pauses: [...pauses, { from, weeks }] };
  const next = nextDueDates(saleTerm(paused), plusDays(from, -1), 1)[0];
  const note = `Paused for ${weeks} week${weeks === 1 ? '' : 's'} from ${from}${next ? `: next invoice due ${next}` : ''}`;
  return ok({
    sale: paused,
    adjustment: {
      key: adjustmentKey(sale.id, 'pause', from),
      date: from,
      saleId: sale.id,
      clientName: sale.clientName,
      type: 'pause',
      sessions: 0,
      balance: 0,
      note,
    },
  });
}
