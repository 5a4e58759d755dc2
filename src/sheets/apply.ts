/**
 * The one write path: a rule's Changes (src/domain/changes.ts) queued on the job's store and written, each
 * tab once, in the operation's crash-safe order. Each tab is one write call, so a crash leaves a prefix of
 * the operation's list written, and every prefix is a state the next attempt completes (docs/exactly-once.md,
 * "The model"). Tabs an operation's changes don't touch are not written.
 */
import type { SettingName, TabName } from '../../sheets-template/tabs';
import type { Changes, IsoDate } from '../domain';
import type { RunLogEntry } from './mappers';
import type { Store } from './store';
import {
  addAdjustments,
  addClient,
  addEmailLog,
  addInvoices,
  addPackage,
  addPayment,
  addRunLog,
  addSale,
  refreshInvoiceStatuses,
  refreshSaleStatuses,
  rewriteSale,
  setClientCard,
  setCollections,
  setEmailStatuses,
  setPayLinks,
  updateBalances,
  updateClient,
  updateInvoicePayment,
  updatePackage,
  updateSale,
} from './writes';

/** Every operation's crash-safe write order, in one table: the order its tabs are written in. */
export const WRITE_ORDER = {
  /** Invoices first (keys found by the rerun), then their ledger rows, then the derived sale statuses. */
  daily: ['invoices', 'adjustments', 'sales'],
  /**
   * The Sales row (with its Request ID) first: a retry finds the sale and writes only what is missing
   * (invoices, then ledger rows, as Daily Processes would).
   */
  sell: ['sales', 'invoices', 'adjustments'],
  /** The payment row before the invoice's Paid: a crash between leaves the payment on record. */
  payment: ['payments', 'invoices'],
  /** A check-in or correction: balance updates, then the row (one tab, one write). */
  ledger: ['adjustments'],
  /** The Pauses cell (the pause itself) before its ledger row (the record of it). */
  pause: ['sales', 'adjustments'],
  /** The Cancel Date cell. */
  cancel: ['sales'],
  /** The Shared With cell. */
  share: ['sales'],
  /** A change of package: the sale's row, rewritten whole in one range. */
  change: ['sales'],
  /** The archive's Carry rows, once the rows they replace are in the archive. */
  carry: ['adjustments'],
  packages: ['packages'],
  clients: ['clients'],
  /** The Email Log: rows marked sending before the mail goes, their status after (src/addon/email.ts). */
  email: ['emailLog'],
  /**
   * Automatic collection (src/addon/collect.ts): invoices marked Charging (flushed) before Stripe is asked,
   * then each answer: the payment row before the invoice's Paid and Collection, as a payment by hand.
   */
  collectMark: ['invoices'],
  collect: ['payments', 'invoices'],
  /** A client's Stripe customer and card (src/addon/cards.ts). */
  cards: ['clients'],
  /**
   * A sale paused until paid (src/domain/holds.ts). Released, its ledger row goes before its Pauses cell
   * loses the "until": a run stopped between them releases it again the next night, finds the row and
   * writes no second one (pauseSale's retry path).
   */
  hold: ['adjustments', 'sales'],
  /** Append-only, after the records it describes. */
  runLog: ['runLog'],
  /** The time zone check (a derived value). */
  settings: ['settings'],
} as const satisfies Record<string, readonly TabName[]>;

export type Operation = keyof typeof WRITE_ORDER;

/**
 * Queues `changes` on the store and writes them in `operation`'s order. Returns how many Sales Status
 * cells a status refresh changed.
 */
export function apply(
  store: Store,
  operation: Operation,
  changes: Changes,
  today: IsoDate,
): { statusesUpdated: number } {
  // Only the tabs the changes touch are opened: an empty list reads nothing.
  const each = <T>(rows: readonly T[] | undefined, write: (row: T) => void) => {
    for (const row of rows ?? []) write(row);
  };
  // The refresh reads the rows as they were, so it comes before anything is appended to them.
  if (changes.refreshStatuses) refreshInvoiceStatuses(store, today);
  each(changes.newPackages, (pkg) => addPackage(store, pkg));
  each(changes.updatedPackages, (pkg) => updatePackage(store, pkg));
  each(changes.newClients, (client) => addClient(store, client));
  each(changes.updatedClients, (client) => updateClient(store, client));
  each(changes.newSales, (sale) => addSale(store, sale, today));
  each(changes.updatedSales, (sale) => updateSale(store, sale, today));
  each(changes.rewrittenSales, (sale) => rewriteSale(store, sale, today));
  if (changes.newInvoices?.length) addInvoices(store, changes.newInvoices, today);
  each(changes.updatedInvoices, (invoice) => updateInvoicePayment(store, invoice, today));
  if (changes.newAdjustments?.length) addAdjustments(store, changes.newAdjustments);
  if (changes.balanceUpdates?.length) updateBalances(store, changes.balanceUpdates);
  each(changes.newPayments, (payment) => addPayment(store, payment));
  if (changes.newEmailLog?.length) addEmailLog(store, changes.newEmailLog);
  if (changes.emailStatuses?.length) setEmailStatuses(store, changes.emailStatuses);
  if (changes.collections?.length) setCollections(store, changes.collections);
  if (changes.payLinks?.length) setPayLinks(store, changes.payLinks);
  each(changes.clientCards, (card) => setClientCard(store, card));
  const statusesUpdated = changes.refreshStatuses ? refreshSaleStatuses(store, today) : 0;
  store.flush(WRITE_ORDER[operation]);
  return { statusesUpdated };
}

/** Run Log rows, written at once (after the records they describe). */
export function appendRunLog(store: Store, ...entries: RunLogEntry[]): void {
  for (const entry of entries) addRunLog(store, entry);
  store.flush(WRITE_ORDER.runLog);
}

/** One setting's Value (a derived one, like the time zone check), written only when it changed. */
export function writeSetting(store: Store, name: SettingName, text: string): void {
  const row = store.settingRow(name);
  if (row === undefined) return;
  const table = store.table('settings');
  if (table.raw(row, 'Value') === text) return;
  table.set(row, 'Value', text);
  store.flush(WRITE_ORDER.settings);
}
