/**
 * What the workbook shows the studio issued, beside the rows Daily Processes bills from
 * (src/domain/integrity.ts): the Payments rows, every Invoice No (rows that can't be read included), the
 * Email Log's keys (when client email is on: the run reads that tab then anyway) and the last invoice
 * number issued (the system tab's `ids` hint, src/sheets/ids.ts). A deleted invoice is then reported
 * and never made again, and its number is never given to another.
 */
import type { Payment, State } from '../domain';
import { readArchiveInfo } from './archive-info';
import { textOf } from './cells';
import { readIssued } from './ids';
import type { Store } from './store';
import type { SystemTab } from './system';
import { TabUnusableError } from './table';

export function withIssued(store: Store, system: SystemTab, state: State, payments: readonly Payment[]): State {
  const numbers = new Set<number>();
  for (const v of store.table('invoices').values('Invoice No')) {
    const n = typeof v === 'number' ? v : Number(textOf(v));
    if (Number.isSafeInteger(n)) numbers.add(n);
  }
  // An archive run stopped between removing the invoices and their payments: those payments are in
  // transit, not without their invoice (the housekeeping run finishes it).
  const moving = readArchiveInfo(system).journal?.stage === 'copied';
  return {
    ...state,
    payments: moving ? undefined : payments,
    invoiceNumbers: numbers,
    emailLogKeys: emailLogKeys(store),
    highestInvoiceNumber: Math.max(state.highestInvoiceNumber ?? 0, readIssued(system)?.invoice ?? 0),
  };
}

/** The Email Log's keys, when client email is on and the tab can be read (its problems are the email step's). */
function emailLogKeys(store: Store): Set<string> | undefined {
  let on = true;
  try {
    on = store.settings().sendEmail;
  } catch (e) {
    // A Send client emails the owner made unreadable reads the log anyway: what it shows was issued.
    if (!(e instanceof TabUnusableError)) throw e;
  }
  if (!on || !store.hasTab('emailLog')) return undefined;
  try {
    return new Set(store.rawKeys('emailLog', 'Key'));
  } catch (e) {
    if (e instanceof TabUnusableError) return undefined;
    throw e;
  }
}
