/** Daily Processes: from the menu, the nightly trigger, the CLI and the sidebar. */
import {
  asRecord,
  checkBoolean,
  checkDate,
  type DailyResult,
  dailyProcesses,
  type FieldError,
  type Invoice,
  type IsoDate,
  type State,
} from '../domain';
import { BILLING_SKIPS } from '../sheets/store';
import { describeProblem, TabUnusableError } from '../sheets/table';
import { WRITE_ORDER } from '../sheets/write-order';
import {
  addAdjustments,
  addInvoices,
  addRunLog,
  refreshInvoiceStatuses,
  refreshSaleStatuses,
  updateBalances,
} from '../sheets/writes';
import { openStore, systemTab, userEmail } from './context';
import { INTERACTIVE_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';
import { writeReports } from './reports';

export interface DailySummary {
  today: IsoDate;
  dryRun: boolean;
  invoicesCreated: number;
  adjustmentsCreated: number;
  balancesUpdated: number;
  statusesUpdated: number;
  problems: string[];
  /** The invoices created (or, in a dry run, that would be), at most 200. */
  invoices: Pick<Invoice, 'number' | 'key' | 'clientName' | 'dueDate' | 'amountCents'>[];
}

const LISTED = 200;

/**
 * Runs Daily Processes for `today` (default: today in the spreadsheet's time zone; never a later day).
 * Reads Sales, Invoices and Adjustments once each (and Packages, Clients and Payments, only to report
 * what in them cannot be read); writes Invoices, then Adjustments, then Sales, then one Run Log row. A dry
 * run reads the same and writes nothing. See docs/exactly-once.md for why a crash anywhere is safe.
 */
export function runDailyProcesses(input?: unknown): Reply<{ summary: DailySummary }> {
  // google.script.run passes every argument the client gives: only `input` is taken from it.
  return runDaily(input, INTERACTIVE_WAIT_MS);
}

/** The nightly trigger's way in: the same run, waiting longer for the lock. */
export function runDaily(input: unknown, waitMs: number): Reply<{ summary: DailySummary }> {
  return endpoint(() => {
    const raw = asRecord(input);
    const errors: FieldError[] = [];
    const dryRun = checkBoolean(errors, 'dryRun', raw.dryRun, 'Dry run');
    // The nightly trigger leaves the report tabs to the housekeeping run an hour later (reports.ts).
    const reports = raw.reports === undefined ? true : checkBoolean(errors, 'reports', raw.reports, 'Refresh reports');
    if (errors.length) return failure(errors);
    const job = () => run(raw.today, dryRun, reports);
    return dryRun ? job() : withDocumentLock(job, waitMs);
  });
}

function run(requestedToday: unknown, dryRun: boolean, reports: boolean): Reply<{ summary: DailySummary }> {
  const started = new Date();
  // Without the reports, nothing reads or rewrites the free-text columns: they are left unread.
  const store = openStore(reports ? undefined : BILLING_SKIPS);
  const actualToday = store.codec.today();
  const errors: FieldError[] = [];
  const today = checkDate(errors, 'today', requestedToday, 'Today', actualToday, {
    maxDaysBack: 3660,
    maxDaysAhead: 0,
    fallback: actualToday,
  });
  if (errors.length) return failure(errors);
  let state: State;
  let result: DailyResult;
  try {
    state = store.state();
    result = dailyProcesses(state, today);
  } catch (e) {
    if (!(e instanceof TabUnusableError) || dryRun) throw e;
    logFailure(store, started, today, e.message);
    throw e;
  }
  // The tabs Daily Processes does not bill from are read too, so that anything hand-edited there that
  // cannot be read is reported in the Run Log every night; an unusable one is a problem, not a failure.
  const other: string[] = [];
  const readable = (read: () => unknown): boolean => {
    try {
      read();
      return true;
    } catch (e) {
      if (!(e instanceof TabUnusableError)) throw e;
      other.push(e.message);
      return false;
    }
  };
  readable(() => store.packages());
  readable(() => store.clients());
  // The reports go on without the payments when that tab can't be used (reported above).
  const payments = readable(() => store.payments()) ? store.payments().records : [];
  // Opened (its header read) before anything is written: a Run Log that cannot be used is reported in
  // the reply, and never turns a run whose writes landed into a failure.
  let logUsable = !dryRun;
  if (!dryRun) {
    try {
      store.table('runLog');
    } catch (e) {
      if (!(e instanceof TabUnusableError)) throw e;
      other.push(`${e.message} This run is not logged.`);
      logUsable = false;
    }
  }
  store.settings();
  const problems = [...store.problems.map(describeProblem), ...other, ...repeatedNumbers(store), ...result.problems];
  let statusesUpdated = 0;
  if (!dryRun) {
    refreshInvoiceStatuses(store, today);
    addInvoices(store, result.newInvoices, today);
    addAdjustments(store, result.newAdjustments);
    updateBalances(store, result.balanceUpdates);
    statusesUpdated = refreshSaleStatuses(store, today);
    store.flush(WRITE_ORDER.daily);
    // Billed through today: the nightly run's failure notice, if any, is answered (src/domain/nightly.ts).
    if (today === actualToday) systemTab().writeFixed('daily', { today, at: new Date().toISOString() });
    if (logUsable) {
      addRunLog(store, {
        started,
        finished: new Date(),
        job: 'Daily Processes',
        today,
        user: userEmail(),
        invoicesCreated: result.newInvoices.length,
        adjustmentsCreated: result.newAdjustments.length,
        problems,
        details: '',
      });
      store.flush(WRITE_ORDER.runLog);
    }
    // Derived views, rewritten last: a crash here loses nothing, the next run rewrites them.
    if (reports) {
      const after = {
        ...state,
        invoices: [...state.invoices, ...result.newInvoices],
        adjustments: [...state.adjustments, ...result.newAdjustments],
      };
      writeReports(store, today, after, payments);
    }
  }
  return {
    ok: true,
    summary: {
      today,
      dryRun,
      invoicesCreated: result.newInvoices.length,
      adjustmentsCreated: result.newAdjustments.length,
      balancesUpdated: result.balanceUpdates.length,
      statusesUpdated,
      problems,
      invoices: result.newInvoices.slice(0, LISTED).map(({ number, key, clientName, dueDate, amountCents }) => ({
        number,
        key,
        clientName,
        dueDate,
        amountCents,
      })),
    },
  };
}

/** Invoice numbers are unique: a hand-typed repeat is reported (new invoices always take max + 1). */
function repeatedNumbers(store: ReturnType<typeof openStore>): string[] {
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

/** A run that could not start still leaves its Run Log row, when the Run Log itself is usable. */
function logFailure(store: ReturnType<typeof openStore>, started: Date, today: IsoDate, message: string): void {
  try {
    addRunLog(store, {
      started,
      finished: new Date(),
      job: 'Daily Processes (failed)',
      today,
      user: userEmail(),
      invoicesCreated: 0,
      adjustmentsCreated: 0,
      problems: [message],
      details: 'Nothing was created.',
    });
    store.flush(WRITE_ORDER.runLog);
  } catch {
    // The Run Log is unusable too; the error still reaches the caller.
  }
}
