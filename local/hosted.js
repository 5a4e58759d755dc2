// @ts-check
// The emulated Stripe's hosted pages in the local preview (`studio serve`): a page Stripe would serve at
// https://<host>.stripe.com/<path> (the `url` of a Checkout Session, checkout.stripe.com/c/pay/<id>, or any
// other hosted host the runtime's internet serves) is served at /stripe/<host>/<path>, by the same handler
// UrlFetchApp reaches (runtime/stripe/hosted.js), over the workbook's Stripe state. The API host is not
// served to the browser. A redirect to another hosted page is mapped the same way; one that leaves Stripe
// (a session's success_url: the studio's website) is shown as a local page naming where Stripe sends the
// client, with the link, since the preview has no internet.
//
//   GET  /stripe/<host>/<path>   the page
//   POST /stripe/<host>/<path>   its form (application/x-www-form-urlencoded), from this origin only
//   GET  /stripe/left?to=URL     where a finished page sends the client

const { API_HOST } = require('./runtime/stripe');

const PREFIX = '/stripe/';

/** @param {string} s */
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Whether `host` is a Stripe hosted-page host (not the API). @param {string} host */
function isHostedHost(host) {
  return /^[a-z0-9-]+\.stripe\.com$/.test(host) && host !== API_HOST;
}

/**
 * The local address of a Stripe hosted page (https://checkout.stripe.com/c/pay/cs_… →
 * /stripe/checkout.stripe.com/c/pay/cs_…), or null for any other address.
 * @param {string} url
 */
function localAddress(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || !isHostedHost(parsed.hostname)) return null;
  return `${PREFIX}${parsed.hostname}${parsed.pathname}${parsed.search}`;
}

/**
 * The request a hosted page's handler is given, from the preview's URL, or null when it names no hosted host.
 * @param {string} method @param {URL} url @param {string} payload @param {string} contentType @param {number} now
 * @returns {import('./runtime/urlfetch').Request | null}
 */
function hostedRequest(method, url, payload, contentType, now) {
  const m = /^\/stripe\/([^/]+)(\/.*)$/.exec(url.pathname);
  if (!m || !isHostedHost(m[1])) return null;
  const query = url.search.replace(/^\?/, '');
  return {
    method,
    url: `https://${m[1]}${m[2]}${url.search}`,
    host: m[1],
    path: m[2],
    query,
    headers: contentType ? { 'content-type': contentType } : {},
    payload,
    contentType,
    now,
    user: '',
  };
}

/**
 * The page's answer as the preview sends it: a redirect to a hosted page mapped to its local address, one
 * that leaves Stripe to /stripe/left.
 * @param {import('./runtime/urlfetch').Response} response
 * @returns {{ status: number, headers: Record<string, string>, body: string }}
 */
function previewResponse(response) {
  /** @type {Record<string, string>} */
  const headers = { 'cache-control': 'no-store' };
  for (const [name, value] of Object.entries(response.headers ?? {}))
    headers[name.toLowerCase()] = Array.isArray(value) ? value[value.length - 1] : value;
  const location = headers.location;
  if (location) headers.location = localAddress(location) ?? `${PREFIX}left?to=${encodeURIComponent(location)}`;
  return { status: response.status, headers, body: response.body ?? '' };
}

/** The page for /stripe/left?to=URL. @param {string} to */
function leftPage(to) {
  const safe = /^https?:\/\//i.test(to) ? to : '';
  const link = safe ? `<a href="${escapeHtml(safe)}">${escapeHtml(safe)}</a>` : 'nowhere (no address was given)';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done: Stripe sends the client on</title></head><body style="font-family: sans-serif; margin: 2rem"><h1>Done</h1><p>Stripe now sends the client to ${link} (the studio's website; the local preview does not open it).</p></body></html>`;
}

module.exports = { PREFIX, localAddress, hostedRequest, previewResponse, leftPage, isHostedHost };
