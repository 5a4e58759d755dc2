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
<form method="post" action="${escapeHtml(id)}">
<label>Card number <input name="cardnumber" autocomplete="cc-number" inputmode="numeric" required></label>
<label>Expiry (MM / YY) <input name="exp" autocomplete="cc-exp" placeholder="MM / YY" required></label>
<label>CVC <input name="cvc" autocomplete="cc-csc" inputmode="numeric"></label>
<button type="submit">Save card</button>
</form>`;
  return page(200, name, body);
}

/** A page like Stripe's: one narrow column, the fields stacked, the error in red (no script, nothing loaded). */
const STYLE = [
  'body{margin:0;background:#f6f9fc;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1f36}',
  'main{max-width:26rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002}',
  'h1{font-size:1.4rem;margin:0 0 .5rem;overflow-wrap:anywhere}',
  '.badge{display:inline-block;margin:0 0 1rem;padding:0 .5rem;border-radius:4px;background:#ffde92;color:#8a4a00;font-size:.8rem;font-weight:600}',
  'label{display:block;margin:1rem 0 0;font-size:.9rem;color:#3c4257}',
  'input{display:block;box-sizing:border-box;width:100%;margin-top:.25rem;padding:.6rem;border:1px solid #c1c9d2;border-radius:6px;font:inherit}',
  'button{width:100%;margin-top:1.5rem;padding:.75rem;border:0;border-radius:6px;background:#635bff;color:#fff;font:inherit;font-weight:600;cursor:pointer}',
  '.error{color:#c0123c}',
].join('');

/** @param {number} status @param {string} title @param {string} body */
function page(status, title, body) {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`,
  };
}

module.exports = { checkoutHost, page, escapeHtml };
