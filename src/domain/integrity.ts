/**
 * What Daily Processes checks of the records as an owner left them (issue 28). The rules bill from the
 * tabs, so a row deleted or retyped by hand would otherwise change what they do without a word:
 * - an invoice the studio issued and whose row is gone is **deleted**, not missing: it is never made
 *   again (that would bill its period twice, under a new number) and is reported with what shows it
 *   existed — its period's ledger rows (written after the invoice, in every write order), or its email;
 * - a payment whose invoice is not in the Invoices tab is reported;
 * - a Paid above the invoice's amount is reported (the excess is not taken as credit);
 * - a balance above what the rules allow after a period's nightly rows (a Reset that left sessions, a Cap
 *   that left more than the cap, an Expire that left any) is reported: a row before it was deleted or
 *   changed by hand.
 * Rows that moved to the archive are none of these: a sale's periods due before its Carry row are not
 * wanted again (daily.processSale), and an archived invoice leaves with its payments.
 */
import { termsAt } from './change';
import { type IsoDate, longDate } from './dates';
import { isSystemType, ledgerOrder } from './ledger';
import { formatMoney } from './money';
import {
  type Adjustment,
  type AdjustmentType,
  adjustmentKey,
  type Invoice,
  invoiceKey,
  type Payment,
  type Sale,
  type State,
} from './records';
import { counted } from './words';

/** The nightly rows of period k (`<sale>:<type>:<k>`), each written after invoice k, never before it. */
const PERIOD_ROWS: readonly AdjustmentType[] = ['allocate', 'reset', 'change', 'cap', 'expire'];

/** What shows which invoices the studio issued, beside the Invoices tab. */
export interface IssuedIndex {
  /** Every ledger key in the Adjustments tab, rows that can't be read included. */
  ledger: ReadonlySet<string>;
  /** Invoice keys the Email Log names (an invoice email, or a reminder). */
  emailed: ReadonlyMap<string, string>;
}

export function issuedIndex(state: State): IssuedIndex {
  const emailed = new Map<string, string>();
  for (const key of state.emailLogKeys ?? []) {
    const invoice = /^invoice:(.+)$/.exec(key)?.[1] ?? /^reminder:(.+):\d+$/.exec(key)?.[1];
    if (invoice && !emailed.has(invoice)) emailed.set(invoice, key);
  }
  return { ledger: new Set([...state.adjustments.map((a) => a.key), ...(state.reservedKeys ?? [])]), emailed };
}

/** What shows that period `period` of `saleId` was invoiced, or null when nothing does. */
export function issuedEvidence(index: IssuedIndex, saleId: string, period: number): string | null {
  for (const type of PERIOD_ROWS) {
    const key = adjustmentKey(saleId, type, period);
    if (index.ledger.has(key)) return `the Adjustments tab has its period's ledger row ${key}`;
  }
  const logged = index.emailed.get(invoiceKey(saleId, period));
  return logged ? `the Email Log has its email ${logged}` : null;
}

/** The report of an issued invoice whose row is gone. */
export function deletedInvoice(inv: Omit<Invoice, 'number'>, evidence: string): string {
  return (
    `Invoice ${inv.key} (${inv.clientName}, period ${inv.period + 1}, due ${longDate(inv.dueDate)}) is not in the ` +
    `Invoices tab, but ${evidence}: its row was deleted. It is not made again (that would bill the period twice). ` +
    'Restore the row (Edit › Undo, or File › Version history); to cancel an invoice, set its Status to Void.'
  );
}

/** The report of an allocation whose row is gone while a later period's is there. */
export function deletedAllocation(key: string, clientName: string): string {
  return (
    `Adjustments: the allocation ${key} (${clientName}) is not in the tab, but a later period's allocation is: ` +
    'its row was deleted. It is not made again. Restore the row (Edit › Undo, or File › Version history); to ' +
    'take sessions back, record a correction instead.'
  );
}

