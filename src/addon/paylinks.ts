/**
 * Pay links, the nightly step after collection (rules in src/domain/paylinks.ts; docs/exactly-once.md,
 * "Pay links"): first the payments made through the links the Invoices tab holds (each link's Checkout
 * Sessions listed by `payment_link`; a paid one is a Payments row keyed by its PaymentIntent, so never
 * twice), then the links of invoices that owe nothing now turned off (`active=false`), then a link made for
 * each owing invoice due lately that has none (a Price for what it owes, then the Payment Link, each with an
 * idempotency key from the invoice's key and amount: a rerun after a stop makes no second one). The
 * invoice email shows the link (src/domain/email.ts).
 */
import type Stripe from 'stripe';
import {
  counted,
  type Invoice,
  type IsoDate,
  type LinkSession,
  linkPayments,
  linkRequest,
  linksToTurnOff,
  linksWanted,
  owedNow,
  type PayLinkMark,
  type Payment,
  payLinkKeys,
  priceRequest,
  type State,
} from '../domain';
import { apply } from '../sheets/apply';
import type { Store } from '../sheets/store';
import { answerMessage, type Connected, connectionOf, type StripeAnswer, stripeAll } from './stripe';

export interface PayLinkRun {
  payments: Payment[];
  /** The invoices whose Paid or link changed. */
  invoices: Invoice[];
  problems: string[];
}

/** Stripe connected for the user the run runs as, and an Invoices tab with pay links: else null. */
function linkConnection(store: Store): Connected | null {
  const connection = connectionOf(store.spreadsheet.getId());
  if (!connection || !store.hasTab('invoices') || !store.table('invoices').has('Stripe Pay Link')) return null;
  return connection;
}

/**
 * The nightly step's first half, before collection: the payments made through links recorded, so no card
 * is charged (or tried again) for an invoice its client paid through its link since the last night.
 */
export function linkPaymentsStep(store: Store, state: State, payments: readonly Payment[], today: IsoDate): PayLinkRun {
  const run: PayLinkRun = { payments: [], invoices: [], problems: [] };
  const connection = state.invoices.some((i) => i.payLinkId) ? linkConnection(store) : null;
  if (connection) recordLinkPayments(store, connection, state.invoices, payments, today, run);
  return run;
}

/**
 * Its second half, after collection and before client email: the links of invoices that owe nothing
 * turned off, those that ask other than what is owed replaced, new ones made. Nothing when Stripe is not
 * connected (collection says so) or no invoice has a link and none is wanted.
 */
export function payLinksStep(store: Store, state: State, today: IsoDate): PayLinkRun {
  const run: PayLinkRun = { payments: [], invoices: [], problems: [] };
  if (!state.invoices.some((i) => i.payLinkId) && !linksWanted(state.invoices, today).length) return run;
  const connection = linkConnection(store);
  if (!connection) return run;
  const off = turnOff(store, connection, linksToTurnOff(state.invoices), today, run);
  // A link that asked too much (a part payment since) is replaced by one for what is owed, whatever its age.
  const replaced = off
    .filter((i) => owedNow(i) >= 50)
    .map((i) => ({ ...i, payLink: undefined, payLinkId: undefined, payLinkCents: undefined }));
  makeLinks(store, connection, [...linksWanted(state.invoices, today), ...replaced], today, run);
  return run;
}

/** The paid sessions of every link on record, as Payments rows and the invoices' Paid. */
function recordLinkPayments(
  store: Store,
  connection: Connected,
  invoices: readonly Invoice[],
  payments: readonly Payment[],
  today: IsoDate,
  run: PayLinkRun,
): Map<string, Invoice> {
  const linked = invoices.filter((i) => i.payLinkId);
  const answers = stripeAll(
    connection.key,
    linked.map((i) => ({
      method: 'get' as const,
      path: '/v1/checkout/sessions',
      params: { payment_link: i.payLinkId ?? '', limit: '100' },
    })),
  );
  const updated = new Map<string, Invoice>();
  const newPayments: Payment[] = [];
  linked.forEach((invoice, n) => {
    const sessions = paidSessions(answers[n], (seconds) => store.codec.read(new Date(seconds * 1000)));
    if (!sessions)
      run.problems.push(`Stripe: invoice ${invoice.number}'s pay link could not be read: ${answerMessage(answers[n])}`);
    if (!sessions?.length) return;
    const found = linkPayments(invoice, sessions, [...payments, ...newPayments], today);
    // A run stopped between the Payments row and the invoice's Paid left the row alone: Paid is completed now.
    if (!found.newPayments.length && found.invoice.paidCents === invoice.paidCents) return;
    newPayments.push(...found.newPayments);
    updated.set(invoice.key, found.invoice);
  });
  if (newPayments.length || updated.size)
    apply(store, 'collect', { newPayments, updatedInvoices: [...updated.values()] }, today);
  run.payments.push(...newPayments);
  run.invoices.push(...updated.values());
  return updated;
}

