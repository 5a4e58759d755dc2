/**
 * Getting paid through the studio's own Stripe account, as rules: the key's shape and mode, how a saved
 * card reads on the Clients tab, which invoices the nightly run charges, the request that charges one
 * (its idempotency key and metadata derived from the invoice's key), and what Stripe's answer means for
 * the studio's rows. Pure: the calls themselves are src/addon/stripe.ts's, the rows src/sheets' (see
 * docs/exactly-once.md, "Charging a card on file").
 */
import type { Changes } from './changes';
import { type IsoDate, longDate, plusDays } from './dates';
import type { Package } from './package';
import { invoiceStatus } from './payments';
import type { Client, Invoice, Payment, Sale } from './records';
import { declinedWords, retryDue, triesOf } from './retries';

export type StripeMode = 'test' | 'live';

/** The currencies a studio may charge in (ISO 4217, as Stripe writes them). */
export const STRIPE_CURRENCIES = ['aud', 'nzd', 'usd', 'cad', 'gbp', 'eur'] as const;
export type StripeCurrency = (typeof STRIPE_CURRENCIES)[number];

/** A secret (`sk_`) or restricted (`rk_`) key of either mode; never a publishable one. */
const KEY = /^(?:sk|rk)_(test|live)_[A-Za-z0-9]{8,250}$/;

/** The mode a key works in, or null when it is not a Stripe secret or restricted key. */
export function keyMode(key: string): StripeMode | null {
  const m = KEY.exec(key);
  return m ? (m[1] as StripeMode) : null;
}

/** What may be shown of a connection: never the key, only its last four characters. */
export interface StripeConnection {
  mode: StripeMode;
  last4: string;
  currency: StripeCurrency;
  /** Where Stripe's pages send a client once they are done (the studio's website). */
  website: string;
  /** Who connected it, and when. */
  by: string;
  on: IsoDate;
}

/** "Connected (test mode) · key …abcd" */
export function connectionWords(c: Pick<StripeConnection, 'mode' | 'last4'>): string {
  return `Connected (${c.mode} mode) · key …${c.last4}`;
}

/** Every occurrence of `secret` in `text` replaced by its last four characters (a message never carries a key). */
export function withoutSecret(text: string, secret: string): string {
  return secret ? text.split(secret).join(`…${secret.slice(-4)}`) : text;
}

// ---------------------------------------------------------------------------------------------------------
// A card on file, as the Clients tab shows it.

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
  eftpos_au: 'eftpos',
};

/** The card as the Clients tab's Card column says it: "Visa •••• 4242, expires 08/28", never more. */
export function cardWords(card: { brand: string; last4: string; exp_month: number; exp_year: number }): string {
  const brand = BRANDS[card.brand] ?? 'Card';
  const month = String(card.exp_month).padStart(2, '0');
  return `${brand} •••• ${card.last4}, expires ${month}/${String(card.exp_year % 100).padStart(2, '0')}`;
}

const ON_FILE = / \((.+) still on file\)$/;

/**
 * The Card column while the client's page is open: the nightly run asks Stripe how it went. A client
 * whose card is still on file (and charged until another is saved) keeps its words in the cell:
 * "Waiting for the card: link sent Mon 23 Mar 2026 (Visa •••• 0341, expires 10/30 still on file)".
 */
export function cardWaiting(sentOn: IsoDate, client?: { card?: string; cardId?: string }): string {
  const onFile = client?.cardId ? cardOnFile(client.card) : '';
  return `Waiting for the card: link sent ${longDate(sentOn)}${onFile ? ` (${onFile} still on file)` : ''}`;
}

/** The words of the card on file a Card cell shows ('' when it shows none). */
function cardOnFile(card: string | undefined): string {
  const text = (card ?? '').trim();
  if (isCardWaiting(text)) return ON_FILE.exec(text)?.[1] ?? '';
  return text.startsWith('No card') ? '' : text;
}

export function isCardWaiting(card: string | undefined): boolean {
  return (card ?? '').startsWith('Waiting for the card');
}

/**
 * The Card column once the page expired unused: the card still on file, if the waiting cell named one
 * (it is still the one charged), else no card.
 */
export function cardExpired(on: IsoDate, waiting?: string): string {
  return cardOnFile(waiting) || `No card: the link expired ${longDate(on)} (ask again)`;
}

