// @ts-check
// The Stripe objects the add-on uses and the endpoints that make and read them, as Stripe's API reference
// describes them (https://docs.stripe.com/api): Customers, Checkout Sessions (setup mode), SetupIntents,
// PaymentMethods (cards), PaymentIntents (created and confirmed off-session), Charges, Refunds; lists
// (newest first, `limit`, `starting_after`) and search (`metadata['key']:'value'`, searchable a minute
// after a change: "Don't use search for read-after-write flows"). Each endpoint names the parameters it
// takes; another one is refused as Stripe does (parameter_unknown), a missing one too (parameter_missing).

const crypto = require('node:crypto');
const { DECLINES, offSessionOutcome } = require('./cards');

/**
 * @typedef {Record<string, any>} StripeObject
 * @typedef {{ customers: Record<string, StripeObject>, checkout_sessions: Record<string, StripeObject>,
 *   setup_intents: Record<string, StripeObject>, payment_methods: Record<string, StripeObject>,
 *   payment_intents: Record<string, StripeObject>, charges: Record<string, StripeObject>,
 *   refunds: Record<string, StripeObject>, idempotency: Record<string, Saved>, searchable: Record<string, number>,
 *   prices?: Record<string, StripeObject>, products?: Record<string, StripeObject>,
 *   payment_links?: Record<string, StripeObject> }} ModeStore
 *   `prices`, `products`, `payment_links`: paylinks.js's (absent in a state saved before them).
 *   `searchable[id]`: when (ms) the object's last change reaches search.
 * @typedef {{ method: string, path: string, params: string, status: number, body: string, requestId: string, at: number }} Saved
 * @typedef {'test' | 'live'} Mode
 * @typedef {{ mode: Mode, store: ModeStore, now: number, account: string, keyShown: string,
 *   newId: (prefix: string) => string, canRead: (resource: string) => string | null }} Context
 *   `canRead(resource)`: null when the key may read it, else the permission it lacks. `keyShown`: the
 *   key as Stripe's messages show it (its last four characters only).
 */

const SEARCH_DELAY_MS = 60_000;
const CHECKOUT_HOST = 'https://checkout.stripe.com';
const SESSION_LIFETIME_S = 24 * 60 * 60;

/** A Stripe error response. */
class StripeError extends Error {
  /**
   * @param {number} status @param {Record<string, unknown>} error the error object's fields
   * @param {boolean} [saved] whether the idempotency layer keeps it (the endpoint began)
   */
  constructor(status, error, saved = true) {
    super(String(error.message));
    this.status = status;
    this.error = error;
    this.saved = saved;
  }
}

/** @param {string} message @param {string} [param] @param {string} [code] */
function invalid(message, param, code) {
  return new StripeError(400, {
    type: 'invalid_request_error',
    message,
    ...(code && { code }),
    ...(param && { param }),
  });
}

/** A validation error: never saved under an idempotency key. @param {string} message @param {string} param @param {string} code */
function validation(message, param, code) {
  return new StripeError(400, { type: 'invalid_request_error', code, message, param }, false);
}

/** @param {string} kind e.g. 'customer' @param {string} id @param {string} [param] */
function noSuch(kind, id, param = 'id') {
  // A missing object in the URL is a 404; one a parameter names, a 400 (the request was bad).
  return new StripeError(param === 'id' ? 404 : 400, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

/** @returns {ModeStore} */
function emptyModeStore() {
  return {
    customers: {},
    checkout_sessions: {},
    setup_intents: {},
    payment_methods: {},
    payment_intents: {},
    charges: {},
    refunds: {},
    prices: {},
    products: {},
    payment_links: {},
    idempotency: {},
    searchable: {},
  };
}

/**
 * Refuses parameters an endpoint does not take, and asks for the ones it needs.
 * @param {Record<string, unknown>} params @param {string[]} allowed @param {string[]} [required]
 */
function checkParams(params, allowed, required = []) {
  for (const name of Object.keys(params))
    if (!allowed.includes(name)) throw validation(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
  for (const name of required)
    if (params[name] === undefined || params[name] === '')
      throw validation(`Missing required param: ${name}.`, name, 'parameter_missing');
}

/** @param {unknown} value @param {string} param */
function integer(value, param) {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value))
    throw validation(`Invalid integer: ${String(value)}`, param, 'parameter_invalid_integer');
  return Number(value);
}

/** @param {unknown} value @param {string} param */
function boolean(value, param) {
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw validation(`Invalid boolean: ${String(value)}`, param, 'parameter_invalid_string_blank');
}

/** Metadata: up to 50 keys of 40 characters, values of 500 (https://docs.stripe.com/api/metadata). @param {unknown} value */
function metadata(value) {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value) || value === null)
    throw validation('Invalid object', 'metadata', 'parameter_invalid_object');
  const entries = Object.entries(value);
  if (entries.length > 50) throw invalid('Metadata can have up to 50 keys.', 'metadata');
  for (const [k, v] of entries) {
    if (k.length > 40) throw invalid(`Metadata keys can have up to 40 characters.`, `metadata[${k}]`);
    if (typeof v !== 'string' || v.length > 500)
      throw invalid(`Metadata values can have up to 500 characters.`, `metadata[${k}]`);
  }
  return Object.fromEntries(entries);
}

