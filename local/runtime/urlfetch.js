// @ts-check
// UrlFetchApp (reference/url-fetch/url-fetch-app) and HTTPResponse (reference/url-fetch/http-response),
// with the daily quota, Google's error texts, and no network: every request goes to a handler the cloud
// registered for its host (the emulated Stripe API at api.stripe.com, stripe/index.js), and a host no
// handler serves fails as a name Google cannot resolve ("DNS error: <url>").
//
// - fetch(url), fetch(url, params), fetchAll(requests), getRequest(url[, params]). params: method (get,
//   delete, patch, post, put; default get), headers, payload (a string, or an object: form fields,
//   application/x-www-form-urlencoded), contentType (default application/x-www-form-urlencoded),
//   muteHttpExceptions, followRedirects (default true), validateHttpsCertificates and escaping (accepted,
//   nothing to do here). A `Content-Type` among the headers is ignored: contentType sets it (users'
//   reports; the reference lists contentType as the way to set it). A payload with get or delete is not
//   sent ("Certain HTTP methods (for example, GET) do not accept a payload").
// - A response of 400 or above throws "Request failed for <scheme://host> returned code N. Truncated
//   server response: <first 200 characters> (use muteHttpExceptions option to examine full response)"
//   unless muteHttpExceptions is true (then the HTTPResponse is returned). fetchAll sends every request
//   and throws the first such failure, in the order given.
// - Scope: https://www.googleapis.com/auth/script.external_request (the service's page: "if you are
//   setting your scopes explicitly you must manually add this scope"). A manifest listing its scopes
//   without it gets "You do not have permission to call UrlFetchApp.fetch. Required permissions: …".
// - Quota (guides/services/quotas): "URL Fetch calls" 20 000 a day (consumer), 100 000 (Workspace): the
//   runtime's `urlFetchQuota` option. Each request counts, those of fetchAll one each. Like MailApp's, a
//   window per user opens at the first request and closes 24 hours later, shared by every execution of
//   the cloud (the CLI keeps it in the sidecar). Past it: "Service invoked too many times for one day:
//   urlfetch." and nothing is sent. Limits (same page): a URL over 2 KB throws "Limit Exceeded: URLFetch
//   URL Length.", a payload over 50 MB "Limit Exceeded: URLFetch POST Size.".
// - Time: a request takes what its handler says (`latencyMs`, default 200 ms); fetchAll's requests go
//   at once, so it takes the longest of them. It counts against the execution's 6 minutes (faults.js).
// - Faults. fetch and fetchAll are writes for fault injection (instrument.js): `failBeforeWrite` at one
//   kills the execution before anything is sent, `failAfterWrite` after every request reached its host
//   and was acted on. And the network can fail one request (`faults.failFetch: n`, the n-th request of
//   the runtime, counted over fetch and fetchAll since the faults were set): with `fetchFault: 'before'`
//   (the default) it never reaches the host and the call throws "Address unavailable: <url>"; with
//   'after' the host acted on it and the answer was lost: "Timeout: <url>" (the texts users report;
//   Google's pages give none). `faults.error` replaces the text. fetchAll sends the others first.

const { signature } = require('./instrument');

const EXTERNAL_REQUEST_SCOPE = 'https://www.googleapis.com/auth/script.external_request';
const CONSUMER_DAILY_FETCHES = 20000;
const WORKSPACE_DAILY_FETCHES = 100000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_URL_BYTES = 2 * 1024;
const MAX_PAYLOAD_BYTES = 50 * 1024 * 1024;
const TRUNCATE_CHARS = 200;
const DEFAULT_LATENCY_MS = 200;
const METHODS = new Set(['get', 'delete', 'patch', 'post', 'put']);
const FORM = 'application/x-www-form-urlencoded';

const QUOTA_MESSAGE = 'Service invoked too many times for one day: urlfetch.';

/**
 * What a host's handler is given and answers.
 * @typedef {{ method: string, url: string, host: string, path: string, query: string,
 *   headers: Record<string, string>, payload: string, contentType: string, now: number, user: string }} Request
 *   `headers`: names in lower case. `payload`: the body as sent ('' for none). `now`: the clock (ms).
 * @typedef {{ status: number, headers?: Record<string, string | string[]>, body?: string, latencyMs?: number }} Response
 * @typedef {{ handle(request: Request): Response }} Host
 * @typedef {{ since: number, used: number }} QuotaWindow
 * @typedef {{ hosts: Map<string, Host>, quota: Record<string, QuotaWindow> }} Internet
 *   What every execution of a project reaches (cloud.js): the handlers by host name, each user's window.
 * @typedef {{ user: string, scopes: string[] | null, internet: Internet, dailyFetches: number,
 *   now: () => number, faults: () => import('./instrument').Faults, stats: () => import('./instrument').Stats }} FetchContext
 */

/** An internet of `hosts` (host name → handler). @param {Record<string, Host>} [hosts] @returns {Internet} */
function createInternet(hosts = {}) {
  return { hosts: new Map(Object.entries(hosts)), quota: {} };
}

