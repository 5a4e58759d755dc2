// @ts-check
// An emulated Stripe API at api.stripe.com, and its hosted pages at checkout.stripe.com, for the local
// runtime's UrlFetchApp (urlfetch.js): nothing reaches Stripe. It follows Stripe's API reference
// (https://docs.stripe.com/api) for what the add-on calls:
//
// - Requests are form-encoded (form.js) with `Authorization: Bearer <key>` (or Basic, key as user name).
//   Keys: secret keys `sk_test_…`/`sk_live_…` may do everything; restricted keys `rk_test_…`/`rk_live_…`
//   only what their permissions allow, per resource `read` or `write` (write includes read): a request
//   beyond them is a 403 naming the permission ("Having the 'rak_payment_intent_write' permission would
//   allow this request to continue."). No key, or one Stripe does not know or has rolled: 401. Test and
//   live mode are two separate sets of objects; a key sees its own mode's.
// - Errors are Stripe's error object, `{ error: { type, code, decline_code, message, param,
//   payment_intent, … } }` (https://docs.stripe.com/api/errors): 400 invalid_request_error, 401, 402
//   card_error (a decline), 403, 404 resource_missing or an unknown URL, 429 rate_limit (25 requests a
//   second in test mode, 100 in live: https://docs.stripe.com/rate-limits), 500 api_error (injected).
// - Idempotency (https://docs.stripe.com/api/idempotent_requests): a POST with an `Idempotency-Key`
//   header saves its status and body once the endpoint began (a decline and a 500 included; a request
//   refused before — authentication, permission, validation of its parameters, the rate limiter — saves
//   nothing). The same key with the same method, path and parameters gets the saved response again,
//   with `Idempotent-Replayed: true`; with anything else, a 400 idempotency_error. Keys are pruned 24
//   hours after their first use ("You can remove keys from the system automatically after they're at
//   least 24 hours old"): the same key then makes a new request.
// - The objects (resources.js): Customer, Checkout Session in setup mode (with its hosted `url`),
//   SetupIntent, PaymentMethod (card brand, last4, expiry), PaymentIntent created and confirmed
//   off-session, Charge, Refund; lists and metadata search.
// - The hosted page (`completeCheckout`, and hosted.js's pages for a browser) is where a client types a
//   test card (cards.js) to finish a setup session.
//
// State is plain JSON (`state`), kept by the cloud and, for the CLI, in `<workbook>.xlsx.stripe.json`
// (written after every change: Stripe's side of a charge is done once Stripe answered, whatever becomes
// of the execution that asked). `requests` logs what was asked (not kept).

const crypto = require('node:crypto');
const { decodeForm, canonical } = require('./form');
const R = require('./resources');
const { testCard, digitsOf, DECLINES } = require('./cards');
const { RECONCILE_ROUTES, createPayout } = require('./reconcile');
const { PAYLINK_ROUTES, payThroughLink } = require('./paylinks');

const API_HOST = 'api.stripe.com';
const CHECKOUT_HOST_NAME = 'checkout.stripe.com';
const API_VERSION = '2026-11-18.endive';
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const RATE_LIMITS = { test: 25, live: 100 };
const LATENCY_MS = { read: 200, write: 500, charge: 1200 };
/** The resources a restricted key's permissions name, as Stripe's messages call them (`rak_<name>_read`). */
const RESOURCES = [
  'customer',
  'checkout_session',
  'setup_intent',
  'payment_method',
  'payment_intent',
  'charge',
  'refund',
  'payout',
  'price',
  'payment_link',
];

