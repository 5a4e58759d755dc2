/**
 * A declined card told to its client: for each decline the Invoices tab records (the first charge's or a
 * retry's, src/domain/retries.ts: this run's, or one a stopped run recorded and never told), an email with
 * a new Stripe page to pay by saving a card (Checkout, setup mode: cards.ts), keyed
 * `declined:<invoice key>:<attempt>` in the Email Log so each try's decline is told once. The client's
 * Card column waits for the page, so a card saved there is the one the next retry charges. A client who
 * said no to email, or has no address, is logged `skipped: …` and no page is made. Nothing when client
 * email is off (Send client emails) or the Card declined message is switched off.
 */
import {
  type ClientCard,
  cardWaiting,
  type DeclineToTell,
  declinedCandidate,
  formatMoney,
  type Invoice,
  type IsoDate,
  longDate,
  mayRetry,
  payLinkToShow,
  renderAll,
  retryDay,
  type State,
} from '../domain';
import { apply } from '../sheets/apply';
import type { Store } from '../sheets/store';
import { cardPage } from './cards';
import { withCards } from './collect';
import { deliver, emailInput } from './email';
import { connectionOf } from './stripe';

const NOTHING: State = { sales: [], invoices: [], adjustments: [] };

/**
 * Emails each decline's client (once per invoice and try), with the invoice's pay link when it has one
 * (`invoices`: as the pay-link step left them); returns what went wrong, for the Run Log.
 */
export function tellDeclines(
  store: Store,
  declines: readonly DeclineToTell[],
  cards: readonly ClientCard[],
  invoices: readonly Invoice[],
  today: IsoDate,
): string[] {
  if (!declines.length || !store.hasTab('emailLog') || !store.settings().sendEmail) return [];
  const connection = connectionOf(store.spreadsheet.getId());
  if (!connection) return [];
  const payLinks = new Map(invoices.map((i) => [i.key, payLinkToShow(i)]));
  const input = emailInput(store, NOTHING, [], today);
  // The Clients rows as tonight's look at the card pages left them (a card saved today is on file).
  const clients = new Map(withCards(store.clients().records, cards).map((c) => [c.id, c]));
  const problems: string[] = [];
  const candidates = [];
  for (const c of declines) {
    const logged = input.log.get(`declined:${c.invoice.key}:${c.attempt}`);
    const client = clients.get(c.clientId);
    if (!client || (logged && !mayRetry(logged.status))) continue;
    const reachable = client.email.trim() && !client.noEmail;
    const page = reachable ? cardPage(store, connection, client, `declined.${c.invoice.key}.${c.attempt}`) : null;
    if (page && 'message' in page) {
      problems.push(`Stripe: ${client.name} was not told of invoice ${c.invoice.number}'s decline: ${page.message}`);
      continue;
    }
    if (page)
      apply(store, 'cards', { clientCards: [{ clientId: client.id, card: cardWaiting(today, client) }] }, today);
    const words = wordsOf(c, page, payLinks.get(c.invoice.key) ?? '');
    candidates.push(declinedCandidate(c.invoice.key, c.attempt, client.id, words));
  }
  const { messages, problems: unsent } = renderAll(input, candidates);
  const done = messages.length ? deliver(store, input, messages, today) : { problems: [] };
  return [...problems, ...unsent, ...done.problems];
}

/** The email's words: the next try (or that there is none), the invoice's pay link, the card page. */
function wordsOf(c: DeclineToTell, page: { url: string; expires: string } | null, payLink: string) {
  const next = retryDay(c.firstDeclined, c.attempt + 1, c.retryDays);
  const after = next
    ? ` We will try the card again on ${longDate(next)}.`
    : c.retryDays.length
      ? ' We will not try the card again for this invoice.'
      : '';
  return {
    number: String(c.invoice.number),
    amount: formatMoney(c.amountCents),
    reason: c.reason,
    next: after,
    pay: payLink ? `To pay this invoice now, use its page on Stripe:\n\n${payLink}\n\n` : '',
    link: page?.url ?? '',
    expires: page?.expires ?? '',
  };
}
