/**
 * Reconciliation, the nightly run's step after collection: what the studio's Stripe account shows since
 * the last reconciliation (GET /v1/payment_intents, /v1/refunds, /v1/payouts, each `created[gte]` its
 * cursor, paged with `starting_after` while `has_more`) is read against the rows (rules in
 * src/domain/reconcile.ts), exactly once:
 *
 * 1. a refund of a recorded payment is a negative Payments row, then the invoice's Paid and Collection
 *    (the `collect` write order: payments before invoices); its key holds the refund's id;
 * 2. what matches no invoice, and each payout, is a Run Log row of its own ("Stripe reconciliation");
 * 3. only then the cursor (the system tab's `stripe reconcile <mode>` row) moves past what was read.
 *
 * A run stopped before 3 reads the same objects again: a refund row already there is not written again
 * (its key), Paid is its rows' sum again; the Run Log lines may be written twice, never lost. A kind that
 * can't be read (a key without the permission) is said in the Run Log, and its cursor stays.
 */
import { counted, type Invoice, type IsoDate, type Payment } from '../domain';
import {
  advanced,
  firstCursors,
  type IntentListed,
  type PayoutListed,
  payoutLine,
  RECONCILE_KINDS,
  type ReconcileCursors,
  type ReconcileKind,
  type RefundListed,
  refundRows,
  type StripeListed,
  unmatchedPayments,
  unread,
} from '../domain/reconcile';
import { appendRunLog, apply } from '../sheets/apply';
import type { Store } from '../sheets/store';
import { withinBudget } from './budget';
import { systemTab, userEmail } from './context';
import { answerMessage, type Connected, connectionOf, stripeAll } from './stripe';

export interface ReconcileRun {
  refunds: number;
  unmatched: number;
  payouts: number;
  /** What could not be read. */
  problems: string[];
  /** The refund rows written, and the invoices whose Paid changed. */
  payments: Payment[];
  invoices: Invoice[];
}

const NONE: ReconcileRun = { refunds: 0, unmatched: 0, payouts: 0, problems: [], payments: [], invoices: [] };
const PATHS: Record<ReconcileKind, string> = {
  payments: '/v1/payment_intents',
  refunds: '/v1/refunds',
  payouts: '/v1/payouts',
};
/** At most this many pages of 100 a kind a night (a studio's day is far fewer). */
const MAX_PAGES = 20;

function cursorRow(connection: Connected): string {
  return `stripe reconcile ${connection.mode}`;
}

/** The nightly step: nothing when Stripe is not connected for the user the run runs as. */
export function reconcileStripe(
  store: Store,
  invoices: readonly Invoice[],
  payments: readonly Payment[],
  today: IsoDate,
  started: Date,
): ReconcileRun {
  const studio = store.spreadsheet.getId();
  const connection = connectionOf(studio);
  if (!connection) return NONE;
  if (!withinBudget(started))
    return {
      ...NONE,
      problems: ["Stripe: reconciliation waits for the next run (this run neared Apps Script's 6-minute limit)."],
    };
  const cursors = systemTab().json<ReconcileCursors>(cursorRow(connection)) ?? firstCursors(connection.on);
  const read = readAll(connection, cursors);
  const dayOf = (seconds: number) => store.codec.read(new Date(seconds * 1000));
  const refunds = refundRows(read.refunds as RefundListed[], payments, invoices, today, dayOf);
  if (refunds.changes.updatedInvoices?.length) apply(store, 'collect', refunds.changes, today);
  const unmatched = [
    ...unmatchedPayments(read.payments as IntentListed[], [...payments, ...refunds.refunds], invoices, studio, dayOf),
    ...refunds.unmatched,
  ];
  const payouts = (read.payouts as PayoutListed[]).map(payoutLine);
  logRun(store, today, started, refunds.refunds.length, unmatched, payouts);
  const next = { ...cursors };
  for (const kind of RECONCILE_KINDS) if (read.ok[kind]) next[kind] = advanced(cursors[kind], read[kind]);
  systemTab().put(cursorRow(connection), next);
  systemTab().flush();
  return {
    refunds: refunds.refunds.length,
    unmatched: unmatched.length,
    payouts: payouts.length,
    problems: [...read.problems, ...toCheck(unmatched.length)],
    payments: refunds.refunds,
    invoices: [...(refunds.changes.updatedInvoices ?? [])],
  };
}

type Read = Record<ReconcileKind, StripeListed[]> & { ok: Record<ReconcileKind, boolean>; problems: string[] };

/** Every kind's objects not read before (oldest first), or why a kind could not be read. */
function readAll(connection: Connected, cursors: ReconcileCursors): Read {
  const read: Read = {
    payments: [],
    refunds: [],
    payouts: [],
    ok: { payments: false, refunds: false, payouts: false },
    problems: [],
  };
  for (const kind of RECONCILE_KINDS) {
    const listed = listSince(connection, PATHS[kind], cursors[kind].since);
    if ('failed' in listed) {
      read.problems.push(
        `Stripe: its ${kind} could not be read for reconciliation (the next run tries again): ${listed.failed}`,
      );
      continue;
    }
    read[kind] = unread(listed.objects, cursors[kind]).reverse();
    read.ok[kind] = true;
  }
  return read;
}

/** A list's pages since `since` (newest first), or why it could not be read. */
function listSince(
  connection: Connected,
  path: string,
  since: number,
): { objects: StripeListed[] } | { failed: string } {
  const objects: StripeListed[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const params: Record<string, string> = { limit: '100', 'created[gte]': String(since) };
    if (objects.length) params.starting_after = objects[objects.length - 1].id;
    const [answer] = stripeAll(connection.key, [{ method: 'get', path, params }]);
    if ('failed' in answer || answer.status !== 200) return { failed: answerMessage(answer) };
    const list = answer.body as { data?: StripeListed[]; has_more?: boolean };
    objects.push(...(list.data ?? []));
    if (!list.has_more) return { objects };
  }
  return { failed: `more than ${MAX_PAGES * 100} since the last reconciliation` };
}

/** The run's problem that points at the reconciliation row: the owner's notice names it. */
function toCheck(unmatched: number): string[] {
  if (!unmatched) return [];
  const what = unmatched === 1 ? '1 payment or refund matches' : `${unmatched} payments or refunds match`;
  return [`Stripe: ${what} no invoice: see the Run Log's "Stripe reconciliation" row.`];
}

/** The run's own Run Log row, when there is something to say: before the cursor moves. */
function logRun(
  store: Store,
  today: IsoDate,
  started: Date,
  refunds: number,
  unmatched: readonly string[],
  payouts: readonly string[],
): void {
  if (!refunds && !unmatched.length && !payouts.length) return;
  const recorded = refunds ? [`${counted(refunds, 'refund', 'refunds')} made in Stripe recorded in Payments`] : [];
  appendRunLog(store, {
    started,
    finished: new Date(),
    job: 'Stripe reconciliation',
    today,
    user: userEmail(),
    invoicesCreated: 0,
    adjustmentsCreated: 0,
    problems: [...unmatched],
    details: [...recorded, ...payouts].join('\n'),
  });
}