/** @param {Context} ctx */
function seconds(ctx) {
  return Math.floor(ctx.now / 1000);
}

/** Records a change: search sees it a minute later. @param {Context} ctx @param {StripeObject} object */
function touched(ctx, object) {
  ctx.store.searchable[object.id] = ctx.now + SEARCH_DELAY_MS;
  return object;
}

/** A secret a client-side library would use (the add-on never needs one). @param {string} id */
function clientSecret(id) {
  return `${id}_secret_${crypto.createHash('sha256').update(id).digest('base64url').slice(0, 25)}`;
}

// ---- Customers --------------------------------------------------------------------------------------

/** @param {Context} ctx @param {Record<string, any>} params */
function createCustomer(ctx, params) {
  checkParams(params, ['name', 'email', 'phone', 'description', 'metadata', 'expand']);
  const id = ctx.newId('cus');
  const customer = {
    id,
    object: 'customer',
    created: seconds(ctx),
    description: params.description ?? null,
    email: params.email ?? null,
    livemode: ctx.mode === 'live',
    metadata: metadata(params.metadata),
    name: params.name ?? null,
    phone: params.phone ?? null,
    invoice_settings: { default_payment_method: null },
  };
  ctx.store.customers[id] = customer;
  return touched(ctx, customer);
}

/** @param {Context} ctx @param {string} id */
function customerOf(ctx, id) {
  const customer = ctx.store.customers[id];
  if (!customer) throw noSuch('customer', id);
  return customer;
}

/** @param {Context} ctx @param {Record<string, any>} params @param {string} id */
function updateCustomer(ctx, params, id) {
  checkParams(params, ['name', 'email', 'phone', 'description', 'metadata', 'expand']);
  const customer = customerOf(ctx, id);
  for (const field of ['name', 'email', 'phone', 'description'])
    if (params[field] !== undefined) customer[field] = params[field] === '' ? null : params[field];
  if (params.metadata !== undefined) Object.assign(customer.metadata, metadata(params.metadata));
  return touched(ctx, customer);
}

// ---- Checkout Sessions ------------------------------------------------------------------------------

const SESSION_PARAMS = [
  'mode',
  'customer',
  'currency',
  'success_url',
  'cancel_url',
  'payment_method_types',
  'metadata',
  'client_reference_id',
  'expires_at',
  'setup_intent_data',
  'line_items',
  'payment_intent_data',
  'customer_email',
  'expand',
];