/**
 * @typedef {import('./resources').Mode} Mode
 * @typedef {import('./resources').ModeStore} ModeStore
 * @typedef {Partial<Record<string, 'read' | 'write'>>} Permissions  by resource (RESOURCES)
 * @typedef {{ mode: Mode, type: 'secret' | 'restricted', permissions: Permissions | null, revoked?: boolean }} KeyRecord
 * @typedef {{ version: 1, seq: number, account: string, businessName: string, keys: Record<string, KeyRecord>,
 *   modes: { test: ModeStore, live: ModeStore } }} StripeState
 * @typedef {{ method?: string, path?: string | RegExp, status: 429 | 500, times?: number }} InjectedFault
 * @typedef {{ method: string, path: string, key: string, idempotencyKey: string | null, status: number,
 *   replayed: boolean, at: number }} LoggedRequest  `key`: its last four characters
 * @typedef {import('../urlfetch').Request} Request
 * @typedef {import('../urlfetch').Response} Response
 */

/** @param {string} [account] @returns {StripeState} */
function emptyState(account = 'acct_1StudioLocal0000') {
  return {
    version: 1,
    seq: 0,
    account,
    businessName: 'Studio Packages (local)',
    keys: {},
    modes: { test: R.emptyModeStore(), live: R.emptyModeStore() },
  };
}

/**
 * The routes: method, path pattern, the resource whose permission it needs, and what it does. A
 * handler gets the request's context, its parameters and the path's captures.
 * @type {[string, RegExp, string, (ctx: import('./resources').Context, params: Record<string, any>, ...ids: string[]) => any][]}
 */
const ROUTES = [
  ...RECONCILE_ROUTES, // reconcile.js: the lists reconciliation reads (created filter), payouts
  ...PAYLINK_ROUTES, // paylinks.js: Prices and Payment Links
  ['POST', /^\/v1\/customers$/, 'customer', R.createCustomer],
  ['GET', /^\/v1\/customers$/, 'customer', (ctx, p) => R.list(ctx, p, ctx.store.customers, '/v1/customers', ['email'])],
  [
    'GET',
    /^\/v1\/customers\/search$/,
    'customer',
    (ctx, p) => R.search(ctx, p, ctx.store.customers, '/v1/customers/search'),
  ],
  [
    'GET',
    /^\/v1\/customers\/([^/]+)\/payment_methods$/,
    'payment_method',
    (ctx, p, id) => {
      R.customerOf(ctx, id);
      const mine = Object.fromEntries(Object.entries(ctx.store.payment_methods).filter(([, pm]) => pm.customer === id));
      return R.list(ctx, p, mine, `/v1/customers/${id}/payment_methods`, ['type']);
    },
  ],
  ['GET', /^\/v1\/customers\/([^/]+)$/, 'customer', (ctx, p, id) => retrieve(p, R.customerOf(ctx, id))],
  ['POST', /^\/v1\/customers\/([^/]+)$/, 'customer', R.updateCustomer],
  ['POST', /^\/v1\/checkout\/sessions$/, 'checkout_session', R.createSession],
  [
    'GET',
    /^\/v1\/checkout\/sessions$/,
    'checkout_session',
    (ctx, p) => {
      for (const id of Object.keys(ctx.store.checkout_sessions)) R.sessionOf(ctx, id); // expired ones say so
      return R.list(ctx, p, ctx.store.checkout_sessions, '/v1/checkout/sessions', [
        'customer',
        'status',
        'payment_link',
        'payment_intent',
      ]);
    },
  ],
  ['GET', /^\/v1\/checkout\/sessions\/([^/]+)$/, 'checkout_session', (ctx, p, id) => retrieve(p, R.sessionOf(ctx, id))],
  ['POST', /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, 'checkout_session', R.expireSession],
  [
    'GET',
    /^\/v1\/setup_intents\/([^/]+)$/,
    'setup_intent',
    (ctx, p, id) => retrieve(p, found(ctx, 'setup_intents', 'setupintent', id)),
  ],
  [
    'GET',
    /^\/v1\/setup_intents$/,
    'setup_intent',
    (ctx, p) => R.list(ctx, p, ctx.store.setup_intents, '/v1/setup_intents', ['customer', 'payment_method']),
  ],
  [
    'GET',
    /^\/v1\/payment_methods\/([^/]+)$/,
    'payment_method',
    (ctx, p, id) => retrieve(p, found(ctx, 'payment_methods', 'PaymentMethod', id)),
  ],
  ['POST', /^\/v1\/payment_intents$/, 'payment_intent', R.createPaymentIntent],
  [
    'GET',
    /^\/v1\/payment_intents$/,
    'payment_intent',
    (ctx, p) => R.list(ctx, p, ctx.store.payment_intents, '/v1/payment_intents', ['customer']),
  ],
  [
    'GET',
    /^\/v1\/payment_intents\/search$/,
    'payment_intent',
    (ctx, p) => R.search(ctx, p, ctx.store.payment_intents, '/v1/payment_intents/search'),
  ],
  [
    'GET',
    /^\/v1\/payment_intents\/([^/]+)$/,
    'payment_intent',
    (ctx, p, id) => retrieve(p, found(ctx, 'payment_intents', 'payment_intent', id)),
  ],
  ['GET', /^\/v1\/charges\/([^/]+)$/, 'charge', (ctx, p, id) => retrieve(p, found(ctx, 'charges', 'charge', id))],
  ['POST', /^\/v1\/refunds$/, 'refund', R.createRefund],
  [
    'GET',
    /^\/v1\/refunds$/,
    'refund',
    (ctx, p) => R.list(ctx, p, ctx.store.refunds, '/v1/refunds', ['payment_intent', 'charge']),
  ],
  ['GET', /^\/v1\/refunds\/([^/]+)$/, 'refund', (ctx, p, id) => retrieve(p, found(ctx, 'refunds', 'refund', id))],
];

