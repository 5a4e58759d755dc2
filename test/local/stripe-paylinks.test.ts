// The emulated Stripe's Prices and Payment Links (local/runtime/stripe/paylinks.js), reached through the
// runtime's UrlFetchApp as the add-on would: a Price made with product_data, a Payment Link of it (metadata,
// payment_intent_data[metadata], restrictions[completed_sessions][limit], a redirect), its idempotent
// creation, paying it on its hosted page (a Checkout Session in payment mode with payment_link, a succeeded
// PaymentIntent with the link's metadata), the sessions listed by payment_link, the limit reached and
// active=false stopping it, the permissions a restricted key needs, Stripe's errors.
import { createRuntime, Workbook } from '../support/local-runtime';

type Reply = { status: number; body: any };

function world() {
  const rt = createRuntime({
    workbook: Workbook.create({ timeZone: 'Australia/Sydney' }),
    now: '2026-03-02T10:00',
    distDir: 'dist',
  });
  const stripe = rt.cloud.stripe;
  const g = rt.globals();
  const call = (
    key: string,
    method: 'get' | 'post',
    path: string,
    payload?: Record<string, string>,
    idem?: string,
  ): Reply => {
    const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
    if (idem) headers['Idempotency-Key'] = idem;
    const r = g.UrlFetchApp.fetch(`https://api.stripe.com${path}`, {
      method,
      headers,
      payload,
      muteHttpExceptions: true,
    });
    return { status: r.getResponseCode(), body: JSON.parse(r.getContentText()) };
  };
  return { stripe, call };
}

const LINK_KEY = { price: 'write', payment_link: 'write', checkout_session: 'read', payment_intent: 'read' } as const;

function link(w: ReturnType<typeof world>, key: string, amount = '30000', idem = 'paylink:S-1:0') {
  const price = w.call(
    key,
    'post',
    '/v1/prices',
    { currency: 'aud', unit_amount: amount, 'product_data[name]': 'Invoice 1' },
    `price:${idem}`,
  );
  expect(price).toMatchObject({
    status: 200,
    body: { object: 'price', unit_amount: Number(amount), currency: 'aud', product: expect.stringMatching(/^prod_/) },
  });
  return w.call(
    key,
    'post',
    '/v1/payment_links',
    {
      'line_items[0][price]': price.body.id,
      'line_items[0][quantity]': '1',
      'metadata[invoice]': 'S-1:0',
      'payment_intent_data[metadata][invoice]': 'S-1:0',
      'restrictions[completed_sessions][limit]': '1',
      'after_completion[type]': 'redirect',
      'after_completion[redirect][url]': 'https://pilates.example/thanks',
    },
    idem,
  );
}

describe('Payment Links', () => {
  test('made once per idempotency key; paid on its page: a payment-mode session with payment_link and a succeeded PaymentIntent carrying the metadata; then inactive', () => {
    const w = world();
    const key = w.stripe.issueKey({ type: 'restricted', permissions: LINK_KEY });
    const made = link(w, key);
    expect(made).toMatchObject({
      status: 200,
      body: {
        object: 'payment_link',
        active: true,
        url: expect.stringMatching(/^https:\/\/buy\.stripe\.com\/test_/),
        metadata: { invoice: 'S-1:0' },
        restrictions: { completed_sessions: { count: 0, limit: 1 } },
      },
    });
    expect(made.body._lines).toBeUndefined();
    const again = w.call(key, 'post', '/v1/payment_links', { 'line_items[0][price]': 'price_other' }, 'paylink:S-1:0');
    expect(again.status).toBe(400); // the same key with other parameters: refused, never a second link
    expect(w.stripe.objects('payment_links')).toHaveLength(1);
    const declined = w.stripe.payLink(made.body.url, { card: '4000 0000 0000 0002', exp: '08/28' });
    expect(declined.ok).toBe(false);
    const paid = w.stripe.payLink(made.body.url, { card: '4242 4242 4242 4242', exp: '08/28' });
    expect(paid).toMatchObject({ ok: true, redirect: 'https://pilates.example/thanks' });
    const sessions = w.call(key, 'get', `/v1/checkout/sessions?payment_link=${made.body.id}`).body.data;
    expect(sessions).toEqual([
      expect.objectContaining({
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        payment_link: made.body.id,
        amount_total: 30000,
      }),
    ]);
    const intent = w.call(key, 'get', `/v1/payment_intents/${sessions[0].payment_intent}`).body;
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 30000, metadata: { invoice: 'S-1:0' } });
    // The limit of one completed session reached: the link is deactivated; paying again is refused.
    expect(w.call(key, 'get', `/v1/payment_links/${made.body.id}`).body).toMatchObject({
      active: false,
      restrictions: { completed_sessions: { count: 1, limit: 1 } },
    });
    expect(w.stripe.payLink(made.body.url, { card: '4242424242424242', exp: '08/28' })).toEqual({
      ok: false,
      message: 'This link is no longer active.',
    });
  });

  test('active=false stops a link (paid another way); errors as Stripe words them; a key without the permission refused', () => {
    const w = world();
    const key = w.stripe.issueKey({ type: 'restricted', permissions: LINK_KEY });
    const made = link(w, key).body;
    expect(w.call(key, 'post', `/v1/payment_links/${made.id}`, { active: 'false' }).body.active).toBe(false);
    expect(w.stripe.payLink(made.url, { card: '4242424242424242', exp: '08/28' }).ok).toBe(false);
    expect(w.stripe.objects('payment_intents')).toEqual([]);
    expect(w.call(key, 'post', '/v1/payment_links', { 'line_items[0][price]': 'price_nope' })).toMatchObject({
      status: 400,
      body: { error: { code: 'resource_missing', param: 'line_items[0][price]' } },
    });
    expect(w.call(key, 'post', '/v1/prices', { currency: 'aud', unit_amount: '100' })).toMatchObject({ status: 400 });
    expect(w.call(key, 'get', '/v1/payment_links/plink_nope').status).toBe(404);
    const noLinks = w.stripe.issueKey({ type: 'restricted', permissions: { price: 'write' } });
    expect(
      w.call(noLinks, 'post', '/v1/payment_links', { 'line_items[0][price]': made.id }).body.error.message,
    ).toMatch(/'rak_payment_link_write'/);
  });
});
