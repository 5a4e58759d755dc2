/**
 * Daily Processes: for every sale, everything that should exist up to and including `today` and does
 * not yet exist (matched by key), in date order. A run after missed days creates each missed period on
 * its own due date; running it again on its own output adds nothing.
 */

import { changeAmount, changeAt, changeNote, type EarlierTerms, termsAt } from './change';
import { type IsoDate, longDate } from './dates';
import {
  balanceAboveRules,
  deletedAllocation,
  deletedInvoice,
  issuedEvidence,
  issuedIndex,
  orphanPayments,
  overpaidInvoices,
} from './integrity';
import { type BalanceUpdate, carryDate, ledgerOrder, ledgersBySale, staleBalances } from './ledger';
import { unusedThrough } from './lots';
import { periodPrice } from './package';
import {
  type Adjustment,
  type AdjustmentType,
  adjustmentKey,
  compareIds,
  type Invoice,
  invoiceKey,
  type Sale,
  type State,
} from './records';
import { periodsUntil } from './schedule';
import { withTax } from './tax';
import { dueDate, firstAllocationDate, saleTerm, sessionsExpire } from './term';
import { counted } from './words';

export interface DailyResult {
  newInvoices: Invoice[];
  newAdjustments: Adjustment[];
  /** Existing rows whose running balance changed because a missed period was inserted before them. */
  balanceUpdates: BalanceUpdate[];
  problems: string[];
  /** Keys of invoices the studio issued whose rows are gone: reported, never made again (integrity.ts). */
  deleted: string[];
}

export function nextInvoiceNumber(invoices: readonly Pick<Invoice, 'number'>[]): number {
  let max = 0;
  for (const inv of invoices) max = Math.max(max, inv.number);
  return max + 1;
}

export interface Wanted {
  key: string;
  date: IsoDate;
  type: AdjustmentType;
  /**
   * Sessions this row changes, given the balance just before it and the sale's rows before it in ledger
   * order (0 = nothing to record).
   */
  amount: (balance: number, before: readonly Adjustment[]) => number;
  note: string;
}

/** The nightly ledger rows a sale should have by `today`, in no particular order. */
function wantedRows(sale: Sale, periods: number[], today: IsoDate): Wanted[] {
  const rows: Wanted[] = [];
  for (const k of periods) {
    // The terms of period k (a change of package switches them at its period).
    const { sessionsPerPeriod: n, rollover, rolloverCap } = termsAt(sale, k);
    const expireAfter = rollover === 'add' ? termsAt(sale, k).expireAfterPeriods : 0;
    const date = k === 0 ? firstAllocationDate(sale) : dueDate(sale, k);
    // Unused sessions of the period before lapse by that period's terms.
    if (k > 0 && termsAt(sale, k - 1).rollover === 'reset') {
      rows.push({
        key: adjustmentKey(sale.id, 'reset', k),
        date,
        type: 'reset',
        amount: (b) => -Math.max(b, 0),
        note: `Unused sessions lost at the start of period ${k + 1}`,
      });
    }
    const ended = changeAt(sale, k);
    if (ended) rows.push(changeRow(sale, k, ended, date));
    rows.push({
      key: adjustmentKey(sale.id, 'allocate', k),
      date,
      type: 'allocate',
      amount: () => n,
      note: `Period ${k + 1}: ${counted(n, 'session', 'sessions')}`,
    });
    if (rollover === 'add' && rolloverCap !== null) {
      rows.push({
        key: adjustmentKey(sale.id, 'cap', k),
        date,
        type: 'cap',
        amount: (b) => -Math.max(b - rolloverCap, 0),
        note: `Sessions over the rollover cap of ${rolloverCap} lost`,
      });
    }
    if (expireAfter > 0 && k >= expireAfter) rows.push(lapseRow(sale, k, expireAfter, date));
  }
  const expiry = sessionsExpire(sale);
  if (expiry !== null && expiry <= today) {
    const after =
      sale.terms.rollover === 'add' && sale.terms.usableDays ? ` (usable ${sale.terms.usableDays} days after)` : '';
    rows.push({
      key: adjustmentKey(sale.id, 'expire', 'end'),
      date: expiry,
      type: 'expire',
      amount: (b) => -Math.max(b, 0),
      note: sale.endDate
        ? `Unused sessions expired: cancelled from ${longDate(sale.endDate)}${after}`
        : `Unused sessions expired: package ended${after}`,
    });
  }
  return rows;
}

/** A change of package at period k: the rule of the terms it ends applied to an Add balance (always a row). */
function changeRow(sale: Sale, k: number, ended: EarlierTerms, date: IsoDate): Wanted {
  return {
    key: adjustmentKey(sale.id, 'change', k),
    date,
    type: 'change',
    amount: (b) => changeAmount(ended, b),
    note: changeNote(ended, termsAt(sale, k), k),
  };
}

