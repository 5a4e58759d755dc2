/**
 * A sale as it stands today, in one place: its sessions left, what is still owed on it, when its next
 * sessions come (the next invoice's due date), when unused ones lapse, the pause under way or to come, and
 * who shares it. The history sidebar, the check-in sidebar and the phone desk show it (`getAdjustments`,
 * `deskClient`); client email reads the same sums (what each sale owes, the sessions it holds). Which
 * sales are still in use is desk.ts's `stillInUse`.
 */
import { type IsoDate, plusDays } from './dates';
import { outstanding } from './invoicing';
import { balanceOf } from './ledger';
import type { Cents } from './money';
import type { Adjustment, Invoice, Sale } from './records';
import { unusedLapse } from './reports';
import { type SaleStatus, saleStatus } from './sale';
import { pauseEnd, periodInTerm } from './schedule';
import { type Person, type PersonUsage, usageByPerson } from './shared';
import { dueDate, saleTerm } from './term';

export interface SaleSummary {
  id: string;
  clientId: string;
  clientName: string;
  packageName: string;
  startDate: string;
  endDate: string | null;
  status: SaleStatus;
  balance: number;
  /** When the next period's sessions come (its invoice's due date), how many, and what happens to unused ones. */
  nextDueDate: string | null;
  sessionsPerPeriod: number;
  rollover: Sale['terms']['rollover'];
  /** What the client still owes on this sale's invoices, in cents. */
  outstandingCents: number;
  /** Others who check in against it (a shared sale), and the sessions each person has used. */
  sharedWith: Person[];
  usage: PersonUsage[];
  /** When its unused sessions next lapse (null: never). */
  lapsesOn: string | null;
  /** The pause under way or to come (its first and last days), or null. */
  pause: { from: string; to: string } | null;
}

/** What a sale's invoices add up to: what is still owed on them, and how many periods are invoiced. */
export interface SaleInvoicing {
  owedCents: Cents;
  invoicedPeriods: number;
}

const NOTHING_INVOICED: SaleInvoicing = { owedCents: 0, invoicedPeriods: 0 };

/** Each sale's invoicing, by sale id, from the invoices (the one sum of what a sale owes). */
export function invoicingBySale(invoices: readonly Invoice[]): Map<string, SaleInvoicing> {
  const bySale = new Map<string, SaleInvoicing>();
  for (const inv of invoices) {
    const so = bySale.get(inv.saleId);
    if (!so) bySale.set(inv.saleId, { owedCents: outstanding(inv), invoicedPeriods: inv.period + 1 });
    else {
      so.owedCents += outstanding(inv);
      so.invoicedPeriods = Math.max(so.invoicedPeriods, inv.period + 1);
    }
  }
  return bySale;
}

/** The first pause not over by `today`: its first and last days. */
export function pauseAhead(sale: Sale, today: IsoDate): SaleSummary['pause'] {
  const p = (sale.pauses ?? []).find((x) => plusDays(pauseEnd(x), -1) >= today);
  return p ? { from: p.from, to: plusDays(pauseEnd(p), -1) } : null;
}

/** When the sale's next sessions come: the due date of its first period not invoiced, when its term has one. */
export function nextSessionsDue(sale: Sale, invoicedPeriods: number): IsoDate | null {
  return periodInTerm(saleTerm(sale), invoicedPeriods) ? dueDate(sale, invoicedPeriods) : null;
}

/**
 * One sale's summary: `rows` are its ledger rows (in ledger order), `invoicing` its invoices' sums
 * (invoicingBySale; none yet when absent).
 */
export function saleSummary(
  sale: Sale,
  rows: readonly Adjustment[],
  invoicing: SaleInvoicing | undefined,
  today: IsoDate,
): SaleSummary {
  const { owedCents, invoicedPeriods } = invoicing ?? NOTHING_INVOICED;
  return {
    id: sale.id,
    clientId: sale.clientId,
    clientName: sale.clientName,
    packageName: sale.terms.name,
    startDate: sale.startDate,
    endDate: sale.endDate,
    status: saleStatus(sale, today),
    balance: balanceOf(rows),
    nextDueDate: nextSessionsDue(sale, invoicedPeriods),
    sessionsPerPeriod: sale.terms.sessionsPerPeriod,
    rollover: sale.terms.rollover,
    outstandingCents: owedCents,
    sharedWith: sale.sharedWith ?? [],
    usage: sale.sharedWith?.length ? usageByPerson(sale, rows) : [],
    lapsesOn: unusedLapse(sale, rows, today),
    pause: pauseAhead(sale, today),
  };
}