/** @param {Context} ctx @param {Record<string, any>} params */
function createSession(ctx, params) {
  checkParams(params, SESSION_PARAMS, ['mode']);
  if (!['setup', 'payment'].includes(params.mode))
    throw validation(`Invalid mode: must be one of payment, setup or subscription`, 'mode', 'parameter_invalid_string');
  if (params.mode === 'setup' && !params.currency && !params.payment_method_types)
    throw invalid('You must provide at least one of `currency` or `payment_method_types` in `setup` mode.', 'currency');
  if (!params.success_url) throw validation('Missing required param: success_url.', 'success_url', 'parameter_missing');
  if (params.customer) customerOf(ctx, params.customer);
  if (params.mode === 'payment') return createPaymentSession(ctx, params);
  const expiresAt = params.expires_at ? integer(params.expires_at, 'expires_at') : seconds(ctx) + SESSION_LIFETIME_S;
  if (expiresAt < seconds(ctx) + 30 * 60 || expiresAt > seconds(ctx) + SESSION_LIFETIME_S)
    throw invalid('The `expires_at` timestamp must be between 30 minutes and 24 hours from now.', 'expires_at');
  const setupIntent = createSetupIntent(ctx, params.customer ?? null, metadata(params.setup_intent_data?.metadata));
  const id = ctx.newId(`cs_${ctx.mode}`);
  const session = {
    id,
    object: 'checkout.session',
    mode: 'setup',
    status: 'open',
    url: `${CHECKOUT_HOST}/c/pay/${id}`,
    cancel_url: params.cancel_url ?? null,
    success_url: params.success_url,
    client_reference_id: params.client_reference_id ?? null,
    created: seconds(ctx),
    currency: params.currency ?? null,
    customer: params.customer ?? null,
    expires_at: expiresAt,
    livemode: ctx.mode === 'live',
    metadata: metadata(params.metadata),
    payment_intent: null,
    payment_method_types: params.payment_method_types ?? ['card'],
    payment_status: 'no_payment_required',
    setup_intent: setupIntent.id,
  };
  ctx.store.checkout_sessions[id] = session;
  return touched(ctx, session);
}

/** Payment mode (a pay link's page): not modelled yet. @param {Context} _ctx @param {Record<string, any>} _params */
function createPaymentSession(_ctx, _params) {
  throw invalid('The local Stripe emulator does not model Checkout in payment mode yet.', 'mode');
}

/** A session, expired first when its time has passed. @param {Context} ctx @param {string} id */
function sessionOf(ctx, id) {
  const session = ctx.store.checkout_sessions[id];
  if (!session) throw noSuch('checkout.session', id);
  if (session.status === 'open' && session.expires_at <= seconds(ctx)) expire(ctx, session);
  return session;
}

/** @param {Context} ctx @param {StripeObject} session */
function expire(ctx, session) {
  session.status = 'expired';
  session.url = null;
  const setupIntent = ctx.store.setup_intents[session.setup_intent];
  if (setupIntent && setupIntent.status !== 'succeeded') setupIntent.status = 'canceled';
  touched(ctx, session);
}

