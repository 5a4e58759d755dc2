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
