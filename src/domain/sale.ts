/** Selling a package, cancelling and pausing a sale. */

import { type EarlierTerms, termsAt } from './change';
import { type Changes, NO_CHANGES, type Write } from './changes';
import { dailyProcesses } from './daily';
import { type IsoDate, longDate, maxDate, plusDays } from './dates';
import type { CancelInput, ChangeInput, PauseInput, PreviewSaleInput, SellInput } from './inputs';
import { balanceOf, carryDate, ledgersBySale, staleBalances } from './ledger';
import { type Cents, formatMoney } from './money';
import { describeTerms, type Package, periodPrice } from './package';
import {
  type Adjustment,
  adjustmentKey,
  type Choice,
  type Client,
  type Invoice,
  nextId,
  type Sale,
  type State,
} from './records';
import { reusedRequest } from './requests';
import { type FieldError, fail, ok, type Result } from './result';
import { dueOf, nextDueDates, type Pause, PERIOD_WORDS, pauseEnd, periodInTerm, termEnd } from './schedule';
import { type TaxRule, taxOn } from './tax';
import { dueDate, firstAllocationDate, saleTerm } from './term';
import { checkDate, shownId } from './validate';
import { counted } from './words';

/** How far back a sale may start (a backdated sale catches up) and how far ahead. */
export const SALE_WINDOW = { maxDaysBack: 366, maxDaysAhead: 366 };

export interface SaleRecords {
  sale: Sale;
  invoices: Invoice[];
  adjustments: Adjustment[];
  /** The Sales row, then its invoices and ledger rows. */
  changes: Changes;
}

/**
 * Sells `pkg` to `client`: the package's terms are copied onto the sale, and the first invoice (due on
 * the start date) and the first allocation are created now. A start date in the past also creates the
 * periods due since, exactly as Daily Processes would have.
 */
export function sell(
  state: Pick<State, 'invoices' | 'highestInvoiceNumber' | 'tax'>,
  args: { id: string; client: Client; pkg: Package; startDate: IsoDate; requestId?: string | null },
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
    ...(args.requestId ? { requestId: args.requestId } : {}),
  };
  const run = dailyProcesses(
    {
      sales: [sale],
      invoices: state.invoices,
      adjustments: [],
      highestInvoiceNumber: state.highestInvoiceNumber,
      tax: state.tax,
    },
    today,
  );
  const { newInvoices: invoices, newAdjustments: adjustments } = run;
  return ok({
    sale,
    invoices,
    adjustments,
    changes: { newSales: [sale], newInvoices: invoices, newAdjustments: adjustments },
  });
}

/** What a sale creates, shown before it is confirmed and on its receipt. */
export interface SalePreview {
  description: string;
  firstInvoice: { dueDate: IsoDate; amountCents: Cents; amount: string };
  firstAllocation: { date: IsoDate; sessions: number };
  nextDueDates: IsoDate[];
  /**
   * What selling creates at once, on the day it is sold: the first invoice, and when the start date is
   * past, every invoice due since (the catch-up, each on its own due date); and the balance that leaves.
   */
  atSale: { invoices: { dueDate: IsoDate; amountCents: Cents }[]; balance: number; pastStart: boolean };
}

export function salePreview(sale: Sale, tax?: TaxRule): SalePreview {
  const run = dailyProcesses({ sales: [sale], invoices: [], adjustments: [], tax }, sale.soldOn);
  const terms = termsAt(sale, 0);
  const first = tax ? taxOn(periodPrice(terms, 0), tax, terms.taxFree).grossCents : periodPrice(terms, 0);
  return {
    description: describeTerms(sale.terms),
    firstInvoice: {
      dueDate: sale.startDate,
      amountCents: first,
      amount: formatMoney(first),
    },
    firstAllocation: { date: firstAllocationDate(sale), sessions: sale.terms.sessionsPerPeriod },
    // After what the sale creates at once: a past start date's catch-up is not "next".
    nextDueDates: nextDueDates(saleTerm(sale), maxDate(sale.startDate, sale.soldOn), 3),
    atSale: {
      invoices: run.newInvoices.map(({ dueDate, amountCents }) => ({ dueDate, amountCents })),
      balance: balanceOf(run.newAdjustments),
      pastStart: sale.startDate < sale.soldOn,
    },
  };
}

