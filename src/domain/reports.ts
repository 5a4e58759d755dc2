/**
 * The owner's view: who owes what, who has sessions left, what comes next. Pure functions of the
 * records and today; the add-on writes each as a report tab after every run.
 */

import { termsAt } from './change';
import { daysBetween, type IsoDate, plusDays } from './dates';
import { isOverdue, outstanding } from './invoicing';
import { balanceOf, ledgerOrder, ledgersBySale } from './ledger';
import { lotsAfter } from './lots';
import type { Cents } from './money';
import { periodPrice } from './package';
import { replaySale } from './recognition';
import { type Adjustment, type Invoice, invoiceKey, type Payment, type Sale, type State } from './records';
import { saleStatus } from './sale';
import { firstPeriodFrom, periodInTerm, termEnd } from './schedule';
import { dueDate, saleTerm, sessionsExpire } from './term';

/** Each client's total outstanding, by client id. */
export function outstandingByClient(sales: readonly Sale[], invoices: readonly Invoice[]): Map<string, Cents> {
  const clientOf = new Map(sales.map((s) => [s.id, s.clientId]));
  const totals = new Map<string, Cents>();
  for (const inv of invoices) {
    const client = clientOf.get(inv.saleId);
    if (client !== undefined) totals.set(client, (totals.get(client) ?? 0) + outstanding(inv));
  }
  return totals;
}

export interface UpcomingRow {
  dueDate: IsoDate;
  saleId: string;
  clientName: string;
  packageName: string;
  amountCents: Cents;
}

/**
 * Invoices Daily Processes will create in the next `days` days: periods due after today whose invoice
 * does not exist yet (the first invoice of a sale starting later exists from the sale on).
 */
export function upcomingInvoices(
  sales: readonly Sale[],
  invoiceKeys: ReadonlySet<string>,
  today: IsoDate,
  days = 30,
): UpcomingRow[] {
  const until = plusDays(today, days);
  const rows: UpcomingRow[] = [];
  for (const sale of sales) {
    const term = saleTerm(sale);
    for (let k = firstPeriodFrom(term, plusDays(today, 1)); periodInTerm(term, k); k++) {
      const due = dueDate(sale, k);
      if (due > until) break;
      if (due <= today || invoiceKeys.has(invoiceKey(sale.id, k))) continue;
      rows.push({
        dueDate: due,
        saleId: sale.id,
        clientName: sale.clientName,
        packageName: sale.terms.name,
        amountCents: periodPrice(termsAt(sale, k), k),
      });
    }
  }
  return rows.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.saleId < b.saleId ? -1 : 1));
}

export interface OverdueRow {
  number: number;
  saleId: string;
  clientName: string;
  dueDate: IsoDate;
  amountCents: Cents;
  paidCents: Cents;
  outstandingCents: Cents;
  daysOverdue: number;
}

