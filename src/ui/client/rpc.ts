/**
 * google.script.run as a promise of the endpoints' replies, typed by the contract (src/contract.ts): the
 * endpoint's name must be one the server exports, and the reply is the server's own reply type. A failure
 * handler call (the server threw, or the call could not be made) becomes a form-level error, so every
 * form handles one shape.
 */
import type { ArgOf, Endpoint, Failure, ReplyOf } from '../../contract';
import { GOOGLE_BUSY } from '../../domain/result';

/**
 * Apps Script refusing to start the call at all (30 executions at once per user; a per-minute quota):
 * nothing ran, so nothing changed, and trying again in a minute is the answer.
 */
const REFUSED_BY_GOOGLE = /too many scripts running simultaneously|Service invoked too many times|Quota exceeded/i;

/** The untyped google.script.run the page is given (the names come from the contract, not from here). */
interface Runner {
  withSuccessHandler(fn: (value: unknown) => void): Runner;
  withFailureHandler(fn: (error: Error) => void): Runner;
  [endpoint: string]: unknown;
}

function runner(): Runner {
  const g = (window as unknown as { google?: { script?: { run?: Runner } } }).google;
  const run = g?.script?.run;
  if (!run) throw new Error('google.script.run is not available: open this sidebar from the add-on menu.');
  return run;
}

export function call<K extends Endpoint>(endpoint: K, arg?: ArgOf<K>): Promise<ReplyOf<K>> {
  return new Promise<ReplyOf<K> | Failure>((resolve) => {
    const failed = (message: string) => resolve({ ok: false, errors: [{ field: '', message }] });
    try {
      const run = runner()
        .withSuccessHandler((value) => {
          // The wire gives JSON back: trust its shape only as far as the `ok` every reply carries.
          if (value && typeof value === 'object' && 'ok' in value) resolve(value as ReplyOf<K>);
          else failed(`The server gave an unexpected answer to ${endpoint}.`);
        })
        .withFailureHandler((error) =>
          failed(
            REFUSED_BY_GOOGLE.test(error.message)
              ? GOOGLE_BUSY
              : `Something went wrong on the server: ${error.message}`,
          ),
        );
      const fn = run[endpoint];
      if (typeof fn !== 'function') throw new Error(`The server has no function "${endpoint}".`);
      if (arg === undefined) fn.call(run);
      else fn.call(run, arg);
    } catch (e) {
      failed(e instanceof Error ? e.message : String(e));
    }
  }) as Promise<ReplyOf<K>>; // every ReplyOf<K> includes Failure; TS can't see it through the generic K
}

/** A fresh id for one form submission: the server treats the same id again as the same request. */
export function newRequestId(prefix: string): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0'));
  return `${prefix}-${random.join('')}`;
}