/** A retrieve takes `expand` only. @param {Record<string, any>} params @param {R.StripeObject} object */
function retrieve(params, object) {
  const { expand: _, ...rest } = params;
  const unknown = Object.keys(rest)[0];
  if (unknown)
    throw new R.StripeError(
      400,
      {
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        message: `Received unknown parameter: ${unknown}`,
        param: unknown,
      },
      false,
    );
  return object;
}

/**
 * @param {import('./resources').Context} ctx @param {keyof ModeStore} collection @param {string} kind @param {string} id
 */
function found(ctx, collection, kind, id) {
  const object = /** @type {Record<string, R.StripeObject>} */ (ctx.store[collection])[id];
  if (!object) throw R.noSuch(kind, id);
  return object;
}

class StripeEmulator {
  /**
   * @param {{ state?: StripeState, onChange?: (state: StripeState) => void,
   *   rateLimits?: { test: number, live: number } }} [options]
   */
  constructor(options = {}) {
    this.state = options.state ?? emptyState();
    /** Called after every change of the state (the CLI writes it to disk). */
    this.onChange = options.onChange ?? null;
    this.rateLimits = options.rateLimits ?? { ...RATE_LIMITS };
    /** How long Stripe takes to answer (ms): a read, a write, a charge (a test may make Stripe slow). */
    this.latency = { ...LATENCY_MS };
    /** @type {InjectedFault[]} */
    this.faults = [];
    /** @type {LoggedRequest[]} */
    this.requests = [];
    /** @type {Record<Mode, { second: number, count: number }>} */
    this._rate = { test: { second: -1, count: 0 }, live: { second: -1, count: 0 } };
    /** The latest clock a request carried (the hosted page's clock when none is given). */
    this.lastNow = 0;
  }

  /**
   * A new API key for the account. `permissions` (restricted keys only): by resource, 'read' or 'write'.
   * @param {{ mode?: Mode, type?: 'secret' | 'restricted', permissions?: Permissions }} [options]
   */
  issueKey(options = {}) {
    const mode = options.mode ?? 'test';
    const type = options.type ?? 'restricted';
    for (const resource of Object.keys(options.permissions ?? {}))
      if (!RESOURCES.includes(resource))
        throw new Error(`issueKey: no resource "${resource}" (${RESOURCES.join(', ')})`);
    const key = `${type === 'secret' ? 'sk' : 'rk'}_${mode}_51${crypto.randomBytes(40).toString('base64url').replace(/[-_]/g, '').slice(0, 96)}`;
    this.state.keys[key] = {
      mode,
      type,
      permissions: type === 'restricted' ? { ...(options.permissions ?? {}) } : null,
    };
    this._changed();
    return key;
  }

