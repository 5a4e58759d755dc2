/**
 * A card on file: "Ask for a card" makes (or reuses) the client's customer in the studio's Stripe account
 * and a Stripe-hosted page in setup mode (Checkout, mode=setup), and emails the client its link through
 * the client-email path (an Email Log row `card:<client>:req.<request id>`, No email honoured). The
 * nightly run then asks Stripe how each page went (no webhooks: an Apps Script web app can't check
 * Stripe's signatures) and writes the card to the Clients row: "Visa •••• 4242, expires 08/28".
 *
 * Every request carries an idempotency key from what it is about (the client, the request id), so a
 * retried request, or one after a crash, makes no second customer and no second page.
 */
import type Stripe from 'stripe';
import {
  ASK_FOR_CARD,
  type AskForCardInput,
  type Client,
  type ClientCard,
  cardCandidate,
  cardExpired,
  cardWaiting,
  cardWords,
  type IsoDate,
  isCardWaiting,
  longDate,
  mayRetry,
  renderAll,
  requestSuffix,
  type State,
  shownId,
} from '../domain';
import { apply } from '../sheets/apply';
import type { Store } from '../sheets/store';
import { activeSpreadsheet, openDeskStore } from './context';
import { deliver, emailInput } from './email';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';
import { answerMessage, type Connected, connectionOf, type StripeAnswer, type StripeCall, stripeAll } from './stripe';

const NOTHING: State = { sales: [], invoices: [], adjustments: [] };

type CardReply = Reply<{ status: string; to: string; card: string; link?: string }>;

/**
 * "Ask for a card" (the Stripe sidebar): `{ clientId, requestId }`. Emails the client the link to save a
 * card; a client with No email, or no address, is logged `skipped: …` and the link is given back to the
 * owner instead. The same request id again answers as the first call did.
 */
export function askForCard(input: AskForCardInput): CardReply {
  return endpoint(() => {
    const parsed = ASK_FOR_CARD.parse(input);
    if (!parsed.ok) return failure(parsed.errors);
    const connection = connectionOf(activeSpreadsheet().getId());
    if (!connection)
      return failure([
        { field: '', message: 'Connect Stripe first: Extensions › Studio Packages › Get paid with Stripe….' },
      ]);
    const { clientId, requestId } = parsed.value;
    return withDocumentLock(() => cardNow(connection, clientId, requestSuffix(requestId)));
  });
}

function cardNow(connection: Connected, clientId: string, suffix: string): CardReply {
  const store = openDeskStore();
  const today = store.codec.today();
  store.focus({ tab: 'clients', by: 'Client ID', values: [clientId] });
  const client = store.clients().records.find((c) => c.id === clientId);
  if (!client) return failure([{ field: 'clientId', message: `No client with id ${shownId(clientId)}.` }]);
  if (!store.hasTab('emailLog'))
    return failure([{ field: 'clientId', message: 'There is no Email Log tab: run Set up workbook.' }]);
  const input = emailInput(store, NOTHING, [], today);
  const logged = input.log.get(`card:${clientId}:${suffix}`);
  if (logged && !mayRetry(logged.status))
    return { ok: true, status: logged.status, to: client.email, card: client.card ?? '' };
  const page = cardPage(store, connection, client, suffix);
  if ('message' in page) return failure([{ field: 'clientId', message: page.message }]);
  const waiting = cardWaiting(today, client);
  apply(store, 'cards', { clientCards: [{ clientId, card: waiting }] }, today);
  const { messages, problems } = renderAll(input, [cardCandidate(clientId, suffix, page.url, page.expires)]);
  if (!messages.length)
    return failure([
      { field: 'clientId', message: problems[0] ?? 'Card requests are switched off in the Messages tab.' },
    ]);
  const done = deliver(store, input, messages, today);
  const status = messages[0].skipped ?? (done.sent ? 'sent' : done.waiting ? 'waiting' : 'failed');
  const link = status === 'sent' ? {} : { link: page.url };
  return { ok: true, status, to: client.email, card: waiting, ...link };
}

/** The client's Stripe customer: theirs, or made now (its id written to the Clients row at once). */
function customerOf(
  store: Store,
  connection: Connected,
  client: Client,
  studio: string,
): { id: string } | { message: string } {
  if (client.stripeCustomer) return { id: client.stripeCustomer };
  const made = one(connection, {
    method: 'post',
    path: '/v1/customers',
    params: {
      name: client.name,
      ...(client.email ? { email: client.email } : {}),
      'metadata[client]': client.id,
      'metadata[studio]': studio,
    },
    idempotencyKey: `customer:${studio}:${client.id}`,
  });
  if (typeof made.id !== 'string') return { message: `Stripe did not make the customer: ${made.message}` };
  apply(store, 'cards', { clientCards: [{ clientId: client.id, stripeCustomer: made.id }] }, store.codec.today());
  SpreadsheetApp.flush(); // the customer is on the row before anything else is asked of Stripe
  return { id: made.id };
}

