// @ts-check
// Prices and Payment Links, as Stripe's API reference describes them (https://docs.stripe.com/api/prices,
// https://docs.stripe.com/api/payment-link): a Price made with `product_data` (its Product made with it)
// and a `unit_amount`; a Payment Link of one line item, its `metadata`, `payment_intent_data[metadata]`
// (copied to the PaymentIntent each payment makes), `restrictions[completed_sessions][limit]` (reached, the
// link is deactivated) and `after_completion` (a redirect); `active=false` stops it. A link never expires.
//
// `payLink` is the hosted page: a client pays the link's amount with a test card, which makes a Checkout
// Session (mode payment, `payment_link` set, complete and paid) and a succeeded PaymentIntent with a
// Charge; the sessions list takes `payment_link` as a filter (index.js).

const R = require('./resources');

/** @typedef {import('./resources').Context} Context @typedef {import('./resources').StripeObject} StripeObject */

const PAY_HOST = 'https://buy.stripe.com';

/** @param {Context} ctx @param {'prices' | 'products' | 'payment_links'} name @returns {Record<string, StripeObject>} */
function collection(ctx, name) {
  const store = /** @type {Record<string, any>} */ (ctx.store);
  store[name] ??= {};
  return store[name];
}

/** @param {string} message @param {string} param @param {string} code */
function validation(message, param, code) {
  return new R.StripeError(400, { type: 'invalid_request_error', code, message, param }, false);
}

