/**
 * The studio's own Stripe account, reached with UrlFetchApp (no Stripe library in the bundle: Stripe's
 * form-encoded API, https://docs.stripe.com/api). The key the owner pastes is kept in the user properties
 * of whoever connected it, under this spreadsheet's id (a copy of the studio, or another studio of the same
 * person, is not connected): never in a cell, a log, a reply or an email; replies carry its mode and last
 * four characters only, and every message from Stripe is cleared of it before it goes anywhere. The
 * nightly run uses the connection of the user it runs as (its installer).
 */
import { CONNECT_STRIPE, type ConnectStripeInput, keyMode, type StripeConnection, withoutSecret } from '../domain';
import { activeSpreadsheet, userEmail } from './context';
import { endpoint, failure, type Reply } from './reply';

const API = 'https://api.stripe.com';
/** At most this many requests go at once: Stripe allows 25 a second in test mode (rate limits). */
export const STRIPE_CHUNK = 20;

/** A connection with its key: server side only. */
export interface Connected extends StripeConnection {
  key: string;
}

function propertyName(spreadsheetId: string): string {
  return `stripe:${spreadsheetId}`;
}

/** This user's connection for the spreadsheet `spreadsheetId`, or null when they connected none. */
export function connectionOf(spreadsheetId: string): Connected | null {
  const raw = PropertiesService.getUserProperties().getProperty(propertyName(spreadsheetId));
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as Connected;
    return typeof stored.key === 'string' && keyMode(stored.key) ? stored : null;
  } catch {
    return null;
  }
}

/** What may be shown of a connection: everything but the key. */
export function shownConnection(c: Connected): StripeConnection {
  const { key: _key, ...shown } = c;
  return shown;
}

/** One request to Stripe. */
export interface StripeCall {
  method: 'get' | 'post';
  path: string;
  params?: Record<string, string>;
  idempotencyKey?: string;
}

/** Stripe's answer (its JSON), or the exception the request met (no answer: it may or may not have acted). */
export type StripeAnswer = { status: number; body: Record<string, unknown> } | { failed: string };

function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

function request(key: string, call: StripeCall): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
  if (call.idempotencyKey) headers['Idempotency-Key'] = call.idempotencyKey;
  const get = call.method === 'get';
  const url = `${API}${call.path}${get && call.params ? `?${query(call.params)}` : ''}`;
  return {
    url,
    method: call.method,
    headers,
    muteHttpExceptions: true,
    ...(get ? {} : { payload: call.params ?? {} }),
  };
}

function parsed(status: number, text: string): StripeAnswer {
  try {
    const body = JSON.parse(text) as unknown;
    return { status, body: body && typeof body === 'object' ? (body as Record<string, unknown>) : {} };
  } catch {
    return { status, body: {} };
  }
}

/**
 * Sends `calls` to Stripe, at most STRIPE_CHUNK at once (UrlFetchApp.fetchAll) and a chunk a second at
 * most (Stripe's rate limit: 25 requests a second in test mode), and answers each. A request Stripe's
 * rate limiter refused (429: nothing was done, nothing kept under its key) is sent once more a second
 * later. A chunk the network failed (fetchAll throws for all of it) answers `failed` for each of its
 * calls: those requests may or may not have reached Stripe. A message never carries the key.
 */
export function stripeAll(key: string, calls: readonly StripeCall[]): StripeAnswer[] {
  const answers: StripeAnswer[] = [];
  let last = 0;
  const paced = (chunk: readonly StripeCall[]) => {
    const wait = last + 1000 - Date.now();
    if (last && wait > 0) Utilities.sleep(wait);
    last = Date.now();
    return sendChunk(key, chunk);
  };
  for (let i = 0; i < calls.length; i += STRIPE_CHUNK) {
    const chunk = calls.slice(i, i + STRIPE_CHUNK);
    const first = paced(chunk);
    const limited = chunk.filter((_, j) => isRateLimited(first[j]));
    const again = limited.length ? paced(limited) : [];
    let n = 0;
    answers.push(...first.map((a) => (isRateLimited(a) ? again[n++] : a)));
  }
  return answers;
}

function isRateLimited(answer: StripeAnswer): boolean {
  return !('failed' in answer) && answer.status === 429;
}

function sendChunk(key: string, chunk: readonly StripeCall[]): StripeAnswer[] {
  try {
    const responses = UrlFetchApp.fetchAll(chunk.map((c) => request(key, c)));
    return responses.map((r) => parsed(r.getResponseCode(), withoutSecret(r.getContentText(), key)));
  } catch (e) {
    const why = withoutSecret(e instanceof Error ? e.message : String(e), key);
    return chunk.map(() => ({ failed: why }));
  }
}

/** Stripe's own message in an answer ("Invalid API Key provided: rk_test_****abcd"), or what failed. */
export function answerMessage(answer: StripeAnswer): string {
  if ('failed' in answer) return answer.failed;
  const error = answer.body.error as { message?: string } | undefined;
  return error?.message ?? `Stripe answered ${answer.status}`;
}

/**
 * "Connect Stripe": `{ key, currency, website }`. Checks the key with Stripe (a cheap read of each kind
 * of object the add-on uses: customers, Checkout Sessions, PaymentIntents), then keeps it in this user's
 * properties for this spreadsheet. Answers with what may be shown: its mode and last four characters.
 */
export function connectStripe(input: ConnectStripeInput): Reply<{ connection: StripeConnection }> {
  return endpoint(() => {
    const parsedInput = CONNECT_STRIPE.parse(input);
    if (!parsedInput.ok) return failure(parsedInput.errors);
    const { key, currency, website } = parsedInput.value;
    const reads = ['/v1/customers', '/v1/checkout/sessions', '/v1/payment_intents'].map(
      (path): StripeCall => ({ method: 'get', path, params: { limit: '1' } }),
    );
    const refused = stripeAll(key, reads).find((a) => 'failed' in a || a.status !== 200);
    if (refused)
      return failure([
        { field: 'key', message: `Stripe refused this key: ${withoutSecret(answerMessage(refused), key)}` },
      ]);
    const today = new Date().toISOString().slice(0, 10);
    const mode = keyMode(key) ?? 'test';
    const connection: Connected = { key, mode, last4: key.slice(-4), currency, website, by: userEmail(), on: today };
    PropertiesService.getUserProperties().setProperty(
      propertyName(activeSpreadsheet().getId()),
      JSON.stringify(connection),
    );
    return { ok: true, connection: shownConnection(connection) };
  });
}

/** The Stripe sidebar's status: this user's connection for this spreadsheet (never its key), or null. */
export function stripeStatus(): Reply<{ connection: StripeConnection | null }> {
  return endpoint(() => {
    const connection = connectionOf(activeSpreadsheet().getId());
    return { ok: true, connection: connection ? shownConnection(connection) : null };
  });
}

/** Forgets this user's key for this spreadsheet: nothing is charged from then on. */
export function disconnectStripe(): Reply<{ connection: null }> {
  return endpoint(() => {
    PropertiesService.getUserProperties().deleteProperty(propertyName(activeSpreadsheet().getId()));
    return { ok: true, connection: null };
  });
}
