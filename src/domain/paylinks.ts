/**
 * Pay links: each owing invoice's Stripe Payment Link (a page that never expires, unlike a Checkout
 * Session's 24 hours), made once per invoice and amount (its idempotency key holds both), in every invoice
 * email; turned off (`active=false`) once the invoice is paid another way or void; a payment made through it
 * a Payments row (method Stripe, its PaymentIntent as Reference and key), once. Pure: the calls are
 * src/addon/paylinks.ts's.
 */
import { type IsoDate, plusDays } from './dates';
import { type Cents, formatMoney, parseMoney } from './money';
import { invoiceStatus } from './payments';
import type { Invoice, Payment } from './records';

/** An invoice's Pay Link and Stripe Pay Link cells (blank: no link), and what the link asks. */
export interface PayLinkMark {
  key: string;
  url: string;
  id: string;
  cents?: Cents;
}

/** How far back an owing invoice without a link is given one (its invoice email's window). */
export const PAY_LINK_DAYS = 7;

const owed = (i: Invoice) => (i.status === 'void' ? 0 : i.amountCents - i.paidCents);

/** What an invoice owes now (nothing when void): what a new pay link asks. */
export const owedNow = owed;

/**
 * The Stripe Pay Link cell: the link's id and what its page asks, "plink_1Abc for 120.00", so a link made
 * before a part payment is known to ask too much. A cell an earlier version wrote holds the id alone.
 */
export function payLinkCellText(id: string, cents: Cents | undefined): string {
  return id && cents !== undefined ? `${id} for ${formatMoney(cents, '')}` : id;
}

/** The id and amount a Stripe Pay Link cell holds (the amount unknown when the cell holds the id alone). */
export function readPayLinkCell(text: string): { payLinkId: string; payLinkCents?: Cents } {
  const m = /^(\S+) for (\S+)$/.exec(text.trim());
  const cents = m ? parseMoney(m[2]) : null;
  return m && cents !== null && cents > 0 ? { payLinkId: m[1], payLinkCents: cents } : { payLinkId: text.trim() };
}

/** The owing invoices, due in the last PAY_LINK_DAYS or before today's email goes, that have no link. */
export function linksWanted(invoices: readonly Invoice[], today: IsoDate): Invoice[] {
  const from = plusDays(today, -PAY_LINK_DAYS);
  return invoices.filter((i) => !i.payLinkId && owed(i) >= 50 && i.dueDate <= today && i.dueDate >= from);
}

/**
 * The invoices whose link is to be turned off: nothing owing now (paid, by the link or another way), or
 * void; or a link that asks other than what is owed now (a part payment since it was made): that one is
 * replaced by a link for what is owed.
 */
export function linksToTurnOff(invoices: readonly Invoice[]): Invoice[] {
  return invoices.filter((i) => !!i.payLinkId && (owed(i) <= 0 || !asksWhatIsOwed(i)));
}

/**
 * Whether an invoice's link asks what it owes now: its cell says so, or (a cell an earlier version wrote,
 * the id alone) nothing has been paid on it, so it still asks the whole amount it was made for.
 */
function asksWhatIsOwed(i: Invoice): boolean {
  return i.payLinkCents === undefined ? i.paidCents === 0 : i.payLinkCents === owed(i);
}

/**
 * The pay link an email may show for an invoice: one that asks what it owes now (a part payment since it
 * was made leaves it out until the nightly run replaces it); '' for none.
 */
export function payLinkToShow(i: Invoice): string {
  return i.payLink && i.payLinkId && owed(i) > 0 && asksWhatIsOwed(i) ? i.payLink : '';
}

/** The idempotency keys of an invoice's Price and Payment Link for what it owes now. */
export function payLinkKeys(studio: string, invoice: Invoice): { price: string; link: string } {
  const base = `${studio}:${invoice.key}:${owed(invoice)}`;
  return { price: `paylink-price:${base}`, link: `paylink:${base}` };
}

/** The Price's fields (POST /v1/prices): what the invoice owes, named by its number. */
export function priceRequest(invoice: Invoice, currency: string, studioName: string): Record<string, string> {
  return {
    currency,
    unit_amount: String(owed(invoice)),
    'product_data[name]': `${studioName}: invoice ${invoice.number}`,
    'metadata[invoice]': invoice.key,
  };
}

/** The Payment Link's fields (POST /v1/payment_links): one payment at most, its invoice in the metadata. */
export function linkRequest(invoice: Invoice, price: string, studio: string, website: string): Record<string, string> {
  return {
    'line_items[0][price]': price,
    'line_items[0][quantity]': '1',
    'metadata[invoice]': invoice.key,
    'metadata[studio]': studio,
    'payment_intent_data[metadata][invoice]': invoice.key,
    'payment_intent_data[metadata][invoice_no]': String(invoice.number),
    'payment_intent_data[metadata][studio]': studio,
    'restrictions[completed_sessions][limit]': '1',
    ...(website ? { 'after_completion[type]': 'redirect', 'after_completion[redirect][url]': website } : {}),
  };
}

/** A completed, paid Checkout Session of a link, as the add-on reads it. */
export interface LinkSession {
  payment_intent: string;
  amount_total: number;
  /** The studio's day of the session (Stripe's `created`, in the spreadsheet's zone): the payment's date. */
  day: IsoDate;
}

/**
 * The rows a link's paid sessions write: a Payments row each (key `<Invoice No>:pay:stripe.<PaymentIntent>`,
 * as a card charge's: found again, it is not written twice) and the invoice's Paid.
 */
export function linkPayments(
  invoice: Invoice,
  sessions: readonly LinkSession[],
  payments: readonly Payment[],
  today: IsoDate,
): { newPayments: Payment[]; invoice: Invoice } {
  const known = new Set(payments.map((p) => p.key));
  const newPayments = sessions
    .map(
      (s): Payment => ({
        key: `${invoice.number}:pay:stripe.${s.payment_intent}`,
        // The day the client paid (a link paid in the evening is recorded by the next night's run).
        date: s.day < today ? s.day : today,
        invoiceNumber: invoice.number,
        saleId: invoice.saleId,
        clientName: invoice.clientName,
        amountCents: s.amount_total,
        method: 'stripe',
        reference: s.payment_intent,
      }),
    )
    .filter((p) => !known.has(p.key));
  const all = [...payments.filter((p) => p.invoiceNumber === invoice.number), ...newPayments];
  const paidCents = Math.max(
    invoice.paidCents,
    all.reduce((sum, p) => sum + p.amountCents, 0),
  );
  return { newPayments, invoice: { ...invoice, paidCents, status: invoiceStatus(invoice.amountCents, paidCents) } };
}