/** A list answer's paid sessions, or null when it could not be read. */
function paidSessions(answer: StripeAnswer, dayOf: (seconds: number) => IsoDate): LinkSession[] | null {
  if ('failed' in answer || answer.status !== 200) return null;
  const list = answer.body as unknown as Stripe.ApiList<Stripe.Checkout.Session>;
  return (list.data ?? [])
    .filter((s) => s.status === 'complete' && s.payment_status === 'paid' && s.payment_intent)
    .map((s) => ({
      payment_intent: typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? ''),
      amount_total: s.amount_total ?? 0,
      day: dayOf(s.created),
    }));
}

/**
 * Turns the links off (`active=false`) and clears the cells of invoices that owe nothing (a link to be
 * replaced keeps its cell until the new one is written); one Stripe refuses stays for the next run.
 * Returns the invoices whose link is off.
 */
function turnOff(
  store: Store,
  connection: Connected,
  invoices: readonly Invoice[],
  today: IsoDate,
  run: PayLinkRun,
): Invoice[] {
  const answers = stripeAll(
    connection.key,
    invoices.map((i) => ({
      method: 'post' as const,
      path: `/v1/payment_links/${i.payLinkId}`,
      params: { active: 'false' },
      idempotencyKey: `paylink-off:${store.spreadsheet.getId()}:${i.payLinkId}`,
    })),
  );
  const off = invoices.filter((_, n) => !('failed' in answers[n]) && (answers[n] as { status: number }).status === 200);
  invoices.forEach((i, n) => {
    if (!off.includes(i))
      run.problems.push(`Stripe: invoice ${i.number}'s pay link is still on: ${answerMessage(answers[n])}`);
  });
  // A link to be replaced (still owing) keeps its cell until the new link is written over it: a run stopped
  // in between finds it again, turns it off again and makes the same new link, whatever the invoice's age.
  write(
    store,
    off.filter((i) => owedNow(i) < 50).map((i) => ({ key: i.key, url: '', id: '' })),
    today,
    run,
    invoices,
  );
  return off;
}

/** A Price then a Payment Link for each invoice, each with its idempotency key; the cells written. */
function makeLinks(
  store: Store,
  connection: Connected,
  invoices: readonly Invoice[],
  today: IsoDate,
  run: PayLinkRun,
): void {
  if (!invoices.length) return;
  const studio = store.spreadsheet.getId();
  const name = store.settings().studioName;
  const prices = stripeAll(
    connection.key,
    invoices.map((i) => ({
      method: 'post' as const,
      path: '/v1/prices',
      params: priceRequest(i, connection.currency, name),
      idempotencyKey: payLinkKeys(studio, i).price,
    })),
  );
  const priced = invoices.map((i, n) => [i, idOf(prices[n])] as const).filter(([, id]) => id);
  const links = stripeAll(
    connection.key,
    priced.map(([i, price]) => ({
      method: 'post' as const,
      path: '/v1/payment_links',
      params: linkRequest(i, price, studio, connection.website),
      idempotencyKey: payLinkKeys(studio, i).link,
    })),
  );
  const marks = priced.flatMap(([i], n) => markOf(i, links[n]));
  if (marks.length < invoices.length)
    run.problems.push(
      `Stripe: ${counted(invoices.length - marks.length, 'pay link', 'pay links')} could not be made; the next run tries again.`,
    );
  write(store, marks, today, run, invoices);
}

/** The cells of a link Stripe made (none when it did not). */
function markOf(invoice: Invoice, answer: StripeAnswer): PayLinkMark[] {
  const body = 'failed' in answer ? null : answer.body;
  const made = body && typeof body.id === 'string' && typeof body.url === 'string';
  return made ? [{ key: invoice.key, url: String(body.url), id: String(body.id), cents: owedNow(invoice) }] : [];
}

function idOf(answer: StripeAnswer): string {
  return !('failed' in answer) && answer.status === 200 && typeof answer.body.id === 'string' ? answer.body.id : '';
}

function write(
  store: Store,
  marks: PayLinkMark[],
  today: IsoDate,
  run: PayLinkRun,
  invoices: readonly Invoice[],
): void {
  if (!marks.length) return;
  apply(store, 'collect', { payLinks: marks }, today);
  const byKey = new Map(invoices.map((i) => [i.key, i]));
  for (const m of marks) {
    const invoice = byKey.get(m.key);
    if (invoice)
      run.invoices.push({
        ...invoice,
        ...(m.id
          ? { payLink: m.url, payLinkId: m.id, payLinkCents: m.cents }
          : { payLink: undefined, payLinkId: undefined, payLinkCents: undefined }),
      });
  }
}
