/**
 * Every operation's crash-safe write order, in one table: the order its tabs are written in
 * (`store.flush(WRITE_ORDER.op)`). Each tab is one write call, so a crash leaves a prefix of this list
 * written, and every prefix is a state the next attempt completes (docs/exactly-once.md, "The model").
 */
import type { TabName } from '../../sheets-template/tabs';

export const WRITE_ORDER = {
  /** Invoices first (keys found by the rerun), then their ledger rows, then the derived sale statuses. */
  daily: ['invoices', 'adjustments', 'sales'],
  /** The Sales row (with its Request ID) first: a retry finds the sale and writes only what is missing. */
  sell: ['sales', 'invoices', 'adjustments'],
  /** A retried sale: what a crash left out, as Daily Processes would make it. */
  sellRepair: ['invoices', 'adjustments'],
  /** The payment row before the invoice's Paid: a crash between leaves the payment on record. */
  payment: ['payments', 'invoices'],
  /** A check-in or correction: balance updates, then the row (one tab, one write). */
  ledger: ['adjustments'],
  /** The Pauses cell (the pause itself) before its ledger row (the record of it). */
  pause: ['sales', 'adjustments'],
  /** The Cancel Date cell. */
  cancel: ['sales'],
  /** The archive's Carry rows, once the rows they replace are in the archive. */
  carry: ['adjustments'],
  packages: ['packages'],
  clients: ['clients'],
  /** Append-only, after the records it describes. */
  runLog: ['runLog'],
  /** The time zone check (a derived value). */
  settings: ['settings'],
} as const satisfies Record<string, readonly TabName[]>;
