/**
 * Automatic collection, the nightly run's step after billing: the pages of cards asked for are looked up
 * (cards.ts), then each invoice due on a package that charges automatically is charged to its client's
 * card on file, off-session, through the studio's Stripe account, exactly once (docs/exactly-once.md,
 * "Charging a card on file"):
 *
 * 1. a chunk of invoices is marked `Charging` in their Collection cells, flushed, BEFORE Stripe is asked;
 * 2. the chunk's charges go at once (UrlFetchApp.fetchAll), each with the idempotency key
 *    `charge:<spreadsheet id>:<invoice key>` and the invoice's key in its metadata;
 * 3. each answer is recorded: a charge is a Payments row (method Stripe, the PaymentIntent as its key's
 *    end and its Reference) then the invoice's Paid and Collection; a decline its reason in the owner's
 *    words; no answer leaves it Charging.
 *
 * An invoice a run left Charging (stopped anywhere after step 1) is asked of Stripe first: the client's
 * PaymentIntents are listed (a list is read-after-write consistent, a search is not) and the one carrying
 * the invoice's key gives the outcome; when there is none it is charged again with the same key, which
 * Stripe answers with the first request's outcome if it had one. No chunk starts once the run has used
 * its time budget (budget.ts): the rest wait, uncharged and unmarked, for the next run.
 */
import type Stripe from 'stripe';
import {
  attemptKey,
  CHARGING,
  type Changes,
  type ChargeOutcome,
  type Client,
  type ClientCard,
  type Collectable,
  type CollectionMark,
  chargeKey,
  chargeOutcome,
  chargeRequest,
  chargingRetry,
  collectable,
  combine,
  counted,
  type DeclineToTell,
  declinesOnRecord,
  type IntentSeen,
  type Invoice,
  type IsoDate,
  intentOutcome,
  isCardWaiting,
  isCharging,
  outcomeChanges,
  type Payment,
  type RetryRules,
  type State,
} from '../domain';
import { apply } from '../sheets/apply';
import type { Store } from '../sheets/store';
import { TabUnusableError } from '../sheets/table';
import { withinBudget } from './budget';
import { refreshCards } from './cards';
import { userEmail } from './context';
import { answerMessage, type Connected, connectionOf, STRIPE_CHUNK, type StripeAnswer, stripeAll } from './stripe';

export interface CollectionRun {
  charged: number;
  declined: number;
  /** Charges without an answer yet (left Charging) or not started (the time budget). */
  waiting: number;
  problems: string[];
  /** The Payments rows it recorded, and the invoices whose Paid changed: what client email tells of. */
  payments: Payment[];
  invoices: Invoice[];
  /** The Collection cells it wrote, in order (the last of an invoice's is its cell). */
  collections: CollectionMark[];
  /** The declines on record, told once the pay links are made (declines.ts). */
  toTell: DeclineToTell[];
  /** The clients' cards as tonight's look at their pages left them (cards.ts). */
  cards: ClientCard[];
}

const NONE: CollectionRun = {
  charged: 0,
  declined: 0,
  waiting: 0,
  problems: [],
  payments: [],
  invoices: [],
  collections: [],
  toTell: [],
  cards: [],
};

/**
 * The nightly step: the cards asked for, then the charges. Nothing at all when nothing uses Stripe. A tab
 * it needs that can't be used (Packages or Clients edited by hand) stops it, never the run: billing has
 * reported the tab already, and an invoice it left Charging is settled by the next run.
 */
export function collectPayments(
  store: Store,
  state: State,
  payments: readonly Payment[],
  today: IsoDate,
  started: Date,
): CollectionRun {
  try {
    return collectStep(store, state, payments, today, started);
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
    return { ...NONE, problems: [`Stripe: nothing was charged, as a tab can't be used: ${e.message}`] };
  }
}

function collectStep(
  store: Store,
  state: State,
  payments: readonly Payment[],
  today: IsoDate,
  started: Date,
): CollectionRun {
  const connection = connectionOf(store.spreadsheet.getId());
  if (!connection && !state.invoices.some((i) => isCharging(i.collection)) && !usesStripe(store)) return NONE;
  if (!connection)
    return {
      ...NONE,
      problems: [
        `Stripe: not connected for ${userEmail() || 'the account this run runs as'}, so no card was looked up and nothing was charged (Get paid with Stripe…).`,
      ],
    };
  if (!store.table('invoices').has('Collection'))
    return {
      ...NONE,
      problems: ['Stripe: the Invoices tab has no Collection column, so nothing was charged: run Set up workbook.'],
    };
  const cards = refreshCards(store, connection, today);
  const clients = withCards(store.clients().records, cards.cards);
  const retry = { days: store.settings().retryDays, payments };
  const due = collectable(state.invoices, state.sales, clients, store.packages().records, today, retry);
  const run = charge(store, connection, due, payments, today, started);
  const toTell = declinesAfter(state, run, { days: retry.days, payments: [...payments, ...run.payments] }, today);
  return { ...run, problems: [...cards.problems, ...run.problems], toTell, cards: cards.cards };
}

