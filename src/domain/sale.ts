/** Selling a package and cancelling a sale. */
import { dailyProcesses, dueDate, saleTerm } from './daily';
import type { IsoDate } from './dates';
import type { Package } from './package';
import type { Adjustment, Client, Invoice, Sale, State } from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { periodInTerm, termEnd } from './schedule';
import { asRecord, checkDate } from './validate';

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

export type SaleStatus = 'active' | 'cancelled' | 'finished';

export function saleStatus(sale: Sale, today: IsoDate): SaleStatus {
  if (sale.endDate) return 'cancelled';
  const end = termEnd(saleTerm(sale));
  return end !== null && end <= today ? 'finished' : 'active';
}

/**
 * Cancels a sale from `date`: no invoice due on or after it will be created. Invoices already created
 * stay; to cancel from before one of them, void it first.
 */
export function cancelSale(state: State, input: unknown, today: IsoDate): Result<Sale> {
  const raw = asRecord(input);
  const errors: FieldError[] = [];
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale) return fail([{ field: 'saleId', message: `No sale with id ${String(raw.saleId ?? '')}.` }]);
  const date = checkDate(errors, 'date', raw.date, 'Cancel date', today, { maxDaysBack: 366, maxDaysAhead: 731 });
  if (errors.length) return fail(errors);
  if (sale.endDate)
    return fail([{ field: 'saleId', message: `Sale ${sale.id} is already cancelled from ${sale.endDate}.` }]);
  if (date <= sale.startDate) {
    return fail([{ field: 'date', message: `Cancel date must be after the start date ${sale.startDate}.` }]);
  }
  const lastBilled = state.invoices
    .filter((i) => i.saleId === sale.id && i.status !== 'void' && i.dueDate >= date)
    .sort((a, b) => b.number - a.number)[0];
  if (lastBilled) {
    return fail([
      {
        field: 'date',
        message: `Invoice #${lastBilled.number} is already due on ${lastBilled.dueDate}: cancel from a later date, or void that invoice first.`,
      },
    ]);
  }
  // A period on or after the cancel date that has already begun but was not billed yet (Daily
  // Processes hasn't run) can't be cancelled either: its sessions may be in use. (A voided one can.)
  const term = saleTerm(sale);
  const billed = new Set(state.invoices.filter((i) => i.saleId === sale.id).map((i) => i.period));
  for (let k = 0; periodInTerm(term, k) && dueDate(sale, k) <= today; k++) {
    if (dueDate(sale, k) >= date && !billed.has(k)) {
      return fail([
        {
          field: 'date',
          message: `Period ${k + 1} already began on ${dueDate(sale, k)}: cancel from a date after it.`,
        },
      ]);
    }
  }
  return ok({ ...sale, endDate: date });
}