/** The Stripe fields of a client (the Clients tab's Stripe Customer, Card and Stripe Card columns). */
export interface ClientCard {
  clientId: string;
  stripeCustomer?: string;
  card?: string;
  cardId?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Automatic collection.

/** How far back an unpaid invoice is still charged automatically (a missed night catches up). */
export const COLLECTION_WINDOW_DAYS = 7;

/** The Collection column while a charge is asked of Stripe and not yet answered (a run stopped there). */
export const CHARGING = 'Charging: asked Stripe, no answer recorded yet';

export function isCharging(collection: string | undefined): boolean {
  return (collection ?? '').startsWith('Charging');
}

/** An invoice the nightly run charges, and the card it charges. */
export interface Collectable {
  invoice: Invoice;
  clientId: string;
  customer: string;
  paymentMethod: string;
  card: string;
  /** What it charges: what the invoice still asks for. */
  amountCents: number;
  /** Which try (0: the first charge; n: the nth retry of a declined card, src/domain/retries.ts). */
  attempt?: number;
  /** The day of the first decline (a retry's). */
  firstDeclined?: IsoDate;
  /** The owner's retry days ("Retry a declined card after (days)"). */
  retryDays?: readonly number[];
}

/** The retries the owner set, and the payments that stop them. */
export interface RetryRules {
  days: readonly number[];
  payments: readonly Payment[];
}

/**
 * The invoices to charge today: not void, something owing, due today or in the last
 * COLLECTION_WINDOW_DAYS, never tried (Collection blank), on a package that charges automatically, for a
 * client with a card on file. And every invoice a run left `Charging` (however old, whatever it owes now):
 * its outcome is asked of Stripe first, and it is charged again only if Stripe has none and it still owes.
 */
export function collectable(
  invoices: readonly Invoice[],
  sales: readonly Sale[],
  clients: readonly Client[],
  packages: readonly Package[],
  today: IsoDate,
  retry: RetryRules = { days: [], payments: [] },
): Collectable[] {
  const saleOf = new Map(sales.map((s) => [s.id, s]));
  const clientOf = new Map(clients.map((c) => [c.id, c]));
  const automatic = new Set(packages.filter((p) => p.chargeAutomatically).map((p) => p.id));
  const from = plusDays(today, -COLLECTION_WINDOW_DAYS);
  const out: Collectable[] = [];
  for (const invoice of invoices) {
    const sale = saleOf.get(invoice.saleId);
    const client = sale && clientOf.get(sale.clientId);
    if (!sale || !client?.stripeCustomer) continue;
    const owed = invoice.status === 'void' ? 0 : invoice.amountCents - invoice.paidCents;
    const fresh = invoice.dueDate <= today && invoice.dueDate >= from && !invoice.collection;
    const chargeable = owed > 0 && !!client.cardId && automatic.has(sale.packageId);
    const again = chargeable ? retryDue(invoice, retry.payments, retry.days, today) : null;
    // One left Charging is always looked up (even paid meanwhile, or its card gone): its answer is owed.
    if (!(fresh && chargeable) && !again && !isCharging(invoice.collection)) continue;
    const { stripeCustomer: customer, cardId: paymentMethod = '', card = '' } = client;
    const tries = triesOf(invoice.collection);
    const attempt = again ?? (tries?.charging ? tries.retries : 0);
    const first = attempt && tries ? { firstDeclined: tries.firstDeclined } : {};
    const base = { invoice, clientId: client.id, customer, paymentMethod, card, amountCents: Math.max(owed, 0) };
    out.push({ ...base, attempt, ...first, retryDays: retry.days });
  }
  return out;
}

/** Stripe's idempotency key of an invoice's charge: its studio and its key, so every attempt is one. */
export function chargeKey(studio: string, invoiceKey: string): string {
  return `charge:${studio}:${invoiceKey}`;
}

/** The form fields of the off-session charge of `c` (POST /v1/payment_intents). */
export function chargeRequest(c: Collectable, studio: string, currency: StripeCurrency): Record<string, string> {
  return {
    amount: String(c.amountCents),
    currency,
    customer: c.customer,
    payment_method: c.paymentMethod,
    off_session: 'true',
    confirm: 'true',
    description: `Invoice ${c.invoice.number}`,
    'metadata[invoice]': c.invoice.key,
    'metadata[invoice_no]': String(c.invoice.number),
    'metadata[studio]': studio,
    ...(c.attempt ? { 'metadata[attempt]': String(c.attempt) } : {}),
  };
}

/** What became of a charge, read from Stripe's answer. */
export type ChargeOutcome =
  /** Stripe charged it: a PaymentIntent that succeeded. */
  | { kind: 'paid'; intent: string; amountCents: number }
  /** The bank said no (or asks the client to authenticate): the invoice stays open with the reason. */
  | { kind: 'declined'; reason: string }
  /** Nothing was charged and nothing to wait for (Stripe refused the request): tried again next run. */
  | { kind: 'refused'; reason: string }
  /** Not known (no answer, Stripe busy or failing): the invoice stays Charging; the next run asks again. */
  | { kind: 'unknown'; reason: string };

interface StripeError {
  type?: string;
  code?: string;
  decline_code?: string;
  message?: string;
}

/** A decline in the owner's words. */
export function declineReason(error: StripeError): string {
  const code = error.decline_code ?? error.code ?? '';
  const words: Record<string, string> = {
    insufficient_funds: 'insufficient funds',
    authentication_required: 'the bank wants the client to confirm this payment themselves',
    expired_card: 'the card has expired',
    generic_decline: 'the card was declined',
    card_declined: 'the card was declined',
    lost_card: 'the card was reported lost',
    stolen_card: 'the card was reported stolen',
    do_not_honor: 'the bank declined it',
    test_mode_live_card: 'a test card was used in live mode',
  };
  return words[code] ?? `the card was declined (${error.message ?? code})`;
}

/** A PaymentIntent as the add-on reads it (from a charge's answer or a list). */
export interface IntentSeen {
  id: string;
  status: string;
  amount_received?: number;
  metadata?: Record<string, string>;
  last_payment_error?: StripeError | null;
}

/** What a PaymentIntent found in Stripe says of its charge. */
export function intentOutcome(intent: IntentSeen): ChargeOutcome {
  if (intent.status === 'succeeded')
    return { kind: 'paid', intent: intent.id, amountCents: intent.amount_received ?? 0 };
  if (intent.status === 'requires_payment_method' && intent.last_payment_error)
    return { kind: 'declined', reason: declineReason(intent.last_payment_error) };
  return { kind: 'unknown', reason: `Stripe says the payment is ${intent.status.replace(/_/g, ' ')}` };
}

/** What a charge's answer (HTTP status and body) says. */
export function chargeOutcome(status: number, body: unknown): ChargeOutcome {
  const reply = (body && typeof body === 'object' ? body : {}) as {
    error?: StripeError & { payment_intent?: IntentSeen };
  } & IntentSeen;
  if (status === 200 && typeof reply.id === 'string') return intentOutcome(reply);
  const error = reply.error ?? {};
  if (status === 402 && error.type === 'card_error') return { kind: 'declined', reason: declineReason(error) };
  const message = error.message ?? `Stripe answered ${status}`;
  if (status === 429 || status >= 500) return { kind: 'unknown', reason: message };
  return { kind: 'refused', reason: message };
}

/** The Payments row of a charge (its key holds the PaymentIntent: a charge found again is the same row). */
export function chargePayment(c: Collectable, intent: string, amountCents: number, today: IsoDate): Payment {
  return {
    key: `${c.invoice.number}:pay:stripe.${intent}`,
    date: today,
    invoiceNumber: c.invoice.number,
    saleId: c.invoice.saleId,
    clientName: c.invoice.clientName,
    amountCents,
    method: 'stripe',
    reference: intent,
  };
}

/** An invoice's Collection cell to write. */
export interface CollectionMark {
  key: string;
  collection: string;
}

/**
 * The rows an outcome writes: a charge is a Payments row (once: its key holds the PaymentIntent) and the
 * invoice's Paid, then its Collection; a decline the reason; an unknown outcome leaves it Charging.
 */
export function outcomeChanges(
  c: Collectable,
  outcome: ChargeOutcome,
  payments: readonly Payment[],
  today: IsoDate,
): Changes {
  const { invoice } = c;
  if (outcome.kind === 'unknown') return {};
  const { attempt = 0, firstDeclined = today, retryDays = [] } = c;
  if (outcome.kind === 'refused' && attempt) {
    const back = declinedWords(
      firstDeclined,
      attempt - 1,
      firstDeclined,
      `retry ${attempt} was not made: ${outcome.reason}`,
      retryDays,
    );
    return { collections: [{ key: invoice.key, collection: back }] };
  }
  if (outcome.kind === 'refused') return { collections: [{ key: invoice.key, collection: '' }] };
  if (outcome.kind === 'declined') {
    const words = declinedWords(today, attempt, firstDeclined, outcome.reason, retryDays);
    return { collections: [{ key: invoice.key, collection: words }] };
  }
  const payment = chargePayment(c, outcome.intent, outcome.amountCents, today);
  const known = payments.find((p) => p.key === payment.key);
  const ofInvoice = payments.filter((p) => p.invoiceNumber === invoice.number && p.key !== payment.key);
  const paidCents = Math.max(
    invoice.paidCents,
    ofInvoice.reduce((sum, p) => sum + p.amountCents, 0) + (known ?? payment).amountCents,
  );
  const updated: Invoice = { ...invoice, paidCents, status: invoiceStatus(invoice.amountCents, paidCents) };
  const on = `Paid by card ${longDate((known ?? payment).date)}${c.card ? ` (${c.card})` : ''}`;
  return {
    ...(known ? {} : { newPayments: [payment] }),
    updatedInvoices: [updated],
    collections: [{ key: invoice.key, collection: on }],
  };
}