/** At period k's allocation: the sessions of period k − N and before still unused lapse (used oldest first). */
function lapseRow(sale: Sale, k: number, expireAfter: number, date: IsoDate): Wanted {
  const through = k - expireAfter;
  return {
    key: adjustmentKey(sale.id, 'expire', k),
    date,
    type: 'expire',
    amount: (b, before) => -Math.min(unusedThrough(before, through), Math.max(b, 0)),
    note: `Unused sessions of period ${through + 1}${through > 0 ? ' and before' : ''} expired (usable for ${counted(expireAfter, 'period', 'periods')})`,
  };
}

/**
 * The rules of the sale's nightly rows due by `today`, by key: what each row's amount is, given the ledger
 * before it. A late check-in replays them to state its effect (sessions.ts).
 */
export function nightlyRules(sale: Sale, existing: readonly Adjustment[], today: IsoDate): Map<string, Wanted> {
  const periods = periodsUntil(saleTerm(sale), today, carryDate(existing));
  return new Map(wantedRows(sale, periods, today).map((w) => [w.key, w]));
}

export interface SaleResult {
  invoices: Omit<Invoice, 'number'>[];
  adjustments: Adjustment[];
  balanceUpdates: BalanceUpdate[];
  /** The sale's live ledger once these rows are added. */
  ledger: readonly Adjustment[];
  /** Allocations issued and gone (a later one is in the ledger): reported, never made again. */
  deletedRows?: string[];
}

/** The invoices of `periods` the sale doesn't have yet (none for periods due before its Carry row). */
function missingInvoices(
  sale: Sale,
  periods: readonly number[],
  invoiceKeys: ReadonlySet<string>,
  carried: IsoDate | null,
): Omit<Invoice, 'number'>[] {
  const invoices: Omit<Invoice, 'number'>[] = [];
  for (const k of periods) {
    const key = invoiceKey(sale.id, k);
    if (invoiceKeys.has(key) || (carried !== null && dueDate(sale, k) < carried)) continue;
    invoices.push({
      key,
      saleId: sale.id,
      clientName: sale.clientName,
      period: k,
      dueDate: dueDate(sale, k),
      amountCents: periodPrice(termsAt(sale, k), k),
      paidCents: 0,
      status: periodPrice(termsAt(sale, k), k) === 0 ? 'paid' : 'open',
    });
  }
  return invoices;
}

/** A ledger row, or a wanted one still to be given its amount. */
type Entry = { row: Adjustment; wanted?: Wanted };

/** The existing rows and the missing ones (with no amount yet), in ledger order. */
function orderedEntries(sale: Sale, existing: readonly Adjustment[], missing: readonly Wanted[]): Entry[] {
  const entries: Entry[] = existing.map((row) => ({ row }));
  for (const w of missing) {
    entries.push({
      row: {
        key: w.key,
        date: w.date,
        saleId: sale.id,
        clientName: sale.clientName,
        type: w.type,
        sessions: 0,
        balance: 0,
        note: w.note,
      },
      wanted: w,
    });
  }
  return ledgerOrder(entries.map((e) => ({ ...e, date: e.row.date, type: e.row.type })));
}

/**
 * Replays the ledger in order, giving each missing row its amount and running balance: the rows created
 * (a zero change other than an allocation is left out) and the whole ledger kept.
 */
function replayLedger(ordered: readonly Entry[]): { created: Adjustment[]; kept: Adjustment[] } {
  const created: Adjustment[] = [];
  const kept: Adjustment[] = [];
  let balance = 0;
  for (const e of ordered) {
    if (e.wanted) {
      const sessions = e.wanted.amount(balance, kept);
      // A zero change is left out, but for an allocation and a change of package (the record of it).
      if (sessions === 0 && e.row.type !== 'allocate' && e.row.type !== 'change') continue;
      balance += sessions;
      const row = { ...e.row, sessions, balance };
      created.push(row);
      kept.push(row);
    } else {
      balance += e.row.sessions;
      kept.push(e.row);
    }
  }
  return { created, kept };
}

/**
 * What one sale is missing by `today`: invoices for every period due, and the ledger rows of each
 * allocation, with amounts computed by replaying the ledger in date order.
 */
export function processSale(
  sale: Sale,
  invoiceKeys: ReadonlySet<string>,
  /** The sale's live ledger (ledger.liveLedger). */
  existing: readonly Adjustment[],
  today: IsoDate,
  reserved: ReadonlySet<string> = new Set(),
): SaleResult {
  // Everything of the sale dated before its Carry row is settled and archived: those periods were billed.
  const carried = carryDate(existing);
  const periods = periodsUntil(saleTerm(sale), today, carried);
  const invoices = missingInvoices(sale, periods, invoiceKeys, carried);

  const have = new Set(existing.map((r) => r.key));
  const absent = wantedRows(sale, periods, today).filter(
    (w) => !have.has(w.key) && !reserved.has(w.key) && (carried === null || w.date >= carried),
  );
  // Periods are allocated in order, so an allocation missing below one that is there was issued and its
  // row deleted by hand: made again, it would give the sessions twice in the owner's eyes.
  // The sale's own ledger only: the studio's reserved keys are millions at scale (once per sale: quadratic).
  const later = allocatedPeriods(
    sale.id,
    existing.map((r) => r.key),
  );
  const deletedRows = absent
    .filter((w) => w.type === 'allocate' && later.some((k) => k > periodOfKey(w.key)))
    .map((w) => w.key);
  const missing = absent.filter((w) => !deletedRows.includes(w.key));
  // Nothing to add: still repair running balances left stale (a run stopped between a balance update
  // and its row, or an owner deleted a row), so the Balance column always matches the ledger.
  if (missing.length === 0)
    return { invoices, adjustments: [], balanceUpdates: staleBalances(existing), ledger: existing, deletedRows };

  const { created, kept } = replayLedger(orderedEntries(sale, existing, missing));
  const createdKeys = new Set(created.map((r) => r.key));
  const balanceUpdates = staleBalances(kept).filter((u) => !createdKeys.has(u.key));
  return { invoices, adjustments: created, balanceUpdates, ledger: kept, deletedRows };
}