class HTTPResponse {
  /** @param {import('./instrument').Env} env @param {Response} response */
  constructor(env, response) {
    this._env = env;
    this._status = response.status;
    this._body = response.body ?? '';
    this._headers = response.headers ?? {};
  }

  getResponseCode() {
    return this._status;
  }

  /** The body as text (UTF-8, or `charset` when given). @param {string} [charset] */
  getContentText(charset) {
    if (charset === undefined) return this._body;
    const encoding = /** @type {BufferEncoding} */ (
      String(charset)
        .toLowerCase()
        .replace(/^utf-?8$/, 'utf8')
    );
    if (!Buffer.isEncoding(encoding)) throw this._env.exception(`Invalid argument: charset`);
    return Buffer.from(this._body, 'utf8').toString(encoding);
  }

  /** The body's bytes, signed as Java's (reference: Byte[]). */
  getContent() {
    return this._env.array([...Buffer.from(this._body, 'utf8')].map((b) => (b > 127 ? b - 256 : b)));
  }

  /** Each header once: a header sent several times gives its last value. */
  getHeaders() {
    /** @type {Record<string, string>} */
    const out = {};
    for (const [name, value] of Object.entries(this._headers))
      out[name] = Array.isArray(value) ? value[value.length - 1] : value;
    return out;
  }

  /** Each header, with a header sent several times as an array (reference: getAllHeaders). */
  getAllHeaders() {
    /** @type {Record<string, string | string[]>} */
    const out = {};
    for (const [name, value] of Object.entries(this._headers))
      out[name] = Array.isArray(value) ? (value.length === 1 ? value[0] : this._env.array(value)) : value;
    return out;
  }
}

/**
 * One request as the script described it, checked and normalised (what getRequest returns, plus the
 * body as sent).
 * @typedef {{ url: string, method: string, headers: Record<string, string>, payload: string,
 *   contentType: string, muteHttpExceptions: boolean, followRedirects: boolean }} Prepared
 */

class UrlFetchAppApi {
  /** @param {import('./instrument').Env} env @param {FetchContext} context */
  constructor(env, context) {
    this._env = env;
    this._context = context;
  }

  /** @param {string} url @param {Record<string, unknown>} [params] */
  fetch(url, params) {
    this._needsScope('fetch');
    if (typeof url !== 'string' || (params !== undefined && !isObject(params)))
      throw this._signature('fetch', params === undefined ? [url] : [url, params]);
    const prepared = this._prepare(url, params ?? {});
    this._spend(1);
    const [outcome] = this._send([prepared]);
    return this._answer(prepared, outcome);
  }

  /** @param {unknown[]} requests URLs or `{ url, …params }` objects */
  fetchAll(requests) {
    this._needsScope('fetchAll');
    if (!Array.isArray(requests)) throw this._signature('fetchAll', [requests]);
    const prepared = requests.map((r) => {
      if (typeof r === 'string') return this._prepare(r, {});
      if (!isObject(r) || typeof r.url !== 'string') throw this._env.exception('Invalid argument: requests');
      return this._prepare(r.url, r);
    });
    this._spend(prepared.length);
    const outcomes = this._send(prepared);
    return this._env.array(prepared.map((p, i) => this._answer(p, outcomes[i])));
  }

  /** The request fetch would send (nothing is sent). @param {string} url @param {Record<string, unknown>} [params] */
  getRequest(url, params) {
    const p = this._prepare(url, params ?? {});
    return {
      url: p.url,
      method: p.method,
      headers: { ...p.headers },
      payload: p.payload,
      contentType: p.contentType,
      followRedirects: p.followRedirects,
      validateHttpsCertificates: true,
      useIntranet: false,
    };
  }

  /** @param {string} method @param {unknown[]} args */
  _signature(method, args) {
    return this._env.exception(
      `The parameters (${signature(args)}) don't match the method signature for UrlFetchApp.${method}.`,
    );
  }

  /** @param {string} method */
  _needsScope(method) {
    const scopes = this._context.scopes;
    if (scopes && !scopes.includes(EXTERNAL_REQUEST_SCOPE))
      throw this._env.exception(
        `You do not have permission to call UrlFetchApp.${method}. Required permissions: ${EXTERNAL_REQUEST_SCOPE}`,
      );
  }

