// The emulated Stripe API (local/runtime/stripe/), reached through the runtime's UrlFetchApp as the add-on
// reaches it: keys and their permissions, Stripe's error objects, idempotent requests (replayed, refused
// with other parameters, not saved when refused before the endpoint began, pruned after 24 hours), the
// objects the add-on uses (Customer, Checkout Session in setup mode, SetupIntent, PaymentMethod,
// PaymentIntent off-session, Refund), each test card's outcome, lists and search, the rate limiter, the
// hosted page, and the state kept between executions of the CLI.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRuntime, tempDir, Workbook, withWorkbook } from '../support/local-runtime';

const { stripePath } = require('../../local/runtime');

const ALL_WRITE = {
  customer: 'write',
  checkout_session: 'write',
  setup_intent: 'read',
  payment_method: 'read',
  payment_intent: 'write',
} as const;

type Reply = { status: number; body: any; headers: Record<string, string> };

/** A runtime (its own cloud, so its own Stripe) on a day, and helpers that call Stripe with `key`. */
function stripeWorld(now = '2026-03-02T10:00') {
  const rt = createRuntime({ workbook: Workbook.create({ timeZone: 'Australia/Sydney' }), now, distDir: 'dist' });
  const stripe = rt.cloud.stripe;
  const g = rt.globals();
  const call = (
    key: string | null,
    method: 'get' | 'post',
    path: string,
    payload?: Record<string, string>,
    extra: Record<string, string> = {},
  ): Reply => {
    const headers: Record<string, string> = { ...extra };
    if (key) headers.Authorization = `Bearer ${key}`;
    const r = g.UrlFetchApp.fetch(`https://api.stripe.com${path}`, {
      method,
      headers,
      payload,
      muteHttpExceptions: true,
    });
    return { status: r.getResponseCode(), body: JSON.parse(r.getContentText()), headers: r.getHeaders() };
  };
  return { rt, stripe, g, call };
}

/** A customer with a card saved through a setup page with `card`; returns the ids. */
function savedCard(world: ReturnType<typeof stripeWorld>, key: string, card: string, exp = '08/28') {
  const customer = world.call(key, 'post', '/v1/customers', { name: 'Sam Lee', 'metadata[client]': 'C-1' }).body.id;
  const session = world.call(key, 'post', '/v1/checkout/sessions', {
    mode: 'setup',
    customer,
    currency: 'aud',
    success_url: 'https://example.com/saved?s={CHECKOUT_SESSION_ID}',
  }).body;
  const outcome = world.stripe.completeCheckout(session.url, { card, exp });
  const done = world.call(key, 'get', `/v1/checkout/sessions/${session.id}?expand[]=setup_intent.payment_method`).body;
  return { customer, session, outcome, paymentMethod: done.setup_intent?.payment_method };
}

const charge = (customer: string, paymentMethod: string, invoice = 'S-1:0', amount = '30000') => ({
  amount,
  currency: 'aud',
  customer,
  payment_method: paymentMethod,
  off_session: 'true',
  confirm: 'true',
  'metadata[invoice]': invoice,
});

