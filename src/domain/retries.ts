/**
 * A declined card charged again on the days the owner sets ("Retry a declined card after (days)": 3, 7):
 * what an invoice's Collection cell says of its tries, which invoices are retried today, and each try's
 * own idempotency key. Pure; the charges are src/addon/collect.ts's (docs/exactly-once.md, "Charging a
 * card on file", "A declined card tried again").
 *
 * The Collection cell is the record, in the owner's words:
 * - `Declined Mon 2 Mar 2026: the card was declined; next try Thu 5 Mar 2026` (the first charge);
 * - `Charging (retry 1, first declined Mon 2 Mar 2026): asked Stripe, no answer recorded yet`;
 * - `Declined Thu 5 Mar 2026 (retry 1, first declined Mon 2 Mar 2026): insufficient funds; next try …`,
 *   and after the last: `…; no more tries`.
 */
import { type IsoDate, isIsoDate, longDate, plusDays } from './dates';
import type { Invoice, Payment, Sale } from './records';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon 2 Mar 2026" back to 2026-03-02 (null when it is not one). */
export function fromLongDate(text: string): IsoDate | null {
  const m = /^[A-Z][a-z]{2} (\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2]) + 1 : 0;
  if (!m || month < 1) return null;
  const iso = `${m[3]}-${String(month).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Where an invoice's tries stand: the day of its first decline and how many retries were made. */
export interface Tries {
  firstDeclined: IsoDate;
  /** Retries made (0: only the first charge). */
  retries: number;
  /** A retry is being asked of Stripe (the cell says Charging). */
  charging: boolean;
  /** The last decline: its day and its reason (a declined cell's). */
  on?: IsoDate;
  reason?: string;
}

const DECLINED = /^Declined ([^:(]+?)(?: \(retry (\d+), first declined ([^)]+)\))?:/;
const CHARGING_RETRY = /^Charging \(retry (\d+), first declined ([^)]+)\)/;

/** What a Collection cell says of the tries (null: not declined, or a first charge in doubt). */
export function triesOf(collection: string | undefined): Tries | null {
  const text = collection ?? '';
  const charging = CHARGING_RETRY.exec(text);
  if (charging) {
    const first = fromLongDate(charging[2]);
    return first ? { firstDeclined: first, retries: Number(charging[1]), charging: true } : null;
  }
  const declined = DECLINED.exec(text);
  const first = declined && fromLongDate(declined[3] ?? declined[1]);
  const on = declined && fromLongDate(declined[1]);
  if (!first || !declined || !on) return null;
  const reason = text
    .slice(declined[0].length)
    .replace(/; (next try .*|no more tries)$/, '')
    .trim();
  return { firstDeclined: first, retries: Number(declined[2] ?? 0), charging: false, on, reason };
}

/** The Collection cell while retry `n` is asked of Stripe. */
export function chargingRetry(n: number, firstDeclined: IsoDate): string {
  return `Charging (retry ${n}, first declined ${longDate(firstDeclined)}): asked Stripe, no answer recorded yet`;
}

/** The day of retry `n` (1-based) after a first decline, or null when the schedule has no such try. */
export function retryDay(firstDeclined: IsoDate, n: number, days: readonly number[]): IsoDate | null {
  return n >= 1 && n <= days.length ? plusDays(firstDeclined, days[n - 1]) : null;
}

/** The Collection cell of a decline of try `attempt` (0: the first charge) on `today`. */
export function declinedWords(
  today: IsoDate,
  attempt: number,
  firstDeclined: IsoDate,
  reason: string,
  days: readonly number[],
): string {
  const first = attempt === 0 ? today : firstDeclined;
  const which = attempt === 0 ? '' : ` (retry ${attempt}, first declined ${longDate(first)})`;
  const next = retryDay(first, attempt + 1, days);
  const after = next ? `; next try ${longDate(next)}` : days.length ? '; no more tries' : '';
  return `Declined ${longDate(today)}${which}: ${reason}${after}`;
}

/** Whether the invoice was paid some other way since: nothing owing, or a Payments row for it. */
export function paidAnotherWay(invoice: Invoice, payments: readonly Payment[]): boolean {
  return invoice.amountCents - invoice.paidCents <= 0 || payments.some((p) => p.invoiceNumber === invoice.number);
}

/**
 * The retry due today of a declined invoice: its number (1-based) when a retry's day has come, it owes,
 * it is not void, and nothing was paid on it another way; null otherwise. A missed night catches up (one
 * retry a night, never two for one try).
 */
export function retryDue(
  invoice: Invoice,
  payments: readonly Payment[],
  days: readonly number[],
  today: IsoDate,
): number | null {
  const tries = triesOf(invoice.collection);
  if (!tries || tries.charging || invoice.status === 'void' || paidAnotherWay(invoice, payments)) return null;
  const n = tries.retries + 1;
  const day = retryDay(tries.firstDeclined, n, days);
  return day && day <= today ? n : null;
}

/** Stripe's idempotency key of try `attempt` of an invoice's charge (0: the first charge's own key). */
export function attemptKey(chargeKey: string, attempt: number): string {
  return attempt ? `${chargeKey}:${attempt}` : chargeKey;
}

/** A decline to tell its client of (the email keyed `declined:<invoice key>:<attempt>`). */
export interface DeclineToTell {
  invoice: Invoice;
  clientId: string;
  attempt: number;
  firstDeclined: IsoDate;
  reason: string;
  amountCents: number;
  retryDays: readonly number[];
}

/** How long after a decline its client is still told of it (a run that stopped before telling). */
export const DECLINE_TELL_DAYS = 3;

/**
 * The declines the Invoices tab records (a run's, or one a stopped run recorded and never told) of the
 * last DECLINE_TELL_DAYS, on invoices still owing and not paid another way: the Email Log sends each once.
 */
export function declinesOnRecord(
  invoices: readonly Invoice[],
  sales: readonly Sale[],
  payments: readonly Payment[],
  days: readonly number[],
  today: IsoDate,
): DeclineToTell[] {
  const clientOf = new Map(sales.map((s) => [s.id, s.clientId]));
  const out: DeclineToTell[] = [];
  for (const invoice of invoices) {
    const tries = triesOf(invoice.collection);
    const clientId = clientOf.get(invoice.saleId);
    if (!tries?.on || !clientId || invoice.status === 'void' || paidAnotherWay(invoice, payments)) continue;
    if (tries.on < plusDays(today, -DECLINE_TELL_DAYS) || tries.on > today) continue;
    const { firstDeclined, retries: attempt, reason = '' } = tries;
    const amountCents = invoice.amountCents - invoice.paidCents;
    out.push({ invoice, clientId, attempt, firstDeclined, reason, amountCents, retryDays: days });
  }
  return out;
}
