// @ts-check
// Stripe's hosted pages at checkout.stripe.com, as a browser sees them locally: GET /c/pay/<session id>
// shows the page (the business's name, what it is for, a card number, its expiry, a button), POST
// submits it (StripeEmulator.completeCheckout): a saved card sends the browser to the session's
// success_url (303), a refused one shows the page again with Stripe's message. Every text is escaped.

/** @param {string} s */
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The handler for checkout.stripe.com.
 * @param {import('./index').StripeEmulator} stripe
 * @returns {import('../urlfetch').Host}
 */
function checkoutHost(stripe) {
  return {
    handle(request) {
      const m = /^\/c\/pay\/([A-Za-z0-9_]+)$/.exec(request.path);
      const session = m ? findSession(stripe, m[1]) : null;
      if (!m || !session) return page(404, 'Something went wrong', '<p>This page does not exist.</p>');
      if (request.method === 'POST') {
        const form = new URLSearchParams(request.payload);
        const outcome = stripe.completeCheckout(m[1], {
          card: form.get('cardnumber') ?? '',
          exp: form.get('exp') ?? '',
          authenticate: form.get('authenticate') !== 'fail',
          now: request.now,
        });
        if (outcome.ok) return { status: 303, headers: { Location: outcome.redirect }, body: '' };
        return render(stripe, m[1], session, outcome.message);
      }
      return render(stripe, m[1], session, null);
    },
  };
}

/** @param {import('./index').StripeEmulator} stripe @param {string} id */
function findSession(stripe, id) {
  return stripe.state.modes.test.checkout_sessions[id] ?? stripe.state.modes.live.checkout_sessions[id] ?? null;
}

/**
 * @param {import('./index').StripeEmulator} stripe @param {string} id @param {Record<string, any>} session
 * @param {string | null} error
 */
function render(stripe, id, session, error) {
  const name = escapeHtml(stripe.state.businessName);
  const testMode = session.livemode ? '' : '<p class="badge">TEST MODE</p>';
  if (session.status !== 'open')
    return page(200, name, `${testMode}<h1>${name}</h1><p>This page is no longer available.</p>`);
  const body = `${testMode}<h1>${name}</h1>
<p>Save a card for future payments to ${name}.</p>
${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/c/pay/${escapeHtml(id)}">
<label>Card number <input name="cardnumber" autocomplete="cc-number" inputmode="numeric" required></label>
<label>Expiry (MM / YY) <input name="exp" autocomplete="cc-exp" placeholder="MM / YY" required></label>
<label>CVC <input name="cvc" autocomplete="cc-csc" inputmode="numeric"></label>
<button type="submit">Save card</button>
</form>`;
  return page(200, name, body);
}

/** @param {number} status @param {string} title @param {string} body */
function page(status, title, body) {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`,
  };
}

module.exports = { checkoutHost };
