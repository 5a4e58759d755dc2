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
} from '../domain';
import { describeProblem, TabUnusableError } from '../sheets/table';
import { addAdjustments, addInvoices, addRunLog, saleStatusLabel, updateBalances } from '../sheets/writes';
import { openStore, userEmail } from './context';
import { INTERACTIVE_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

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
 * Reads Sales, Invoices and Adjustments once each; writes Invoices, then Adjustments, then Sales, then one
 * Run Log row. A dry run reads the same and writes nothing.
 */
export function runDailyProcesses(input?: unknown, waitMs = INTERACTIVE_WAIT_MS): Reply<{ summary: DailySummary }> {
  return endpoint(() => {
    const raw = asRecord(input);
    const errors: FieldError[] = [];
    const dryRun = checkBoolean(errors, 'dryRun', raw.dryRun, 'Dry run');
    if (errors.length) return failure(errors);
    const job = () => run(raw.today, dryRun);
    return dryRun ? job() : withDocumentLock(job, waitMs);
  });
}

function run(requestedToday: unknown, dryRun: boolean): Reply<{ summary: DailySummary }> {
  const started = new Date();
  const store = openStore();
  const actualToday = store.codec.today();
  const errors: FieldError[] = [];
  const today = checkDate(errors, 'today', requestedToday, 'Today', actualToday, {
    maxDaysBack: 3660,
    maxDaysAhead: 0,
    fallback: actualToday,
  });
  if (errors.length) return failure(errors);
  let result: DailyResult;
  try {
    const state = store.state();
    result = dailyProcesses(state, today);
  } catch (e) {
    if (!(e instanceof TabUnusableError) || dryRun) throw e;
    logFailure(store, started, today, e.message);
    throw e;
  }
  const problems = [...store.problems.map(describeProblem), ...result.problems];
  let statusesUpdated = 0;
  if (!dryRun) {
    addInvoices(store, result.newInvoices);
    addAdjustments(store, result.newAdjustments);
    updateBalances(store, result.balanceUpdates);
    const { rowOf } = store.sales();
    const sales = store.table('sales');
    for (const sale of store.sales().records) {
      const row = rowOf.get(sale.id);
      const label = saleStatusLabel(sale, today);
      if (row !== undefined && sales.has('Status') && sales.raw(row, 'Status') !== label) {
        sales.set(row, 'Status', label);
        statusesUpdated++;
      }
    }
    store.flush(['invoices', 'adjustments', 'sales']);
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
    store.flush(['runLog']);
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
    store.flush(['runLog']);
  } catch {
    // The Run Log is unusable too; the error still reaches the caller.
  }
}