export function overdueInvoices(invoices: readonly Invoice[], today: IsoDate, graceDays: number): OverdueRow[] {
  return invoices
    .filter((inv) => isOverdue(inv, today, graceDays))
    .map((inv) => ({
      number: inv.number,
      saleId: inv.saleId,
      clientName: inv.clientName,
      dueDate: inv.dueDate,
      amountCents: inv.amountCents,
      paidCents: inv.paidCents,
      outstandingCents: outstanding(inv),
      daysOverdue: daysBetween(inv.dueDate, today),
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.number - b.number);
}

export interface SessionsRow {
  saleId: string;
  clientName: string;
  packageName: string;
  balance: number;
  /** When (some of) the unused sessions are lost: the next reset or lapse, the end, or null (never). */
  expires: IsoDate | null;
  /** The value of the unused sessions: what they were invoiced at, net of tax (heldCents). */
  valueCents: Cents;
}

/**
 * What a sale's unused sessions are worth: what they were invoiced at, net of tax (a gift session, or one
 * corrected in, holds nothing), as Revenue Recognition counts them (recognition.ts), so every "unearned"
 * figure the reports show is the same.
 */
function heldCents(rows: readonly Adjustment[], invoices: ReadonlyMap<string, Invoice>): Cents {
  return replaySale(rows, invoices).holding.lots.reduce((sum, lot) => sum + lot.cents, 0);
}

/** Sessions remaining per active sale, with their expiry and value (the unearned sessions). */
export function sessionsRemaining(state: State, today: IsoDate): SessionsRow[] {
  const ledgers = ledgersBySale(state.adjustments);
  const invoices = new Map(state.invoices.map((i) => [i.key, i]));
  const rows: SessionsRow[] = [];
  for (const sale of state.sales) {
    const balance = balanceOf(ledgers.get(sale.id) ?? []);
    if (saleStatus(sale, today) === 'finished' && balance <= 0) continue;
    const term = saleTerm(sale);
    const end = termEnd(term);
    const expires = unusedLapse(sale, ledgers.get(sale.id) ?? [], today, end);
    rows.push({
      saleId: sale.id,
      clientName: sale.clientName,
      packageName: sale.terms.name,
      balance,
      expires,
      valueCents: balance > 0 ? heldCents(ledgers.get(sale.id) ?? [], invoices) : 0,
    });
  }
  return rows.sort((a, b) =>
    a.clientName < b.clientName ? -1 : a.clientName > b.clientName ? 1 : a.saleId < b.saleId ? -1 : 1,
  );
}

/**
 * When a sale's unused sessions next lapse, or null when they never do: Reset sessions at the next
 * allocation, or when the term ends (every due date in the term comes before its end); Add sessions when
 * their oldest lapse, or when their term's end says (nextLapse). `rows`: the sale's ledger.
 */
export function unusedLapse(
  sale: Sale,
  rows: readonly Adjustment[],
  today: IsoDate,
  end: IsoDate | null = termEnd(saleTerm(sale)),
): IsoDate | null {
  return sale.terms.rollover === 'reset' ? (nextAllocation(sale, today) ?? end) : nextLapse(sale, rows);
}

/**
 * When an Add sale's oldest unused sessions lapse: the allocation that ages them out (expiring rollover),
 * or the sale's end (finite terms); null when they never do.
 */
function nextLapse(sale: Sale, rows: readonly Adjustment[]): IsoDate | null {
  const end = sessionsExpire(sale);
  const oldest = sale.terms.expireAfterPeriods > 0 ? lotsAfter(ledgerOrder(rows)).lots[0] : undefined;
  if (!oldest) return end;
  const k = oldest.period + sale.terms.expireAfterPeriods;
  const lapse = periodInTerm(saleTerm(sale), k) ? dueDate(sale, k) : null;
  return lapse !== null && (end === null || lapse < end) ? lapse : end;
}

export interface RevenueRow {
  month: string;
  invoicedCents: Cents;
  collectedCents: Cents;
}

/**
 * Revenue per month (YYYY-MM): invoiced by due date (void excluded); collected by payment date. An
 * amount marked paid by hand beyond the recorded payments counts in the invoice's due month.
 */
export function revenueByMonth(invoices: readonly Invoice[], payments: readonly Payment[]): RevenueRow[] {
  const months = new Map<string, RevenueRow>();
  const row = (date: IsoDate) => {
    const month = date.slice(0, 7);
    let r = months.get(month);
    if (!r) {
      r = { month, invoicedCents: 0, collectedCents: 0 };
      months.set(month, r);
    }
    return r;
  };
  const recorded = new Map<number, Cents>();
  for (const p of payments) {
    row(p.date).collectedCents += p.amountCents;
    recorded.set(p.invoiceNumber, (recorded.get(p.invoiceNumber) ?? 0) + p.amountCents);
  }
  for (const inv of invoices) {
    if (inv.status === 'void') continue;
    row(inv.dueDate).invoicedCents += inv.amountCents;
    const byHand = inv.paidCents - (recorded.get(inv.number) ?? 0);
    if (byHand > 0) row(inv.dueDate).collectedCents += byHand;
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

/** The next allocation after today (period 1 on; period 0 is allocated at the sale), or null. */
function nextAllocation(sale: Sale, today: IsoDate): IsoDate | null {
  const term = saleTerm(sale);
  for (let k = Math.max(1, firstPeriodFrom(term, plusDays(today, 1))); periodInTerm(term, k); k++) {
    const due = dueDate(sale, k);
    if (due > today) return due;
  }
  return null;
}