/** @param {Context} ctx @param {Record<string, any>} params @param {string} id */
function expireSession(ctx, params, id) {
  checkParams(params, ['expand']);
  const session = sessionOf(ctx, id);
  if (session.status !== 'open')
    throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired.`, undefined);
  expire(ctx, session);
  return session;
}

// ---- SetupIntents and PaymentMethods ----------------------------------------------------------------

/** @param {Context} ctx @param {string | null} customer @param {Record<string, string>} meta */
function createSetupIntent(ctx, customer, meta) {
  const id = ctx.newId('seti');
  const setupIntent = {
    id,
    object: 'setup_intent',
    client_secret: clientSecret(id),
    created: seconds(ctx),
    customer,
    last_setup_error: null,
    livemode: ctx.mode === 'live',
    metadata: meta,
    payment_method: null,
    payment_method_types: ['card'],
    status: 'requires_payment_method',
    usage: 'off_session',
  };
  ctx.store.setup_intents[id] = setupIntent;
  return touched(ctx, setupIntent);
}

/**
 * A card saved through a page: the PaymentMethod, attached to `customer`.
 * @param {Context} ctx @param {string} customer
 * @param {{ brand: string, funding: string, last4: string, exp_month: number, exp_year: number, behaviour: string, setUp: boolean }} card
 */
function savePaymentMethod(ctx, customer, card) {
  const id = ctx.newId('pm');
  const paymentMethod = {
    id,
    object: 'payment_method',
    billing_details: { address: null, email: null, name: null, phone: null },
    card: {
      brand: card.brand,
      country: 'US',
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      funding: card.funding,
      last4: card.last4,
    },
    created: seconds(ctx),
    customer,
    livemode: ctx.mode === 'live',
    metadata: {},
    type: 'card',
    // The emulator's own record of how the test card behaves (never shown: underscored fields stay here).
    _behaviour: card.behaviour,
    _setUp: card.setUp,
  };
  ctx.store.payment_methods[id] = paymentMethod;
  return touched(ctx, paymentMethod);
}

/** The object as the API shows it (the emulator's own fields left out). @param {StripeObject} object */
function visible(object) {
  return Object.fromEntries(Object.entries(object).filter(([k]) => !k.startsWith('_')));
}

// ---- PaymentIntents and Charges ---------------------------------------------------------------------

const PAYMENT_INTENT_PARAMS = [
  'amount',
  'currency',
  'customer',
  'payment_method',
  'off_session',
  'confirm',
  'metadata',
  'description',
  'statement_descriptor_suffix',
  'payment_method_types',
  'receipt_email',
  'expand',
];

/** The smallest charge in each currency's smallest unit (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUM = /** @type {Record<string, number>} */ ({ usd: 50, aud: 50, cad: 50, eur: 50, nzd: 50, gbp: 30 });

/** @param {Context} ctx @param {Record<string, any>} params */
function createPaymentIntent(ctx, params) {
  checkParams(params, PAYMENT_INTENT_PARAMS, ['amount', 'currency']);
  const amount = integer(params.amount, 'amount');
  const currency = String(params.currency).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${params.currency}.`, 'currency');
  const offSession = boolean(params.off_session, 'off_session');
  const confirm = boolean(params.confirm, 'confirm');
  if (offSession && !confirm)
    throw invalid('You may only specify `off_session` when `confirm` is `true`.', 'off_session');
  if (amount < (MINIMUM[currency] ?? 50))
    throw invalid('Amount must be at least $0.50 usd', 'amount', 'amount_too_small');
  if (amount > 99999999) throw invalid('Amount must be no more than $999,999.99', 'amount', 'amount_too_large');
  if (params.customer) customerOf(ctx, params.customer);
  const paymentMethod = params.payment_method ? paymentMethodFor(ctx, params) : null;
  const id = ctx.newId('pi');
  const intent = {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_received: 0,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: clientSecret(id),
    confirmation_method: 'automatic',
    created: seconds(ctx),
    currency,
    customer: params.customer ?? null,
    description: params.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: ctx.mode === 'live',
    metadata: metadata(params.metadata),
    payment_method: paymentMethod ? paymentMethod.id : null,
    payment_method_types: ['card'],
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
  };
  ctx.store.payment_intents[id] = intent;
  touched(ctx, intent);
  if (!confirm) return intent;
  if (!paymentMethod)
    throw invalid('You must provide a `payment_method` to confirm this PaymentIntent.', 'payment_method');
  return confirmIntent(ctx, intent, paymentMethod, offSession);
}

/** The PaymentMethod a PaymentIntent names, which must be its customer's. @param {Context} ctx @param {Record<string, any>} params */
function paymentMethodFor(ctx, params) {
  const paymentMethod = ctx.store.payment_methods[params.payment_method];
  if (!paymentMethod) throw noSuch('PaymentMethod', params.payment_method, 'payment_method');
  if (paymentMethod.customer && paymentMethod.customer !== params.customer)
    throw invalid(
      `The provided PaymentMethod belongs to a different Customer than the one provided. Please provide the Customer that the PaymentMethod is attached to.`,
      'payment_method',
    );
  return paymentMethod;
}

/**
 * Charges the card: succeeded, or a 402 card error carrying the PaymentIntent (kept, with its status
 * requires_payment_method: "When a payment attempt fails, the request also fails with a 402 HTTP status
 * code and the status of the PaymentIntent is requires_payment_method").
 * @param {Context} ctx @param {StripeObject} intent @param {StripeObject} paymentMethod @param {boolean} offSession
 */
function confirmIntent(ctx, intent, paymentMethod, offSession) {
  const decline = declineOf(ctx, paymentMethod, offSession);
  if (!decline) {
    const charge = createCharge(ctx, intent, paymentMethod, null);
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id });
    return touched(ctx, intent);
  }
  const failure = DECLINES[decline];
  const charge = decline === 'authentication_required' ? null : createCharge(ctx, intent, paymentMethod, failure);
  const error = {
    type: 'card_error',
    ...failure,
    doc_url: `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, '-')}`,
    ...(charge && { charge: charge.id }),
    payment_method: visible(paymentMethod),
  };
  Object.assign(intent, {
    status: 'requires_payment_method',
    latest_charge: charge ? charge.id : null,
    last_payment_error: error,
  });
  touched(ctx, intent);
  throw new StripeError(402, { ...error, payment_intent: intent });
}