function findPackage(packages: readonly Package[], id: string, errors: FieldError[]): Package | undefined {
  const pkg = packages.find((p) => p.id === id);
  if (!pkg) errors.push({ field: 'packageId', message: `No package with id ${shownId(id)}.` });
  return pkg;
}

/** What selling `{ packageId, startDate }` would create (nothing is sold). */
export function previewSale(
  packages: readonly Package[],
  raw: PreviewSaleInput,
  today: IsoDate,
  tax?: TaxRule,
): Result<SalePreview> {
  const errors: FieldError[] = [];
  const pkg = findPackage(packages, raw.packageId, errors);
  const startDate = checkDate(errors, 'startDate', raw.startDate, 'Package Start Date', today, SALE_WINDOW);
  if (!pkg || errors.length) return fail(errors);
  const { id: packageId, ...terms } = pkg;
  const sale: Sale = {
    id: '',
    clientId: '',
    clientName: '',
    packageId,
    terms,
    soldOn: today,
    startDate,
    endDate: null,
  };
  return ok(salePreview(sale, tax));
}

export interface SaleReceipt {
  saleId: string;
  invoiceNumbers: number[];
  balance: number;
  preview: SalePreview;
  /** True when the request id had already sold this sale: only what a crash left out was written. */
  duplicate: boolean;
}

/** What a sale may use: the clients and packages, and every sale id any tab names (never reused). */
export interface SaleCatalog {
  clients: readonly Client[];
  packages: readonly Package[];
  saleIds: () => Iterable<string>;
}

/** The request's sale, found again: whatever a crash left out, made exactly as Daily Processes would. */
function resumeSale(state: State, sale: Sale): Write<{ receipt: SaleReceipt }> {
  const repair = dailyProcesses({ ...state, sales: [sale] }, sale.soldOn);
  const adjustments = state.adjustments.filter((a) => a.saleId === sale.id);
  const invoices = [...state.invoices.filter((i) => i.saleId === sale.id), ...repair.newInvoices];
  const receipt: SaleReceipt = {
    saleId: sale.id,
    invoiceNumbers: invoices.map((i) => i.number),
    balance: balanceOf([...adjustments, ...repair.newAdjustments]),
    preview: salePreview(sale, state.tax),
    duplicate: true,
  };
  const { newInvoices, newAdjustments, balanceUpdates } = repair;
  return { changes: { newInvoices, newAdjustments, balanceUpdates }, reply: { receipt } };
}

/**
 * Sells a package: `{ clientId, packageId, startDate, requestId? }`. A retry with the same request id
 * finds its sale and writes only what is missing (a crash between writes heals).
 */