/** The declines on record once the run's cells are written (each told once: declines.ts). */
function declinesAfter(state: State, run: CollectionRun, retry: RetryRules, today: IsoDate): DeclineToTell[] {
  const written = new Map(run.collections.map((m) => [m.key, m.collection]));
  const paidNow = new Map(run.invoices.map((i) => [i.key, i]));
  const invoices = state.invoices.map((i) => {
    const collection = written.get(i.key) ?? i.collection;
    return { ...(paidNow.get(i.key) ?? i), ...(collection === undefined ? {} : { collection }) };
  });
  return declinesOnRecord(invoices, state.sales, retry.payments, retry.days, today);
}

/** Whether the studio uses Stripe: a package charged automatically, a card asked for (no when they can't be read). */
function usesStripe(store: Store): boolean {
  try {
    return (
      store.packages().records.some((p) => p.chargeAutomatically) ||
      store.clients().records.some((c) => isCardWaiting(c.card))
    );
  } catch (e) {
    if (e instanceof TabUnusableError) return false;
    throw e;
  }
}

/** The clients with the cards just written. */
export function withCards(clients: readonly Client[], cards: readonly ClientCard[]): Client[] {
  const byId = new Map(cards.map((c) => [c.clientId, c]));
  return clients.map((c) => {
    const card = byId.get(c.id);
    return card ? { ...c, ...Object.fromEntries(Object.entries(card).filter(([k]) => k !== 'clientId')) } : c;
  });
}

/** The charges, chunk by chunk under the time budget; the in-doubt ones asked of Stripe first. */
function charge(
  store: Store,
  connection: Connected,
  due: readonly Collectable[],
  payments: readonly Payment[],
  today: IsoDate,
  started: Date,
): CollectionRun {
  const studio = store.spreadsheet.getId();
  const run: CollectionRun = { ...NONE, problems: [], payments: [], invoices: [], collections: [] };
  const known = [...payments];
  const found = recover(
    connection,
    due.filter((c) => isCharging(c.invoice.collection)),
    studio,
  );
  record(store, [...found.outcomes], known, today, run);
  const toCharge = stillToCharge(store, due, found.settled, known, today, run);
  for (let i = 0; i < toCharge.length; i += STRIPE_CHUNK) {
    if (!withinBudget(started)) {
      run.waiting += toCharge.length - i;
      run.problems.push(
        `Stripe: ${counted(toCharge.length - i, 'charge waits', 'charges wait')} for the next run (this run neared Apps Script's 6-minute limit).`,
      );
      break;
    }
    chargeChunk(store, connection, toCharge.slice(i, i + STRIPE_CHUNK), known, today, run);
  }
  return run;
}

/** One chunk: marked Charging (flushed), charged at once, each answer recorded. */
function chargeChunk(
  store: Store,
  connection: Connected,
  chunk: readonly Collectable[],
  known: Payment[],
  today: IsoDate,
  run: CollectionRun,
): void {
  const studio = store.spreadsheet.getId();
  const marks = chunk.map((c) => ({ key: c.invoice.key, collection: chargingMark(c) }));
  apply(store, 'collectMark', { collections: marks }, today);
  SpreadsheetApp.flush(); // Charging is on record before Stripe is asked
  const calls = chunk.map((c) => ({
    method: 'post' as const,
    path: '/v1/payment_intents',
    params: chargeRequest(c, studio, connection.currency),
    idempotencyKey: attemptKey(chargeKey(studio, c.invoice.key), c.attempt ?? 0),
  }));
  const answers = stripeAll(connection.key, calls);
  record(
    store,
    chunk.map((c, j) => [c, outcomeOfAnswer(answers[j])] as const),
    known,
    today,
    run,
  );
}

/**
 * What is left to charge once the doubtful ones are settled: an invoice left Charging that Stripe has no
 * charge for and that has nothing to charge now (paid another way, void, its card gone) is cleared.
 */