/** @param {Record<string, unknown>} params @param {string[]} allowed */
function onlyParams(params, allowed) {
  for (const name of Object.keys(params))
    if (!allowed.includes(name)) throw validation(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
}

/** @param {unknown} value @param {string} param */
function metadataOf(value, param) {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw validation('Invalid object', param, 'parameter_invalid_object');
  return { .../** @type {Record<string, string>} */ (value) };
}

/** @param {unknown} value @param {string} param */
function positive(value, param) {
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw validation(`Invalid integer: ${String(value)}`, param, 'parameter_invalid_integer');
  return Number(value);
}

/** @param {Context} ctx */
const seconds = (ctx) => Math.floor(ctx.now / 1000);

/** POST /v1/prices. @param {Context} ctx @param {Record<string, any>} params */
function createPrice(ctx, params) {
  onlyParams(params, ['currency', 'unit_amount', 'product', 'product_data', 'metadata', 'nickname', 'expand']);
  if (!params.currency) throw validation('Missing required param: currency.', 'currency', 'parameter_missing');
  if (params.unit_amount === undefined)
    throw validation('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing');
  if (!params.product === !params.product_data)
    throw R.invalid('You must specify either `product` or `product_data` when creating a price.', 'product');
  const product = params.product
    ? collection(ctx, 'products')[params.product]
    : createProduct(ctx, params.product_data);
  if (!product) throw R.noSuch('product', params.product, 'product');
  const id = ctx.newId('price');
  const price = {
    id,
    object: 'price',
    active: true,
    currency: String(params.currency).toLowerCase(),
    unit_amount: positive(params.unit_amount, 'unit_amount'),
    product: product.id,
    type: 'one_time',
    created: seconds(ctx),
    livemode: ctx.mode === 'live',
    metadata: metadataOf(params.metadata, 'metadata'),
    nickname: params.nickname ?? null,
  };
  collection(ctx, 'prices')[id] = price;
  return price;
}

/** @param {Context} ctx @param {any} data */
function createProduct(ctx, data) {
  if (!data?.name)
    throw validation('Missing required param: product_data[name].', 'product_data[name]', 'parameter_missing');
  const id = ctx.newId('prod');
  const product = {
    id,
    object: 'product',
    active: true,
    name: data.name,
    created: seconds(ctx),
    livemode: ctx.mode === 'live',
  };
  collection(ctx, 'products')[id] = product;
  return product;
}

const LINK_PARAMS = ['line_items', 'metadata', 'payment_intent_data', 'restrictions', 'after_completion', 'expand'];

/** POST /v1/payment_links. @param {Context} ctx @param {Record<string, any>} params */
function createPaymentLink(ctx, params) {
  onlyParams(params, LINK_PARAMS);
  const items = Object.values(params.line_items ?? {});
  if (!items.length) throw validation('Missing required param: line_items.', 'line_items', 'parameter_missing');
  const lines = items.map((item, i) => {
    const price = collection(ctx, 'prices')[item?.price];
    if (!price) throw R.noSuch('price', String(item?.price), `line_items[${i}][price]`);
    return { price, quantity: item.quantity === undefined ? 1 : positive(item.quantity, `line_items[${i}][quantity]`) };
  });
  const id = ctx.newId('plink');
  const limit = params.restrictions?.completed_sessions?.limit;
  const link = {
    id,
    object: 'payment_link',
    active: true,
    url: `${PAY_HOST}/${ctx.mode === 'test' ? 'test_' : ''}${id.slice(6, 20)}`,
    currency: lines[0].price.currency,
    livemode: ctx.mode === 'live',
    metadata: metadataOf(params.metadata, 'metadata'),
    payment_intent_data: {
      metadata: metadataOf(params.payment_intent_data?.metadata, 'payment_intent_data[metadata]'),
    },
    restrictions:
      limit === undefined
        ? null
        : { completed_sessions: { count: 0, limit: positive(limit, 'restrictions[completed_sessions][limit]') } },
    after_completion:
      params.after_completion?.type === 'redirect'
        ? { type: 'redirect', redirect: { url: params.after_completion.redirect?.url ?? '' } }
        : { type: 'hosted_confirmation', hosted_confirmation: { custom_message: null } },
    _lines: lines.map((l) => ({ price: l.price.id, quantity: l.quantity })),
  };
  collection(ctx, 'payment_links')[id] = link;
  return link;
}

/** @param {Context} ctx @param {string} id */
function linkOf(ctx, id) {
  const link = collection(ctx, 'payment_links')[id];
  if (!link) throw R.noSuch('payment_link', id);
  return link;
}

/** POST /v1/payment_links/:id: `active`, `metadata`. @param {Context} ctx @param {Record<string, any>} params @param {string} id */
function updatePaymentLink(ctx, params, id) {
  onlyParams(params, ['active', 'metadata', 'expand']);
  const link = linkOf(ctx, id);
  if (params.active !== undefined) {
    if (!['true', 'false'].includes(params.active))
      throw validation(`Invalid boolean: ${params.active}`, 'active', 'parameter_invalid_boolean');
    link.active = params.active === 'true';
  }
  if (params.metadata !== undefined) link.metadata = { ...link.metadata, ...metadataOf(params.metadata, 'metadata') };
  return link;
}

/** The amount a link asks: its line items' prices times their quantities. @param {Context} ctx @param {StripeObject} link */
function amountOf(ctx, link) {
  return link._lines.reduce(
    (/** @type {number} */ sum, /** @type {{ price: string, quantity: number }} */ l) =>
      sum + collection(ctx, 'prices')[l.price].unit_amount * l.quantity,
    0,
  );
}

/**
 * A client pays through the link's hosted page with `card`: a completed Checkout Session (mode payment)
 * and its succeeded PaymentIntent, or why not (the link inactive, the card declined).
 * @param {Context} ctx @param {StripeObject} link @param {{ brand: string, funding: string, last4: string,
 *   exp_month: number, exp_year: number, behaviour: string }} card
 * @returns {{ ok: true, redirect: string, session: StripeObject } | { ok: false, message: string }}
 */
function payThroughLink(ctx, link, card) {
  if (!link.active) return { ok: false, message: 'This link is no longer active.' };
  const pm = R.savePaymentMethod(ctx, /** @type {any} */ (null), { ...card, setUp: false });
  let intent;
  try {
    intent = R.createPaymentIntent(ctx, {
      amount: String(amountOf(ctx, link)),
      currency: link.currency,
      payment_method: pm.id,
      confirm: 'true',
      metadata: link.payment_intent_data.metadata,
    });
  } catch (e) {
    if (e instanceof R.StripeError) return { ok: false, message: e.message };
    throw e;
  }
  const id = ctx.newId(`cs_${ctx.mode}`);
  const session = {
    id,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    payment_link: link.id,
    payment_intent: intent.id,
    amount_total: intent.amount,
    currency: link.currency,
    customer: null,
    created: seconds(ctx),
    expires_at: seconds(ctx) + 24 * 60 * 60,
    livemode: ctx.mode === 'live',
    metadata: { ...link.metadata },
    setup_intent: null,
    url: null,
  };
  ctx.store.checkout_sessions[id] = session;
  const limit = link.restrictions?.completed_sessions;
  if (limit) {
    limit.count++;
    if (limit.count >= limit.limit) link.active = false;
  }
  const redirect = link.after_completion.type === 'redirect' ? link.after_completion.redirect.url : '';
  return { ok: true, redirect, session };
}

/**
 * The routes, in index.js's form: [method, path, the resource whose permission it needs, handler].
 * @type {[string, RegExp, string, (ctx: Context, params: Record<string, any>, ...ids: string[]) => any][]}
 */
const PAYLINK_ROUTES = [
  ['POST', /^\/v1\/prices$/, 'price', createPrice],
  [
    'GET',
    /^\/v1\/prices\/([^/]+)$/,
    'price',
    (/** @type {Context} */ ctx, /** @type {any} */ _p, /** @type {string} */ id) => {
      const price = collection(ctx, 'prices')[id];
      if (!price) throw R.noSuch('price', id);
      return price;
    },
  ],
  ['POST', /^\/v1\/payment_links$/, 'payment_link', createPaymentLink],
  [
    'GET',
    /^\/v1\/payment_links\/([^/]+)$/,
    'payment_link',
    (/** @type {Context} */ ctx, /** @type {any} */ _p, /** @type {string} */ id) => linkOf(ctx, id),
  ],
  ['POST', /^\/v1\/payment_links\/([^/]+)$/, 'payment_link', updatePaymentLink],
];

module.exports = { PAYLINK_ROUTES, payThroughLink, PAY_HOST };