/** The periods whose allocation (`<sale>:allocate:<k>`) is among `keys`. */
function allocatedPeriods(saleId: string, keys: readonly string[]): number[] {
  const prefix = adjustmentKey(saleId, 'allocate', '');
  return keys.filter((k) => k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length))).map(periodOfKey);
}

function periodOfKey(key: string): number {
  return Number(key.slice(key.lastIndexOf(':') + 1));
}

/** Invoices naming a sale the Sales tab doesn't have. */
function orphanInvoices(state: State, reserved: ReadonlySet<string>): string[] {
  const saleIds = new Set(state.sales.map((s) => s.id));
  return state.invoices
    .filter((inv) => !saleIds.has(inv.saleId) && !reserved.has(inv.saleId))
    .map((inv) => `Invoice #${inv.number} (${inv.key}) names sale ${inv.saleId}, which is not in the Sales tab.`);
}

export function dailyProcesses(state: State, today: IsoDate): DailyResult {
  const reserved = state.reservedKeys ?? new Set<string>();
  const invoiceKeys = new Set([...state.invoices.map((i) => i.key), ...reserved]);
  const ledgers = ledgersBySale(state.adjustments);
  const problems: string[] = orphanInvoices(state, reserved);
  const invoices: Omit<Invoice, 'number'>[] = [];
  const adjustments: Adjustment[] = [];
  const balanceUpdates: BalanceUpdate[] = [];
  const gone: Omit<Invoice, 'number'>[] = [];
  const issued = issuedIndex(state);

  for (const sale of [...state.sales].sort((a, b) => compareIds(a.id, b.id))) {
    const result = processSale(sale, invoiceKeys, ledgers.get(sale.id) ?? [], today, reserved);
    // Issued once and gone: deleted by hand, reported, never made again under a new number.
    for (const inv of result.invoices) {
      const evidence = issuedEvidence(issued, inv.saleId, inv.period);
      if (evidence !== null) problems.push(deletedInvoice(inv, evidence));
      (evidence === null ? invoices : gone).push(inv);
    }
    for (const key of result.deletedRows ?? []) problems.push(deletedAllocation(key, sale.clientName));
    adjustments.push(...result.adjustments);
    balanceUpdates.push(...result.balanceUpdates);
    const above = balanceAboveRules(sale, result.ledger);
    if (above) problems.push(above);
  }
  problems.push(...overpaidInvoices(state.invoices));
  const payments = state.payments ?? [];
  problems.push(...orphanPayments(payments, state.invoiceNumbers ?? new Set(state.invoices.map((i) => i.number))));

  // A number is never issued twice: not one a payment names (its invoice deleted), nor one issued before.
  let number = Math.max(
    nextInvoiceNumber(state.invoices),
    nextInvoiceNumber(payments.map((p) => ({ number: p.invoiceNumber }))),
    (state.highestInvoiceNumber ?? 0) + 1,
  );
  const byDue = (a: { dueDate: IsoDate; saleId: string; period: number }, b: typeof a) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : compareIds(a.saleId, b.saleId) || a.period - b.period;
  // Each new invoice's tax is fixed now, from today's rule (tax.ts).
  // Tax-free by the terms of the invoice's period (a change of package may switch it).
  const sales = new Map(state.sales.map((s) => [s.id, s]));
  const taxFree = (inv: { saleId: string; period: number }) => {
    const sale = sales.get(inv.saleId);
    return sale ? termsAt(sale, inv.period).taxFree === true : false;
  };
  const newInvoices = invoices.sort(byDue).map((inv) => {
    const made = { ...inv, number: number++ };
    return state.tax ? withTax(made, state.tax, taxFree(inv)) : made;
  });
  const newAdjustments = adjustments
    .map((row, i) => ({ row, i }))
    .sort((a, b) =>
      a.row.date < b.row.date ? -1 : a.row.date > b.row.date ? 1 : compareIds(a.row.saleId, b.row.saleId) || a.i - b.i,
    )
    .map((x) => x.row);
  return { newInvoices, newAdjustments, balanceUpdates, problems, deleted: gone.map((inv) => inv.key) };
}
