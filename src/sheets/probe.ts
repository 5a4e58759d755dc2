/**
 * The tabs a job does not work from, read so that what in them cannot be read is reported (in the Run
 * Log every night): an unusable one is a problem in the reply, never a failure of the job.
 */
import type { Payment } from '../domain';
import type { Store } from './store';
import { TabUnusableError } from './table';

export interface Probe {
  /** Why a tab could not be used, one line each. */
  unusable: string[];
  /** The payments (none when that tab can't be used: the reports go on without them). */
  payments: readonly Payment[];
  /** Whether the Run Log can take this job's row. */
  logUsable: boolean;
}

/** Runs `read`; a tab that cannot be used is noted in `unusable`, anything else is thrown. */
function usable<T>(unusable: string[], read: () => T, suffix = ''): T | null {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
    unusable.push(`${e.message}${suffix}`);
    return null;
  }
}

/**
 * Reads Packages, Clients, Payments and Settings, and opens the Run Log (its header read) when the job
 * will log: before anything is written, so a Run Log that cannot be used never turns a run whose writes
 * landed into a failure.
 */
export function probeOtherTabs(store: Store, willLog: boolean): Probe {
  const unusable: string[] = [];
  usable(unusable, () => store.packages());
  usable(unusable, () => store.clients());
  const payments = usable(unusable, () => store.payments().records) ?? [];
  const logUsable = willLog && usable(unusable, () => store.table('runLog'), ' This run is not logged.') !== null;
  store.settings();
  return { unusable, payments, logUsable };
}

/** Invoice numbers are unique: a hand-typed repeat is reported (new invoices always take max + 1). */
export function repeatedInvoiceNumbers(store: Store): string[] {
  const { records, rowOf } = store.invoices();
  const first = new Map<number, number>();
  const out: string[] = [];
  for (const inv of records) {
    const row = rowOf.get(inv.key) ?? 0;
    const seen = first.get(inv.number);
    if (seen === undefined) first.set(inv.number, row);
    else
      out.push(`Invoices row ${row}: Invoice No ${inv.number} repeats row ${seen}: give one of the two a new number.`);
  }
  return out;
}

/**
 * Rows that name what isn't there: a sale whose client is gone from Clients, and invoices, payments and
 * ledger rows whose sale is gone from Sales (a row deleted or an id retyped by hand), and client
 * addresses that are not addresses. Each is a problem line for the Run Log; nothing is billed or sent on
 * a guess. Only for a job that read the tabs whole (Daily Processes).
 */
export function danglingReferences(store: Store): string[] {
  const out: string[] = [];
  const sales = store.sales();
  const saleIds = new Set(store.rawKeys('sales', 'Sale ID'));
  let clientIds: Set<string> | null = null;
  try {
    const clients = store.clients();
    clientIds = new Set(store.rawKeys('clients', 'Client ID'));
    for (const c of clients.records) {
      if (c.email !== '' && !EMAIL.test(c.email))
        out.push(
          `Clients row ${clients.rowOf.get(c.id)}: Email "${c.email.slice(0, 60)}" is not an email address: no email goes to ${c.name} until it is fixed.`,
        );
    }
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
  }
  if (clientIds)
    for (const s of sales.records)
      if (!clientIds.has(s.clientId))
        out.push(
          `Sales row ${sales.rowOf.get(s.id)}: Client ID "${s.clientId}" is not in the Clients tab (its row deleted, or the id retyped): ${s.id} gets no email until it is back.`,
        );
  const orphans = (
    tab: 'invoices' | 'adjustments',
    rows: { records: readonly { saleId: string; key: string }[]; rowOf: Map<string, number> },
  ) => {
    const gone = new Map<string, number>();
    for (const r of rows.records)
      if (!saleIds.has(r.saleId) && !gone.has(r.saleId)) gone.set(r.saleId, rows.rowOf.get(r.key) ?? 0);
    for (const [saleId, row] of gone)
      out.push(
        `${tab === 'invoices' ? 'Invoices' : 'Adjustments'} row ${row}: Sale ID "${saleId}" is not in the Sales tab (its row deleted, or the id retyped): restore the sale's row.`,
      );
  };
  orphans('invoices', store.invoices());
  orphans('adjustments', store.adjustments());
  return out;
}

/** An address MailApp could send to (one @, a dot in the domain, no spaces). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