  /** Rolls a key (Dashboard › API keys › Roll key): it is refused from now on. @param {string} key */
  revokeKey(key) {
    const record = this.state.keys[key];
    if (!record) throw new Error('revokeKey: no such key');
    record.revoked = true;
    this._changed();
  }

  /** The next request matching `fault` (method, path) gets its status instead (`times`, default 1). @param {InjectedFault} fault */
  inject(fault) {
    this.faults.push({ times: 1, ...fault });
  }

  /** Every object of a kind ('payment_intents', 'customers'…) in a mode, oldest first, as the API shows them. @param {keyof ModeStore} kind @param {Mode} [mode] */
  objects(kind, mode = 'test') {
    return Object.values(this.state.modes[mode][kind] ?? {}).map((o) => R.visible(o));
  }

  /**
   * A refund made in Stripe's Dashboard (no API key): of `amount` cents, or what is left.
   * @param {string} paymentIntentId @param {number} [amount] @param {Mode} [mode]
   */
  dashboardRefund(paymentIntentId, amount, mode = 'test') {
    const ctx = this._context(mode, this.lastNow || Date.now(), null);
    const intent = ctx.store.payment_intents[paymentIntentId];
    const charge = intent && ctx.store.charges[intent.latest_charge];
    if (charge?.status !== 'succeeded') throw new Error(`dashboardRefund: ${paymentIntentId} has no successful charge`);
    const refund = R.refundCharge(
      ctx,
      charge,
      amount ?? charge.amount - charge.amount_refunded,
      'requested_by_customer',
      {},
    );
    this._changed();
    return R.visible(refund);
  }

  /**
   * A payout to the bank, as Stripe's Dashboard or its schedule makes one (reconcile.js).
   * @param {{ amount: number, currency?: string, arrivalDate?: string }} options @param {Mode} [mode]
   */
  dashboardPayout(options, mode = 'test') {
    const payout = createPayout(this._context(mode, this.lastNow || Date.now(), null), options);
    this._changed();
    return R.visible(payout);
  }

