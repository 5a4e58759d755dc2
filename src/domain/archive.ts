/**
 * Archiving: the settled history of each sale moves out of the live tabs, so that every job reads the
 * recent rows only, however many years a studio keeps. What moves, for a cutoff date C:
 * - the ledger rows dated before C, replaced by one Carry row dated C that holds their balance;
 * - the invoices due before C that are settled (paid or void), with their payments.
 * Open invoices stay (they are receivables), whatever their age. A sale's rows dated before its Carry
 * row no longer count (ledger.liveLedger), and its periods due before it count as billed
 * (daily.processSale): that is what keeps billing exactly-once without the archived keys.
 */
import { type IsoDate, longDate, plusDays } from './dates';
import { bySale, carryDate, ledgerOrder, liveLedger } from './ledger';
import { lotsAfter, lotsSuffix } from './lots';
import { archiveRecognition, type RecognitionMonth } from './recognition';
import {
  type Adjustment,
  adjustmentKey,
  compareIds,
  type Invoice,
  type Payment,
  type State,
  saleIdOfKey,
} from './records';
import { type RevenueRow, revenueByMonth } from './reports';

export interface ArchivePlan {
  cutoff: IsoDate;
  /** New Carry rows, one per sale archived up to the cutoff. */
  carries: Adjustment[];
  /** The live rows that move, by key. */
  adjustmentKeys: Set<string>;
  invoiceKeys: Set<string>;
  paymentKeys: Set<string>;
  /** What the moved invoices and payments add to Revenue by Month. */
  revenue: RevenueRow[];
  /** What the moved invoices and ledger rows add to Revenue Recognition (recognition.ts). */
  recognition: RecognitionMonth[];
  /** The highest invoice number that moves (0 when none): numbering never goes back to it. */
  highestInvoiceNumber: number;
  /** False when the row limit stopped it: the rest moves at the next run. */
  complete: boolean;
  /** Sales left as they are because a row of theirs can't be read (archiving would hide it from the fix). */
  skipped: string[];
}

/** The cutoff for keeping `keepDays` days of history live. */
export function archiveCutoff(today: IsoDate, keepDays: number): IsoDate {
  return plusDays(today, -keepDays);
}

function isSettled(inv: Invoice): boolean {
  return inv.status === 'void' || inv.paidCents >= inv.amountCents;
}

/** The sales with a row that can't be read: keys in state.reservedKeys of no record read. */
function brokenSales(state: State, readable: ReadonlySet<string>): Set<string> {
  // state.reservedKeys holds every key and sale id in the tabs; those of no record read are the rows that
  // could not be read. Keys are `<sale id>:…`, so each names its sale.
  const read = new Set<string>(readable);
  for (const r of state.invoices) read.add(r.key);
  for (const r of state.adjustments) read.add(r.key);
  const broken = new Set<string>();
  for (const key of state.reservedKeys ?? []) if (!read.has(key)) broken.add(saleIdOfKey(key));
  return broken;
}

/** How many invoices carry each invoice number. */
function invoiceNumberCounts(invoices: readonly Invoice[]): Map<number, number> {
  const numbers = new Map<number, number>();
  for (const inv of invoices) numbers.set(inv.number, (numbers.get(inv.number) ?? 0) + 1);
  return numbers;
}

/** The payments of each invoice number, in their order. */
function paymentsByInvoice(payments: readonly Payment[]): Map<number, Payment[]> {
  const paymentsOf = new Map<number, Payment[]>();
  for (const p of payments) {
    const list = paymentsOf.get(p.invoiceNumber);
    if (list) list.push(p);
    else paymentsOf.set(p.invoiceNumber, [p]);
  }
  return paymentsOf;
}

/** A plan that moves nothing yet. */
function emptyPlan(cutoff: IsoDate): ArchivePlan {
  return {
    cutoff,
    carries: [],
    adjustmentKeys: new Set(),
    invoiceKeys: new Set(),
    paymentKeys: new Set(),
    revenue: [],
    recognition: [],
    highestInvoiceNumber: 0,
    complete: true,
    skipped: [],
  };
}

/**
 * The Carry row that holds the balance of a sale's live rows dated before the cutoff. With `lots` (a sale
 * whose sessions expire after N periods), its key lists which period's sessions it holds
 * (`S-1:carry:2026-03-02:p4=2,p5=6`), so that they still lapse when they would have.
 */
function carryRow(saleId: string, before: readonly Adjustment[], cutoff: IsoDate, lots: boolean): Adjustment {
  const sessions = before.reduce((sum, r) => sum + r.sessions, 0);
  const held = lots ? lotsSuffix(lotsAfter(ledgerOrder(before)).lots) : '';
  return {
    key: adjustmentKey(saleId, 'carry', held && sessions > 0 ? `${cutoff}:${held}` : cutoff),
    date: cutoff,
    saleId,
    clientName: before[before.length - 1].clientName,
    type: 'carry',
    sessions,
    balance: sessions,
    note: `Brought forward: the balance of the rows before ${longDate(cutoff)}, now in the archive`,
  };
}

/** What of one sale moves to the archive. */
interface SaleMove {
  carry: Adjustment | null;
  rows: Adjustment[];
  invoices: Invoice[];
  payments: Payment[];
}

/** The live lookups every sale's move is computed from. */
interface ArchiveIndex {
  ledgers: Map<string, Adjustment[]>;
  invoices: Map<string, Invoice[]>;
  numbers: Map<number, number>;
  paymentsOf: Map<number, Payment[]>;
  /** Sales whose sessions expire, or carry over and may come to: their Carry rows list the lots they hold. */
  expiring: Set<string>;
}