export function sellOrResume(
  state: State,
  catalog: SaleCatalog,
  raw: SellInput,
  today: IsoDate,
): Result<Write<{ receipt: SaleReceipt }>> {
  const errors: FieldError[] = [];
  const requestId = raw.requestId ?? null;
  const existing = requestId ? state.sales.find((s) => s.requestId === requestId) : undefined;
  if (existing) {
    const reused = reusedRequest(requestId as string, `sale ${existing.id}`, [
      { label: 'client', first: existing.clientId, now: shownId(raw.clientId) },
      { label: 'package', first: existing.packageId, now: shownId(raw.packageId) },
      { label: 'start date', first: existing.startDate, now: shownId(raw.startDate) },
    ]);
    return reused ? fail([reused]) : ok(resumeSale(state, existing));
  }
  const client = catalog.clients.find((c) => c.id === raw.clientId);
  if (!client) errors.push({ field: 'clientId', message: `No client with id ${shownId(raw.clientId)}.` });
  const pkg = findPackage(catalog.packages, raw.packageId, errors);
  if (!client || !pkg) return fail(errors);
  const id = nextId('S', catalog.saleIds());
  const sold = sell(state, { id, client, pkg, startDate: raw.startDate, requestId }, today);
  if (!sold.ok) return sold;
  const { sale, invoices, adjustments, changes } = sold.value;
  const receipt: SaleReceipt = {
    saleId: sale.id,
    invoiceNumbers: invoices.map((i) => i.number),
    balance: balanceOf(adjustments),
    preview: salePreview(sale, state.tax),
    duplicate: false,
  };
  return ok({ changes, reply: { receipt } });
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
/**
 * The first end date a cancellation asked for on `today` may take, by the sale's commitment: after its
 * first `minPeriods` billing periods (the end is the next period's due date, so the last committed period
 * runs its full length) and `noticeDays` after today. Null when its terms ask for neither.
 */
export function earliestEnd(sale: Sale, today: IsoDate): { date: IsoDate; why: string } | null {
  const { minPeriods, noticeDays } = sale.terms;
  const limits: { date: IsoDate; why: string }[] = [];
  if (minPeriods > 0) {
    const period = PERIOD_WORDS[sale.terms.frequency];
    limits.push({
      date: dueDate(sale, minPeriods),
      why: `the package requires ${counted(minPeriods, `paid ${period.one}`, `paid ${period.many}`)}`,
    });
  }
  if (noticeDays > 0) limits.push({ date: plusDays(today, noticeDays), why: `it needs ${noticeDays} days' notice` });
  if (!limits.length) return null;
  // The later limit decides (both, when they fall on the same day), and only it is given as the reason.
  const date = limits.reduce((a, b) => (b.date > a.date ? b : a)).date;
  return {
    date,
    why: limits
      .filter((l) => l.date === date)
      .map((l) => l.why)
      .join(' and '),
  };
}

/**
 * Why a cancellation from `requested` ends the sale later (its commitment), or null when it ends then:
 * "Ends Mon 6 Apr 2026, not Mon 2 Mar 2026: the package requires 6 paid weeks".
 */
export function cancelMoved(sale: Sale, requested: IsoDate, today: IsoDate): string | null {
  const earliest = earliestEnd(sale, today);
  if (!earliest || requested >= earliest.date) return null;
  return `Ends ${longDate(earliest.date)}, not ${longDate(requested)}: ${earliest.why}.`;
}

export function cancelSale(state: State, raw: CancelInput, today: IsoDate): Result<Sale> {
  const errors: FieldError[] = [];
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale) return fail([{ field: 'saleId', message: `No sale with id ${shownId(raw.saleId)}.` }]);
  const requested = checkDate(errors, 'date', raw.date, 'Cancel date', today, { maxDaysBack: 366, maxDaysAhead: 731 });
  if (errors.length) return fail(errors);
  // A cancellation asked for earlier than the commitment allows ends at the first date it does.
  const earliest = earliestEnd(sale, today);
  const date = earliest && requested < earliest.date ? earliest.date : requested;
  // The same cancellation again is a retry (a double click, or a reply lost): it changes nothing.
  if (sale.endDate === date || sale.endDate === requested) return ok(sale);
  if (sale.endDate)
    return fail([{ field: 'saleId', message: `Sale ${sale.id} is already cancelled from ${longDate(sale.endDate)}.` }]);
  if (date <= sale.startDate) {
    return fail([{ field: 'date', message: `Cancel date must be after the start date ${longDate(sale.startDate)}.` }]);
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
      message: `Sale ${sale.id}'s history before ${longDate(archived)} is archived: ${verb} from ${longDate(archived)} or later.`,
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
          ? `Invoice #${lastBilled.number} is already due on ${longDate(lastBilled.dueDate)}: cancel from a later date, or void that invoice first.`
          : `Invoice #${lastBilled.number} is already made for ${longDate(lastBilled.dueDate)}: pause from a later date.`,
    };
  }
  const term = saleTerm(sale);
  const billed = new Set(state.invoices.filter((i) => i.saleId === sale.id).map((i) => i.period));
  for (let k = 0; periodInTerm(term, k) && dueDate(sale, k) <= today; k++) {
    if (dueDate(sale, k) >= date && !billed.has(k)) {
      return {
        field: 'date',
        message: `Period ${k + 1} already began on ${longDate(dueDate(sale, k))}: ${verb} from a date after it.`,
      };
    }
  }
  return null;
}