  /**
   * A client finishes a hosted Checkout page in setup mode: types `card` (a test card number, spaces
   * allowed), its expiry ("MM/YY") and, for a card that asks, authenticates (`authenticate`, default
   * yes). Returns where the page sends them, or why the card was refused (the page stays open).
   * @param {string} idOrUrl the session's id or its url
   * @param {{ card: string, exp?: string, authenticate?: boolean, now?: number }} entry
   * @returns {{ ok: true, redirect: string } | { ok: false, message: string }}
   */
  completeCheckout(idOrUrl, entry) {
    const id = String(idOrUrl)
      .replace(/^.*\/c\/pay\//, '')
      .replace(/[#?].*$/, '');
    const mode = this.state.modes.test.checkout_sessions[id]
      ? 'test'
      : this.state.modes.live.checkout_sessions[id]
        ? 'live'
        : null;
    if (!mode) return { ok: false, message: 'Something went wrong: this page does not exist.' };
    const ctx = this._context(mode, entry.now ?? (this.lastNow || Date.now()), null);
    const session = R.sessionOf(ctx, id);
    this._changed();
    if (session.status !== 'open') return { ok: false, message: 'This page is no longer available.' };
    const card = this._cardOf(mode, entry, ctx.now);
    if ('message' in card) return { ok: false, message: card.message };
    const setupIntent = ctx.store.setup_intents[session.setup_intent];
    if (card.behaviour === 'always_declined' || (!card.authenticated && card.asks)) {
      const failure = card.asks
        ? {
            code: 'setup_intent_authentication_failure',
            message:
              'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
          }
        : DECLINES.generic_decline;
      setupIntent.last_setup_error = { type: 'card_error', ...failure };
      this._changed();
      return { ok: false, message: failure.message };
    }
    const customer = session.customer ?? R.createCustomer(ctx, {}).id;
    const pm = R.savePaymentMethod(ctx, customer, { ...card, setUp: true });
    Object.assign(setupIntent, { status: 'succeeded', payment_method: pm.id, customer, last_setup_error: null });
    Object.assign(session, { status: 'complete', url: null, customer });
    this._changed();
    return { ok: true, redirect: String(session.success_url).replace('{CHECKOUT_SESSION_ID}', session.id) };
  }

  /**
   * A client pays a Payment Link's hosted page (paylinks.js) with a test card: a completed Checkout
   * Session (mode payment, `payment_link` set) and a succeeded PaymentIntent; or why not.
   * @param {string} url the link's url @param {{ card: string, exp?: string, now?: number }} entry
   */
  payLink(url, entry) {
    const mode = Object.values(this.state.modes.test.payment_links ?? {}).some((l) => l.url === url) ? 'test' : 'live';
    const link = Object.values(this.state.modes[mode].payment_links ?? {}).find((l) => l.url === url);
    if (!link) return { ok: false, message: 'Something went wrong: this page does not exist.' };
    const ctx = this._context(mode, entry.now ?? (this.lastNow || Date.now()), null);
    const card = this._cardOf(mode, { authenticate: true, ...entry }, ctx.now);
    if ('message' in card) return { ok: false, message: card.message };
    const paid = payThroughLink(ctx, link, card);
    this._changed();
    return paid.ok ? { ok: true, redirect: paid.redirect, session: R.visible(paid.session) } : paid;
  }

  /**
   * The card typed on a page, or why it is refused.
   * @param {Mode} mode @param {{ card: string, exp?: string, authenticate?: boolean }} entry @param {number} now
   * @returns {{ message: string } | { brand: string, funding: string, last4: string, exp_month: number,
   *   exp_year: number, behaviour: string, asks: boolean, authenticated: boolean }}
   */
  _cardOf(mode, entry, now) {
    const digits = digitsOf(entry.card);
    const known = testCard(digits);
    if (mode === 'live' && known) return { message: DECLINES.live_mode_test_card.message };
    if (mode === 'test' && !known) return { message: DECLINES.incorrect_number.message };
    const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(entry.exp ?? '12/34');
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) return { message: "Your card's expiration date is incomplete." };
    const expMonth = Number(m[1]);
    const expYear = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    const today = new Date(now);
    if (expYear * 12 + expMonth < today.getUTCFullYear() * 12 + today.getUTCMonth() + 1)
      return { message: "Your card's expiration year is in the past." };
    const behaviour = known?.behaviour ?? 'succeeds';
    return {
      brand: known?.brand ?? 'visa',
      funding: known?.funding ?? 'credit',
      last4: digits.slice(-4),
      exp_month: expMonth,
      exp_year: expYear,
      behaviour,
      asks: behaviour === 'authenticate_unless_setup' || behaviour === 'always_authenticate',
      authenticated: entry.authenticate !== false,
    };
  }

  /** The handler for api.stripe.com. @param {Request} request @returns {Response} */
  handle(request) {
    this.lastNow = Math.max(this.lastNow, request.now);
    const idempotencyKey = request.headers['idempotency-key'] ?? null;
    const requestId = `req_${crypto.randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
    /** @type {LoggedRequest} */
    const log = {
      method: request.method,
      path: request.path,
      key: '',
      idempotencyKey,
      status: 0,
      replayed: false,
      at: request.now,
    };
    this.requests.push(log);
    const answer = this._answer(request, requestId, idempotencyKey, log);
    log.status = answer.status;
    /** @type {Record<string, string>} */
    const headers = {
      'Content-Type': 'application/json',
      'Request-Id': requestId,
      'Stripe-Version': API_VERSION,
    };
    if (idempotencyKey !== null) headers['Idempotency-Key'] = idempotencyKey;
    if (answer.replayed) {
      headers['Idempotent-Replayed'] = 'true';
      headers['Original-Request'] = answer.requestId ?? requestId;
    }
    return { status: answer.status, headers, body: answer.body, latencyMs: answer.latencyMs };
  }

  /**
   * @param {Request} request @param {string} requestId @param {string | null} idempotencyKey @param {LoggedRequest} log
   * @returns {{ status: number, body: string, latencyMs: number, replayed?: boolean, requestId?: string }}
   */
  _answer(request, requestId, idempotencyKey, log) {
    const method = request.method;
    const latencyMs =
      method === 'GET'
        ? this.latency.read
        : request.path === '/v1/payment_intents'
          ? this.latency.charge
          : this.latency.write;
    const fail = (/** @type {R.StripeError} */ e) => ({
      status: e.status,
      body: json({ error: e.error }),
      latencyMs: this.latency.read,
    });
    const auth = this._authenticate(request.headers.authorization);
    if ('error' in auth) return fail(auth.error);
    log.key = auth.key.slice(-4);
    const route = ROUTES.find(([m, pattern]) => m === method && pattern.test(request.path));
    if (!route) return fail(unrecognised(method, request.path));
    const [, pattern, resource, handler] = route;
    const ctx = this._context(auth.record.mode, request.now, auth.key);
    const lacking = this._lacks(auth.record, resource, method === 'GET' ? 'read' : 'write');
    if (lacking) return fail(R.forbidden(ctx, lacking));
    if (this._limited(auth.record.mode, request.now) || this._injected(method, request.path, 429))
      return fail(
        new R.StripeError(
          429,
          {
            type: 'invalid_request_error',
            code: 'rate_limit',
            message:
              'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          },
          false,
        ),
      );
    if (method === 'POST' && request.payload && !/^application\/x-www-form-urlencoded/i.test(request.contentType))
      return fail(
        R.invalid(
          'Invalid request: the body must be application/x-www-form-urlencoded (Stripe takes form-encoded parameters).',
        ),
      );
    const params = decodeForm(method === 'GET' ? request.query : request.payload);
    const store = ctx.store;
    const fingerprint = `${method} ${request.path} ${canonical(params)}`;
    if (method === 'POST' && idempotencyKey !== null) {
      if (idempotencyKey.length > 255)
        return fail(R.invalid('Idempotency key length must be 255 characters or fewer.'));
      this._prune(store, request.now);
      const saved = store.idempotency[idempotencyKey];
      if (saved) {
        if (`${saved.method} ${saved.path} ${saved.params}` !== fingerprint)
          return fail(
            new R.StripeError(
              400,
              {
                type: 'idempotency_error',
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              },
              false,
            ),
          );
        log.replayed = true;
        return {
          status: saved.status,
          body: saved.body,
          latencyMs: this.latency.read,
          replayed: true,
          requestId: saved.requestId,
        };
      }
    }
    let status = 200;
    let body;
    let keep = true;
    try {
      if (this._injected(method, request.path, 500))
        throw new R.StripeError(500, { type: 'api_error', message: 'An unknown error occurred' });
      const result = handler(ctx, params, ...(pattern.exec(request.path) ?? []).slice(1));
      body = json(
        result.object === 'list' || result.object === 'search_result' ? result : R.expanded(ctx, result, params.expand),
      );
    } catch (error) {
      if (!(error instanceof R.StripeError)) throw error;
      status = error.status;
      body = json({
        error: error.error.payment_intent
          ? { ...error.error, payment_intent: R.visible(error.error.payment_intent) }
          : error.error,
      });
      keep = error.saved;
    }
    if (method === 'POST' && idempotencyKey !== null && keep)
      store.idempotency[idempotencyKey] = {
        method,
        path: request.path,
        params: canonical(params),
        status,
        body,
        requestId,
        at: request.now,
      };
    if (method === 'POST' && (keep || status === 200)) this._changed();
    return { status, body, latencyMs };
  }

  /** @param {string | undefined} header @returns {{ key: string, record: KeyRecord } | { error: R.StripeError }} */
  _authenticate(header) {
    const unauthorised = (/** @type {string} */ message) => ({
      error: new R.StripeError(401, { type: 'invalid_request_error', message }, false),
    });
    if (!header)
      return unauthorised(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      );
    let key = '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (bearer) key = bearer[1];
    else if (basic) key = Buffer.from(basic[1], 'base64').toString('utf8').replace(/:.*$/, '');
    if (/^pk_/.test(key))
      return unauthorised(
        'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
      );
    const record = this.state.keys[key];
    if (!record) return unauthorised(`Invalid API Key provided: ${shown(key)}`);
    if (record.revoked)
      return unauthorised(`Expired API Key provided: ${shown(key)}. Application access may have been revoked.`);
    return { key, record };
  }

  /** The permission a key lacks for `access` to `resource`, or null. @param {KeyRecord} record @param {string} resource @param {'read' | 'write'} access */
  _lacks(record, resource, access) {
    if (record.type === 'secret') return null;
    const has = record.permissions?.[resource];
    if (has === 'write' || (has === 'read' && access === 'read')) return null;
    return `rak_${resource}_${access}`;
  }

  /** Whether this request is one more than the mode's requests a second allow. @param {Mode} mode @param {number} now */
  _limited(mode, now) {
    const rate = this._rate[mode];
    const second = Math.floor(now / 1000);
    if (rate.second !== second) Object.assign(rate, { second, count: 0 });
    rate.count++;
    return rate.count > this.rateLimits[mode];
  }

  /** @param {string} method @param {string} path @param {number} status */
  _injected(method, path, status) {
    const fault = this.faults.find(
      (f) =>
        f.status === status &&
        (!f.method || f.method === method) &&
        (!f.path || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (!fault) return false;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return true;
  }

  /** Forgets idempotency keys 24 hours old. @param {ModeStore} store @param {number} now */
  _prune(store, now) {
    for (const [key, saved] of Object.entries(store.idempotency))
      if (now - saved.at >= IDEMPOTENCY_TTL_MS) delete store.idempotency[key];
  }

  /** @param {Mode} mode @param {number} now @param {string | null} key @returns {import('./resources').Context} */
  _context(mode, now, key) {
    const record = key ? this.state.keys[key] : null;
    return {
      mode,
      store: this.state.modes[mode],
      now,
      account: this.state.account,
      keyShown: key ? shown(key) : '',
      newId: (prefix) => this._newId(prefix),
      canRead: (resource) => (record ? this._lacks(record, resource, 'read') : null),
    };
  }

  /** A new id: the prefix and 24 letters and digits, unique in the account. @param {string} prefix */
  _newId(prefix) {
    this.state.seq++;
    const hash = crypto
      .createHash('sha256')
      .update(`${this.state.account}:${prefix}:${this.state.seq}`)
      .digest('base64');
    return `${prefix}_${hash.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`;
  }

  _changed() {
    this.onChange?.(this.state);
  }
}

/** How Stripe's messages show a key: its prefix and last four characters. @param {string} key */
function shown(key) {
  const prefix = /^[a-z]{2}_(?:test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(24)}${key.slice(-4)}`;
}

/** @param {string} method @param {string} path */
function unrecognised(method, path) {
  return new R.StripeError(
    404,
    {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
    false,
  );
}

/** Stripe's JSON: indented by two spaces. @param {unknown} value */
function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** @param {ConstructorParameters<typeof StripeEmulator>[0]} [options] */
function createStripe(options) {
  return new StripeEmulator(options);
}

module.exports = { createStripe, StripeEmulator, emptyState, API_HOST, CHECKOUT_HOST_NAME, API_VERSION, RESOURCES };