/** What of one sale moves up to `cutoff` (null when nothing does). */
function saleMove(saleId: string, index: ArchiveIndex, cutoff: IsoDate): SaleMove | null {
  const rows = index.ledgers.get(saleId) ?? [];
  const carried = carryDate(rows);
  const before = liveLedger(rows).filter((r) => r.date < cutoff);
  // Archived up to the later of the cutoff and its own Carry row (never back to an earlier date).
  let through = carried;
  let carry: Adjustment | null = null;
  // A sale with nothing new since its last Carry row (one that has finished) gets a new one all the same:
  // the previous run's Carry rows then leave as one block (deleted in one call), where keeping some of
  // them would scatter the rows to remove and make the run rewrite the live ledger.
  if (before.length && (carried === null || carried < cutoff)) {
    carry = carryRow(saleId, before, cutoff, index.expiring.has(saleId));
    through = cutoff;
  }
  if (through === null) return null;
  const rowsOut = rows.filter((r) => r.date < (through as IsoDate));
  const invoicesOut = (index.invoices.get(saleId) ?? []).filter(
    (inv) => inv.dueDate < (through as IsoDate) && isSettled(inv) && index.numbers.get(inv.number) === 1,
  );
  const paymentsOut = invoicesOut.flatMap((inv) => index.paymentsOf.get(inv.number) ?? []);
  if (rowsOut.length + invoicesOut.length + paymentsOut.length === 0 && carry === null) return null;
  return { carry, rows: rowsOut, invoices: invoicesOut, payments: paymentsOut };
}

/** The number of live rows a sale's move takes out. */
function moveSize(move: SaleMove): number {
  return move.rows.length + move.invoices.length + move.payments.length;
}

/** Adds one sale's move to the plan, collecting its invoices and payments for the revenue totals. */
function addMove(plan: ArchivePlan, move: SaleMove, movedInvoices: Invoice[], movedPayments: Payment[]): void {
  if (move.carry) plan.carries.push(move.carry);
  for (const r of move.rows) plan.adjustmentKeys.add(r.key);
  for (const inv of move.invoices) {
    plan.invoiceKeys.add(inv.key);
    plan.highestInvoiceNumber = Math.max(plan.highestInvoiceNumber, inv.number);
    movedInvoices.push(inv);
  }
  for (const p of move.payments) {
    plan.paymentKeys.add(p.key);
    movedPayments.push(p);
  }
}

/**
 * What to archive up to `cutoff`, sale by sale (in id order) until about `maxRows` rows would move.
 * Rows of a sale dated before an earlier Carry row (left behind by a run that stopped half-way) move too.
 * Only sales of the Sales tab that read whole are archived: a sale whose row, or one of whose invoice or
 * ledger rows, can't be read (state.reservedKeys) stays as it is until an owner fixes it, so that the fix
 * still counts (its periods billed, its sessions in the balance).
 */
export function archivePlan(
  state: State,
  payments: readonly Payment[],
  cutoff: IsoDate,
  maxRows = Number.POSITIVE_INFINITY,
): ArchivePlan {
  const readable = new Set(state.sales.map((s) => s.id));
  const broken = brokenSales(state, readable);
  const index: ArchiveIndex = {
    ledgers: bySale(state.adjustments),
    invoices: bySale(state.invoices),
    // An invoice number typed twice by hand: its payments can't be told apart, so neither invoice moves.
    numbers: invoiceNumberCounts(state.invoices),
    paymentsOf: paymentsByInvoice(payments),
    // Any of its terms (a change of package may have ended them): its sessions' periods still matter. And
    // any sale whose sessions carry over (Add): a change of package made after this run may make them
    // expire, each period's when it would have.
    expiring: new Set(
      state.sales
        .filter((s) =>
          [s.terms, ...(s.earlier ?? []).map((e) => e.terms)].some(
            (t) => t.expireAfterPeriods > 0 || t.rollover === 'add',
          ),
        )
        .map((s) => s.id),
    ),
  };
  const plan = emptyPlan(cutoff);
  const movedInvoices: Invoice[] = [];
  const movedPayments: Payment[] = [];
  let moved = 0;
  for (const saleId of [...index.ledgers.keys()].sort(compareIds)) {
    if (!readable.has(saleId)) continue;
    if (broken.has(saleId)) {
      plan.skipped.push(saleId);
      continue;
    }
    const move = saleMove(saleId, index, cutoff);
    if (move === null) continue;
    const count = moveSize(move);
    if (moved > 0 && moved + count > maxRows) {
      plan.complete = false;
      break;
    }
    moved += count;
    addMove(plan, move, movedInvoices, movedPayments);
  }
  plan.revenue = revenueByMonth(movedInvoices, movedPayments);
  // The Carry rows bring their sessions' unearned value forward; the moved history's months are kept.
  const recognised = archiveRecognition(state, plan.carries, movedInvoices);
  plan.carries = recognised.carries;
  plan.recognition = recognised.months;
  return plan;
}

/** Revenue by Month rows added together, month by month. */
export function addRevenue(a: readonly RevenueRow[], b: readonly RevenueRow[]): RevenueRow[] {
  const months = new Map<string, RevenueRow>();
  for (const r of [...a, ...b]) {
    const m = months.get(r.month) ?? { month: r.month, invoicedCents: 0, collectedCents: 0 };
    months.set(r.month, {
      month: r.month,
      invoicedCents: m.invoicedCents + r.invoicedCents,
      collectedCents: m.collectedCents + r.collectedCents,
    });
  }
  return [...months.values()].sort((x, y) => (x.month < y.month ? -1 : 1));
}
