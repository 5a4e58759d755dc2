/**
 * "Get paid with Stripe": connect the studio's own Stripe account (a restricted key, the currency the
 * prices are in, the website clients return to), see it as "Connected (test mode) · key …abcd" (the key
 * itself never comes back to the page), and ask a client for a card on file (an email with Stripe's page).
 */
import type { OkOf } from '../contract';
import { connectionWords, STRIPE_CURRENCIES } from '../domain/stripe';
import { focusOnOpen, h, root, show } from './client/dom';
import { button, Form, input, select, whileBusy } from './client/form';
import { call, newRequestId } from './client/rpc';

type Connection = OkOf<'stripeStatus'>['connection'];

const connectForm = new Form();
const status = h('p', { class: 'lead', role: 'status' }, 'Loading…');
const key = input({ type: 'password', autocomplete: 'off', spellcheck: false });
const currency = select(
  STRIPE_CURRENCIES.map((c) => [c, c.toUpperCase()] as const),
  'aud',
);
const website = input({ type: 'url', autocomplete: 'url', placeholder: 'https://' });
const connect = h('button', { type: 'submit', class: 'action' }, 'Connect');
const disconnect = button('Disconnect', () => void forget(), 'secondary');

const cardForm = new Form();
const client = select([['', 'Loading clients…']]);
const ask = h('button', { type: 'submit', class: 'action' }, 'Email the link');
const asked = h('div', { role: 'status' });
/** One id per request for a card, kept until the reply arrives (a retry sends one email). */
let requestId = newRequestId('card');

function showConnection(connection: Connection): void {
  status.textContent = connection
    ? `${connectionWords(connection)} · ${connection.currency.toUpperCase()}`
    : 'Not connected: paste a restricted key of your Stripe account.';
  disconnect.hidden = !connection;
  cardSection.hidden = !connection;
  if (connection) website.value = connection.website;
}

async function submitKey(e: Event): Promise<void> {
  e.preventDefault();
  await whileBusy(connect, 'Checking with Stripe…', async () => {
    connectForm.clear();
    const reply = await call('connectStripe', {
      key: key.value,
      currency: currency.value as never,
      website: website.value,
    });
    key.value = '';
    if (!reply.ok) {
      connectForm.showFailure(reply);
      return;
    }
    showConnection(reply.connection);
  });
}

async function forget(): Promise<void> {
  const reply = await call('disconnectStripe');
  if (!reply.ok) connectForm.showFailure(reply);
  else showConnection(null);
}

async function submitCard(e: Event): Promise<void> {
  e.preventDefault();
  await whileBusy(ask, 'Asking Stripe…', async () => {
    cardForm.clear();
    show(asked);
    const reply = await call('askForCard', { clientId: client.value, requestId });
    if (!reply.ok) {
      cardForm.showFailure(reply);
      if (!reply.busy) requestId = newRequestId('card');
      return;
    }
    requestId = newRequestId('card');
    const said =
      reply.status === 'sent'
        ? `Emailed to ${reply.to}.`
        : `Not emailed (${reply.status}): give them this link yourself.`;
    show(
      asked,
      h('div', { class: 'ok' }, `${said} The Clients tab says “${reply.card}” until they save a card.`),
      reply.link ? h('p', { class: 'note' }, reply.link) : null,
    );
  });
}

async function load(): Promise<void> {
  const [state, clients] = await Promise.all([call('stripeStatus'), call('listClients')]);
  if (state.ok) showConnection(state.connection);
  else connectForm.showFailure(state);
  if (clients.ok)
    show(
      client,
      h('option', { value: '' }, 'Choose a client'),
      ...clients.clients.map((c) => h('option', { value: c.id }, `${c.name} (${c.id})${c.card ? ` · ${c.card}` : ''}`)),
    );
}

const connectEl = h(
  'form',
  { novalidate: true, 'aria-label': 'Connect Stripe' },
  status,
  connectForm.field(
    'key',
    'Restricted key',
    key,
    'From Stripe › Developers › API keys (rk_test_… to try it, rk_live_… to be paid). Kept for you alone; shown again only as its last four characters.',
  ),
  connectForm.field('currency', 'Currency of your prices', currency),
  connectForm.field('website', 'Your website', website, 'Stripe sends clients there once they saved a card.'),
  connectForm.notice,
  h('div', { class: 'buttons' }, connect, disconnect),
);
const cardSection = h(
  'form',
  { novalidate: true, 'aria-label': 'Ask for a card' },
  h('h2', {}, 'Ask a client for a card'),
  cardForm.field(
    'clientId',
    'Client',
    client,
    "They get an email with Stripe's page to save a card; the nightly run writes it to the Clients tab.",
  ),
  cardForm.notice,
  asked,
  h('div', { class: 'buttons' }, ask),
);
connectEl.addEventListener('submit', (e) => void submitKey(e));
cardSection.addEventListener('submit', (e) => void submitCard(e));
show(root(), connectEl, cardSection);
cardSection.hidden = true;
disconnect.hidden = true;
focusOnOpen(key);
void load();