  /** @param {string} url @param {Record<string, unknown>} params @returns {Prepared} */
  _prepare(url, params) {
    if (!/^https?:\/\/[^/?#\s]+/i.test(url)) throw this._env.exception(`Invalid argument: ${url}`);
    if (Buffer.byteLength(url) > MAX_URL_BYTES) throw this._env.exception('Limit Exceeded: URLFetch URL Length.');
    const method = String(params.method ?? 'get').toLowerCase();
    if (!METHODS.has(method)) throw this._env.exception(`Invalid argument: method`);
    /** @type {Record<string, string>} */
    const headers = {};
    if (params.headers !== undefined) {
      if (!isObject(params.headers)) throw this._env.exception('Invalid argument: headers');
      for (const [name, value] of Object.entries(params.headers))
        if (name.toLowerCase() !== 'content-type') headers[name] = String(value);
    }
    const payload = method === 'get' || method === 'delete' ? '' : encodePayload(params.payload);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)
      throw this._env.exception('Limit Exceeded: URLFetch POST Size.');
    const contentType = isObject(params.payload)
      ? FORM
      : typeof params.contentType === 'string'
        ? params.contentType
        : FORM;
    return {
      url,
      method,
      headers,
      payload,
      contentType,
      muteHttpExceptions: params.muteHttpExceptions === true,
      followRedirects: params.followRedirects !== false,
    };
  }

  /** Counts `n` requests against the user's daily quota, or throws with nothing sent. @param {number} n */
  _spend(n) {
    const { internet, user, dailyFetches } = this._context;
    const now = this._context.now();
    const open = internet.quota[user];
    const window = open && now - open.since < DAY_MS ? open : { since: now, used: 0 };
    if (window.used + n > dailyFetches) throw this._env.exception(QUOTA_MESSAGE);
    window.used += n;
    internet.quota[user] = window;
  }

  /**
   * Sends each request to its host (at once: the call takes the longest one's time), with the network
   * faults applied. Returns each one's response, or the text it failed with.
   * @param {Prepared[]} prepared @returns {({ response: Response } | { error: string })[]}
   */
  _send(prepared) {
    const faults = this._context.faults();
    let slowest = 0;
    const outcomes = prepared.map((p) => {
      this._env.fetchRequests++;
      const failing = faults.failFetch === this._env.fetchRequests;
      const after = faults.fetchFault === 'after';
      if (failing && !after) return { error: faults.error ?? `Address unavailable: ${p.url}` };
      const result = this._deliver(p);
      if ('error' in result) return result;
      slowest = Math.max(slowest, result.response.latencyMs ?? DEFAULT_LATENCY_MS);
      if (failing) return { error: faults.error ?? `Timeout: ${p.url}` };
      return result;
    });
    const stats = this._context.stats();
    stats.fetches = (stats.fetches ?? 0) + prepared.length;
    stats.remoteMs = (stats.remoteMs ?? 0) + slowest;
    return outcomes;
  }

  /** One request to its host, following redirects (at most 5). @param {Prepared} p @returns {{ response: Response } | { error: string }} */
  _deliver(p) {
    let url = p.url;
    let method = p.method;
    let payload = p.payload;
    for (let hop = 0; ; hop++) {
      const parsed = new URL(url);
      const host = this._context.internet.hosts.get(parsed.hostname.toLowerCase());
      if (!host) return { error: `DNS error: ${url}` };
      /** @type {Record<string, string>} */
      const headers = {};
      for (const [name, value] of Object.entries(p.headers)) headers[name.toLowerCase()] = value;
      if (payload) headers['content-type'] = p.contentType;
      const response = host.handle({
        method: method.toUpperCase(),
        url,
        host: parsed.hostname.toLowerCase(),
        path: parsed.pathname,
        query: parsed.search.replace(/^\?/, ''),
        headers,
        payload,
        contentType: payload ? p.contentType : '',
        now: this._context.now(),
        user: this._context.user,
      });
      const location = headerOf(response.headers ?? {}, 'location');
      if (!p.followRedirects || response.status < 300 || response.status > 399 || !location || hop >= 5)
        return { response };
      url = new URL(location, url).toString();
      if (response.status !== 307 && response.status !== 308) {
        method = 'get';
        payload = '';
      }
    }
  }

  /** The HTTPResponse, or the exception the script gets. @param {Prepared} p @param {{ response: Response } | { error: string }} outcome */
  _answer(p, outcome) {
    if ('error' in outcome) throw this._env.exception(outcome.error);
    const { response } = outcome;
    if (response.status >= 400 && !p.muteHttpExceptions) {
      const origin = new URL(p.url).origin;
      const body = response.body ?? '';
      throw this._env.exception(
        `Request failed for ${origin} returned code ${response.status}. Truncated server response: ${body.slice(0, TRUNCATE_CHARS)} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return this._env.wrap(new HTTPResponse(this._env, response), 'HTTPResponse', 'UrlFetchApp');
  }
}
// A request changes the world (a charge): fault injection may cut an execution just before or after one.
UrlFetchAppApi.WRITES = new Set(['fetch', 'fetchAll']);

/** The body of a payload: a string as it is, an object as form fields. @param {unknown} payload */
function encodePayload(payload) {
  if (payload === undefined || payload === null) return '';
  if (typeof payload === 'string') return payload;
  if (Array.isArray(payload)) return Buffer.from(payload.map((b) => Number(b) & 255)).toString('utf8');
  if (isObject(payload)) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(payload)) form.append(name, String(value));
    return form.toString();
  }
  return String(payload);
}

/** @param {Record<string, string | string[]>} headers @param {string} name */
function headerOf(headers, name) {
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  return undefined;
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

module.exports = {
  UrlFetchAppApi,
  HTTPResponse,
  createInternet,
  EXTERNAL_REQUEST_SCOPE,
  CONSUMER_DAILY_FETCHES,
  WORKSPACE_DAILY_FETCHES,
  QUOTA_MESSAGE,
};