export const MAX_PAUSE_WEEKS = 52;

/** The pause's own fields, the same for every sale it applies to. */
export function checkPause(errors: FieldError[], raw: Pause, today: IsoDate): Pause {
  return {
    from: checkDate(errors, 'from', raw.from, 'Pause start', today, { maxDaysBack: 366, maxDaysAhead: 731 }),
    weeks: raw.weeks,
  };
}

export interface PauseResult {
  sale: Sale;
  adjustment: Adjustment;
  /** The Pauses cell, then the ledger row and the balances after it. */
  changes: Changes;
}

/**
 * Pauses a sale from `from` for `weeks` weeks: no invoice and no allocation falls due inside the pause,
 * and every later due date moves by the pause's length. The ledger records it as a 0-session row.
 */
export function pauseSale(state: State, raw: PauseInput, today: IsoDate, untilPaid?: number): Result<PauseResult> {
  const errors: FieldError[] = [];
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale)
    errors.push({
      field: 'saleId',
      message: `No sale with id ${shownId(raw.saleId)}.`,
    });
  const { from, weeks } = checkPause(errors, raw, today);
  if (!sale || errors.length) return fail(errors);
  // The same pause again is a retry (a double click, or after a crash between its two writes).
  if ((sale.pauses ?? []).some((p) => p.from === from && p.weeks === weeks)) return ok(pauseAgain(state, sale, from));
  const status = saleStatus(sale, today);
  if (status !== 'active')
    return fail([{ field: 'saleId', message: `Sale ${sale.id} is ${status}: there is nothing to pause.` }]);
  // A sale cancelled from a later date still runs until then, but a pause would move its last periods
  // past the end it was cancelled at: cancelled sales are skipped, as README says.
  if (sale.endDate)
    return fail([
      {
        field: 'saleId',
        message: `Sale ${sale.id} is cancelled from ${longDate(sale.endDate)}: a cancelled sale is not paused.`,
      },
    ]);
  if (from <= sale.startDate) {
    return fail([{ field: 'from', message: `A pause must start after the start date ${longDate(sale.startDate)}.` }]);
  }
  const pauses = sale.pauses ?? [];
  const last = pauses[pauses.length - 1];
  if (last && from < pauseEnd(last)) {
    return fail([
      {
        field: 'from',
        message: `Sale ${sale.id} is already paused until ${longDate(pauseEnd(last))}: start this pause then or later.`,
      },
    ]);
  }
  const blocked = settledAfter(state, sale, from, today, 'pause');
  if (blocked) return fail([{ ...blocked, field: 'from' }]);
  const paused: Sale = { ...sale, pauses: [...pauses, { from, weeks, ...(untilPaid ? { untilPaid } : {}) }] };
  const row = pauseRow(paused, from, weeks);
  return ok({ sale: paused, adjustment: row, changes: pauseChanges(state, paused, row) });
}

/**
 * A pause's ledger row: 0 sessions, its note naming the pause's days, the due date just before it (which
 * the pause leaves as it is: often still to come when the pause is set) and the first one after it.
 * Deterministic (a retry after a crash writes the same note): it depends on the sale's terms only.
 */
function pauseRow(paused: Sale, from: IsoDate, weeks: number): Adjustment {
  const term = saleTerm(paused);
  const next = nextDueDates(term, plusDays(from, -1), 1)[0];
  // Due dates before the pause are not moved by it: the latest of them is within one period (≤ 366 days).
  const dues = nextDueDates(term, plusDays(from, -367), 400).filter((d) => d < from);
  const before = dues[dues.length - 1];
  const last = plusDays(from, weeks * 7 - 1);
  const days = `Paused for ${counted(weeks, 'week', 'weeks')} from ${longDate(from)} to ${longDate(last)}`;
  const earlier = before ? `the invoice due ${longDate(before)} comes before it` : '';
  const later = next ? `the next falls due ${longDate(next)}` : 'no invoice falls due after it';
  const note = `${days}: ${[earlier, later].filter(Boolean).join('; ')}.`;
  return {
    key: adjustmentKey(paused.id, 'pause', from),
    date: from,
    saleId: paused.id,
    clientName: paused.clientName,
    type: 'pause',
    sessions: 0,
    balance: 0,
    note,
  };
}