describe('keys', () => {
  test("no key, an unknown key, a rolled key: 401 with Stripe's messages (the key shown by its last four only)", () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    expect(w.call(null, 'get', '/v1/customers')).toMatchObject({
      status: 401,
      body: {
        error: { type: 'invalid_request_error', message: expect.stringMatching(/^You did not provide an API key/) },
      },
    });
    const wrong = w.call('rk_test_51notakeyatall0000abcd', 'get', '/v1/customers');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Invalid API Key provided: rk_test_************************abcd');
    w.stripe.revokeKey(key);
    const rolled = w.call(key, 'get', '/v1/customers');
    expect(rolled.status).toBe(401);
    expect(rolled.body.error.message).toMatch(/^Expired API Key provided: sk_test_\*+/);
    expect(rolled.body.error.message).not.toContain(key.slice(8, -4));
    expect(w.call('pk_test_abc', 'get', '/v1/customers').body.error.message).toMatch(/publishable API key/);
  });

  test('a restricted key does what its permissions allow, and gets a 403 naming the permission otherwise', () => {
    const w = stripeWorld();
    const readOnly = w.stripe.issueKey({ permissions: { customer: 'read' } });
    expect(w.call(readOnly, 'get', '/v1/customers?limit=1')).toMatchObject({
      status: 200,
      body: { object: 'list', data: [] },
    });
    const refused = w.call(readOnly, 'post', '/v1/customers', { name: 'Sam' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /^The provided key 'rk_test_\*+\w{4}' does not have the required permissions for this endpoint on account 'acct_\w+'\. Having the 'rak_customer_write' permission would allow this request to continue\.$/,
    );
    expect(w.call(readOnly, 'get', '/v1/payment_intents').body.error.message).toMatch(/'rak_payment_intent_read'/);
    expect(w.stripe.objects('customers')).toEqual([]);
  });

  test('expanding an object needs read permission on it too', () => {
    const w = stripeWorld();
    const secret = w.stripe.issueKey({ type: 'secret' });
    const { session } = savedCard(w, secret, '4242424242424242');
    const narrow = w.stripe.issueKey({ permissions: { checkout_session: 'read' } });
    expect(w.call(narrow, 'get', `/v1/checkout/sessions/${session.id}`).status).toBe(200);
    const expanded = w.call(narrow, 'get', `/v1/checkout/sessions/${session.id}?expand[]=setup_intent`);
    expect(expanded.status).toBe(403);
    expect(expanded.body.error.message).toMatch(/'rak_setup_intent_read'/);
  });

  test('test and live mode are separate: a live key sees no test object, and a test card is refused in live mode', () => {
    const w = stripeWorld();
    const test = w.stripe.issueKey({ type: 'secret' });
    const live = w.stripe.issueKey({ type: 'secret', mode: 'live' });
    const { customer } = savedCard(w, test, '4242424242424242');
    expect(w.call(live, 'get', `/v1/customers/${customer}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'resource_missing', message: `No such customer: '${customer}'` } },
    });
    const liveCard = savedCard(w, live, '4242424242424242');
    expect(liveCard.outcome).toEqual({
      ok: false,
      message: 'Your card was declined. Your request was in live mode, but used a known test card.',
    });
  });

  test('Stripe answers an unknown URL, an unknown parameter and a missing one as Stripe does', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    expect(w.call(key, 'get', '/v1/nothing').body.error.message).toMatch(
      /^Unrecognized request URL \(GET: \/v1\/nothing\)/,
    );
    expect(w.call(key, 'post', '/v1/customers', { colour: 'red' }).body.error).toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
      message: 'Received unknown parameter: colour',
    });
    expect(w.call(key, 'post', '/v1/payment_intents', { currency: 'aud' }).body.error).toMatchObject({
      code: 'parameter_missing',
      param: 'amount',
    });
  });
});

describe('card on file: a Checkout Session in setup mode, finished on the hosted page', () => {
  test('the session has a hosted url and a SetupIntent; the page saves the card on the customer; the url goes', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ permissions: ALL_WRITE });
    const { session, outcome, paymentMethod, customer } = savedCard(w, key, '4242 4242 4242 4242', '08/28');
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'setup',
      status: 'open',
      url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_\w+$/),
      setup_intent: expect.stringMatching(/^seti_/),
      livemode: false,
    });
    expect(outcome).toEqual({ ok: true, redirect: `https://example.com/saved?s=${session.id}` });
    expect(paymentMethod).toMatchObject({
      object: 'payment_method',
      type: 'card',
      customer,
      card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2028 },
    });
    expect(Object.keys(paymentMethod).filter((k) => k.startsWith('_'))).toEqual([]);
    const after = w.call(key, 'get', `/v1/checkout/sessions/${session.id}`).body;
    expect(after).toMatchObject({ status: 'complete', url: null });
    expect(w.stripe.completeCheckout(session.url, { card: '4242424242424242' })).toEqual({
      ok: false,
      message: 'This page is no longer available.',
    });
  });

  test('setup mode needs a currency (or payment method types) and a success_url', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    expect(w.call(key, 'post', '/v1/checkout/sessions', { mode: 'setup', success_url: 'https://x.test/' }).status).toBe(
      400,
    );
    expect(w.call(key, 'post', '/v1/checkout/sessions', { mode: 'setup', currency: 'aud' }).body.error.param).toBe(
      'success_url',
    );
  });

  test('a session expires after 24 hours: its page is gone, its status "expired"', () => {
    const first = stripeWorld('2026-03-02T10:00');
    const key = first.stripe.issueKey({ type: 'secret' });
    const session = first.call(key, 'post', '/v1/checkout/sessions', {
      mode: 'setup',
      currency: 'aud',
      success_url: 'https://x.test/',
    }).body;
    const later = createRuntime({
      workbook: Workbook.create({}),
      now: '2026-03-03T10:01',
      cloud: first.rt.cloud,
      distDir: 'dist',
    });
    const r = later.globals().UrlFetchApp.fetch(`https://api.stripe.com/v1/checkout/sessions/${session.id}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(JSON.parse(r.getContentText())).toMatchObject({ status: 'expired', url: null });
  });

  test('cards the page refuses: an unknown number in test mode, an always-declined card, a failed authentication', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    expect(savedCard(w, key, '4111111111111112').outcome).toEqual({
      ok: false,
      message: 'Your card number is incorrect.',
    });
    expect(savedCard(w, key, '4000000000000002').outcome).toEqual({ ok: false, message: 'Your card was declined.' });
    const s = w.call(key, 'post', '/v1/checkout/sessions', {
      mode: 'setup',
      currency: 'aud',
      success_url: 'https://x.test/',
    });
    expect(w.stripe.completeCheckout(s.body.id, { card: '4000002760003184', authenticate: false })).toMatchObject({
      ok: false,
    });
    expect(savedCard(w, key, '4242424242424242', '01/20').outcome).toMatchObject({ ok: false });
  });

  test('the hosted page in a browser: GET shows the form (escaped), POST saves the card and redirects (303)', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    w.stripe.state.businessName = 'Pilates <b>& Co</b>';
    const session = w.call(key, 'post', '/v1/checkout/sessions', {
      mode: 'setup',
      currency: 'aud',
      success_url: 'https://x.test/done',
    }).body;
    const page = w.g.UrlFetchApp.fetch(session.url).getContentText();
    expect(page).toContain('TEST MODE');
    expect(page).toContain('Pilates &#60;b&#62;&#38; Co&#60;/b&#62;');
    expect(page).toContain('name="cardnumber"');
    const refused = w.g.UrlFetchApp.fetch(session.url, {
      method: 'post',
      payload: { cardnumber: '1234', exp: '08/28' },
    });
    expect(refused.getContentText()).toContain('Your card number is incorrect.');
    const saved = w.g.UrlFetchApp.fetch(session.url, {
      method: 'post',
      payload: { cardnumber: '4242 4242 4242 4242', exp: '08 / 28' },
      followRedirects: false,
    });
    expect(saved.getResponseCode()).toBe(303);
    expect(saved.getHeaders()).toMatchObject({ Location: 'https://x.test/done' });
  });
});

describe('charging a saved card off-session: each test card', () => {
  const cases: [string, string, object][] = [
    ['4242424242424242', 'succeeds', { status: 'succeeded', amount_received: 30000 }],
    [
      '4000002500003155',
      'set up on the page, then charged off-session without authentication',
      { status: 'succeeded' },
    ],
    [
      '4000000000000341',
      'saved, but declined when charged',
      { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
    ],
    [
      '4000000000009995',
      'declined: insufficient funds',
      { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    ],
    [
      '4000002760003184',
      'always requires authentication',
      { code: 'authentication_required', decline_code: 'authentication_required' },
    ],
    ['4000000000000069', 'expired', { code: 'expired_card' }],
  ];

  test.each(cases)('%s: %s', (card, _what, expected) => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ permissions: ALL_WRITE });
    const { customer, paymentMethod } = savedCard(w, key, card);
    const r = w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id), {
      'Idempotency-Key': 'charge:S-1:0',
    });
    const [intent] = w.stripe.objects('payment_intents');
    expect(intent.metadata).toEqual({ invoice: 'S-1:0' });
    if ('status' in expected) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ object: 'payment_intent', amount: 30000, currency: 'aud', customer, ...expected });
      expect(w.stripe.objects('charges')[0]).toMatchObject({ status: 'succeeded', payment_intent: r.body.id });
      return;
    }
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ type: 'card_error', ...expected });
    expect(r.body.error.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: expect.objectContaining(expected),
    });
  });

  test('a PaymentMethod of another customer, or none, is refused', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    const a = savedCard(w, key, '4242424242424242');
    const b = savedCard(w, key, '4242424242424242');
    expect(
      w.call(key, 'post', '/v1/payment_intents', charge(a.customer, b.paymentMethod.id)).body.error.message,
    ).toMatch(/belongs to a different Customer/);
    expect(w.call(key, 'post', '/v1/payment_intents', charge(a.customer, 'pm_nothing')).body.error).toMatchObject({
      code: 'resource_missing',
      param: 'payment_method',
    });
  });
});

describe('idempotent requests', () => {
  test('the same key and the same request: the first response again, Idempotent-Replayed, one charge', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ permissions: ALL_WRITE });
    const { customer, paymentMethod } = savedCard(w, key, '4242424242424242');
    const first = w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id), {
      'Idempotency-Key': 'charge:S-1:0',
    });
    const again = w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id), {
      'Idempotency-Key': 'charge:S-1:0',
    });
    expect(again.body).toEqual(first.body);
    expect(first.headers['Idempotent-Replayed']).toBeUndefined();
    expect(again.headers).toMatchObject({
      'Idempotent-Replayed': 'true',
      'Original-Request': first.headers['Request-Id'],
    });
    expect(w.stripe.objects('payment_intents')).toHaveLength(1);
  });

  test('a decline is replayed too (the endpoint began), with its PaymentIntent', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ permissions: ALL_WRITE });
    const { customer, paymentMethod } = savedCard(w, key, '4000000000000341');
    const first = w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id), {
      'Idempotency-Key': 'k',
    });
    const again = w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id), {
      'Idempotency-Key': 'k',
    });
    expect([first.status, again.status]).toEqual([402, 402]);
    expect(again.body).toEqual(first.body);
    expect(w.stripe.objects('payment_intents')).toHaveLength(1);
  });

  test('the same key with other parameters: 400 idempotency_error, nothing charged', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ permissions: ALL_WRITE });
    const { customer, paymentMethod } = savedCard(w, key, '4242424242424242');
    w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id), { 'Idempotency-Key': 'k' });
    const other = w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id, 'S-1:0', '100'), {
      'Idempotency-Key': 'k',
    });
    expect(other.status).toBe(400);
    expect(other.body.error).toEqual({
      type: 'idempotency_error',
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k' if you meant to execute a different request.",
    });
    expect(w.call(key, 'post', '/v1/customers', { name: 'x' }, { 'Idempotency-Key': 'k' }).body.error.type).toBe(
      'idempotency_error',
    );
    expect(w.stripe.objects('payment_intents')).toHaveLength(1);
  });

  test('a request refused before the endpoint began (its parameters, its permission) saves nothing under its key', () => {
    const w = stripeWorld();
    const narrow = w.stripe.issueKey({ permissions: { customer: 'read' } });
    expect(w.call(narrow, 'post', '/v1/customers', { name: 'Sam' }, { 'Idempotency-Key': 'c' }).status).toBe(403);
    const key = w.stripe.issueKey({ type: 'secret' });
    expect(w.call(key, 'post', '/v1/customers', { colour: 'red' }, { 'Idempotency-Key': 'c' }).status).toBe(400);
    expect(w.call(key, 'post', '/v1/customers', { name: 'Sam' }, { 'Idempotency-Key': 'c' }).status).toBe(200);
  });

  test('keys are pruned 24 hours after first use: the same request then runs again (a second charge)', () => {
    const w = stripeWorld('2026-03-02T10:00');
    const key = w.stripe.issueKey({ permissions: ALL_WRITE });
    const { customer, paymentMethod } = savedCard(w, key, '4242424242424242');
    w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id), { 'Idempotency-Key': 'k' });
    const later = createRuntime({
      workbook: Workbook.create({}),
      now: '2026-03-03T10:30',
      cloud: w.rt.cloud,
      distDir: 'dist',
    });
    later.globals().UrlFetchApp.fetch('https://api.stripe.com/v1/payment_intents', {
      method: 'post',
      headers: { Authorization: `Bearer ${key}`, 'Idempotency-Key': 'k' },
      payload: charge(customer, paymentMethod.id),
    });
    expect(w.stripe.objects('payment_intents')).toHaveLength(2);
  });

  test('an injected 500 is saved under its key (Stripe replays "including 500 errors"); a 429 is not', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    w.stripe.inject({ status: 500, path: '/v1/customers' });
    expect(w.call(key, 'post', '/v1/customers', { name: 'a' }, { 'Idempotency-Key': 'x' }).body.error.type).toBe(
      'api_error',
    );
    expect(w.call(key, 'post', '/v1/customers', { name: 'a' }, { 'Idempotency-Key': 'x' }).status).toBe(500);
    w.stripe.inject({ status: 429 });
    expect(w.call(key, 'post', '/v1/customers', { name: 'a' }, { 'Idempotency-Key': 'y' }).body.error.code).toBe(
      'rate_limit',
    );
    expect(w.call(key, 'post', '/v1/customers', { name: 'a' }, { 'Idempotency-Key': 'y' }).status).toBe(200);
  });
});

describe('lists, search, refunds, the rate limiter', () => {
  test("a customer's PaymentIntents, newest first, found by metadata at once; search only a minute later", () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ permissions: ALL_WRITE });
    const { customer, paymentMethod } = savedCard(w, key, '4242424242424242');
    for (const invoice of ['S-1:0', 'S-1:1'])
      w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id, invoice));
    const list = w.call(key, 'get', `/v1/payment_intents?customer=${customer}&limit=100`).body;
    expect(list.data.map((pi: any) => pi.metadata.invoice)).toEqual(['S-1:1', 'S-1:0']);
    const query = encodeURIComponent("metadata['invoice']:'S-1:1'");
    expect(w.call(key, 'get', `/v1/payment_intents/search?query=${query}`).body.data).toEqual([]);
    const later = createRuntime({
      workbook: Workbook.create({}),
      now: '2026-03-02T10:02',
      cloud: w.rt.cloud,
      distDir: 'dist',
    });
    const found = later.globals().UrlFetchApp.fetch(`https://api.stripe.com/v1/payment_intents/search?query=${query}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(JSON.parse(found.getContentText()).data.map((pi: any) => pi.metadata.invoice)).toEqual(['S-1:1']);
  });

  test("a refund, through the API or the Dashboard: the charge's amount_refunded; not more than was charged", () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    const { customer, paymentMethod } = savedCard(w, key, '4242424242424242');
    const pi = w.call(key, 'post', '/v1/payment_intents', charge(customer, paymentMethod.id)).body;
    expect(w.call(key, 'post', '/v1/refunds', { payment_intent: pi.id, amount: '10000' }).body).toMatchObject({
      object: 'refund',
      amount: 10000,
      payment_intent: pi.id,
      status: 'succeeded',
    });
    expect(w.stripe.dashboardRefund(pi.id)).toMatchObject({ amount: 20000 });
    expect(w.call(key, 'post', '/v1/refunds', { payment_intent: pi.id }).body.error.code).toBe(
      'charge_already_refunded',
    );
    expect(w.call(key, 'get', `/v1/charges/${pi.latest_charge}`).body).toMatchObject({
      amount_refunded: 30000,
      refunded: true,
    });
  });

  test('more than 25 requests in one second in test mode: 429 rate_limit (fetchAll sends them at once)', () => {
    const w = stripeWorld();
    const key = w.stripe.issueKey({ type: 'secret' });
    const requests = Array.from({ length: 30 }, () => ({
      url: 'https://api.stripe.com/v1/customers?limit=1',
      headers: { Authorization: `Bearer ${key}` },
      muteHttpExceptions: true,
    }));
    const codes = w.g.UrlFetchApp.fetchAll(requests).map((r: any) => r.getResponseCode());
    expect(codes.filter((c: number) => c === 200)).toHaveLength(25);
    expect(codes.filter((c: number) => c === 429)).toHaveLength(5);
  });
});