/** Payments whose invoice number no row of the Invoices tab holds (readable or not). */
export function orphanPayments(payments: readonly Payment[], numbers: ReadonlySet<number>): string[] {
  return payments
    .filter((p) => !numbers.has(p.invoiceNumber))
    .map(
      (p) =>
        `Payment ${p.key} (${p.clientName}, ${formatMoney(p.amountCents)} on ${longDate(p.date)}) is for invoice ` +
        `#${p.invoiceNumber}, which is not in the Invoices tab: its row was deleted, or the payment's Invoice No ` +
        'changed. Restore the invoice row (Edit › Undo, or File › Version history), or correct the Invoice No.',
    );
}

/** Invoices whose Paid is above their amount: the excess is reported, never taken as credit. */
export function overpaidInvoices(invoices: readonly Invoice[]): string[] {
  return invoices
    .filter((inv) => inv.status !== 'void' && inv.paidCents > inv.amountCents)
    .map(
      (inv) =>
        `Invoice #${inv.number} (${inv.key}, ${inv.clientName}): Paid ${formatMoney(inv.paidCents)} is above its ` +
        `amount ${formatMoney(inv.amountCents)}. The ${formatMoney(inv.paidCents - inv.amountCents)} over is not ` +
        'counted as credit: correct Paid to what the payments add up to, and refund or record any overpayment yourself.',
    );
}

/** The most a sale's balance may be after the nightly rows of a date, and the rule that sets it. */
interface Limit {
  most: number;
  rule: string;
}

function tighter(limits: Map<IsoDate, Limit>, date: IsoDate, limit: Limit): void {
  const was = limits.get(date);
  if (!was || limit.most < was.most) limits.set(date, limit);
}

/** The period of a nightly row of this sale and type (`<sale>:<type>:<k>`), or null. */
function periodOf(saleId: string, type: AdjustmentType, key: string): number | null {
  const prefix = adjustmentKey(saleId, type, '');
  if (!key.startsWith(prefix) || !/^\d+$/.test(key.slice(prefix.length))) return null;
  return Number(key.slice(prefix.length));
}

/** What the rules allow after the nightly rows of each date the sale's ledger has them. */
function limitsOf(sale: Sale, ledger: readonly Adjustment[]): Map<IsoDate, Limit> {
  const limits = new Map<IsoDate, Limit>();
  for (const row of ledger) {
    if (row.key === adjustmentKey(sale.id, 'expire', 'end'))
      tighter(limits, row.date, { most: 0, rule: 'none once its sessions expired' });
    const k = row.type === 'allocate' ? periodOf(sale.id, 'allocate', row.key) : null;
    if (k === null) continue;
    const terms = termsAt(sale, k);
    if (k > 0 && termsAt(sale, k - 1).rollover === 'reset') {
      const n = terms.sessionsPerPeriod;
      tighter(limits, row.date, {
        most: n,
        rule: `${counted(n, 'session', 'sessions')}, a period's own after the Reset`,
      });
    }
    if (terms.rollover === 'add' && terms.rolloverCap !== null) {
      const cap = terms.rolloverCap;
      tighter(limits, row.date, { most: cap, rule: `the rollover cap of ${counted(cap, 'session', 'sessions')}` });
    }
  }
  return limits;
}

/**
 * The first point of a sale's live ledger where the balance, after the nightly rows of a date, is above
 * what the rules allow (a row before it deleted, or a Sessions cell changed, by hand), as a report; or null.
 */
export function balanceAboveRules(sale: Sale, ledger: readonly Adjustment[]): string | null {
  const limits = limitsOf(sale, ledger);
  if (limits.size === 0) return null;
  const ordered = ledgerOrder(ledger);
  let balance = 0;
  for (let i = 0; i < ordered.length; i++) {
    const row = ordered[i];
    balance += row.sessions;
    const next = ordered[i + 1];
    const lastNightly = isSystemType(row.type) && !(next && next.date === row.date && isSystemType(next.type));
    const limit = lastNightly ? limits.get(row.date) : undefined;
    if (!limit || balance <= limit.most) continue;
    return (
      `Sale ${sale.id} (${sale.clientName}): the balance after the nightly rows of ${longDate(row.date)} ` +
      `(${row.key}) is ${counted(balance, 'session', 'sessions')}, above what the rules allow (${limit.rule}): ` +
      'a row before it was deleted or its Sessions changed by hand. Restore the row (Edit › Undo, or File › ' +
      'Version history); to take back a check-in, record a correction rather than delete its row.'
    );
  }
  return null;
}