/** The decline an off-session charge meets, or null. @param {Context} ctx @param {StripeObject} pm @param {boolean} offSession */
function declineOf(ctx, pm, offSession) {
  if (ctx.mode === 'live' && pm._behaviour) return 'live_mode_test_card';
  if (pm._behaviour === 'authenticate_unless_setup') return offSession && pm._setUp ? null : 'authentication_required';
  return offSessionOutcome(pm._behaviour);
}

/**
 * @param {Context} ctx @param {StripeObject} intent @param {StripeObject} pm
 * @param {{ code: string, decline_code?: string, message: string } | null} failure
 */
function createCharge(ctx, intent, pm, failure) {
  const id = ctx.newId('ch');
  const charge = {
    id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: failure ? 0 : intent.amount,
    amount_refunded: 0,
    captured: !failure,
    created: seconds(ctx),
    currency: intent.currency,
    customer: intent.customer,
    failure_code: failure ? failure.code : null,
    failure_message: failure ? failure.message : null,
    livemode: ctx.mode === 'live',
    metadata: { ...intent.metadata },
    outcome: failure
      ? { type: 'issuer_declined', reason: failure.decline_code ?? failure.code, network_status: 'declined_by_network' }
      : { type: 'authorized', reason: null, network_status: 'approved_by_network' },
    paid: !failure,
    payment_intent: intent.id,
    payment_method: pm.id,
    payment_method_details: { type: 'card', card: { ...pm.card } },
    refunded: false,
    status: failure ? 'failed' : 'succeeded',
  };
  ctx.store.charges[id] = charge;
  return touched(ctx, charge);
}

// ---- Refunds ----------------------------------------------------------------------------------------

