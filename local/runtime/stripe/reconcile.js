// @ts-check
// What the add-on's nightly reconciliation reads from Stripe, as the API reference describes it
// (https://docs.stripe.com/api/pagination, https://docs.stripe.com/api/payouts): lists of PaymentIntents,
// Charges, Refunds and Payouts, newest first, filtered by `created` (`created[gte]`, `created[gt]`,
// `created[lte]`, `created[lt]`, Unix seconds) and paged with `limit`, `starting_after` and `has_more`.
// Payouts are made by Stripe itself (the Dashboard, or the automatic schedule): `dashboardPayout` makes
// one, as the emulator's Dashboard; none is made through the API here.
//
// These routes come first in the router (index.js), so the lists of PaymentIntents and Refunds take the
// `created` filter too.

const R = require('./resources');

/** @typedef {import('./resources').Context} Context @typedef {import('./resources').StripeObject} StripeObject */

/**
 * The objects whose `created` passes the `created[…]` filter (a bare `created=N` is that second).
 * @param {Record<string, StripeObject>} objects @param {unknown} created
 */
function createdWithin(objects, created) {
  if (created === undefined) return objects;
  /** @type {Record<string, string>} */
  const range = typeof created === 'object' && created !== null ? /** @type {any} */ (created) : { eq: created };
  /** @type {Record<string, (c: number, n: number) => boolean>} */
  const tests = {
    gt: (c, n) => c > n,
    gte: (c, n) => c >= n,
    lt: (c, n) => c < n,
    lte: (c, n) => c <= n,
    eq: (c, n) => c === n,
  };
  const checks = Object.entries(range).map(([op, value]) => {
    const test = tests[op];
    if (!test || !/^\d+$/.test(String(value)))
      throw new R.StripeError(
        400,
        {
          type: 'invalid_request_error',
          code: 'parameter_invalid_integer',
          message: `Invalid created: use created[gt], created[gte], created[lt] or created[lte] with a Unix time.`,
          param: `created[${op}]`,
        },
        false,
      );
    return (/** @type {number} */ c) => test(c, Number(value));
  });
  return Object.fromEntries(Object.entries(objects).filter(([, o]) => checks.every((check) => check(o.created))));
}

/**
 * A list filtered by `created`, then as every list (resources.js: newest first, limit, starting_after).
 * @param {Context} ctx @param {Record<string, any>} params @param {Record<string, StripeObject>} objects
 * @param {string} url @param {string[]} filters
 */
function listSince(ctx, params, objects, url, filters) {
  const { created, ...rest } = params;
  return R.list(ctx, rest, createdWithin(objects, created), url, filters);
}

/** The account's payouts (a state written before payouts were modelled has none yet). @param {Context} ctx */
function payoutsOf(ctx) {
  const store = /** @type {Record<string, any>} */ (ctx.store);
  store.payouts ??= {};
  return /** @type {Record<string, StripeObject>} */ (store.payouts);
}

/**
 * A payout to the account's bank, as Stripe's Dashboard (or its automatic schedule) makes one.
 * @param {Context} ctx @param {{ amount: number, currency?: string, arrivalDate?: string }} options
 *   `arrivalDate`: YYYY-MM-DD (default two days on)
 */
function createPayout(ctx, options) {
  const id = ctx.newId('po');
  const created = Math.floor(ctx.now / 1000);
  const arrival = options.arrivalDate
    ? Math.floor(Date.parse(`${options.arrivalDate}T00:00:00Z`) / 1000)
    : created + 2 * 86400;
  const payout = {
    id,
    object: 'payout',
    amount: options.amount,
    arrival_date: arrival,
    automatic: true,
    created,
    currency: options.currency ?? 'aud',
    description: 'STRIPE PAYOUT',
    livemode: ctx.mode === 'live',
    metadata: {},
    method: 'standard',
    status: arrival * 1000 <= ctx.now ? 'paid' : 'in_transit',
    type: 'bank_account',
  };
  payoutsOf(ctx)[id] = payout;
  return payout;
}

/**
 * The routes, in index.js's form: [method, path, the resource whose permission it needs, handler].
 * @type {[string, RegExp, string, (ctx: Context, params: Record<string, any>, ...ids: string[]) => any][]}
 */
const RECONCILE_ROUTES = [
  [
    'GET',
    /^\/v1\/payment_intents$/,
    'payment_intent',
    (ctx, p) => listSince(ctx, p, ctx.store.payment_intents, '/v1/payment_intents', ['customer']),
  ],
  [
    'GET',
    /^\/v1\/charges$/,
    'charge',
    (ctx, p) => listSince(ctx, p, ctx.store.charges, '/v1/charges', ['customer', 'payment_intent']),
  ],
  [
    'GET',
    /^\/v1\/refunds$/,
    'refund',
    (ctx, p) => listSince(ctx, p, ctx.store.refunds, '/v1/refunds', ['payment_intent', 'charge']),
  ],
  ['GET', /^\/v1\/payouts$/, 'payout', (ctx, p) => listSince(ctx, p, payoutsOf(ctx), '/v1/payouts', ['status'])],
  [
    'GET',
    /^\/v1\/payouts\/([^/]+)$/,
    'payout',
    (ctx, _p, id) => {
      const payout = payoutsOf(ctx)[id];
      if (!payout) throw R.noSuch('payout', id);
      return payout;
    },
  ],
];

module.exports = { RECONCILE_ROUTES, createPayout, createdWithin };