function stillToCharge(
  store: Store,
  due: readonly Collectable[],
  settled: ReadonlySet<string>,
  known: Payment[],
  today: IsoDate,
  run: CollectionRun,
): Collectable[] {
  const open = due.filter((c) => !settled.has(c.invoice.key));
  const chargeable = (c: Collectable) => c.amountCents > 0 && c.paymentMethod !== '';
  const nothing: ChargeOutcome = {
    kind: 'refused',
    reason: 'Stripe has no charge for it, and nothing is to be charged now',
  };
  record(
    store,
    open.filter((c) => !chargeable(c)).map((c) => [c, nothing] as const),
    known,
    today,
    run,
  );
  return open.filter(chargeable);
}

function outcomeOfAnswer(answer: StripeAnswer): ChargeOutcome {
  return 'failed' in answer ? { kind: 'unknown', reason: answer.failed } : chargeOutcome(answer.status, answer.body);
}

/**
 * The in-doubt invoices' outcomes, from each client's PaymentIntents: `outcomes` of those found,
 * `settled` the keys not to charge now (found, or their client's list could not be read: asked again
 * next run). One not found is charged again, with the same idempotency key.
 */
function recover(
  connection: Connected,
  doubtful: readonly Collectable[],
  studio: string,
): { outcomes: [Collectable, ChargeOutcome][]; settled: Set<string> } {
  const customers = [...new Set(doubtful.map((c) => c.customer))];
  const lists = stripeAll(
    connection.key,
    customers.map((customer) => ({
      method: 'get' as const,
      path: '/v1/payment_intents',
      params: { customer, limit: '100' },
    })),
  );
  const intents = new Map(customers.map((customer, i) => [customer, intentsOf(lists[i])] as const));
  const outcomes: [Collectable, ChargeOutcome][] = [];
  const settled = new Set<string>();
  for (const c of doubtful) {
    const all = intents.get(c.customer);
    const mine = all?.filter((pi) => isAttempt(pi, c, studio)) ?? [];
    const best = mine.find((pi) => pi.status === 'succeeded') ?? mine[0];
    if (!all)
      outcomes.push([
        c,
        {
          kind: 'unknown',
          reason: `its client's payments could not be read: ${answerMessage(lists[customers.indexOf(c.customer)])}`,
        },
      ]);
    else if (best) outcomes.push([c, intentOutcome(best)]);
    if (!all || best) settled.add(c.invoice.key);
  }
  return { outcomes, settled };
}

/** Whether a PaymentIntent is this try's: its invoice, its studio, its attempt (none on a first charge). */
function isAttempt(pi: IntentSeen, c: Collectable, studio: string): boolean {
  const m = pi.metadata ?? {};
  return m.invoice === c.invoice.key && m.studio === studio && (m.attempt ?? '0') === String(c.attempt ?? 0);
}

/** The Collection cell while a try is asked of Stripe. */
function chargingMark(c: Collectable): string {
  return c.attempt && c.firstDeclined ? chargingRetry(c.attempt, c.firstDeclined) : CHARGING;
}

/** A list answer's PaymentIntents (Stripe's type), or null when it could not be read. */
function intentsOf(answer: StripeAnswer): IntentSeen[] | null {
  if ('failed' in answer || answer.status !== 200) return null;
  const list = answer.body as unknown as Stripe.ApiList<Stripe.PaymentIntent>;
  return list.data ?? [];
}

/** Writes a chunk's outcomes (payments, then invoices' Paid and Collection) and counts them. */
function record(
  store: Store,
  outcomes: readonly (readonly [Collectable, ChargeOutcome])[],
  known: Payment[],
  today: IsoDate,
  run: CollectionRun,
): void {
  const changes: Changes[] = [];
  for (const [c, outcome] of outcomes) {
    const change = outcomeChanges(c, outcome, known, today);
    changes.push(change);
    known.push(...(change.newPayments ?? []));
    run.payments.push(...(change.newPayments ?? []));
    run.invoices.push(...(change.updatedInvoices ?? []));
    if (outcome.kind === 'paid') run.charged++;
    else if (outcome.kind === 'declined') run.declined++;
    else run.waiting += outcome.kind === 'unknown' ? 1 : 0;
    if (outcome.kind === 'refused' || outcome.kind === 'unknown')
      run.problems.push(
        `Stripe: invoice ${c.invoice.number} (${c.invoice.clientName}) ${outcome.kind === 'refused' ? 'was not charged' : 'is not known to be charged yet; the next run asks Stripe again'}: ${outcome.reason}`,
      );
  }
  const all = combine(changes);
  if (all.collections?.length) apply(store, 'collect', all, today);
  run.collections.push(...(all.collections ?? []));
}
