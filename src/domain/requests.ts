/**
 * Request ids (a caller's idempotency key, one per form submission) have their own namespace in every key
 * they make: `req.<id>`. A record's own ids (ordinals `S-3:use:22`, dates `2026-03`, undo keys) never start
 * with `req.`, and a request id can't hold a dot, so a retry finds its own first call and nothing else.
 */
import { longDate } from './dates';
import type { FieldError } from './result';
import { shownId } from './validate';

const PREFIX = 'req.';

/** The part of a key that names the request `requestId` (`S-3:use:req.desk-3f2a…`). */
export function requestSuffix(requestId: string): string {
  return `${PREFIX}${requestId}`;
}

/**
 * Before request ids had their namespace, keys held them bare (`S-3:use:desk-3f2a…`). Such a key can only
 * have come from a request id when the id can't be one of the record's own ids: `ownIdShape` tells those
 * (a whole number for ordinals; a month for statements; `undo-…` for undos). Returns the bare suffix to
 * look for, so a retry in flight across the update still finds its first call; null when it is ambiguous.
 */
export function legacySuffix(requestId: string, ownIdShape: RegExp): string | null {
  return ownIdShape.test(requestId) ? null : requestId;
}

/** Ordinals of people's ledger rows and payments (`S-3:use:22`, `457:pay:2`), and undo keys. */
export const ORDINAL_OR_UNDO = /^(\d+|undo-.*)$/;

/** One field of a request compared with what its first call recorded. */
export interface Compared {
  label: string;
  first: string | number;
  now: string | number;
  /** Free text (a reason): quoted, and cut to 40 characters, when shown. */
  text?: boolean;
}

/** A date as both calls gave it (compared only when this call names one: a retry may omit it). */
export function dateCompared(first: string, now: unknown): Compared[] {
  return typeof now === 'string' && now !== '' ? [{ label: 'date', first, now }] : [];
}

/**
 * The error for a request id already used by a call with different content (null when the content is the
 * same: a retry). `what` names the record the first call made ("check-in S-3:use:req.22").
 */
export function reusedRequest(requestId: string, what: string, compared: readonly Compared[]): FieldError | null {
  const differs = compared.filter((c) => c.first !== c.now);
  if (!differs.length) return null;
  const shown = (c: Compared, v: string | number) =>
    c.text ? `"${shownId(v)}"` : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? longDate(v) : v;
  const how = differs.map((d) => `${d.label} ${shown(d, d.first)}, not ${shown(d, d.now)}`).join('; ');
  return {
    field: 'requestId',
    message: `Request id ${shownId(requestId)} was already used for ${what} (${how}). Nothing was changed: send a new request id for a new request.`,
  };
}