/** A pause already on the sale: its ledger row if it is there, else the row a crash left out. */
function pauseAgain(state: State, sale: Sale, from: IsoDate): PauseResult {
  const key = adjustmentKey(sale.id, 'pause', from);
  const recorded = state.adjustments.find((a) => a.key === key);
  if (recorded) return { sale, adjustment: recorded, changes: NO_CHANGES };
  const weeks = (sale.pauses ?? []).find((p) => p.from === from)?.weeks ?? 0;
  const row = pauseRow(sale, from, weeks);
  const { newAdjustments, balanceUpdates } = pauseChanges(state, sale, row);
  return { sale, adjustment: row, changes: { newAdjustments, balanceUpdates } };
}

/** A pause's writes: the sale, its ledger row with the balance there, and the later rows' balances. */
function pauseChanges(state: State, sale: Sale, row: Adjustment): Changes {
  const updates = staleBalances([...(ledgersBySale(state.adjustments).get(sale.id) ?? []), row]);
  const own = updates.find((u) => u.key === row.key);
  return {
    updatedSales: [sale],
    newAdjustments: [{ ...row, balance: own ? own.balance : row.balance }],
    balanceUpdates: updates.filter((u) => u.key !== row.key),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Change of package (change.ts holds the terms' history).

/** The first period due on `from` that is in the sale's term and not billed yet, or an error. */
function changePeriod(state: State, sale: Sale, from: IsoDate, today: IsoDate, errors: FieldError[]): number | null {
  const term = saleTerm(sale);
  const billed = new Set(state.invoices.filter((i) => i.saleId === sale.id).map((i) => i.period));
  const after = Math.max(0, ...(sale.earlier ?? []).map((e) => e.untilPeriod));
  // The next three due dates that could be chosen, to say which when the one given is not.
  const next: IsoDate[] = [];
  for (let k = 1; periodInTerm(term, k); k++) {
    const due = dueOf(term, k);
    if (billed.has(k) || k <= after || due < today) continue;
    if (due === from) return k;
    if (next.length < 3) next.push(due);
    else if (due > from) break;
  }
  const when = next.length ? ` The next are: ${next.map(longDate).join(', ')}.` : ' It has no period left to change.';
  errors.push({
    field: 'fromDate',
    message: `A change starts on a due date of sale ${sale.id} not billed yet.${when}`,
  });
  return null;
}

/**
 * Changes a sale's package from a period on: `{ saleId, packageId, fromDate, carry? }`. `fromDate` is the
 * due date of a period not billed yet; `carry` ("all", "none" or a number) says what an Add balance keeps.
 */
export function changePackage(
  state: State,
  packages: readonly Package[],
  raw: ChangeInput,
  today: IsoDate,
): Result<Sale> {
  const errors: FieldError[] = [];
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale) errors.push({ field: 'saleId', message: `No sale with id ${shownId(raw.saleId)}.` });
  const pkg = packages.find((p) => p.id === raw.packageId);
  if (!pkg) errors.push({ field: 'packageId', message: `No package with id ${shownId(raw.packageId)}.` });
  const from = checkDate(errors, 'fromDate', raw.fromDate, 'Change from', today, { maxDaysBack: 0, maxDaysAhead: 731 });
  const carry = raw.carry ?? 'all';
  if (!sale || !pkg || errors.length) return fail(errors);
  if (pkg.id === sale.packageId)
    return fail([{ field: 'packageId', message: `Sale ${sale.id} is on ${pkg.name} already.` }]);
  const k = changePeriod(state, sale, from, today, errors);
  if (k === null) return fail(errors);
  const { id: packageId, ...terms } = pkg;
  const ended: EarlierTerms = { untilPeriod: k, packageId: sale.packageId, terms: sale.terms, carry };
  return ok({ ...sale, packageId, terms, earlier: [...(sale.earlier ?? []), ended] });
}