/** @param {Context} ctx @param {Record<string, any>} params */
function createRefund(ctx, params) {
  checkParams(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand']);
  if (!params.payment_intent && !params.charge)
    throw invalid('One of `charge` or `payment_intent` is required.', 'payment_intent');
  const chargeId = params.charge ?? ctx.store.payment_intents[params.payment_intent]?.latest_charge;
  if (params.payment_intent && !ctx.store.payment_intents[params.payment_intent])
    throw noSuch('payment_intent', params.payment_intent, 'payment_intent');
  const charge = chargeId ? ctx.store.charges[chargeId] : null;
  if (charge?.status !== 'succeeded')
    throw invalid(`This PaymentIntent does not have a successful charge to refund.`, 'payment_intent');
  const left = charge.amount - charge.amount_refunded;
  if (left === 0) throw invalid(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
  const amount = params.amount === undefined ? left : integer(params.amount, 'amount');
  if (amount > left)
    throw invalid(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
      'amount',
      'amount_too_large',
    );
  return refundCharge(ctx, charge, amount, params.reason ?? null, metadata(params.metadata));
}

/** @param {Context} ctx @param {StripeObject} charge @param {number} amount @param {string | null} reason @param {Record<string, string>} meta */
function refundCharge(ctx, charge, amount, reason, meta) {
  const id = ctx.newId('re');
  const refund = {
    id,
    object: 'refund',
    amount,
    charge: charge.id,
    created: seconds(ctx),
    currency: charge.currency,
    metadata: meta,
    payment_intent: charge.payment_intent,
    reason,
    status: 'succeeded',
  };
  ctx.store.refunds[id] = refund;
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  touched(ctx, charge);
  return touched(ctx, refund);
}

// ---- Lists and search -------------------------------------------------------------------------------

/**
 * A list, newest first: `limit` (1–100, default 10), `starting_after`, and the filters `filters` names.
 * @param {Context} _ctx @param {Record<string, any>} params @param {Record<string, StripeObject>} objects
 * @param {string} url @param {string[]} filters
 */
function list(_ctx, params, objects, url, filters) {
  checkParams(params, ['limit', 'starting_after', 'ending_before', 'expand', 'created', ...filters]);
  const limit = params.limit === undefined ? 10 : integer(params.limit, 'limit');
  if (limit < 1 || limit > 100) throw invalid('This value must be between 1 and 100.', 'limit');
  let all = Object.values(objects)
    .reverse()
    .filter((o) => filters.every((f) => params[f] === undefined || o[f] === params[f]));
  if (params.starting_after) {
    const at = all.findIndex((o) => o.id === params.starting_after);
    if (at < 0) throw noSuch('object', params.starting_after, 'starting_after');
    all = all.slice(at + 1);
  }
  return { object: 'list', data: all.slice(0, limit).map(visible), has_more: all.length > limit, url };
}

/**
 * Search: `metadata['key']:'value'` clauses joined by AND, over what search has indexed (a change shows a
 * minute later). https://docs.stripe.com/search#search-query-language
 * @param {Context} ctx @param {Record<string, any>} params @param {Record<string, StripeObject>} objects @param {string} url
 */
function search(ctx, params, objects, url) {
  checkParams(params, ['query', 'limit', 'page', 'expand'], ['query']);
  const clauses = String(params.query)
    .split(/\s+AND\s+/i)
    .map((c) => /^metadata\[['"]([^'"]+)['"]\]:['"]([^'"]*)['"]$/.exec(c.trim()));
  if (clauses.some((c) => !c))
    throw invalid(`The local Stripe emulator searches metadata only: metadata['key']:'value'.`, 'query');
  const limit = params.limit === undefined ? 10 : integer(params.limit, 'limit');
  const found = Object.values(objects)
    .reverse()
    .filter((o) => (ctx.store.searchable[o.id] ?? 0) <= ctx.now)
    .filter((o) => clauses.every((c) => c && o.metadata?.[c[1]] === c[2]));
  return {
    object: 'search_result',
    data: found.slice(0, limit).map(visible),
    has_more: found.length > limit,
    next_page: null,
    url,
  };
}

// ---- Expansion --------------------------------------------------------------------------------------

/** Which collection an id field names, and the permission reading it takes. */
const EXPANDABLE = /** @type {Record<string, { collection: keyof ModeStore, resource: string }>} */ ({
  customer: { collection: 'customers', resource: 'customer' },
  setup_intent: { collection: 'setup_intents', resource: 'setup_intent' },
  payment_method: { collection: 'payment_methods', resource: 'payment_method' },
  payment_intent: { collection: 'payment_intents', resource: 'payment_intent' },
  latest_charge: { collection: 'charges', resource: 'charge' },
  charge: { collection: 'charges', resource: 'charge' },
});

/**
 * The object with `expand[]` paths ("setup_intent.payment_method") replaced by the objects they name,
 * each needing read permission on what it expands.
 * @param {Context} ctx @param {StripeObject} object @param {unknown} expand
 */
function expanded(ctx, object, expand) {
  const copy = structuredClone(visible(object));
  const paths = Array.isArray(expand) ? expand : expand === undefined ? [] : [expand];
  for (const path of paths) {
    let node = copy;
    for (const field of String(path).split('.')) {
      const how = EXPANDABLE[field];
      if (!node || !how || typeof node[field] !== 'string')
        throw invalid(`This property cannot be expanded (${field}).`, 'expand');
      const lacking = ctx.canRead(how.resource);
      if (lacking) throw forbidden(ctx, lacking);
      const target = /** @type {Record<string, StripeObject>} */ (ctx.store[how.collection])[node[field]];
      node[field] = target ? structuredClone(visible(target)) : node[field];
      node = node[field];
    }
  }
  return copy;
}

/** The 403 of a restricted key without `permission`. @param {Context} ctx @param {string} permission */
function forbidden(ctx, permission) {
  return new StripeError(
    403,
    {
      type: 'invalid_request_error',
      message: `The provided key '${ctx.keyShown}' does not have the required permissions for this endpoint on account '${ctx.account}'. Having the '${permission}' permission would allow this request to continue.`,
    },
    false,
  );
}

module.exports = {
  StripeError,
  emptyModeStore,
  invalid,
  noSuch,
  forbidden,
  visible,
  expanded,
  createCustomer,
  customerOf,
  updateCustomer,
  createSession,
  sessionOf,
  expireSession,
  savePaymentMethod,
  createPaymentIntent,
  createRefund,
  refundCharge,
  list,
  search,
  CHECKOUT_HOST,
};