/** A new setup page for the client (their customer made first). Its `expires`: the day Stripe closes it, in words. */
export function cardPage(
  store: Store,
  connection: Connected,
  client: Client,
  suffix: string,
): { url: string; expires: string } | { message: string } {
  const studio = store.spreadsheet.getId();
  const customer = customerOf(store, connection, client, studio);
  if ('message' in customer) return customer;
  const session = one(connection, {
    method: 'post',
    path: '/v1/checkout/sessions',
    params: {
      mode: 'setup',
      customer: customer.id,
      currency: connection.currency,
      success_url: connection.website,
      'metadata[client]': client.id,
      'metadata[studio]': studio,
      'setup_intent_data[metadata][client]': client.id,
    },
    idempotencyKey: `card:${studio}:${client.id}:${suffix}`,
  });
  if (typeof session.url !== 'string') return { message: `Stripe did not make the page: ${session.message}` };
  const closes = typeof session.expires_at === 'number' ? new Date(session.expires_at * 1000) : new Date();
  return { url: session.url, expires: longDate(store.codec.read(closes)) };
}

/** One request's JSON, with Stripe's message when it failed. */
function one(connection: Connected, call: StripeCall): Record<string, unknown> & { message: string } {
  const [answer] = stripeAll(connection.key, [call]);
  const ok = !('failed' in answer) && answer.status === 200;
  return { ...(ok ? answer.body : {}), message: answerMessage(answer) };
}

/**
 * The nightly run's look at the pages it waits for: for each client whose Card says so, their newest
 * setup page; a page done gives the card (its brand, last four digits and expiry, and the PaymentMethod
 * charged), an expired one says so. Returns the cards written, and what could not be asked.
 */
export function refreshCards(
  store: Store,
  connection: Connected,
  today: IsoDate,
): { cards: ClientCard[]; problems: string[] } {
  const waiting = store.clients().records.filter((c) => isCardWaiting(c.card) && c.stripeCustomer);
  if (!waiting.length) return { cards: [], problems: [] };
  const sessions = stripeAll(
    connection.key,
    waiting.map((c) => ({
      method: 'get' as const,
      path: '/v1/checkout/sessions',
      params: { customer: c.stripeCustomer ?? '', limit: '1' },
    })),
  );
  const problems: string[] = [];
  const cards: ClientCard[] = [];
  const done: { client: Client; setupIntent: string }[] = [];
  waiting.forEach((client, i) => {
    const newest = newestSession(sessions[i]);
    if (!newest)
      problems.push(
        `Stripe: ${client.name} (${client.id})'s card could not be looked up: ${answerMessage(sessions[i])}`,
      );
    else if (newest.status === 'expired')
      // The card still on file comes back only while Stripe Card names one (cleared: nothing is charged).
      cards.push({ clientId: client.id, card: cardExpired(today, client.cardId ? client.card : undefined) });
    else if (newest.status === 'complete' && newest.setup_intent)
      done.push({ client, setupIntent: newest.setup_intent });
  });
  cards.push(...savedCards(connection, done, problems));
  if (cards.length) apply(store, 'cards', { clientCards: cards }, today);
  return { cards, problems };
}

/** The newest setup page of a list answer (Stripe's type), or null when the list could not be read. */
function newestSession(answer: StripeAnswer): { status: string; setup_intent?: string } | null {
  if ('failed' in answer || answer.status !== 200) return null;
  const newest = (answer.body as unknown as Stripe.ApiList<Stripe.Checkout.Session>).data?.[0];
  if (!newest) return { status: 'none' };
  const setupIntent = typeof newest.setup_intent === 'string' ? newest.setup_intent : newest.setup_intent?.id;
  return { status: newest.status ?? 'none', ...(setupIntent ? { setup_intent: setupIntent } : {}) };
}

/** The cards saved on finished pages: each SetupIntent with its PaymentMethod. */
function savedCards(
  connection: Connected,
  done: { client: Client; setupIntent: string }[],
  problems: string[],
): ClientCard[] {
  const answers = stripeAll(
    connection.key,
    done.map((d) => ({
      method: 'get' as const,
      path: `/v1/setup_intents/${d.setupIntent}`,
      params: { 'expand[]': 'payment_method' },
    })),
  );
  const cards: ClientCard[] = [];
  done.forEach(({ client }, i) => {
    const answer = answers[i];
    const setupIntent =
      !('failed' in answer) && answer.status === 200 ? (answer.body as unknown as Stripe.SetupIntent) : null;
    const pm = setupIntent && typeof setupIntent.payment_method === 'object' ? setupIntent.payment_method : null;
    if (pm?.card && typeof pm.id === 'string')
      cards.push({ clientId: client.id, card: cardWords(pm.card), cardId: pm.id });
    else
      problems.push(`Stripe: ${client.name} (${client.id})'s saved card could not be read: ${answerMessage(answer)}`);
  });
  return cards;
}
