// @ts-check
// A Payment Link's hosted page at buy.stripe.com, as a browser sees it locally (the page of paylinks.js's
// links): GET /<path> shows what it asks (the business, the amount) and a card form; POST pays it
// (StripeEmulator.payLink): paid, the browser goes to the link's redirect (303) or sees Stripe's
// confirmation; refused (a declined card, a link turned off), the page again with Stripe's message. Every
// text is escaped (hosted.js's page).

const { page, escapeHtml } = require('./hosted');

const BUY_HOST_NAME = 'buy.stripe.com';

/** @param {import('./index').StripeEmulator} stripe @param {string} url */
function findLink(stripe, url) {
  for (const mode of /** @type {const} */ (['test', 'live'])) {
    const links = /** @type {Record<string, any>} */ (stripe.state.modes[mode]).payment_links ?? {};
    const link = Object.values(links).find((l) => l.url === url);
    if (link) return { mode, link };
  }
  return null;
}

/** What the link asks, in its currency ("AUD 300.00"). @param {import('./index').StripeEmulator} stripe @param {'test' | 'live'} mode @param {Record<string, any>} link */
function amountText(stripe, mode, link) {
  const prices = /** @type {Record<string, any>} */ (stripe.state.modes[mode]).prices ?? {};
  const cents = (link._lines ?? []).reduce(
    (/** @type {number} */ t, /** @type {{ price: string, quantity: number }} */ l) =>
      t + (prices[l.price]?.unit_amount ?? 0) * l.quantity,
    0,
  );
  return `${String(link.currency).toUpperCase()} ${(cents / 100).toFixed(2)}`;
}

/**
 * The handler for buy.stripe.com.
 * @param {import('./index').StripeEmulator} stripe
 * @returns {import('../urlfetch').Host}
 */
function buyHost(stripe) {
  return {
    handle(request) {
      const url = `https://${BUY_HOST_NAME}${request.path}`;
      const found = findLink(stripe, url);
      if (!found) return page(404, 'Something went wrong', '<p>This page does not exist.</p>');
      if (request.method !== 'POST') return render(stripe, found, null);
      const form = new URLSearchParams(request.payload);
      const outcome = stripe.payLink(url, {
        card: form.get('cardnumber') ?? '',
        exp: form.get('exp') ?? '',
        now: request.now,
      });
      if (!outcome.ok) return render(stripe, found, outcome.message ?? 'Something went wrong.');
      if (outcome.redirect) return { status: 303, headers: { Location: outcome.redirect }, body: '' };
      const name = escapeHtml(stripe.state.businessName);
      return page(200, name, `<h1>${name}</h1><p>Thanks for your payment.</p>`);
    },
  };
}

/**
 * @param {import('./index').StripeEmulator} stripe
 * @param {{ mode: 'test' | 'live', link: Record<string, any> }} found @param {string | null} error
 */
function render(stripe, { mode, link }, error) {
  const name = escapeHtml(stripe.state.businessName);
  const testMode = mode === 'live' ? '' : '<p class="badge">TEST MODE</p>';
  if (!link.active) return page(200, name, `${testMode}<h1>${name}</h1><p>This link is no longer active.</p>`);
  const body = `${testMode}<h1>${name}</h1>
<p>Pay ${escapeHtml(amountText(stripe, mode, link))} to ${name}.</p>
${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
<form method="post">
<label>Card number <input name="cardnumber" autocomplete="cc-number" inputmode="numeric" required></label>
<label>Expiry (MM / YY) <input name="exp" autocomplete="cc-exp" placeholder="MM / YY" required></label>
<label>CVC <input name="cvc" autocomplete="cc-csc" inputmode="numeric"></label>
<button type="submit">Pay</button>
</form>`;
  return page(200, name, body);
}

module.exports = { buyHost, BUY_HOST_NAME };