describe('kept between executions of the local studio', () => {
  test('what one `studio` execution created in Stripe, the next one finds; the file is written as Stripe changes', async () => {
    const file = join(tempDir(), 'studio.xlsx');
    const key = await withWorkbook(
      file,
      (rt: any) => {
        const k = rt.cloud.stripe.issueKey({ type: 'secret' });
        rt.globals().UrlFetchApp.fetch('https://api.stripe.com/v1/customers', {
          method: 'post',
          headers: { Authorization: `Bearer ${k}` },
          payload: { name: 'Sam' },
        });
        expect(existsSync(stripePath(file))).toBe(true);
        return k;
      },
      { create: { timeZone: 'Australia/Sydney' }, now: '2026-03-02T10:00' },
    );
    expect(JSON.parse(readFileSync(stripePath(file), 'utf8')).modes.test.customers).not.toEqual({});
    const names = await withWorkbook(
      file,
      (rt: any) => {
        const r = rt.globals().UrlFetchApp.fetch('https://api.stripe.com/v1/customers', {
          headers: { Authorization: `Bearer ${key}` },
        });
        return JSON.parse(r.getContentText()).data.map((c: any) => c.name);
      },
      { now: '2026-03-02T11:00' },
    );
    expect(names).toEqual(['Sam']);
  });
});
