/**
 * A sale paused until paid (Settings › "Pause a sale when its card's last try fails": Yes). When an
 * invoice's last try is declined (retries.ts: no try left), its sale is paused from its next due date, as
 * the owner's own pause would be, and the Pauses cell says why: "2026-12-21 for 2 weeks (until invoice 457
 * is paid)". Each night while the invoice still owes, the pause is lengthened to reach more than a week
 * past today, so nothing falls due and no sessions are given while it owes. Once it owes nothing (paid any
 * way, or void), the pause is cut to end on the first week boundary after that night and loses its
 * "until": the sale's next period falls due at its end, and every later one moves by its length, as with
 * any pause. A pause is at most
 * MAX_PAUSE_WEEKS long: one unpaid that long stops growing, and the Run Log says so. Pure.
 */

import type { Changes } from './changes';
import { daysBetween, type IsoDate, longDate, plusDays } from './dates';
import type { Invoice, Sale, State } from './records';
import { DECLINE_TELL_DAYS, retryDay, triesOf } from './retries';
import { MAX_PAUSE_WEEKS, pauseSale } from './sale';
import { nextDueDates, type Pause, pauseEnd } from './schedule';
import { saleTerm } from './term';
import { counted } from './words';

/**
 * What the night does to held sales: the changes to write, a line per sale held or released (the Run
 * Log's Details), and what could not be done (its problems).
 */
export interface Holds {
  changes: Changes;
  lines: string[];
  problems: string[];
}

/** Paid in full (a part payment leaves the sale held: the invoice still owes). */
function owesNothing(invoice: Invoice): boolean {
  return invoice.amountCents - invoice.paidCents <= 0;
}

/** The weeks a hold from `from` needs to reach more than a week past `today` (at least 1). */
function weeksToCover(from: IsoDate, today: IsoDate): number {
  return Math.max(1, Math.ceil(daysBetween(from, plusDays(today, 8)) / 7));
}

/**
 * The invoices a declined last try left owing, by sale (retry days `days`): tries that ended in the last
 * DECLINE_TELL_DAYS only, so turning the setting on never pauses a sale for an old debt.
 */
export function lastTriesFailed(
  invoices: readonly Invoice[],
  days: readonly number[],
  today: IsoDate,
): Map<string, Invoice> {
  const out = new Map<string, Invoice>();
  for (const invoice of invoices) {
    if (invoice.status === 'void' || out.has(invoice.saleId)) continue;
    const tries = triesOf(invoice.collection);
    if (!tries?.on || tries.charging || tries.on < plusDays(today, -DECLINE_TELL_DAYS) || tries.on > today) continue;
    if (retryDay(tries.firstDeclined, tries.retries + 1, days) !== null) continue;
    if (owesNothing(invoice)) continue;
    out.set(invoice.saleId, invoice);
  }
  return out;
}

/** The pause a paid hold leaves: cut to end on the first week boundary after today; none if it had not begun. */
function released(hold: Pause, today: IsoDate): Pause | null {
  if (hold.from > today) return null;
  const weeks = Math.min(hold.weeks, Math.max(1, Math.ceil(daysBetween(hold.from, plusDays(today, 1)) / 7)));
  return { from: hold.from, weeks };
}

/**
 * A sale's hold brought to `today`: lengthened while its invoice owes; once it owes nothing, released
 * (`released`) with its ledger row, written then, when its length is known (pauseSale's own row for a
 * pause already on the sale).
 */
function heldTo(
  state: State,
  sale: Sale,
  hold: Pause,
  today: IsoDate,
): { sale: Sale; changes?: Changes; line?: string; problem?: string } | null {
  const invoice = state.invoices.find((i) => i.number === hold.untilPaid);
  const others = (sale.pauses ?? []).filter((p) => p !== hold);
  if (!invoice || invoice.status === 'void' || owesNothing(invoice)) {
    const kept = released(hold, today);
    const span = kept
      ? `is now ${longDate(kept.from)} to ${longDate(plusDays(pauseEnd(kept), -1))} (${counted(kept.weeks, 'week', 'weeks')})`
      : 'is taken off (it had not begun)';
    const line = `Sale ${sale.id}: invoice ${hold.untilPaid} owes nothing now, so its pause until paid ${span}.`;
    const free: Sale = { ...sale, pauses: kept ? [...others, kept] : others };
    if (!kept) return { sale: free, line };
    const row = pauseSale({ ...state, sales: [free] }, { saleId: sale.id, from: kept.from, weeks: kept.weeks }, today);
    return { sale: free, changes: row.ok ? row.value.changes : undefined, line };
  }
  const weeks = Math.min(MAX_PAUSE_WEEKS, weeksToCover(hold.from, today));
  if (weeks > hold.weeks) return { sale: { ...sale, pauses: [...others, { ...hold, weeks }] } };
  if (hold.weeks < MAX_PAUSE_WEEKS || pauseEnd(hold) > plusDays(today, 7)) return null;
  return {
    sale,
    problem: `Sale ${sale.id}: invoice ${hold.untilPaid} still owes, but its pause is ${MAX_PAUSE_WEEKS} weeks long, the most a pause may be: the sale falls due again ${longDate(pauseEnd(hold))}.`,
  };
}

/**
 * The night's holds: each held sale brought to today; with `pauseUnpaid`, each sale whose invoice's last
 * try failed in the last DECLINE_TELL_DAYS (and still owes) paused from its next due date until it is
 * paid: its Pauses cell only (the ledger row waits for the pause's length). `state`: the whole studio.
 */
export function holdsToday(state: State, days: readonly number[], pauseUnpaid: boolean, today: IsoDate): Holds {
  const updatedSales: Sale[] = [];
  const ledger: Changes[] = [];
  const lines: string[] = [];
  const problems: string[] = [];
  const failed = pauseUnpaid ? lastTriesFailed(state.invoices, days, today) : new Map<string, Invoice>();
  for (const sale of state.sales) {
    const hold = (sale.pauses ?? []).find((p) => p.untilPaid);
    if (hold) {
      const moved = heldTo(state, sale, hold, today);
      if (moved && moved.sale !== sale) updatedSales.push(moved.sale);
      if (moved?.changes) ledger.push(moved.changes);
      if (moved?.line) lines.push(moved.line);
      if (moved?.problem) problems.push(moved.problem);
      continue;
    }
    const invoice = failed.get(sale.id);
    const from = invoice && !sale.endDate ? nextDueDates(saleTerm(sale), today, 1)[0] : undefined;
    if (!invoice || !from) continue;
    const held = pauseSale(state, { saleId: sale.id, from, weeks: weeksToCover(from, today) }, today, invoice.number);
    if (!held.ok) {
      problems.push(
        `Sale ${sale.id} was not paused until invoice ${invoice.number} is paid: ${held.errors.map((e) => e.message).join(' ')}`,
      );
      continue;
    }
    updatedSales.push(held.value.sale);
    lines.push(
      `Sale ${sale.id} paused from ${longDate(from)} until invoice ${invoice.number} is paid (its card's last try failed).`,
    );
  }
  const changes: Changes = {
    ...(updatedSales.length ? { updatedSales } : {}),
    ...(ledger.length ? { newAdjustments: ledger.flatMap((c) => c.newAdjustments ?? []) } : {}),
    ...(ledger.length ? { balanceUpdates: ledger.flatMap((c) => c.balanceUpdates ?? []) } : {}),
  };
  return { changes, lines, problems };
}
